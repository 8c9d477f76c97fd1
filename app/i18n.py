"""Languages: Finnish first, English per user (Flask-Babel); the formatting of dates, numbers
and money is in ``app/presentation/formatting.py``.

Every user-facing string is written in English in the code and marked with ``_``/``_l``; the
Finnish catalog in ``app/translations/fi`` is complete (a test checks), and Finnish is the default.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, session
from flask_babel import gettext, lazy_gettext, ngettext
from flask_login import current_user

from app.presentation.formatting import fmt_date, fmt_money, fmt_number

__all__ = ["gettext", "lazy_gettext", "ngettext", "select_locale", "register_filters"]

LANGUAGE_NAMES = {"fi": "suomi", "en": "English"}


def select_locale() -> str:
    """The signed-in user's language; else the one chosen on the login page; else Finnish."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in supported:
        return current_user.language
    chosen = session.get("lang")
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def register_filters(app: Any) -> None:
    app.jinja_env.filters["date"] = fmt_date
    app.jinja_env.filters["number"] = fmt_number
    app.jinja_env.filters["money"] = fmt_money

