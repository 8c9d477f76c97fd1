from __future__ import annotations

from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.i18n import lazy_gettext as _l
from app.limits import to_id
from app.models import Company, SizeClass
from app.services.companies.search import CompanyFilters
from app.services.inputs import CompanyInput
from app.web.forms import VeturiForm, choices, split_list
from app.web.labels import LABELS

SIZE_CHOICES = choices([("", _l("Unknown")), *((s.value, LABELS[s]) for s in SizeClass)])
CODE_SET_CHOICES = choices([("TOL2025", "TOL 2025"), ("TOL2008", "TOL 2008")])


def _int_or_none(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[call-overload]


class CompanyForm(VeturiForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    business_id = StringField(
        _l("Business ID (Y-tunnus)"),
        validators=[Optional(), Length(max=20)],
        description=_l("For example 1234567-1."),
    )
    auxiliary_names = TextAreaField(
        _l("Auxiliary names"),
        validators=[Optional(), Length(max=2000)],
        description=_l("One per line or separated by commas."),
    )
    industry_code = StringField(
        _l("Industry code"),
        validators=[Optional(), Length(max=10)],
        description=_l("TOL code, for example 25620."),
    )
    industry_code_set = SelectField(_l("Code set"), choices=CODE_SET_CHOICES, default="TOL2025")
    industry_text = StringField(_l("Industry"), validators=[Optional(), Length(max=200)])
    municipality_code = StringField(
        _l("Municipality code"),
        validators=[Optional(), Length(max=3)],
        description=_l("Three digits, for example 140."),
    )
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    keywords = StringField(
        _l("Keywords"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Separated by commas."),
    )
    employees = IntegerField(_l("Employees"), validators=[Optional(), NumberRange(min=0)])
    turnover_eur = DecimalField(
        _l("Turnover (EUR)"), validators=[Optional(), NumberRange(min=0)], places=0
    )
    size_class = SelectField(_l("Size class"), choices=SIZE_CHOICES, default="")
    is_growth_seeking = BooleanField(_l("Growth-seeking"))
    is_anchor = BooleanField(_l("Anchor company"))
    owner_id = SelectField(
        _l("Owner"),
        coerce=_int_or_none,
        validators=[Optional()],
        description=_l("The staff member who keeps in touch with the company."),
    )

    def to_input(self, city_id: int | None = None) -> CompanyInput:
        """The input of what was sent: a field missing from the request is UNSET and keeps its
        value (an unticked checkbox is never sent, so the flags always count as given)."""
        sent = lambda f: f.raw_data not in (None, [])  # noqa: E731
        values = {
            "name": self.name.data or "",
            "business_id": self.business_id.data,
            "auxiliary_names": split_list(self.auxiliary_names.data),
            "industry_code": self.industry_code.data,
            "industry_code_set": self.industry_code_set.data if self.industry_code.data else None,
            "industry_text": self.industry_text.data or None,
            "municipality_code": self.municipality_code.data,
            "website": self.website.data,
            "description": self.description.data,
            "keywords": split_list(self.keywords.data),
            "employees": self.employees.data,
            "turnover_eur": self.turnover_eur.data,
            "size_class": self.size_class.data or None,
            "owner_id": self.owner_id.data,
        }
        given = {k: v for k, v in values.items() if sent(self[k])}
        given.pop("industry_code_set", None)  # the code set travels with the code
        if "industry_code" in given:
            given["industry_code_set"] = values["industry_code_set"]
        return CompanyInput(
            **given,
            is_growth_seeking=self.is_growth_seeking.data,
            is_anchor=self.is_anchor.data,
            city_id=city_id,
        )

    @classmethod
    def from_company(cls, company: Company) -> CompanyForm:
        form = cls(obj=company)
        if not form.is_submitted():
            form.auxiliary_names.data = "\n".join(company.auxiliary_names or [])
            form.keywords.data = ", ".join(company.keywords or [])
            form.size_class.data = company.size_class.value if company.size_class else ""
            form.industry_code_set.data = (
                company.industry_code_set.value if company.industry_code_set else "TOL2025"
            )
        return form


class NetworkCompanyForm(CompanyForm):
    """A coordinator works for the whole network and picks the owning town."""

    city_id = SelectField(_l("Town"), coerce=int, validators=[DataRequired()])


class AssignOwnerForm(VeturiForm):
    """The list's bulk action: give the chosen companies an owner (or none)."""

    company_ids = SelectMultipleField(_l("Companies"), coerce=int, validate_choice=False)
    owner_id = SelectField(_l("New owner"), coerce=_int_or_none, validators=[Optional()])
    query = HiddenField()


class FlagCompaniesForm(VeturiForm):
    """The list's bulk action: mark the chosen companies as anchor or growth-seeking."""

    company_ids = SelectMultipleField(_l("Companies"), coerce=int, validate_choice=False)
    flag = SelectField(
        _l("Flag"),
        choices=choices([("anchor", _l("Anchor company")), ("growth", _l("Growth-seeking"))]),
        validators=[DataRequired()],
    )
    query = HiddenField()


class SelectionForm(VeturiForm):
    """The chosen companies of the list, for exporting only them."""

    company_ids = SelectMultipleField(_l("Companies"), coerce=int, validate_choice=False)
    query = HiddenField()


TRISTATE = [("", _l("Any")), ("yes", _l("Yes")), ("no", _l("No"))]


def _tristate(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class CompanyFilterForm(VeturiForm):
    """The list's search and filters: a GET form, so a filtered list is a shareable link."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search"),
        validators=[Optional(), Length(max=200)],
        description=_l("Name, part of a name, business ID or keyword."),
    )
    section = SelectField(_l("Industry section"), validators=[Optional()])
    industry_code = StringField(
        _l("Industry code begins with"), validators=[Optional(), Length(max=5)]
    )
    municipality = StringField(_l("Municipality code"), validators=[Optional(), Length(max=3)])
    size = SelectField(_l("Size"), validators=[Optional()])
    anchor = SelectField(_l("Anchor company"), choices=choices(TRISTATE), validators=[Optional()])
    growth = SelectField(_l("Growth-seeking"), choices=choices(TRISTATE), validators=[Optional()])
    prospect = SelectField(_l("Prospect"), choices=choices(TRISTATE), validators=[Optional()])
    owner = SelectField(_l("Owner"), validators=[Optional()])
    no_contact_days = IntegerField(
        _l("No contact in (days)"), validators=[Optional(), NumberRange(min=1, max=36500)]
    )
    city_id = SelectField(_l("Town"), validators=[Optional()])
    sort = SelectField(_l("Order"), validators=[Optional()])

    def to_filters(self, actor_id: int) -> CompanyFilters:
        owner = self.owner.data or ""
        city = self.city_id.data or ""
        return CompanyFilters(
            q=(self.q.data or "").strip() or None,
            section=self.section.data or None,
            industry_code=(self.industry_code.data or "").strip() or None,
            municipality=(self.municipality.data or "").strip() or None,
            size=self.size.data or None,
            anchor=_tristate(self.anchor.data),
            growth=_tristate(self.growth.data),
            prospect=_tristate(self.prospect.data),
            owner_id=actor_id if owner == "me" else to_id(owner),
            unowned=owner == "none",
            no_contact_days=self.no_contact_days.data,
            city_id=to_id(city),
            sort=self.sort.data or ("relevance" if self.q.data else "name"),
        )


class SaveFilterForm(VeturiForm):
    name = StringField(_l("Name of the saved search"), validators=[DataRequired(), Length(max=100)])
    query = HiddenField()


class MergeForm(VeturiForm):
    keep = RadioField(_l("Which record is kept?"), validators=[DataRequired()])
    # shown only for companies of two towns: the other town's personal data moves
    confirm_moves = BooleanField(
        _l("I confirm that the contacts, logged contacts and tasks of the record that is not "
           "kept move to the kept record's town.")
    )
