"""The audit log page for town administrators and network coordinators, and undoing merges."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("audit", __name__)
NAV = (90, "audit.log", _l("Audit log"), "audit.view")

from app.web.audit import views  # noqa: E402,F401  (routes register on import)
