"""The pipeline's forms: the board's filters (GET), a move and a park, the coordinator's stages
and thresholds, and a company's yearly figures."""

from __future__ import annotations

from typing import Any

from wtforms import (
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from app.i18n import lazy_gettext as _l
from app.services.companies.figures import MAX_YEARS, YearInput
from app.services.pipeline import ANY, StageInput, ThresholdsInput
from app.services.pipeline.configure import NUMBERS, WORDS
from app.web.forms import VeturiForm, choices


class BoardFilterForm(VeturiForm):
    class Meta:
        csrf = False

    town = IntegerField(_l("Town"), validators=[Optional()])
    owner = IntegerField(_l("Owner"), validators=[Optional()])
    flag = SelectField(_l("Flag"), choices=choices([
        ("", _l("Any company")), ("anchor", _l("Anchor companies")),
        ("growth", _l("Growth-seeking companies")), ("either", _l("Anchor or growth-seeking"))]),
        validators=[Optional()], default="")
    industry = StringField(_l("Industry code starts with"), validators=[Optional(), Length(max=10)])


class _Expected(VeturiForm):
    # the stage the user saw: a key, "" for "not on the board", absent for "anywhere"
    expected_stage = HiddenField()
    next = HiddenField()

    def expected(self, sent: Any) -> Any:
        """``sent``: the submitted form data, to tell an absent field from an empty one."""
        if "expected_stage" not in sent:
            return ANY
        return self.expected_stage.data or None


class MoveForm(_Expected):
    stage = StringField(_l("Move to stage"))
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class ParkForm(_Expected):
    reason = TextAreaField(_l("Why is the company parked?"), validators=[Length(max=2000)])


class StageForm(VeturiForm):
    key = HiddenField()
    name_fi = StringField(_l("Finnish name"), validators=[Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Length(max=100)])
    name_sv = StringField(_l("Swedish name (optional)"), validators=[Length(max=100)])
    stalled_after_days = IntegerField(_l("Stalled after (days without contact)"),
                                      validators=[Optional()])

    def to_input(self) -> StageInput:
        return StageInput(self.key.data or "", self.name_fi.data, self.name_en.data,
                          self.stalled_after_days.data, self.name_sv.data)


class StageOrderForm(VeturiForm):
    key = HiddenField()
    direction = HiddenField()


class StageDeleteForm(VeturiForm):
    key = HiddenField()


class ThresholdsForm(VeturiForm):
    high_growth = IntegerField(_l("A growth signal is high from (reasons)"),
                               validators=[Optional()])
    high_anchor = IntegerField(_l("An anchor signal is high from (reasons)"),
                               validators=[Optional()])
    employee_growth_pct = IntegerField(_l("Staff growth that counts (%)"),
                                       validators=[Optional()])
    turnover_growth_pct = IntegerField(_l("Turnover growth that counts (%)"),
                                       validators=[Optional()])
    growth_span_years = IntegerField(
        _l("Growth is measured over at most (years)"), validators=[Optional()],
        description=_l("From the earliest to the latest recorded year within this span."))
    export_share_pct = IntegerField(_l("Export share of turnover that counts (%)"),
                                    validators=[Optional()])
    growth_min_employees = IntegerField(_l("Employees to grow with, at least"),
                                        validators=[Optional()])
    anchor_employees = IntegerField(_l("A major employer has employees, at least"),
                                    validators=[Optional()])
    anchor_top_share = IntegerField(_l("Largest companies of the town by staff (top %)"),
                                    validators=[Optional()])
    anchor_industry_share = IntegerField(
        _l("A weighty industry employs of the town's staff (%)"), validators=[Optional()])
    growth_topics = StringField(_l("Contact topics that mean growth plans"),
                                validators=[Length(max=3000)],
                                description=_l("Separated by commas."))
    rdi_words = StringField(_l("Words that mean R&D activity"), validators=[Length(max=3000)],
                            description=_l("Separated by commas."))
    export_words = StringField(_l("Words that mean export"), validators=[Length(max=3000)],
                               description=_l("Separated by commas."))

    def to_input(self) -> ThresholdsInput:
        return ThresholdsInput({n: self[n].data for n in NUMBERS},
                               {n: self[n].data for n in WORDS})


class _LocalDecimal(DecimalField):
    """A decimal written the Finnish way too: "1 250 000,50"."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist:
            valuelist = [str(v).replace("\u00a0", "").replace(" ", "").replace(",", ".")
                         for v in valuelist]
        super().process_formdata(valuelist)


class YearRowForm(Form):
    year = IntegerField(_l("Year"), validators=[Optional()])
    employees = IntegerField(_l("Employees"), validators=[Optional()])
    turnover_eur = _LocalDecimal(_l("Turnover (EUR)"), validators=[Optional()])
    export_share_pct = _LocalDecimal(_l("Export share (%)"), validators=[Optional()])
    rnd_eur = _LocalDecimal(_l("R&D spend (EUR)"), validators=[Optional()])

    def to_input(self) -> YearInput:
        return YearInput(self.year.data, self.employees.data, self.turnover_eur.data,
                         self.export_share_pct.data, self.rnd_eur.data)


class FiguresForm(VeturiForm):
    rows = FieldList(FormField(YearRowForm), min_entries=0, max_entries=MAX_YEARS + 5)

    def to_input(self) -> list[YearInput]:
        return [row.form.to_input() for row in self.rows]
