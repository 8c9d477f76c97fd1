"""Logging contacts with companies and keeping follow-up tasks."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("engagement", __name__)
NAV = [
    (15, "engagement.log", _l("Log a contact"), "interaction.create"),
    (30, "engagement.tasks", _l("Tasks"), "company.view"),
]

from app.web.engagement import sections, views  # noqa: E402,F401  (routes register on import)

# the timeline is the centre of the company page, which renders it (services.companies.timeline)
COMPANY_SECTIONS = [(20, sections.tasks_section, "panel")]
