"""Companies in the API: list and read (town-scoped as in the UI), create, and a company's
yearly figures (read with the company, replaced as a table)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields, validate

from app.api.auth import api_user, protect
from app.api.errors import from_field_errors
from app.api.schemas import INVALID_INPUT, ApiErrorSchema, ApiSchema, PageArgs, amount
from app.errors import FieldError
from app.extensions import db
from app.models import Company, IndustryCodeSet, SizeClass
from app.services import companies
from app.services.companies import figures
from app.services.inputs import CompanyInput

blp = Blueprint(
    "api_companies",
    __name__,
    url_prefix="/api/v1/companies",
    description="Companies of the caller's town (coordinators: the network).",
)
protect(blp)


class CompanySchema(ApiSchema):
    id = fields.Integer(dump_only=True)
    business_id = fields.String(allow_none=True, metadata={"example": "2077474-0"})
    name = fields.String(required=True)  # the service checks it with every other field
    auxiliary_names = fields.List(
        fields.String(validate=validate.Length(max=200)), load_default=list
    )
    city = fields.Function(
        lambda c: c.city.code,
        dump_only=True,
        metadata={"description": "municipality code of the owning town"},
    )
    city_id = fields.Integer(
        load_only=True,
        load_default=None,
        metadata={"description": "owning town (coordinators only)"},
    )
    anchor = fields.Boolean(attribute="is_anchor", load_default=False)
    growth_seeking = fields.Boolean(attribute="is_growth_seeking", load_default=False)
    industry_code = fields.String(allow_none=True, load_default=None)
    industry_code_set = fields.Enum(
        IndustryCodeSet, by_value=True, allow_none=True, load_default=None
    )
    industry_text = fields.String(allow_none=True, load_default=None)
    municipality_code = fields.String(allow_none=True, load_default=None)
    website = fields.String(allow_none=True, load_default=None)
    description = fields.String(allow_none=True, load_default=None)
    keywords = fields.List(fields.String(), load_default=list)
    employees = fields.Integer(allow_none=True, load_default=None)
    turnover_eur = amount(allow_none=True, load_default=None)
    size_class = fields.Enum(SizeClass, by_value=True, allow_none=True, load_default=None)
    owner_id = fields.Integer(
        allow_none=True,
        load_default=None,
        metadata={
            "description": "the owner (vastuuhenkilö): an active staff member or city admin of "
            "the company's towns (a coordinator may also name a coordinator); any other id is "
            "refused as unknown"
        },
    )
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class YearSchema(ApiSchema):
    year = fields.Integer(required=True, validate=validate.Range(min=figures.FIRST_YEAR,
                                                                  max=2999))
    employees = fields.Integer(allow_none=True, load_default=None,
                               validate=validate.Range(min=0))
    turnover_eur = amount(allow_none=True, load_default=None)
    export_share_pct = amount(allow_none=True, load_default=None,
                              metadata={"description": "export share of turnover, 0–100"})
    rnd_eur = amount(allow_none=True, load_default=None,
                     metadata={"description": "R&D spend in euros"})


class YearsSchema(ApiSchema):
    years = fields.List(fields.Nested(YearSchema), required=True,
                        validate=validate.Length(max=figures.MAX_YEARS),
                        metadata={"description": "one row per year, latest first when read"})


class CompanyDetailSchema(CompanySchema):
    yearly_figures = fields.List(fields.Nested(YearSchema), dump_only=True,
                                 metadata={"description": "staff, turnover, export share and "
                                                          "R&D spend by year, latest first"})


class _WithYears:
    """A company with its yearly figures, for the detail schema."""

    def __init__(self, company: Company, years: list[figures.YearRecord]) -> None:
        self._company = company
        self.yearly_figures = years

    def __getattr__(self, name: str) -> Any:
        return getattr(self._company, name)


class CompanyChangeSchema(CompanySchema):
    """A PATCH body: any subset of a company's fields; an absent key keeps its value."""


class CompanyListArgs(PageArgs):
    q = fields.String(
        load_default=None,
        validate=validate.Length(max=200),
        metadata={"description": "name (forgiving), business ID or keyword"},
    )


class CompanyPage(ApiSchema):
    items = fields.List(fields.Nested(CompanySchema))
    total = fields.Integer()


def _value(member: Any) -> str | None:
    return member.value if member is not None else None


_CONVERT: dict[str, Any] = {
    "auxiliary_names": lambda v: tuple(v or ()),
    "keywords": lambda v: tuple(v or ()),
    "industry_code_set": _value,
    "size_class": _value,
}


def to_input(data: dict[str, Any]) -> CompanyInput:
    """The loaded body as an input: a key the body does not carry stays UNSET, so a PATCH
    changes only what it sends (POST fills its absent keys with the schema's defaults)."""
    given = {
        key: _CONVERT.get(key, lambda v: v)(value)
        for key, value in data.items()
        if key in CompanyInput.__dataclass_fields__ and key != "extra"
    }
    return CompanyInput(**given)


@blp.get("")
@blp.arguments(CompanyListArgs, location="query")
@blp.response(200, CompanyPage)
def list_companies(args: dict[str, Any]) -> dict[str, Any]:
    """List the companies the caller may see, best match first when `q` is given."""
    page = companies.search_companies(
        db.session, api_user(), query=args["q"], page=args["page"], per_page=args["per_page"]
    )
    return {"items": page.items, "total": page.total}


@blp.get("/<int:company_id>")
@blp.response(200, CompanyDetailSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def get_company(company_id: int) -> Any:
    """One company with its yearly figures; another town's company is 404."""
    company = companies.get_company(db.session, api_user(), company_id)
    return _WithYears(company, figures.yearly_figures(db.session, api_user(), company))


@blp.put("/<int:company_id>/figures")
@blp.arguments(YearsSchema)
@blp.response(200, YearsSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def put_figures(data: dict[str, Any], company_id: int) -> Any:
    """Replace the company's table of yearly figures: a year left out is removed, one year may
    come once. 422 (`years.<i>.<field>`) writes nothing; another town's company is 404."""
    rows = [figures.YearInput(y["year"], y["employees"], y["turnover_eur"],
                              y["export_share_pct"], y["rnd_eur"]) for y in data["years"]]
    try:
        saved = figures.save_yearly_figures(db.session, api_user(), company_id, rows)
    except FieldError as exc:
        return from_field_errors(exc)
    return {"years": saved}


@blp.post("")
@blp.arguments(CompanySchema)
@blp.response(201, CompanySchema)
@blp.alt_response(422, schema=ApiErrorSchema, description=INVALID_INPUT)
def create_company(data: dict[str, Any]) -> Any:
    """Create a company in the caller's town; 422 with field errors writes nothing."""
    try:
        company = companies.create_company(db.session, api_user(), to_input(data))
    except FieldError as exc:
        return from_field_errors(exc)
    return company


@blp.patch("/<int:company_id>")
@blp.arguments(CompanyChangeSchema(partial=True))
@blp.response(200, CompanySchema)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.alt_response(422, schema=ApiErrorSchema)
def update_company(data: dict[str, Any], company_id: int) -> Any:
    """Change the fields the body carries; an absent key keeps its value, `null` clears it.
    `owner_id` takes only a user whom the caller may assign (any other id is 422, exactly as an
    id that does not exist). Another town's company is 404."""
    try:
        company = companies.update_company(db.session, api_user(), company_id, to_input(data))
    except FieldError as exc:
        return from_field_errors(exc)
    return company
