"""Field rules shared by every entry point (forms, API, CLI, imports): one place, one message."""

from __future__ import annotations

from urllib.parse import urlsplit

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from app.limits import clean_text


def normalise_business_id(raw: str | None, *, field: str = "business_id") -> str | None:
    """Return the Y-tunnus in its canonical hyphenated form, or None for an empty value.

    Accepts what people type: spaces, a missing hyphen, a leading "FI" VAT prefix.
    """
    if raw is None or not raw.strip():
        return None
    text = raw.strip().upper().replace(" ", "")
    if text.startswith("FI") and len(text) == 10:
        text = text[2:]
    try:
        return ytunnus.format(ytunnus.validate(text))
    except StdnumError as exc:
        raise FieldError(
            field, _l("%(value)s is not a valid business ID (Y-tunnus).", value=raw.strip())
        ) from exc


LONG_TEXT = 2000  # a field allowed more characters than this is long text (a paragraph)


def require_text(
    value: str | None,
    field: str,
    *,
    max_length: int,
    required: bool = True,
    multiline: bool | None = None,
) -> str:
    """The text, cleaned (``app.limits.clean_text``: no control characters or lone surrogates;
    only long text keeps tabs and line breaks) and stripped, then checked: required, at most
    ``max_length`` characters. Long text is ``multiline`` or, by default, a field allowed more
    than ``LONG_TEXT`` characters. Cleaning first means that a name of control characters alone
    is as empty as a blank one."""
    long_text = max_length > LONG_TEXT if multiline is None else multiline
    text = clean_text(value or "", multiline=long_text).strip()
    if required and not text:
        raise FieldError(field, _l("This field is required."))
    if len(text) > max_length:
        raise FieldError(
            field, _l("At most %(max)d characters (now %(n)d).", max=max_length, n=len(text))
        )
    return text


WEB_SCHEMES = ("http", "https")


def web_url(value: str | None) -> str | None:
    """The address without surrounding spaces if it is a web address (http or https with a
    host), else None. A link Veturi renders as ``href`` must pass this: a ``javascript:`` or
    ``data:`` link from a source would run in the reader's browser."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return text if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else None
