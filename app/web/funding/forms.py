"""Forms of the funding area: the calls list's filters (GET), a manual call, a source, an upload."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app import clock
from app.i18n import lazy_gettext as _l
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.services.funding.inputs import CallInput
from app.services.funding.sources import SourceInput
from app.web.forms import VeturiForm, choices
from app.web.funding.labels import APPLICANTS, STATUS
from connectors.records import APPLICANT_TYPES

_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M",
            "%d.%m.%Y klo %H.%M")
_DAY_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


class CheckboxList(SelectMultipleField):
    """Several choices as labelled checkboxes (keyboard- and screen-reader-friendly)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def parse_deadline(text: str) -> datetime:
    """A deadline typed in Helsinki time; a day alone means 23.59 that day."""
    text = " ".join(text.split())
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=clock.zone())
        except ValueError:
            continue
    for fmt in _DAY_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return datetime.combine(day, time(23, 59), tzinfo=clock.zone())
    raise ValueError(text)


class CallFilterForm(VeturiForm):
    """The calls list's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)],
                    description=_l("Words in the title, identifiers, programme or summary."))
    programme = SelectField(_l("Programme"), validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), validators=[Optional()], choices=choices(
        [("", _l("Any but withdrawn")), *((s.value, STATUS[s]) for s in CallStatus)]))
    kind = SelectField(_l("Kind"), validators=[Optional()], choices=choices(
        [("", _l("Any")), *((k.value, STATUS[k]) for k in CallKind)]))
    deadline_from = DateField(_l("Next deadline from"), validators=[Optional()])
    deadline_to = DateField(_l("Next deadline until"), validators=[Optional()])
    applicant_type = SelectField(
        _l("Open to"), validators=[Optional()],
        choices=choices([("", _l("Anyone")), *((t, APPLICANTS[t]) for t in APPLICANT_TYPES)]),
        description=_l("Calls that do not state their applicants are included."),
    )


class CallForm(VeturiForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=1000)])
    kind = SelectField(_l("Kind"), choices=choices((k.value, STATUS[k]) for k in CallKind),
                       default="call",
                       description=_l("An announcement is matched only once it is a call."))
    status = SelectField(_l("Status"), default="open", choices=choices(
        [("", _l("Not stated")), *((s.value, STATUS[s]) for s in CallStatus
                                   if s is not CallStatus.WITHDRAWN)]))
    url = URLField(_l("Link to the call"), validators=[Optional(), Length(max=2000)])
    funder = StringField(_l("Funder"), validators=[Optional(), Length(max=300)])
    programme = StringField(_l("Programme"), validators=[Optional(), Length(max=300)])
    call_identifier = StringField(_l("Call identifier"), validators=[Optional(), Length(max=200)])
    topic_identifier = StringField(_l("Topic identifier"),
                                   validators=[Optional(), Length(max=200)])
    type_of_action = StringField(_l("Type of action"), validators=[Optional(), Length(max=300)])
    opening_date = DateField(_l("Opens"), validators=[Optional()])
    deadlines = TextAreaField(
        _l("Deadlines"), validators=[Optional(), Length(max=1000)],
        description=_l("One per line in Helsinki time, e.g. 2026-10-01 16:00 or 1.10.2026 "
                       "16.00; a day alone means 23.59."),
    )
    is_continuous = BooleanField(_l("Continuous (no deadline)"))
    budget_eur = DecimalField(_l("Budget (EUR)"), validators=[Optional(), NumberRange(min=0)],
                              places=None)
    funding_rate_pct = DecimalField(_l("Funding rate (%)"), places=None,
                                    validators=[Optional(), NumberRange(min=0, max=100)])
    applicant_types = CheckboxList(
        _l("Open to"), choices=choices((t, APPLICANTS[t]) for t in APPLICANT_TYPES),
        validators=[Optional()], description=_l("Leave all unticked when not known."),
    )
    keywords = TextAreaField(_l("Keywords"), validators=[Optional(), Length(max=10_000)],
                             description=_l("One per line."))
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=50_000)])

    def validate_deadlines(self, field: TextAreaField) -> None:
        for line in (field.data or "").splitlines():
            if line.strip():
                try:
                    parse_deadline(line)
                except ValueError as exc:
                    raise ValidationError(
                        _l("%(value)s is not a date and time.", value=line.strip())) from exc

    def to_input(self) -> CallInput:
        lines = [line for line in (self.deadlines.data or "").splitlines() if line.strip()]
        return CallInput(
            title=self.title.data or "", url=self.url.data, summary=self.summary.data,
            description=self.description.data, programme=self.programme.data,
            funder=self.funder.data, call_identifier=self.call_identifier.data,
            topic_identifier=self.topic_identifier.data, type_of_action=self.type_of_action.data,
            opening_date=self.opening_date.data,
            deadlines=tuple(parse_deadline(line) for line in lines),
            is_continuous=bool(self.is_continuous.data), status=self.status.data or None,
            budget_eur=self.budget_eur.data,
            funding_rate_pct=Decimal(self.funding_rate_pct.data)
            if self.funding_rate_pct.data is not None else None,
            applicant_types=tuple(self.applicant_types.data) or None,
            keywords=tuple(k.strip() for k in (self.keywords.data or "").splitlines()),
            kind=self.kind.data or "call",
        )

    @classmethod
    def from_call(cls, call: FundingCall) -> CallForm:
        form = cls(obj=call)
        if not form.is_submitted():
            form.kind.data = call.kind.value
            form.status.data = call.status.value if call.status else ""
            form.deadlines.data = "\n".join(
                d.astimezone(clock.zone()).strftime("%Y-%m-%d %H:%M")
                for d in call.deadline_datetimes
            )
            form.applicant_types.data = list(call.applicant_types or [])
            form.keywords.data = "\n".join(call.keywords or [])
        return form


class SourceForm(VeturiForm):
    enabled = BooleanField(_l("Harvested"))
    url = URLField(_l("Address"), validators=[Optional(), Length(max=1000)],
                   description=_l("Where the connector reads the source."))
    schedule = StringField(
        _l("Own schedule"), validators=[Optional(), Length(max=100)],
        description=_l("Crontab fields in Helsinki time, e.g. 0 5 * * 1; empty for the daily "
                       "harvest. The scheduler reads it when it starts."),
    )

    def to_input(self) -> SourceInput:
        return SourceInput(enabled=bool(self.enabled.data), url=self.url.data,
                           schedule=self.schedule.data)


class ImportForm(VeturiForm):
    file = FileField(_l("File"), validators=[
        FileRequired(), FileAllowed(["csv", "xlsx"], _l("A .csv or .xlsx file."))])


class ImportCommitForm(VeturiForm):
    """The dry run's "import" button: the same file, carried in the page (re-read on import)."""

    content = HiddenField(validators=[DataRequired()])
    filename = HiddenField(validators=[DataRequired(), Length(max=255)])
