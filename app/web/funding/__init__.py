"""Funding calls: the searchable list, a call's page and calendar, manual calls and their upload,
and the coordinator's source health page with "run now"."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("funding", __name__)
NAV = (20, "funding.calls", _l("Funding calls"), "company.view")

from app.web.funding import sources, uploads, views  # noqa: E402,F401  (routes register on import)
