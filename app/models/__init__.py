"""All models, imported here so Alembic and the app see the whole metadata."""

from app.models.accounts import LoginAttempt, Role, User
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.companies import Company, CompanyShare, Contact, IndustryCodeSet, SizeClass
from app.models.engagement import Interaction, InteractionKind, Task
from app.models.geo import City

__all__ = [
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
]
