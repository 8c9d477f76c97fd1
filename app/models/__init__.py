"""All models. Every module in this package is imported here, so Alembic and the app always see
the whole metadata; the names most code needs are re-exported."""

import importlib
import pkgutil

from app.models.accounts import (
    ApiToken,
    Invitation,
    LoginAttempt,
    Role,
    SavedFilter,
    User,
    UserSession,
)
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.companies import Company, CompanyShare, Contact, IndustryCodeSet, SizeClass
from app.models.engagement import Interaction, InteractionKind, Task
from app.models.geo import City, Municipality

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")

__all__ = [
    "ApiToken",
    "Invitation",
    "Municipality",
    "SavedFilter",
    "AuditEvent",
    "Base",
    "City",
    "Company",
    "CompanyShare",
    "Contact",
    "IndustryCodeSet",
    "Interaction",
    "InteractionKind",
    "LoginAttempt",
    "Role",
    "SizeClass",
    "Task",
    "User",
    "UserSession",
]
