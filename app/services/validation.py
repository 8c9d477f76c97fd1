"""Field rules shared by every entry point (forms, API, CLI, imports): one place, one message."""

from __future__ import annotations

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from app.i18n import lazy_gettext as _l
from app.services.errors import FieldError


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


def require_text(value: str | None, field: str, *, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise FieldError(field, _l("This field is required."))
    if len(text) > max_length:
        raise FieldError(
            field, _l("At most %(max)d characters (now %(n)d).", max=max_length, n=len(text))
        )
    return text
