"""The exceptions use cases raise, in a neutral module below authz and services: the web, CLI and
API layers turn them into responses, and `app/authz.py` raises them without importing a service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


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

    @property
    def errors(self) -> list[FieldError]:
        """Every field error carried; one here. Handlers iterate this for one or many."""
        return [self]


class ValidationErrors(FieldError):
    """Several fields are wrong at once. A FieldError itself (its ``field``, ``message`` and
    ``params`` are the first one's), so a handler that knows one error still works."""

    def __init__(self, errors: list[FieldError]) -> None:
        first = errors[0]
        super().__init__(first.field, first.message, **first.params)
        self.args = ("; ".join(f"{e.field}: {e.message}" for e in errors),)
        self._errors = list(errors)

    @property
    def errors(self) -> list[FieldError]:
        return list(self._errors)


class ErrorCollector:
    """Gathers the field errors of one input, so that the user sees them all on the first try.

    A validation step adds an error (``add``) or runs a checker that raises (``check``) instead
    of raising itself; ``raise_if_any`` at the end raises them together: the plain FieldError
    when there is one, ValidationErrors when there are several. The first error of a field
    wins: later checks of a field already wrong add nothing.
    """

    def __init__(self) -> None:
        self._errors: list[FieldError] = []

    def __bool__(self) -> bool:
        return bool(self._errors)

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self._errors)

    def add(self, field: str, message: Any, **params: Any) -> None:
        self.extend(FieldError(field, message, **params))

    def extend(self, exc: FieldError) -> None:
        """Take over the errors of a raised FieldError (one or several)."""
        for error in exc.errors:
            if not self.has(error.field):
                self._errors.append(error)

    def check(self, checker: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a checker that raises FieldError; its result, or None when it failed."""
        try:
            return checker(*args, **kwargs)
        except FieldError as exc:
            self.extend(exc)
            return None

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Collect a FieldError raised in the block instead of letting it escape."""
        try:
            yield
        except FieldError as exc:
            self.extend(exc)

    def raise_if_any(self) -> None:
        if len(self._errors) == 1:
            raise self._errors[0]
        if self._errors:
            raise ValidationErrors(self._errors)


class NotFound(ServiceError):
    """The row does not exist or lies outside the actor's towns; both look the same (404)."""


class Forbidden(ServiceError):
    """The actor sees the row but its role may not do this (a viewer editing)."""


class Conflict(ServiceError):
    """The change collides with the current state (a concurrent edit, a duplicate)."""


class Throttled(ServiceError):
    """Too many recent failures; try again later."""
