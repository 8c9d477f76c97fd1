"""The pipeline in the API: the network's stages, moving a company between them, parking it with a
reason and bringing it back (town-scoped as in the UI; a stale move or park is refused with the
company's current stage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import jsonify
from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api.auth import api_user, protect
from app.api.errors import from_field_errors
from app.api.schemas import INVALID_INPUT, ApiErrorSchema, ApiSchema
from app.errors import FieldError
from app.extensions import db
from app.services import pipeline
from app.services.pipeline import StaleStage

blp = Blueprint(
    "api_pipeline",
    __name__,
    url_prefix="/api/v1",
    description="The pipeline of anchor and growth-seeking companies: stages, moves and parking.",
)
protect(blp)

STALE = (
    "The company is no longer in `expected_stage` (someone moved it meanwhile); nothing was "
    "written. `current_stage` is where it is now (null: not on the board)."
)


class StageSchema(ApiSchema):
    key = fields.String(metadata={"description": "stable identifier; names may change"})
    name_fi = fields.String()
    name_en = fields.String()
    name_sv = fields.String(allow_none=True, metadata={
        "description": "Swedish name; null: Swedish pages show the Finnish one"})
    position = fields.Integer(metadata={"description": "order on the board, from 1"})
    stalled_after_days = fields.Integer(
        metadata={"description": "a company with no contact for longer is stalled"})


class StageListSchema(ApiSchema):
    items = fields.List(fields.Nested(StageSchema))


class MoveSchema(ApiSchema):
    stage = fields.String(required=True, validate=validate.Length(max=40),
                          metadata={"description": "the key of the stage to move to"})
    expected_stage = fields.String(
        required=True, allow_none=True, validate=validate.Length(max=40),
        metadata={"description": "the stage key the caller saw the company in; null: not on "
                                 "the board. A company elsewhere now is refused with 409."})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class MoveResultSchema(ApiSchema):
    company_id = fields.Integer()
    stage = fields.String(attribute="to_stage")
    previous_stage = fields.String(attribute="from_stage", allow_none=True)
    changed = fields.Boolean(metadata={"description": "false: it already was in `stage`"})
    moved_at = fields.DateTime()


class ParkSchema(ApiSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                           metadata={"description": "why the company leaves the board"})
    expected_stage = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=40),
        metadata={"description": "the stage key the caller saw the company in; when given and "
                                 "the company is elsewhere now, 409"})


class UnparkSchema(ApiSchema):
    stage = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40),
                          metadata={"description": "the stage to return to; null: the stage "
                                                   "it left (the first stage if that is gone)"})
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class StaleStageErrorSchema(ApiErrorSchema):
    current_stage = fields.String(allow_none=True, required=True,
                                  metadata={"description": "null: not on the board"})


@blp.get("/pipeline/stages")
@blp.response(200, StageListSchema)
def list_stages() -> dict[str, Any]:
    """The network's stages in board order."""
    return {"items": pipeline.list_stages(db.session)}


@blp.post("/companies/<int:company_id>/stage")
@blp.arguments(MoveSchema)
@blp.response(200, MoveResultSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.alt_response(409, schema=StaleStageErrorSchema, description=STALE)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def move_company(data: dict[str, Any], company_id: int) -> Any:
    """Move a company to a stage (a company not on the board joins it). A stage that does not
    exist is 422; another town's company is 404; a viewer gets 403."""
    return _answer(lambda: pipeline.move_company(
        db.session, api_user(), company_id, data["stage"],
        expected_stage=data["expected_stage"], note=data["note"]))


def _answer(act: Callable[[], Any]) -> Any:
    """A board change's result, or its refusal: 409 with `current_stage` when the company has
    moved since the caller looked, 422 naming the field when the input is wrong."""
    try:
        return act()
    except StaleStage as exc:
        response = jsonify({"message": str(exc.message), "status": 409,
                            "current_stage": exc.current_stage})
        response.status_code = 409
        return response
    except FieldError as exc:
        return from_field_errors(exc)


@blp.post("/companies/<int:company_id>/park")
@blp.arguments(ParkSchema)
@blp.response(200, MoveResultSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.alt_response(409, schema=StaleStageErrorSchema, description=STALE)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def park_company(data: dict[str, Any], company_id: int) -> Any:
    """Take a company off the board with a reason; it keeps its history and may return. `stage`
    in the answer is null. A company not on the board is 422; another town's company is 404; a
    viewer gets 403."""
    expected = data["expected_stage"] if data["expected_stage"] is not None else pipeline.ANY
    return _answer(lambda: pipeline.park_company(db.session, api_user(), company_id,
                                                 data["reason"], expected_stage=expected))


@blp.post("/companies/<int:company_id>/unpark")
@blp.arguments(UnparkSchema)
@blp.response(200, MoveResultSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def unpark_company(data: dict[str, Any], company_id: int) -> Any:
    """Bring a parked company back to the board (to `stage`, or to the stage it left). A company
    that is not parked, or a stage that does not exist, is 422; another town's company is 404."""
    return _answer(lambda: pipeline.unpark_company(db.session, api_user(), company_id,
                                                   data["stage"], note=data["note"]))
