"""The directory's translated labels (categories, roles, languages) and the texts of the public
widget, shared by the signed-in pages, the public pages and the embed routes."""

from __future__ import annotations

from typing import Any

from babel import Locale

from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l

CATEGORIES = {
    "funding_advice": _l("Funding advice"),
    "testing_piloting": _l("Testing and piloting environment"),
    "incubator_accelerator": _l("Incubator or accelerator"),
    "training": _l("Training"),
    "research_partner": _l("Research partner"),
    "premises": _l("Premises"),
    "other": _l("Other"),
}
ROLES = {"responsible": _l("R&D&I responsible person"), "deputy": _l("Deputy")}


def category_label(value: str) -> str:
    return str(CATEGORIES.get(value, value))


def role_label(value: str) -> str:
    return str(ROLES.get(value, value))


def language_name(code: str, lang: str) -> str:
    """A language's own name in ``lang`` (from CLDR): "ruotsi", "svenska", "Swedish"."""
    try:
        return Locale.parse(code).get_display_name(Locale.parse(lang)) or code
    except (ValueError, TypeError):
        return code


def widget_texts(town_name: str | None) -> dict[str, Any]:
    """The widget's own words in the current locale (it has no catalog of its own)."""
    return {
        "title": (_("R&D&I services of %(town)s", town=town_name) if town_name
                  else _("R&D&I services")),
        "empty": _("No R&D&I services are listed here yet."),
        "provider": _("Provider"),
        "target_group": _("For whom"),
        "contact": _("Contact"),
        "languages": _("Languages"),
        "website": _("Website of %(name)s"),
        "people": _("R&D&I contact people"),
        "source": _("Listed in the R&D&I directory of the regional towns' network"),
    }
