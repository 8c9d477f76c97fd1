"""Applications for funding in the API: list, read, record and update (with the outcome)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api.auth import api_user, protect
from app.api.errors import from_field_errors
from app.api.schemas import INVALID_INPUT, ApiErrorSchema, ApiSchema, amount
from app.errors import FieldError
from app.extensions import db
from app.services import benefits
from app.services.benefits import ApplicationInput, ApplicationRow

blp = Blueprint(
    "api_applications",
    __name__,
    url_prefix="/api/v1",
    description="Applications for funding and their outcomes (awarded, not awarded, withdrawn).",
)
protect(blp)

_AMOUNT_IN = {"type": "string", "description": "euros, e.g. \"125000.50\"; never negative"}


class ApplicationInSchema(ApiSchema):
    """Amounts are read as text: the service reads them and names a wrong one in its error."""

    match_id = fields.Integer(load_default=None, metadata={"description": "record from a match"})
    company_id = fields.Integer(load_default=None)
    call_title = fields.String(load_default=None)
    programme = fields.String(load_default=None)
    funding_level = fields.String(load_default=None,
                                  validate=validate.OneOf(["eu", "national", "regional"]))
    role = fields.String(load_default="coordinator",
                         validate=validate.OneOf(["coordinator", "partner"]))
    partners = fields.List(fields.String(), load_default=list,
                           metadata={"description": "company ids or business IDs (Y-tunnus)"})
    other_partners = fields.String(load_default=None)
    amount_applied_eur = fields.Raw(load_default=None, allow_none=True, metadata=_AMOUNT_IN)
    company_share_eur = fields.Raw(load_default=None, allow_none=True, metadata=_AMOUNT_IN)
    submitted_on = fields.Date(load_default=None, allow_none=True)
    outcome = fields.String(load_default="pending", validate=validate.OneOf(
        ["pending", "awarded", "not_awarded", "withdrawn"]))
    amount_granted_eur = fields.Raw(load_default=None, allow_none=True, metadata=_AMOUNT_IN)
    decided_on = fields.Date(load_default=None, allow_none=True)
    notes = fields.String(load_default=None)


class PartnerSchema(ApiSchema):
    id = fields.Integer(allow_none=True)
    name = fields.String()


class ApplicationSchema(ApiSchema):
    """One application as the caller may see it; ``as_partner``: seen from a partner's town,
    without the applicant's amounts and notes."""

    id = fields.Integer()
    as_partner = fields.Boolean()
    call_title = fields.String()
    programme = fields.String(allow_none=True)
    call_id = fields.Integer(allow_none=True)
    match_id = fields.Integer(allow_none=True)
    company_id = fields.Integer(allow_none=True)
    company_name = fields.String()
    funding_level = fields.String()
    role = fields.String()
    outcome = fields.String()
    submitted_on = fields.Date(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    amount_applied_eur = amount(allow_none=True)
    company_share_eur = amount(allow_none=True)
    amount_granted_eur = amount(allow_none=True)
    other_partners = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)
    partners = fields.Function(lambda r: [{"id": i, "name": n} for i, n in r.partners],
                               metadata={"type": "array", "items": {"type": "object"}})
    warnings = fields.List(fields.String(), dump_default=[])


class ApplicationArgs(ApiSchema):
    company_id = fields.Integer(load_default=None)
    outcome = fields.String(load_default=None, validate=validate.OneOf(
        ["pending", "awarded", "not_awarded", "withdrawn"]))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000_000))


class ApplicationList(ApiSchema):
    items = fields.List(fields.Nested(ApplicationSchema))
    total = fields.Integer()


def _input(data: dict[str, Any]) -> ApplicationInput:
    return ApplicationInput(**{k: v for k, v in data.items() if k != "match_id"} | {
        "partners": tuple(data.get("partners") or ())})


def _out(row: ApplicationRow, warnings: list[Any]) -> dict[str, Any]:
    out = {k: getattr(row, k) for k in row.__slots__}  # type: ignore[attr-defined]
    out["partners"] = row.partners
    out["warnings"] = [str(w) for w in warnings]
    return _Dumpable(out)


class _Dumpable(dict):
    """A dict whose keys read as attributes (``fields.Function`` gets the row)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


@blp.get("/applications")
@blp.arguments(ApplicationArgs, location="query")
@blp.response(200, ApplicationList)
def list_applications(args: dict[str, Any]) -> dict[str, Any]:
    """The applications the caller sees: its towns' in full, and those where one of its
    companies is a partner (the applicant by name only)."""
    items = benefits.list_applications(db.session, api_user(), company_id=args["company_id"],
                                       outcome=args["outcome"], limit=args["limit"],
                                       offset=args["offset"])
    return {"items": [_out(r, []) for r in items], "total": len(items)}


@blp.get("/applications/<int:application_id>")
@blp.response(200, ApplicationSchema)
def get_application(application_id: int) -> Any:
    """One application."""
    return _out(benefits.get_application(db.session, api_user(), application_id), [])


@blp.post("/applications")
@blp.arguments(ApplicationInSchema)
@blp.response(201, ApplicationSchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def create_application(data: dict[str, Any]) -> Any:
    """Record an application, from a match (``match_id``) or standalone (``company_id`` and
    ``call_title``). ``warnings`` lists figures saved as given that deserve a second look."""
    try:
        saved = benefits.create_application(db.session, api_user(), _input(data),
                                            match_id=data.get("match_id"))
    except FieldError as exc:
        return from_field_errors(exc)
    row = benefits.get_application(db.session, api_user(), saved.application.id)
    return _out(row, saved.warnings), 201


@blp.put("/applications/<int:application_id>")
@blp.arguments(ApplicationInSchema)
@blp.response(200, ApplicationSchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def update_application(data: dict[str, Any], application_id: int) -> Any:
    """Replace an application's fields, its outcome included; the match follows."""
    try:
        saved = benefits.update_application(db.session, api_user(), application_id,
                                            _input(data))
    except FieldError as exc:
        return from_field_errors(exc)
    return _out(benefits.get_application(db.session, api_user(), saved.application.id),
                saved.warnings)
