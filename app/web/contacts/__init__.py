"""The people at companies, and the GDPR tools for their personal data."""

from flask import Blueprint

bp = Blueprint("contacts", __name__)

from app.web.contacts import views  # noqa: E402,F401  (routes register on import)

COMPANY_SECTIONS = [(10, views.contacts_section)]
