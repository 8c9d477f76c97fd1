"""Interactions and tasks in the API: log a contact with a company, list tasks."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from app import clock
from app.api.auth import api_user, protect
from app.api.errors import from_field_errors
from app.api.schemas import INVALID_INPUT, ApiErrorSchema, ApiSchema
from app.errors import FieldError
from app.extensions import db
from app.models import Interaction, InteractionKind, Task
from app.services import engagement
from app.services.engagement import TASK_VIEWS
from app.services.inputs import InteractionInput, TaskInput

blp = Blueprint(
    "api_engagement",
    __name__,
    url_prefix="/api/v1",
    description="Logged contacts with companies, and follow-up tasks.",
)
protect(blp)


# Only types and presence are checked here: the service checks the rules (lengths, dates) and
# reports every broken one at once, which a schema error would hide.
class FollowUpSchema(ApiSchema):
    title = fields.String(required=True)
    due_on = fields.Date(load_default=None)
    assignee_id = fields.Integer(load_default=None)


class InteractionSchema(ApiSchema):
    id = fields.Integer(dump_only=True)
    company_id = fields.Integer(dump_only=True)
    kind = fields.Enum(InteractionKind, by_value=True, required=True)
    occurred_on = fields.Date(required=True)
    summary = fields.String(required=True)
    topics = fields.List(fields.String(), load_default=list)
    contact_ids = fields.List(fields.Integer(), load_default=list, load_only=True)
    staff_ids = fields.List(fields.Integer(), load_default=list, load_only=True)
    follow_up = fields.Nested(FollowUpSchema, load_default=None, load_only=True)
    staff = fields.Function(lambda i: [u.id for u in i.staff], dump_only=True)
    contacts = fields.Function(lambda i: [c.id for c in i.contacts], dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class TaskSchema(ApiSchema):
    id = fields.Integer()
    company_id = fields.Integer()
    company_name = fields.Function(lambda t: t.company.name)
    title = fields.String()
    due_on = fields.Date(allow_none=True)
    assignee_id = fields.Integer(allow_none=True)
    done = fields.Boolean(attribute="is_done")
    done_at = fields.DateTime(allow_none=True)


class TaskArgs(ApiSchema):
    view = fields.String(
        load_default=None,
        validate=validate.OneOf(TASK_VIEWS),
        metadata={"description": "default: mine, or town for a role that holds no tasks"},
    )


class TaskList(ApiSchema):
    items = fields.List(fields.Nested(TaskSchema))
    total = fields.Integer()


@blp.post("/companies/<int:company_id>/interactions")
@blp.arguments(InteractionSchema)
@blp.response(201, InteractionSchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def log_interaction(data: dict[str, Any], company_id: int) -> Interaction | Any:
    """Log a contact with the company (and optionally a follow-up task)."""
    follow = data.get("follow_up")
    payload = InteractionInput(
        kind=data["kind"].value,
        occurred_on=data["occurred_on"],
        summary=data["summary"],
        topics=tuple(data.get("topics") or ()),
        contact_ids=tuple(data.get("contact_ids") or ()),
        staff_ids=tuple(data.get("staff_ids") or ()),
        follow_up=TaskInput(
            title=follow["title"],
            due_on=follow.get("due_on"),
            assignee_id=follow.get("assignee_id"),
        )
        if follow
        else None,
    )
    try:
        return engagement.log_interaction(
            db.session, api_user(), company_id, payload, today=clock.today()
        )
    except FieldError as exc:
        return from_field_errors(exc)


@blp.get("/tasks")
@blp.arguments(TaskArgs, location="query")
@blp.response(200, TaskList)
def list_tasks(args: dict[str, Any]) -> dict[str, Any]:
    """The caller's tasks: mine (open, default), overdue, week, town (all open; the network's
    for a coordinator), done. A viewer holds no tasks and gets town by default."""
    items: list[Task] = engagement.list_tasks(
        db.session, api_user(), view=args["view"], today=clock.today()
    )
    return {"items": items, "total": len(items)}
