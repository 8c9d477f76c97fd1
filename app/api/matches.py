"""Funding matches in the API: a company's best calls, a call's companies in the caller's town,
and a consortium call's partner suggestions across the network (another town's company by name
and town only).

Both lists are best first and scoped like the pages (another town's company is 404, and never
listed under a call). ``reasons`` are short sentences in the token owner's language, or in the
one asked for with ``?lang=fi|en``; ``reason_codes`` are the matcher's codes and parameters.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_babel import force_locale
from flask_smorest import Blueprint
from marshmallow import fields

from app import clock
from app.api.auth import api_user, protect
from app.api.schemas import ApiErrorSchema, ApiSchema
from app.extensions import db
from app.i18n import town_name
from app.presentation.reasons import deadline_text, one_line, texts
from app.services.matches import partners as call_partners
from app.services.matches import reads as matching_reads
from app.services.matches.reads import MatchRow

blp = Blueprint("api_matches", __name__, url_prefix="/api/v1",
                description="Funding matches, best first, with their reasons.")
protect(blp)


class MatchSchema(ApiSchema):
    id = fields.Integer()
    company_id = fields.Integer()
    company_name = fields.String()
    call_id = fields.Integer()
    call_title = fields.String()
    programme = fields.String(allow_none=True)
    score = fields.Float(metadata={"description": "0-100"})
    rank = fields.Integer(allow_none=True, metadata={"description": "place in the company's list"})
    status = fields.String(metadata={"description": "new, reviewed, proposed, applying, "
                                     "submitted, awarded, not_awarded or not_relevant"})
    is_current = fields.Boolean(metadata={"description": "the call still matches"})
    deadline = fields.DateTime(allow_none=True, metadata={"description": "next deadline"})
    summary = fields.String(metadata={"description": "the one-line reason"})
    reasons = fields.List(fields.String(), metadata={"description": "short sentences"})
    reason_codes = fields.List(fields.Dict())
    components = fields.Dict(keys=fields.String(), values=fields.Float())


class MatchList(ApiSchema):
    items = fields.List(fields.Nested(MatchSchema))


def _language() -> str:
    wanted = request.args.get("lang") or api_user().language
    return wanted if wanted in current_app.config["LANGUAGES"] else "fi"


def _items(rows: list[MatchRow]) -> dict[str, Any]:
    with force_locale(_language()):
        return {"items": [_item(row) for row in rows]}


def _item(row: MatchRow) -> dict[str, Any]:
    """One match as the API gives it (in the locale in force)."""
    today = clock.today()
    m = row.match
    reasons = matching_reads.reasons_of(m)
    return {
        "id": m.id, "company_id": m.company_id, "company_name": m.company.name,
        "call_id": m.call_id, "call_title": m.call.title, "programme": m.call.programme,
        "score": m.score, "rank": m.rank, "status": m.status.value,
        "is_current": m.is_current and row.open_today, "deadline": row.deadline,
        "summary": one_line(reasons, today=today,
                            deadline=deadline_text(row.deadline, today=today)),
        "reasons": texts(reasons, today=today), "reason_codes": m.reasons or [],
        "components": m.components or {},
    }


@blp.get("/companies/<int:company_id>/matches")
@blp.response(200, MatchList)
def company_matches(company_id: int) -> dict[str, Any]:
    """The company's current matches, best first (another town's company is 404)."""
    found = matching_reads.company_matches(db.session, api_user(), company_id,
                                           today=clock.today())
    return _items(found.current)


@blp.get("/calls/<int:call_id>/matches")
@blp.response(200, MatchList)
def call_matches(call_id: int) -> dict[str, Any]:
    """The companies of the caller's town that the call matches, best first (404 for an
    unknown call)."""
    return _items(matching_reads.call_matches(db.session, api_user(), call_id,
                                              today=clock.today()))


class ConsortiumRuleSchema(ApiSchema):
    kind = fields.String(metadata={"description": "eu_collaborative, cross_border, "
                                   "national_joint or text"})
    field = fields.String(metadata={"description": "the call field the rule read"})
    value = fields.String(metadata={"description": "the value that made it a consortium call"})


class PartnerSchema(ApiSchema):
    company_id = fields.Integer()
    company_name = fields.String()
    town = fields.String(metadata={"description": "the company's town"})
    visible = fields.Boolean(metadata={
        "description": "the caller may see the company; false: another town's company, of "
                       "which only the name and town are given"})
    match = fields.Nested(MatchSchema, allow_none=True, metadata={
        "description": "the company's match with its reasons; null when not visible"})


class PartnerRoleSchema(ApiSchema):
    role = fields.String(metadata={"description": "technology, research, pilot or other"})
    named_in_call = fields.Boolean(metadata={"description": "the call text asks for the role"})
    items = fields.List(fields.Nested(PartnerSchema))


class CallPartnersSchema(ApiSchema):
    call_id = fields.Integer()
    consortium = fields.Nested(ConsortiumRuleSchema, allow_none=True, metadata={
        "description": "why the call is a consortium call; null: it is not (no roles)"})
    open_today = fields.Boolean()
    roles = fields.List(fields.Nested(PartnerRoleSchema))


@blp.get("/calls/<int:call_id>/partners")
@blp.response(200, CallPartnersSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def call_partner_suggestions(call_id: int) -> dict[str, Any]:
    """Partner suggestions of a consortium call: companies across the whole network that match
    it, grouped by the consortium role their industry fits (docs/matching.md). A company the
    caller may see comes with its match and reasons; another town's company with its name and
    town only."""
    found = call_partners.call_partners(db.session, api_user(), call_id, today=clock.today())
    rule = found.rule
    with force_locale(_language()):
        roles = [{"role": g.role, "named_in_call": g.named_in_call, "items": [
            {"company_id": s.company_id, "company_name": s.name, "town": town_name(s.town),
             "visible": s.full, "match": _item(s.row) if s.row is not None else None}
            for s in g.suggestions]} for g in found.groups]
    return {"call_id": found.call.id, "open_today": found.open_today, "roles": roles,
            "consortium": None if rule is None else
            {"kind": rule.kind, "field": rule.field, "value": rule.value}}
