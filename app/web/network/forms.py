"""Forms of the network page."""

from __future__ import annotations

from datetime import datetime

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app import clock
from app.i18n import lazy_gettext as _l
from app.models import City
from app.services.network import DecisionInput, MeetingInput
from app.web.forms import VeturiForm, choices

_DT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def _aware(value: datetime | None) -> datetime | None:
    """A local time typed in the form, in the network's zone."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=clock.zone())


def town_choices(towns: list[City], empty: str) -> list:
    return choices([("", empty), *((str(t.id), t.name_fi) for t in towns)])


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


class MeetingForm(VeturiForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), format=_DT, validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=_DT, validators=[Optional()])
    place = StringField(_l("Place or video link"), validators=[Optional(), Length(max=200)])
    agenda = TextAreaField(_l("Agenda"), validators=[Optional(), Length(max=20000)])
    participants = TextAreaField(_l("Participants"), validators=[Optional(), Length(max=5000)],
                                 description=_l("One per line: name, town."))
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=50000)])

    def to_input(self) -> MeetingInput:
        return MeetingInput(title=self.title.data or "", starts_at=_aware(self.starts_at.data),
                            ends_at=_aware(self.ends_at.data), place=self.place.data or "",
                            agenda=self.agenda.data or "",
                            participants=self.participants.data or "",
                            minutes=self.minutes.data or "")


class DecisionForm(VeturiForm):
    text = TextAreaField(_l("Decision"), validators=[DataRequired(), Length(max=2000)])
    owner_city_id = SelectField(_l("Owner town"), validators=[Optional()])
    owner_name = StringField(_l("Owner person"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Due date"), validators=[Optional()])

    def to_input(self) -> DecisionInput:
        return DecisionInput(text=self.text.data or "",
                             owner_city_id=_int(self.owner_city_id.data),
                             owner_name=self.owner_name.data or "", due_on=self.due_on.data)


class FollowUpForm(VeturiForm):
    follow_up = TextAreaField(_l("Follow-up"), validators=[Optional(), Length(max=5000)])
    done = BooleanField(_l("Done"))


class ChairForm(VeturiForm):
    city_id = SelectField(_l("Chair town"), validators=[DataRequired()])
    starts_on = DateField(_l("Term starts"), validators=[DataRequired()])


class GoalForm(VeturiForm):
    city_id = SelectField(_l("Whose goal"), validators=[Optional()])
    title = StringField(_l("Goal"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    target_year = IntegerField(_l("Target year"), default=2027, validators=[DataRequired()])


class CycleForm(VeturiForm):
    text = TextAreaField(_l("Meeting cycle"), validators=[Optional(), Length(max=2000)])


def city_id_of(form: VeturiForm) -> int | None:
    return _int(form.city_id.data)  # type: ignore[attr-defined]
