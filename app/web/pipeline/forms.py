"""The pipeline's forms: the board's filters (GET), a move and a park."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.i18n import lazy_gettext as _l
from app.services.pipeline import ANY, StageInput
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
    stalled_after_days = IntegerField(_l("Stalled after (days without contact)"),
                                      validators=[Optional()])

    def to_input(self) -> StageInput:
        return StageInput(self.key.data or "", self.name_fi.data, self.name_en.data,
                          self.stalled_after_days.data)
