"""The town's companies: the home list, a company's page, creating and editing profiles."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("companies", __name__)
NAV = (10, "companies.home", _l("Companies"), "company.view")

from app.web.companies import views  # noqa: E402,F401  (routes register on import)
