"""The import's forms. The mapping and decision forms are built per file and per page: one
select per column, one per row that needs a decision."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.fields.core import Field
from wtforms.validators import Optional

from app.i18n import lazy_gettext as _l
from app.limits import to_id
from app.models.imports import CompanyImport, CompanyImportRow, Decision, RowOutcome
from app.services import imports
from app.services.imports import IGNORE
from app.web.forms import VeturiForm, choices

DECISION_LABELS = {
    Decision.CREATE: _l("Create a new company"),
    Decision.UPDATE: _l("Update the existing company"),
    Decision.UPDATE_NAME: _l("Update it, and take the name from the file"),
    Decision.SKIP: _l("Skip this row"),
}
# a company field's name where the dry run lists what an update would change
CHANGE_LABELS = {
    "name": _l("Name"),
    "business_id": _l("Business ID (Y-tunnus)"),
    "auxiliary_names": _l("Auxiliary names"),
    "industry_code": _l("Industry code"),
    "industry_code_set": _l("Code set"),
    "industry_text": _l("Industry"),
    "municipality_code": _l("Municipality code"),
    "website": _l("Website"),
    "description": _l("Description"),
    "keywords": _l("Keywords"),
    "employees": _l("Employees"),
    "turnover_eur": _l("Turnover (EUR)"),
    "size_class": _l("Size class"),
    "is_anchor": _l("Anchor company"),
    "is_growth_seeking": _l("Growth-seeking"),
    "note": _l("Note"),
}


def change_value(value: Any) -> str:
    """A value of the dry run's old → new list as the page shows it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
CODE_SET_CHOICES = choices([("TOL2025", "TOL 2025"), ("TOL2008", "TOL 2008")])


def _optional_int(value: Any) -> int | None:
    return to_id(value)


class UploadForm(VeturiForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l(
            "CSV (comma or semicolon, UTF-8 or Windows-1252) or an Excel workbook (.xlsx), "
            "with a header row. At most 10 MB."
        ),
    )
    # only a coordinator is offered the choice; anyone else's value goes to authz, which refuses
    # another town than their own
    city_id = SelectField(
        _l("Town"), coerce=_optional_int, validators=[Optional()], validate_choice=False
    )


class MappingForm(VeturiForm):
    code_set = SelectField(
        _l("Industry codes in this file"),
        choices=CODE_SET_CHOICES,
        description=_l("Lists kept before 2026 usually have TOL 2008 codes."),
    )
    as_prospects = BooleanField(_l("Mark the new companies as prospects"))

    def columns(self) -> list[Field]:
        return [f for name, f in self._fields.items() if name.startswith("col_")]

    def to_mapping(self) -> list[str]:
        return [f.data or IGNORE for f in self.columns()]


def mapping_form(imp: CompanyImport) -> MappingForm:
    """A select per column of the file, preset to the saved (or guessed) field."""
    field_choices = choices([(IGNORE, _l("Ignore this column")),
                             *imports.field_choices(imp.headers, imp.mapping)])

    class Form(MappingForm):
        pass

    for index, header in enumerate(imp.headers):
        label = header or _l("Column %(n)s", n=index + 1)
        setattr(Form, f"col_{index}", SelectField(label, choices=field_choices, default=IGNORE))
    form = Form()
    if not form.is_submitted():
        for field, value in zip(form.columns(), imp.mapping, strict=False):
            field.data = value
        form.code_set.data = imp.options.get("code_set", "TOL2025")
        form.as_prospects.data = bool(imp.options.get("as_prospects"))
    return form


class DecisionsForm(VeturiForm):
    page = HiddenField()
    show = HiddenField()

    def row_fields(self) -> dict[int, Field]:
        return {int(name[4:]): f for name, f in self._fields.items() if name.startswith("row_")}

    def decisions(self) -> dict[int, str]:
        return {row_id: f.data or "" for row_id, f in self.row_fields().items()}


def decisions_form(rows: Iterable[CompanyImportRow], **kwargs: Any) -> DecisionsForm:
    """A select for each row on the page that offers a choice."""

    class Form(DecisionsForm):
        pass

    for row in rows:
        if not row.choices:
            continue
        options: list[tuple[str, Any]] = []
        if row.outcome is RowOutcome.ERROR:
            options.append(("", _l("Not decided: blocks the import")))
        options += [(d.value, DECISION_LABELS[d]) for d in row.choices]
        effective = row.effective
        setattr(Form, f"row_{row.id}", SelectField(
            _l("Action for row %(n)s", n=row.row_number),
            choices=choices(options),
            default=effective.value if effective else "",
        ))
    return Form(**kwargs)


class DecideAllForm(VeturiForm):
    outcome = HiddenField()
    decision = HiddenField()
