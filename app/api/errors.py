"""The API's own error handlers: one JSON shape for every error of an API route
(``app/presentation/errors.py``): ``{"message", "status"}`` and, for bad input,
``{"errors": {field: message}}``. They are registered on each API blueprint, so they answer
before the pages' handlers; a refused write is audited as on the pages."""

from __future__ import annotations

from typing import Any

from flask import g, request
from werkzeug.exceptions import HTTPException

from app.errors import Conflict, FieldError, Forbidden, NotFound
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.presentation.errors import json_error
from app.services.audit import log as audit_log

# the HTTP errors an API route can end in; each gets the JSON shape instead of a page
_CODES = (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500)


# marshmallow's own messages, in the caller's language like the rest of the response
_SCHEMA_MESSAGES = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field is required."),
    "Unknown field.": _l("Unknown field."),
    "Not a valid string.": _l("Not a valid text."),
    "Not a valid integer.": _l("Not a whole number."),
    "Not a valid number.": _l("Not a number."),
    "Not a valid boolean.": _l("Not true or false."),
    "Not a valid date.": _l("Not a date (write it as 2026-12-03)."),
    "Not a valid datetime.": _l("Not a date and time (write it as 2026-12-03T14:05:00Z)."),
    "Not a valid list.": _l("Not a list."),
    "Not a valid mapping type.": _l("Not an object."),
    "Invalid input type.": _l("Not a valid value."),
}


def _in_callers_language(text: str) -> str:
    known = _SCHEMA_MESSAGES.get(text)
    if known is not None:
        return str(known)
    if text.startswith("Must be one of:"):
        return str(_l("Not one of the allowed values: %(values)s",
                      values=text.removeprefix("Must be one of:").strip().rstrip(".")))
    return text


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """webargs' nested {"json": {"name": ["Missing data"]}} as {"name": "Missing data"}."""
    out: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = str(key) if key not in ("json", "query", "form", "_schema") else ""
            joined = f"{prefix}.{name}" if prefix and name else (name or prefix)
            out.update(flatten_messages(value, joined))
    elif isinstance(messages, list | tuple):
        texts = [_in_callers_language(m) for m in messages if isinstance(m, str)]
        if texts:
            out[prefix or "_"] = " ".join(texts)
        for item in messages:
            if isinstance(item, dict):
                out.update(flatten_messages(item, prefix))
    else:
        out[prefix or "_"] = _in_callers_language(str(messages))
    return out


def from_http_exception(error: HTTPException) -> Any:
    data = getattr(error, "data", None) or {}
    errors = flatten_messages(data.get("messages")) if "messages" in data else data.get("errors")
    message = data.get("message") or error.description or error.name
    if errors and error.code == 422:
        message = str(_l("The input is not valid."))
    return json_error(error.code or 500, str(message), errors)


def from_field_errors(exc: FieldError) -> Any:
    """Every field error of the input in one 422 (a FieldError carries one or several)."""
    return json_error(422, str(_l("The input is not valid.")),
                      {e.field: str(e.message) for e in exc.errors})


def _audit_refused_write(status: int) -> None:
    audit_log.record_denied(db.session, g.get("api_user"), method=request.method,
                            path=request.path, status=status)


# the same translated sentences as the pages' error handlers (app/web/errors.py)
_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("Your role does not allow this action."),
    404: _l("The page or record you asked for does not exist."),
    500: _l("The error was logged. Please try again."),
}


def _answer(status: int, message: str | None = None) -> Any:
    if status in (403, 404):
        _audit_refused_write(status)
    if status >= 500:
        db.session.rollback()
    return json_error(status, message or str(_MESSAGES[status]))


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if status in _MESSAGES:
        return _answer(status)
    return from_http_exception(error)


def _not_found(_error: NotFound) -> Any:
    return _answer(404)


def _forbidden(_error: Forbidden) -> Any:
    return _answer(403)


def _conflict(error: Conflict) -> Any:
    return json_error(409, str(error.message) or str(_l("The record changed meanwhile.")))


_READY: set[str] = set()  # blueprints are module objects shared by every app a process builds


def register_error_handlers(blueprint: Any) -> None:
    """Every error of the blueprint's routes as JSON (the pages' handlers never see them).
    Once per blueprint: Flask refuses changes to a blueprint after its first registration, and
    the handlers it holds serve every app it is registered on."""
    if blueprint.name in _READY:
        return
    _READY.add(blueprint.name)
    for code in _CODES:
        blueprint.register_error_handler(code, _http_error)
    blueprint.register_error_handler(NotFound, _not_found)
    blueprint.register_error_handler(Forbidden, _forbidden)
    blueprint.register_error_handler(Conflict, _conflict)
