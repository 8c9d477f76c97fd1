"""The bounds every input must fit, and the pure text cleaners: one place for all entry points.

Why: a value the database cannot hold (an id above PostgreSQL's ``integer``, a NUL character,
a lone surrogate, a date that overflows when converted to UTC) must be refused or cleaned at the
edge, never reach a query and answer 500. The URL converters, the request guard, the forms, the
API schemas and the storage cleaner all read their bounds from here. No Flask, no ORM.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

MAX_ID = 2**31 - 1  # PostgreSQL ``integer``: the primary and foreign keys
MAX_INT = 2**31 - 1  # any other whole number stored in an ``integer`` column
MAX_AMOUNT = Decimal(10) ** 15  # euros: a turnover or a budget above this is a typing error
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)
MAX_JSON_DEPTH = 32  # our documents nest three levels; anything deeper is an attack
MAX_URL_LENGTH = 4096  # path and query string; gunicorn's own limit (8190) must stay above it

# C0 controls except tab, line feed and carriage return; lone (unpaired) surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def forbidden_character(value: str) -> bool:
    """True when the text holds a character no field may hold (NUL or a lone surrogate)."""
    return "\x00" in value or _SURROGATE.search(value) is not None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Drop control characters and lone surrogates; single-line text also loses its line breaks
    and tabs (each run becomes one space). Long text keeps tab and newline (CR LF → LF)."""
    text = _SURROGATE.sub("", _CONTROL.sub("", value))
    if multiline:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return _LINE_BREAKS.sub(" ", text)


def clean_stored(value: Any) -> Any:
    """What the storage cleaner applies to every text value on its way to the database: strings
    (also inside JSON lists and objects) lose the characters PostgreSQL or a spreadsheet refuse;
    tab and line breaks are kept. Anything else is returned unchanged."""
    if isinstance(value, str):
        if _CONTROL.search(value) or _SURROGATE.search(value):
            return _SURROGATE.sub("", _CONTROL.sub("", value))
        return value
    if isinstance(value, list):
        cleaned = [clean_stored(v) for v in value]
        return value if cleaned == value else cleaned
    if isinstance(value, dict):
        out = {clean_stored(k): clean_stored(v) for k, v in value.items()}
        return value if out == value else out
    return value


def id_in_range(value: int) -> bool:
    return 1 <= value <= MAX_ID


def to_id(text: object) -> int | None:
    """An id typed into a form or a query string, or None when it is not one the database can
    hold (not ASCII digits, zero, or above ``MAX_ID``)."""
    value = str(text or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if id_in_range(number) else None


def date_in_range(value: date) -> bool:
    return MIN_DATE <= value <= MAX_DATE


def json_problem(value: Any, *, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Why a parsed JSON document is refused (too deep, or text with a forbidden character),
    or None. Iterative, so a deep document cannot exhaust the stack here."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if forbidden_character(item):
                return "text may not contain NUL characters or lone surrogates"
        elif isinstance(item, dict | list):
            if depth > max_depth:
                return f"the document nests deeper than {max_depth} levels"
            if isinstance(item, dict):
                stack.extend((k, depth) for k in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
    return None
