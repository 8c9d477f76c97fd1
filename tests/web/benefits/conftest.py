from tests.services.benefits.conftest import make_match, towns  # noqa: F401
from tests.web.test_api_companies import token_for  # noqa: F401
