"""Ecosystems, projects, lessons learned, courses and the network search in the API: the same
town scoping as the UI (another town's ecosystem or project is 404; another town's lesson kept
to that town is 404 and never listed)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api.auth import api_user, protect
from app.api.errors import from_field_errors
from app.api.schemas import INVALID_INPUT, ApiErrorSchema, ApiSchema, amount
from app.errors import FieldError
from app.extensions import db
from app.models.ecosystems import LessonKind, ProjectStatus
from app.services import ecosystems as service
from app.services.ecosystems import courses, lessons, search

blp = Blueprint("api_ecosystems", __name__, url_prefix="/api/v1",
                description="Ecosystems, projects, lessons learned, courses and the network "
                            "search.")
protect(blp)


class EcosystemSchema(ApiSchema):
    id = fields.Integer()
    city_id = fields.Integer(metadata={"description": "the town that keeps it"})
    town_ids = fields.Method("_towns", metadata={"description": "other towns it spans"})
    name = fields.String()
    description = fields.String()
    themes = fields.List(fields.String(), metadata={
        "description": "concept ids of the funding matcher's term list"})
    partners = fields.List(fields.String())

    def _towns(self, row: Any) -> list[int]:
        return sorted(t.city_id for t in row.towns)


class EcosystemListSchema(ApiSchema):
    items = fields.List(fields.Nested(EcosystemSchema))


class ProjectSchema(ApiSchema):
    id = fields.Integer()
    city_id = fields.Integer()
    ecosystem_id = fields.Integer(allow_none=True)
    name = fields.String()
    status = fields.Enum(ProjectStatus, by_value=True)
    funder = fields.String(allow_none=True)
    programme = fields.String(allow_none=True)
    call_id = fields.Integer(allow_none=True, metadata={"description": "the harvested call"})
    budget_eur = amount(allow_none=True)
    granted_eur = amount(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    coordinator = fields.String(allow_none=True)
    partners = fields.List(fields.String())
    outputs = fields.String()
    results = fields.String()


class ProjectListSchema(ApiSchema):
    items = fields.List(fields.Nested(ProjectSchema))


class LessonSchema(ApiSchema):
    id = fields.Integer(dump_only=True)
    city_id = fields.Integer(dump_only=True, allow_none=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Enum(LessonKind, by_value=True, required=True)
    context = fields.String(load_default="", validate=validate.Length(max=4000))
    what_was_done = fields.String(load_default="", validate=validate.Length(max=4000))
    result = fields.String(load_default="", validate=validate.Length(max=4000))
    do_differently = fields.String(load_default="", validate=validate.Length(max=4000))
    tags = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list,
                       validate=validate.Length(max=30))
    project_id = fields.Integer(load_default=None, allow_none=True)
    ecosystem_id = fields.Integer(load_default=None, allow_none=True)
    town_only = fields.Boolean(load_default=False, metadata={
        "description": "true: only the author's town sees it; else the whole network"})
    helped_count = fields.Integer(dump_only=True)


class LessonListSchema(ApiSchema):
    items = fields.List(fields.Nested(LessonSchema))


class LessonArgs(ApiSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(load_default="", validate=validate.OneOf(("", *lessons.KINDS)))
    order = fields.String(load_default="newest", validate=validate.OneOf(("newest", "useful")))


class CourseSchema(ApiSchema):
    id = fields.Integer()
    title = fields.String()
    provider = fields.String()
    description = fields.String()
    language = fields.String()
    format = fields.String()
    ects = amount(allow_none=True)
    hours = fields.Integer(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    self_paced = fields.Boolean()
    price_eur = amount(allow_none=True, metadata={"description": "0: free; null: not given"})
    target_group = fields.String(allow_none=True)
    url = fields.String(metadata={"description": "where to enrol, at the provider"})
    themes = fields.List(fields.String())


class CourseListSchema(ApiSchema):
    items = fields.List(fields.Nested(CourseSchema))


class CourseArgs(ApiSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    theme = fields.String(load_default="", validate=validate.Length(max=60))
    language = fields.String(load_default="", validate=validate.OneOf(
        ("", *courses.COURSE_LANGUAGES)))
    provider = fields.Integer(load_default=None, allow_none=True,
                              metadata={"description": "an education partner's id"})
    format = fields.String(load_default="", validate=validate.OneOf(("", *courses.FORMATS)))
    month = fields.String(load_default="", validate=validate.Regexp(r"^(\d{4}-\d{2})?$"),
                          metadata={"description": "YYYY-MM: starting that month"})


class SearchArgs(ApiSchema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))


class HitSchema(ApiSchema):
    id = fields.Integer()
    title = fields.String()
    detail = fields.String()


class SearchSchema(ApiSchema):
    companies = fields.List(fields.Nested(HitSchema))
    ecosystems = fields.List(fields.Nested(HitSchema))
    projects = fields.List(fields.Nested(HitSchema))
    lessons = fields.List(fields.Nested(HitSchema))
    services = fields.List(fields.Nested(HitSchema))
    courses = fields.List(fields.Nested(HitSchema))


@blp.get("/ecosystems")
@blp.response(200, EcosystemListSchema)
def list_ecosystems() -> dict[str, Any]:
    """The ecosystems of the token user's towns (those they span included)."""
    return {"items": service.list_ecosystems(db.session, api_user())}


@blp.get("/ecosystems/<int:ecosystem_id>")
@blp.response(200, EcosystemSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def get_ecosystem(ecosystem_id: int) -> Any:
    """One ecosystem; another town's is 404."""
    return service.get_ecosystem(db.session, api_user(), ecosystem_id)


@blp.get("/projects")
@blp.response(200, ProjectListSchema)
def list_projects() -> dict[str, Any]:
    """The projects of the token user's towns (those they take part in included)."""
    return {"items": service.list_projects(db.session, api_user())}


@blp.get("/projects/<int:project_id>")
@blp.response(200, ProjectSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def get_project(project_id: int) -> Any:
    """One project; another town's is 404."""
    return service.get_project(db.session, api_user(), project_id)


@blp.get("/lessons")
@blp.arguments(LessonArgs, location="query")
@blp.response(200, LessonListSchema)
def list_lessons(args: dict[str, Any]) -> dict[str, Any]:
    """The network's lessons learned, newest or most useful first; another town's lessons kept
    to that town never appear."""
    return {"items": lessons.list_lessons(db.session, api_user(), query=args["q"],
                                          kind=args["kind"], order=args["order"])}


@blp.get("/lessons/<int:lesson_id>")
@blp.response(200, LessonSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def get_lesson(lesson_id: int) -> Any:
    """One lesson; another town's lesson kept to that town is 404."""
    return lessons.get_lesson(db.session, api_user(), lesson_id)


@blp.post("/lessons")
@blp.arguments(LessonSchema)
@blp.response(201, LessonSchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def create_lesson(data: dict[str, Any]) -> Any:
    """Write a lesson as the token user (their town's). A viewer gets 403."""
    try:
        return lessons.create_lesson(db.session, api_user(), lessons.LessonInput(
            title=data["title"], kind=data["kind"].value, context=data["context"],
            what_was_done=data["what_was_done"], result=data["result"],
            do_differently=data["do_differently"], tags=tuple(data["tags"]),
            project_id=data["project_id"], ecosystem_id=data["ecosystem_id"],
            town_only=data["town_only"]))
    except FieldError as exc:
        return from_field_errors(exc)


@blp.get("/courses")
@blp.arguments(CourseArgs, location="query")
@blp.response(200, CourseListSchema)
def list_courses(args: dict[str, Any]) -> dict[str, Any]:
    """The course portal's courses (the same as the public /courses page)."""
    filters = courses.CourseFilters(q=args["q"], theme=args["theme"], language=args["language"],
                                    partner_id=args["provider"], format=args["format"],
                                    month=args["month"])
    return {"items": courses.search_courses(db.session, filters)}


@blp.get("/search")
@blp.arguments(SearchArgs, location="query")
@blp.response(200, SearchSchema)
def network_search(args: dict[str, Any]) -> dict[str, Any]:
    """One query across the network, grouped by kind: companies of the user's towns, their
    ecosystems and projects, the network's lessons, published services and courses."""
    return search.network_search(db.session, api_user(), args["q"])
