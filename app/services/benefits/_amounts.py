"""Reading amounts of euros as staff type them ("125 000,50 €") and the warnings they earn."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from app.errors import FieldError
from app.i18n import lazy_gettext as _l

MAX_EUR = Decimal("999999999999.99")


def parse_amount(raw: Any, field: str) -> Decimal | None:
    """An amount in euros, or None when empty. Spaces, a euro sign and a decimal comma are
    accepted; a negative, non-numeric or absurdly large amount raises FieldError."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise FieldError(field, _l("Enter the amount in euros as a number, e.g. 125000 or "
                                   "125 000,50."))
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        text = str(raw).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        text = text.replace("€", "").replace("EUR", "").replace("eur", "").strip()
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None  # type: ignore[assignment]
        if number is None:
            raise FieldError(field, _l("Enter the amount in euros as a number, e.g. 125000 or "
                                       "125 000,50."))
    if not number.is_finite():
        raise FieldError(field, _l("Enter the amount in euros as a number, e.g. 125000 or "
                                   "125 000,50."))
    if number < 0:
        raise FieldError(field, _l("An amount cannot be negative."))
    if number > MAX_EUR:
        raise FieldError(field, _l("The amount is too large."))
    return number.quantize(Decimal("0.01"))
