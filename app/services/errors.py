"""The exceptions services raise; the web, CLI and API layers turn them into responses."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of every expected failure of a use case. ``message`` is shown to the user."""

    def __init__(self, message: Any = "") -> None:
        super().__init__(str(message))
        self.message = message


class FieldError(ServiceError):
    """One input field is wrong; ``params`` carry extras such as ``existing_id`` for a link."""

    def __init__(self, field: str, message: Any, **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.params = params


class ValidationErrors(ServiceError):
    """Several fields are wrong at once (an API call or an import row)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class NotFound(ServiceError):
    """The row does not exist or lies outside the actor's towns; both look the same (404)."""


class Forbidden(ServiceError):
    """The actor sees the row but its role may not do this (a viewer editing)."""


class Conflict(ServiceError):
    """The change collides with the current state (a concurrent edit, a duplicate)."""


class Throttled(ServiceError):
    """Too many recent failures; try again later."""
