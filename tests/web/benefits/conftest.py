from tests.services.benefits.conftest import make_match, towns  # noqa: F401
