from __future__ import annotations

from wtforms import (
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import lazy_gettext as _l
from app.models import InteractionKind
from app.services.inputs import InteractionInput, TaskInput
from app.web.forms import VeturiForm, choices, split_list
from app.web.labels import LABELS


class CheckboxList(SelectMultipleField):
    """Several choices as a list of labelled checkboxes (keyboard- and screen-reader-friendly)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _int_or_none(value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    return int(value)


# The most common contact first (a phone call), so the default is usually right; a note, which
# is not a contact, last.
KIND_ORDER = (
    InteractionKind.PHONE,
    InteractionKind.MEETING,
    InteractionKind.VISIT,
    InteractionKind.EMAIL,
    InteractionKind.EVENT,
    InteractionKind.OTHER,
    InteractionKind.NOTE,
)
# A date field sends ISO from the browser's date picker; typed by hand where the browser has
# none, the Finnish day.month.year is accepted too (the format the field's hint gives).
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class InteractionForm(VeturiForm):
    kind = SelectField(
        _l("Kind of contact"),
        choices=choices((k.value, LABELS[k]) for k in KIND_ORDER),
        validators=[DataRequired()],
    )
    occurred_on = DateField(_l("Date"), validators=[DataRequired()], format=DATE_FORMATS)
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("What was discussed and agreed."),
    )
    topics = StringField(
        _l("Topics"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Separated by commas, for example funding, recruitment."),
    )
    contact_ids = CheckboxList(
        _l("Participants from the company"), coerce=int, validators=[Optional()]
    )
    staff_ids = CheckboxList(_l("Participants from the town"), coerce=int, validators=[Optional()])
    follow_up_title = StringField(
        _l("Follow-up task"),
        validators=[Optional(), Length(max=200)],
        description=_l("Leave empty if no follow-up is needed."),
    )
    follow_up_due_on = DateField(
        _l("Follow-up due"), validators=[Optional()], format=DATE_FORMATS
    )
    follow_up_assignee_id = SelectField(
        _l("Follow-up assignee"), coerce=_int_or_none, validators=[Optional()]
    )

    def to_input(self) -> InteractionInput:
        follow_up = None
        if self.follow_up_title.data and self.follow_up_title.data.strip():
            follow_up = TaskInput(
                title=self.follow_up_title.data,
                due_on=self.follow_up_due_on.data,
                assignee_id=self.follow_up_assignee_id.data,
            )
        return InteractionInput(
            kind=self.kind.data,
            occurred_on=self.occurred_on.data,
            summary=self.summary.data or "",
            topics=split_list(self.topics.data),
            contact_ids=tuple(self.contact_ids.data or ()),
            staff_ids=tuple(self.staff_ids.data or ()),
            follow_up=follow_up,
        )


class TaskForm(VeturiForm):
    title = StringField(_l("Task"), validators=[DataRequired(), Length(max=200)])
    due_on = DateField(_l("Due"), validators=[Optional()], format=DATE_FORMATS)
    assignee_id = SelectField(_l("Assignee"), coerce=_int_or_none, validators=[Optional()])

    def to_input(self) -> TaskInput:
        return TaskInput(
            title=self.title.data or "", due_on=self.due_on.data, assignee_id=self.assignee_id.data
        )


class RescheduleForm(VeturiForm):
    due_on = DateField(_l("New due date"), validators=[DataRequired()])


class ReassignForm(VeturiForm):
    assignee_id = SelectField(_l("New assignee"), coerce=int, validators=[DataRequired()])


class BulkTaskForm(VeturiForm):
    """The task list's bulk actions: complete the chosen tasks, or give them one assignee."""

    task_ids = SelectMultipleField(_l("Tasks"), coerce=int, validate_choice=False)
    action = SelectField(
        _l("Action"),
        choices=choices([("complete", _l("Mark done")), ("reassign", _l("Reassign"))]),
        validators=[DataRequired()],
    )
    # whom one may assign is the service's (authz's) rule, checked per task's company
    assignee_id = SelectField(_l("New assignee"), coerce=_int_or_none, validate_choice=False,
                              validators=[Optional()])
    next = HiddenField()


class FindCompanyForm(VeturiForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Company name or business ID"), validators=[Optional(), Length(max=200)])
