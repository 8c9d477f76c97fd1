"""Translated labels of the ecosystems area (statuses, kinds, formats) and theme labels."""

from __future__ import annotations

from flask_babel import get_locale

from app.i18n import lazy_gettext as _l
from app.services.ecosystems.themes import theme_choices, theme_label

STATUSES = {"planned": _l("Planned"), "running": _l("Running"), "ended": _l("Ended")}
LESSON_KINDS = {"good_practice": _l("Good practice"), "failure": _l("Failure")}
PARTNER_KINDS = {"university": _l("University"), "uas": _l("University of applied sciences"),
                 "vocational": _l("Vocational institution"), "other": _l("Other")}
FORMATS = {"online": _l("Online, self-study"), "distance": _l("Distance teaching"),
           "blended": _l("Blended"), "on_site": _l("On site")}
COURSE_LANGUAGES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}


def lang() -> str:
    return "fi" if str(get_locale() or "fi") == "fi" else "en"


def label_of(table: dict, value: str) -> str:
    return str(table.get(value, value))


def themes() -> list[tuple[str, str]]:
    return theme_choices(lang())


def helpers() -> dict:
    """What every template of the area uses to show labels."""
    return {"status_label": lambda v: label_of(STATUSES, v),
            "lesson_kind_label": lambda v: label_of(LESSON_KINDS, v),
            "partner_kind_label": lambda v: label_of(PARTNER_KINDS, v),
            "format_label": lambda v: label_of(FORMATS, v),
            "course_language_label": lambda v: label_of(COURSE_LANGUAGES, v),
            "theme_label": lambda v: theme_label(v, lang())}
