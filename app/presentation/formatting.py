"""Dates, numbers and money in the reader's language and the network's time zone: the one
formatting used by the pages, the API and the e-mails (and the templates' ``date``, ``number``
and ``money`` filters)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_date as _format_date
from flask_babel import format_datetime as _format_datetime
from flask_babel import format_decimal as _format_decimal


def fmt_date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _format_datetime(value, "short" if fmt == "medium" else fmt)
    return _format_date(value, fmt)


def fmt_number(value: int | float | Decimal | None) -> str:
    return "" if value is None else _format_decimal(value)


def fmt_money(value: int | float | Decimal | None) -> str:
    if value is None:
        return ""
    return _format_decimal(value, format="#,##0 ¤").replace("¤", "€")
