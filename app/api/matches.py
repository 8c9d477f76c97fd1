"""Funding matches in the API: a company's best calls, a call's companies in the caller's town."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.api.auth import api_user, protect
from app.extensions import db
from app.models.matches import Match
from app.services import matching
from app.services.matching_records import reasons_from_json
from app.web.matches.reasons import texts

blp = Blueprint("api_matches", __name__, url_prefix="/api/v1",
                description="Funding matches, best first, with their reasons.")
protect(blp)


class MatchSchema(Schema):
    id = fields.Integer()
    company_id = fields.Integer()
    company_name = fields.Function(lambda m: m.company.name)
    call_id = fields.Integer()
    call_title = fields.Function(lambda m: m.call.title)
    score = fields.Float()
    status = fields.Function(lambda m: m.status.value)
    is_current = fields.Boolean()
    components = fields.Dict(keys=fields.String(), values=fields.Float())
    reasons = fields.Function(lambda m: texts(reasons_from_json(m.reasons)),
                              metadata={"description": "short sentences, in Finnish"})
    reason_codes = fields.Function(lambda m: m.reasons)


class MatchList(Schema):
    items = fields.List(fields.Nested(MatchSchema))


def _items(matches: list[Match]) -> dict[str, Any]:
    return {"items": matches}


@blp.get("/companies/<int:company_id>/matches")
@blp.response(200, MatchList)
def company_matches(company_id: int) -> dict[str, Any]:
    """The company's current matches, best first (another town's company is 404)."""
    current, _working = matching.company_matches(db.session, api_user(), company_id)
    return _items(current)


@blp.get("/calls/<int:call_id>/matches")
@blp.response(200, MatchList)
def call_matches(call_id: int) -> dict[str, Any]:
    """The companies of the caller's town that the call matches, best first."""
    return _items(matching.call_matches(db.session, api_user(), call_id))
