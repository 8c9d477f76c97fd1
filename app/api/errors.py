"""One JSON shape for every API error: ``{"message", "status"}`` and, for bad input,
``{"errors": {field: message}}``."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.exceptions import HTTPException

from app.services.errors import FieldError


def json_error(status: int, message: str, errors: dict[str, str] | None = None) -> Any:
    body: dict[str, Any] = {"message": message, "status": status}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """webargs' nested {"json": {"name": ["Missing data"]}} as {"name": "Missing data"}."""
    out: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = str(key) if key not in ("json", "query", "form", "_schema") else ""
            joined = f"{prefix}.{name}" if prefix and name else (name or prefix)
            out.update(flatten_messages(value, joined))
    elif isinstance(messages, list | tuple):
        texts = [m for m in messages if isinstance(m, str)]
        if texts:
            out[prefix or "_"] = " ".join(texts)
        for item in messages:
            if isinstance(item, dict):
                out.update(flatten_messages(item, prefix))
    else:
        out[prefix or "_"] = str(messages)
    return out


def from_http_exception(error: HTTPException) -> Any:
    data = getattr(error, "data", None) or {}
    errors = flatten_messages(data.get("messages")) if "messages" in data else data.get("errors")
    message = data.get("message") or error.description or error.name
    if errors and error.code == 422:
        message = "The input is not valid."
    return json_error(error.code or 500, str(message), errors)


def from_field_errors(exc: FieldError) -> Any:
    """Every field error of the input in one 422 (a FieldError carries one or several)."""
    return json_error(422, "The input is not valid.", {e.field: str(e.message) for e in exc.errors})
