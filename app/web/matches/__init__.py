"""Funding matches: a company's best calls, a match's breakdown, and staff acting on it."""

from flask import Blueprint

bp = Blueprint("matches", __name__)

from app.web.matches import partners, views  # noqa: E402,F401  (routes register on import)

COMPANY_SECTIONS = [(15, views.company_section, "panel")]
