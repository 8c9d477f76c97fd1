"""Languages: Finnish first, Swedish and English per user (Flask-Babel); the formatting of
dates, numbers and money is in ``app/presentation/formatting.py``.

Every user-facing string is written in English in the code and marked with ``_``/``_l``; the
Finnish catalogs (``app/translations/<area>/fi``) are complete and Finnish is the default; the
Swedish ones (``<area>/sv``) are complete for the areas of ``tools.i18n.SWEDISH_COMPLETE``
(tests check both). The API answers in the caller's language: ``Accept-Language``, else the token
user's choice.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale, gettext, lazy_gettext, ngettext
from flask_login import current_user

from app.presentation.formatting import fmt_date, fmt_money, fmt_number, fmt_time
from app.presentation.highlight import highlight
from app.presentation.language import lang_attr
from app.presentation.stored_text import show as stored_text

__all__ = ["gettext", "lazy_gettext", "ngettext", "select_locale", "register_filters"]

# each language's name in itself, as the language switcher offers it
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def select_locale() -> str:
    """The page's language: the signed-in user's; else the one chosen on the login page; else
    Finnish. An API call: the ``Accept-Language`` header's best supported language, else the
    token user's choice, else Finnish (so that one response never mixes languages)."""
    supported = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if request.path.startswith("/api/") and request.endpoint != "api_docs.docs":
        return _api_locale(supported, default)  # the reference page is a page, not a call
    if current_user and current_user.is_authenticated and current_user.language in supported:
        return current_user.language
    chosen = session.get("lang")
    if chosen in supported:
        return chosen
    return default


def _api_locale(supported: tuple[str, ...], default: str) -> str:
    if request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(supported)
        if best:
            return best
    user = g.get("api_user")
    if user is not None and user.language in supported:
        return user.language
    return default


def town_name(city: Any, locale: str | None = None) -> str:
    """A town's name in the reader's language: Kristinestad in Swedish, Kristiinankaupunki
    otherwise (a town with no Swedish name keeps its Finnish one)."""
    if city is None:
        return ""
    name_fi = getattr(city, "name_fi", None)
    if name_fi is None:
        return str(city)
    name_sv = getattr(city, "name_sv", None)
    lang = (locale or str(get_locale() or "fi"))[:2]
    return name_sv if lang == "sv" and name_sv else name_fi


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def register_filters(app: Any) -> None:
    app.jinja_env.filters["date"] = fmt_date
    app.jinja_env.filters["time"] = fmt_time
    app.jinja_env.filters["town"] = town_name
    app.jinja_env.filters["number"] = fmt_number
    app.jinja_env.filters["money"] = fmt_money
    app.jinja_env.filters["stored"] = stored_text
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.globals["lang_of"] = content_lang_attr


def content_lang_attr(text: str | None, declared: str | None = None) -> Any:
    """`` lang="en"`` for content in another language than the page's (templates: ``lang_of``),
    so that an English call title on a Finnish page is marked as English (WCAG 3.1.2)."""
    return lang_attr(text, declared, page=str(get_locale() or "fi"))

