"""The request guard: what every request must satisfy before a view sees it.

Why here and not per route: a bad value must never reach a query or a parser that answers 500.
``init_app`` replaces Flask's ``int`` URL converter with a bounded one (an id above PostgreSQL's
``integer`` is simply not found), and refuses requests whose URL is too long or whose query
string, form or JSON body holds a NUL character or a lone surrogate, or whose JSON nests too
deeply. Web pages get the friendly 400 page, /api/ gets the JSON error. The body size is
bounded by ``MAX_CONTENT_LENGTH`` (413).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from werkzeug.routing import IntegerConverter, Map, ValidationError

from app.i18n import gettext as _
from app.limits import MAX_ID, MAX_URL_LENGTH, forbidden_character, json_problem

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` for ids: at most ``MAX_ID`` (and ten digits), so that an id PostgreSQL's
    ``integer`` cannot hold is a 404 like any id that does not exist."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)

    def to_python(self, value: str) -> Any:
        if len(value) > len(str(MAX_ID)):
            raise ValidationError()
        return super().to_python(value)


def init_app(app: Flask) -> None:
    """Wire the guard; must run before any blueprint registers its routes."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_guard)


def _bad_text(values: Any) -> bool:
    return any(
        forbidden_character(key) or forbidden_character(value)
        for key, value in values.items(multi=True)
        if isinstance(value, str)
    )


def refusal() -> str | None:
    """Why the current request is refused, or None when it may go on."""
    if len(request.full_path) > MAX_URL_LENGTH:
        return "414"
    if forbidden_character(request.path) or _bad_text(request.args):
        return _("The request contains a character that is not allowed (such as NUL).")
    if request.mimetype in _FORM_TYPES and _bad_text(request.form):
        return _("The form contains a character that is not allowed (such as NUL).")
    if request.is_json and request.content_length != 0:
        try:
            document = json.loads(request.get_data(cache=True))
        except RecursionError:
            return _("The JSON document nests too deeply.")
        except ValueError:
            return None  # not JSON at all: the API's own parser answers with its message
        problem = json_problem(document)
        if problem:
            return _("The JSON document is not accepted: %(why)s.", why=problem)
    return None


def _guard() -> Any:
    reason = refusal()
    if reason is None:
        return None
    from app.web.errors import error_page

    if reason == "414":
        return error_page(414, _("Address too long"),
                          _("The address of the request is too long."))
    return error_page(400, _("Bad request"), reason)
