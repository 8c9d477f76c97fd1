"""Translated names of the enum values shown in the UI (models and services stay language-free)."""

from __future__ import annotations

from enum import Enum

from app.i18n import lazy_gettext as _l
from app.models import InteractionKind, Role, SizeClass

LABELS: dict[Enum, object] = {
    SizeClass.MICRO: _l("Micro enterprise (SME)"),
    SizeClass.SMALL: _l("Small enterprise (SME)"),
    SizeClass.MEDIUM: _l("Medium-sized enterprise (SME)"),
    SizeClass.MIDCAP: _l("Midcap"),
    SizeClass.LARGE: _l("Large enterprise"),
    Role.STAFF: _l("Staff"),
    Role.CITY_ADMIN: _l("Town administrator"),
    Role.COORDINATOR: _l("Network coordinator"),
    Role.VIEWER: _l("Viewer"),
    InteractionKind.MEETING: _l("Meeting"),
    InteractionKind.PHONE: _l("Phone call"),
    InteractionKind.EMAIL: _l("E-mail"),
    InteractionKind.VISIT: _l("Company visit"),
    InteractionKind.EVENT: _l("Event"),
    InteractionKind.OTHER: _l("Other"),
    InteractionKind.NOTE: _l("Note"),
}


def label(value: Enum | None) -> str:
    if value is None:
        return "–"
    return str(LABELS.get(value, value.value))
