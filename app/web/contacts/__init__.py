"""The people at companies, and the GDPR tools for their personal data."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("contacts", __name__)
NAV = (95, "contacts.stale", _l("Personal data review"), "contact.erase")

from app.web.contacts import views  # noqa: E402,F401  (routes register on import)

COMPANY_SECTIONS = [(10, views.contacts_section, "side")]
