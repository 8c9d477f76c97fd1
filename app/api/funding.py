"""Funding calls in the API: the list with the same filters as the UI, and one call."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api.auth import api_user, protect
from app.api.schemas import ApiErrorSchema, ApiSchema, PageArgs, amount
from app.extensions import db
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.services.funding import calls
from connectors.records import APPLICANT_TYPES

blp = Blueprint("api_calls", __name__, url_prefix="/api/v1/calls",
                description="Funding calls harvested from the sources or typed in (network-wide).")
protect(blp)


class CallSchema(ApiSchema):
    id = fields.Integer()
    source = fields.Function(lambda c: c.source.name,
                             metadata={"description": "name of the source, e.g. eu-ft-portal"})
    source_id = fields.String(metadata={"description": "the call's id at its source"})
    kind = fields.Enum(CallKind, by_value=True)
    title = fields.String()
    url = fields.String(allow_none=True)
    programme = fields.String(allow_none=True)
    funder = fields.String(allow_none=True)
    call_identifier = fields.String(allow_none=True)
    topic_identifier = fields.String(allow_none=True)
    status = fields.Enum(CallStatus, by_value=True, allow_none=True)
    opening_date = fields.Date(allow_none=True)
    deadlines = fields.List(fields.String(), metadata={
        "description": "ISO 8601 date-times with the source's own UTC offset"})
    next_deadline_at = fields.DateTime(allow_none=True)
    is_continuous = fields.Boolean()
    budget_eur = amount(allow_none=True)
    applicant_types = fields.List(fields.String(), allow_none=True,
                                  metadata={"description": "null when the source does not say"})
    summary = fields.String(allow_none=True)
    canonical_id = fields.Integer(allow_none=True, metadata={
        "description": "the same call reached through another source"})
    version = fields.Integer()
    updated_at = fields.DateTime()


class CallListArgs(PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    status = fields.String(load_default="", validate=validate.OneOf(
        ["", *(s.value for s in CallStatus)]))
    kind = fields.String(load_default="", validate=validate.OneOf(
        ["", *(k.value for k in CallKind)]))
    programme = fields.String(load_default="", validate=validate.Length(max=300))
    deadline_from = fields.Date(load_default=None)
    deadline_to = fields.Date(load_default=None)
    applicant_type = fields.String(load_default="", validate=validate.OneOf(
        ["", *APPLICANT_TYPES]))


class CallPageSchema(ApiSchema):
    items = fields.List(fields.Nested(CallSchema))
    total = fields.Integer()


@blp.get("")
@blp.arguments(CallListArgs, location="query")
@blp.response(200, CallPageSchema)
def list_calls(args: dict[str, Any]) -> dict[str, Any]:
    """Calls, next deadline first; withdrawn ones only with `status=withdrawn`."""
    filters = calls.CallFilters(
        text=args["q"], programme=args["programme"], status=args["status"], kind=args["kind"],
        deadline_from=args["deadline_from"], deadline_to=args["deadline_to"],
        applicant_type=args["applicant_type"],
    )
    page = calls.list_calls(db.session, api_user(), filters, page=args["page"],
                            per_page=args["per_page"])
    return {"items": page.items, "total": page.total}


@blp.get("/<int:call_id>")
@blp.response(200, CallSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def get_call(call_id: int) -> FundingCall:
    """One call."""
    return calls.get_call(db.session, api_user(), call_id)
