"""Marshmallow schemas shared by the API modules, and ``ApiSchema``, the base of every API schema.

Why a base: every integer, date and decimal the API reads gets the bounds of ``app.limits`` in one
place (a value the database cannot hold is a 422 with its field, never a 500), and the OpenAPI
document shows them, so clients and the fuzz test know them too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from app.limits import MAX_AMOUNT, MAX_DATE, MAX_INT, MIN_DATE, date_in_range


def _sane_date(value: date) -> None:
    if not date_in_range(value):
        raise ValidationError(
            f"Give a date between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}.")


def _sane_amount(value: Decimal) -> None:
    if abs(value) > MAX_AMOUNT:
        raise ValidationError("The amount is too large.")


def bound(field: fields.Field) -> None:
    """Give a field (and the items of a list field) the bounds of its kind, unless it has its
    own range already."""
    if isinstance(field, fields.List):
        bound(field.inner)
        return
    if field.dump_only:
        return
    has_range = any(isinstance(v, validate.Range) for v in field.validators)
    if isinstance(field, fields.Integer) and not has_range:
        field.validators = [*field.validators, validate.Range(min=-MAX_INT, max=MAX_INT)]
    elif isinstance(field, fields.Decimal) and _sane_amount not in field.validators:
        field.validators = [*field.validators, _sane_amount]
    elif isinstance(field, fields.Date) and _sane_date not in field.validators:
        field.validators = [*field.validators, _sane_date]


class ApiSchema(Schema):
    """The base of every API schema: bounded numbers and dates (see ``bound``)."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        bound(field_obj)


def amount(**kwargs: Any) -> fields.Decimal:
    """Euros, served as a string (exact decimals) and documented as one."""
    metadata = {"type": "string", "format": "decimal", "pattern": r"^-?\d{1,15}(\.\d{1,2})?$",
                **kwargs.pop("metadata", {})}
    return fields.Decimal(as_string=True, allow_nan=False, metadata=metadata, **kwargs)


class PageArgs(ApiSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


INVALID_INPUT = (
    "The input is not valid and nothing was written. `errors` names each field and what is "
    "wrong with it: its form (a missing or malformed value) or a business rule (for example "
    "a business ID already in use, an owner, contact or staff member that is not "
    "available here, a date in the future)."
)


class ApiErrorSchema(Schema):
    """Every API error: the HTTP status as a number, a message, and for bad input the messages
    by field."""

    message = fields.String(required=True)
    status = fields.Integer(required=True, metadata={"description": "the HTTP status code"})
    errors = fields.Dict(keys=fields.String(), values=fields.String(),
                         metadata={"description": "field name → what is wrong with it"})
