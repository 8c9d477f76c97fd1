"""The one JSON shape of an error, ``{"message", "status"}`` and, for bad input,
``{"errors": {field: message}}``: what the API answers, and what the pages' error handlers answer
for an address under /api/ that no API route serves."""

from __future__ import annotations

from typing import Any

from flask import jsonify

API_PREFIX = "/api/"


def json_error(status: int, message: str, errors: dict[str, str] | None = None) -> Any:
    """A JSON error response with ``status``."""
    body: dict[str, Any] = {"message": message, "status": status}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    return response
