"""Sentences kept in the database as their English message and parameters, not as the text of
the language they happened to be made in: an import's findings are read later, by someone who
may read Swedish or English, and shown in the reader's language (``show``)."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import LazyString, gettext, ngettext

_MARK = '{"msg":'


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def store(message: Any) -> str | None:
    """A lazily translated message as ``{"msg": ..., "params": ...}``; any other value as its
    text (a message made elsewhere, already in words)."""
    if message is None:
        return None
    if isinstance(message, LazyString) and message._args and isinstance(message._args[0], str):
        params = {k: _plain(v) for k, v in message._kwargs.items()}
        if len(message._args) == 3:  # lazy_ngettext(singular, plural, num)
            return json.dumps({"msg": list(message._args[:2]), "num": message._args[2],
                               "params": params}, ensure_ascii=False)
        return json.dumps({"msg": message._args[0], "params": params}, ensure_ascii=False)
    return str(message)


def store_plural(singular: str, plural: str, num: int, **params: Any) -> str:
    """An ngettext message kept as its English forms, its count and parameters."""
    return json.dumps({"msg": [singular, plural], "num": num,
                       "params": {k: _plain(v) for k, v in params.items()}}, ensure_ascii=False)


def show(value: str | None) -> str:
    """A stored message in the reader's language; older plain text as it was stored."""
    if not value:
        return ""
    if not value.startswith(_MARK):
        return value
    try:
        data = json.loads(value)
    except ValueError:
        return value
    msg, params = data.get("msg"), data.get("params") or {}
    if isinstance(msg, list) and len(msg) == 2:
        return ngettext(msg[0], msg[1], int(data.get("num") or 0), **params)
    return gettext(str(msg), **params) if params else gettext(str(msg))
