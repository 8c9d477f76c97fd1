"""Applications for funding, the benefits dashboard and its reports, the public summary and
each user's start page."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("benefits", __name__)
NAV = [(5, "benefits.start", _l("Start"), "company.view"),
       (40, "benefits.applications", _l("Applications"), "company.view"),
       (45, "benefits.dashboard", _l("Benefits"), "company.view")]

from app.web.benefits import dashboard, start, views  # noqa: E402,F401  (routes register)

COMPANY_SECTIONS = [(17, views.company_section)]
