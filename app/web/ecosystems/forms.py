"""Forms of the ecosystems area: an ecosystem, a project, a lesson."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import lazy_gettext as _l
from app.services.ecosystems import EcosystemInput, ProjectInput
from app.services.ecosystems.courses import CourseInput, PartnerInput
from app.services.ecosystems.lessons import LessonInput
from app.web.ecosystems.labels import LESSON_KINDS, STATUSES, themes
from app.web.forms import VeturiForm, choices, split_list

_BUSINESS_IDS_HINT = _l("Business IDs (Y-tunnus) of companies in your towns, separated by "
                        "commas or lines.")


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _int(value: str | None) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _ints(values: list | None) -> tuple[int, ...]:
    return tuple(int(v) for v in values or () if str(v).isdigit())


class _TownMixin:
    def setup_towns(self, towns: list, coordinator: bool, creating: bool) -> None:
        if coordinator and creating:
            self.city_id.choices = choices([("", _l("Choose…")),
                                            *((str(t.id), t.name_fi) for t in towns)])
        else:
            del self.city_id
        self.town_ids.choices = choices((str(t.id), t.name_fi) for t in towns)

    def town_choice(self) -> int | None:
        city = getattr(self, "city_id", None)
        return _int(city.data) if city is not None else None


class EcosystemForm(_TownMixin, VeturiForm):
    city_id = SelectField(_l("Town"), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    themes = SelectMultipleField(_l("Themes"), validators=[Optional()],
                                 description=_l("The same themes the funding matcher uses; "
                                                "hold Ctrl to choose several."))
    anchor_business_ids = TextAreaField(_l("Anchor companies"), description=_BUSINESS_IDS_HINT,
                                        validators=[Optional(), Length(max=5000)])
    member_business_ids = TextAreaField(_l("Other companies"), description=_BUSINESS_IDS_HINT,
                                        validators=[Optional(), Length(max=5000)])
    partners = TextAreaField(_l("Education and research partners"),
                             description=_l("One per line."),
                             validators=[Optional(), Length(max=5000)])
    contact_id = SelectField(_l("Contact person"), validators=[Optional()])
    town_ids = CheckboxList(_l("Other towns in the ecosystem"), validators=[Optional()])

    def setup(self, towns: list, users: list, coordinator: bool, creating: bool
              ) -> EcosystemForm:
        self.setup_towns(towns, coordinator, creating)
        self.themes.choices = choices(themes())
        self.contact_id.choices = choices([("", _l("None")),
                                           *((str(u.id), u.name) for u in users)])
        return self

    def to_input(self) -> EcosystemInput:
        return EcosystemInput(
            name=self.name.data or "", description=self.description.data or "",
            themes=tuple(self.themes.data or ()),
            anchor_business_ids=split_list(self.anchor_business_ids.data),
            member_business_ids=split_list(self.member_business_ids.data),
            partners=tuple(p.strip() for p in (self.partners.data or "").splitlines()
                           if p.strip()),
            contact_id=_int(self.contact_id.data), town_ids=_ints(self.town_ids.data),
            city_id=self.town_choice())


class ProjectForm(_TownMixin, VeturiForm):
    city_id = SelectField(_l("Town"), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    status = SelectField(_l("Status"), choices=choices(STATUSES.items()),
                         validators=[DataRequired()])
    ecosystem_id = SelectField(_l("Ecosystem"), validators=[Optional()])
    funder = StringField(_l("Funder"), validators=[Optional(), Length(max=300)])
    programme = StringField(_l("Programme"), validators=[Optional(), Length(max=300)])
    call_id = IntegerField(_l("Funding call number in Veturi"),
                           validators=[Optional(), NumberRange(min=1)],
                           description=_l("The number in the address of the call's page, "
                                          "when the call was harvested."))
    budget_eur = DecimalField(_l("Budget (€)"), places=2,
                              validators=[Optional(), NumberRange(min=0)])
    granted_eur = DecimalField(_l("Funding granted (€)"), places=2,
                               validators=[Optional(), NumberRange(min=0)])
    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])
    coordinator = StringField(_l("Coordinator"), validators=[Optional(), Length(max=300)])
    partners = TextAreaField(_l("Partners (education institutions and others)"),
                             description=_l("One per line."),
                             validators=[Optional(), Length(max=5000)])
    member_business_ids = TextAreaField(_l("Companies"), description=_BUSINESS_IDS_HINT,
                                        validators=[Optional(), Length(max=5000)])
    town_ids = CheckboxList(_l("Partner towns"), validators=[Optional()])
    outputs = TextAreaField(_l("Outputs"), validators=[Optional(), Length(max=5000)])
    results = TextAreaField(_l("Results"), validators=[Optional(), Length(max=5000)])

    def setup(self, towns: list, ecosystems: list, coordinator: bool, creating: bool
              ) -> ProjectForm:
        self.setup_towns(towns, coordinator, creating)
        self.ecosystem_id.choices = choices([("", _l("None")),
                                             *((str(i), n) for i, n in ecosystems)])
        return self

    def to_input(self) -> ProjectInput:
        return ProjectInput(
            name=self.name.data or "", status=self.status.data or "",
            funder=self.funder.data or "", programme=self.programme.data or "",
            call_id=self.call_id.data, ecosystem_id=_int(self.ecosystem_id.data),
            budget_eur=self.budget_eur.data, granted_eur=self.granted_eur.data,
            starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            coordinator=self.coordinator.data or "",
            partners=tuple(p.strip() for p in (self.partners.data or "").splitlines()
                           if p.strip()),
            member_business_ids=split_list(self.member_business_ids.data),
            town_ids=_ints(self.town_ids.data), outputs=self.outputs.data or "",
            results=self.results.data or "", city_id=self.town_choice())


class LessonForm(VeturiForm):
    title = StringField(_l("Lesson title"), validators=[DataRequired(), Length(max=200)])
    kind = RadioField(_l("Kind"), choices=choices(LESSON_KINDS.items()),
                      validators=[DataRequired()])
    context = TextAreaField(_l("Context"), validators=[Optional(), Length(max=4000)],
                            description=_l("Where and when, with whom, what the aim was."))
    what_was_done = TextAreaField(_l("What was done"),
                                  validators=[Optional(), Length(max=4000)])
    result = TextAreaField(_l("Result"), validators=[Optional(), Length(max=4000)])
    do_differently = TextAreaField(_l("What to do differently"),
                                   validators=[Optional(), Length(max=4000)])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=1000)],
                       description=_l("Separated by commas, e.g. hydrogen, recruitment"))
    project_id = SelectField(_l("Project"), validators=[Optional()])
    ecosystem_id = SelectField(_l("Ecosystem"), validators=[Optional()])
    town_only = BooleanField(_l("Keep this lesson to my own town"))

    def setup(self, projects: list, ecosystems: list) -> LessonForm:
        self.project_id.choices = choices([("", _l("None")),
                                           *((str(p.id), p.name) for p in projects)])
        self.ecosystem_id.choices = choices([("", _l("None")),
                                             *((str(i), n) for i, n in ecosystems)])
        return self

    def to_input(self) -> LessonInput:
        return LessonInput(
            title=self.title.data or "", kind=self.kind.data or "",
            context=self.context.data or "", what_was_done=self.what_was_done.data or "",
            result=self.result.data or "", do_differently=self.do_differently.data or "",
            tags=split_list(self.tags.data), project_id=_int(self.project_id.data),
            ecosystem_id=_int(self.ecosystem_id.data), town_only=bool(self.town_only.data))


class PartnerForm(VeturiForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(_l("Contact e-mail"), validators=[Optional(), Length(max=320)])
    url = StringField(_l("Web page"), validators=[Optional(), Length(max=500)])
    feed_url = StringField(_l("Course feed (RSS, Atom or JSON)"),
                           validators=[Optional(), Length(max=500)],
                           description=_l("The address of the partner's published course "
                                          "list, when it has one."))

    def setup(self) -> PartnerForm:
        from app.web.ecosystems.labels import PARTNER_KINDS

        self.kind.choices = choices(PARTNER_KINDS.items())
        return self

    def to_input(self) -> PartnerInput:
        return PartnerInput(
            name=self.name.data or "", kind=self.kind.data or "",
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "", url=self.url.data or "",
            feed_url=self.feed_url.data or "")


class CourseForm(VeturiForm):
    title = StringField(_l("Course title"), validators=[DataRequired(), Length(max=300)])
    partner_id = SelectField(_l("Provider"), validators=[Optional()])
    provider = StringField(_l("Provider, if not in the list"),
                           validators=[Optional(), Length(max=200)])
    url = StringField(_l("Link to enrol"), validators=[DataRequired(), Length(max=500)],
                      description=_l("An address starting with http:// or https://."))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    language = SelectField(_l("Language"), validators=[DataRequired()])
    format = SelectField(_l("Format"), validators=[DataRequired()])
    ects = DecimalField(_l("ECTS credits"), places=1, validators=[Optional(), NumberRange(min=0)])
    hours = IntegerField(_l("Hours"), validators=[Optional(), NumberRange(min=0)])
    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])
    self_paced = BooleanField(_l("Self-paced: start any time"))
    price_eur = DecimalField(_l("Price (€, 0 if free)"), places=2,
                             validators=[Optional(), NumberRange(min=0)])
    target_group = StringField(_l("Target group"), validators=[Optional(), Length(max=300)])
    themes = SelectMultipleField(_l("Themes"), validators=[Optional()])

    def setup(self, partners: list) -> CourseForm:
        from app.web.ecosystems.labels import COURSE_LANGUAGES, FORMATS

        self.partner_id.choices = choices([("", _l("Not in the list")),
                                           *((str(p.id), p.name) for p in partners)])
        self.language.choices = choices(COURSE_LANGUAGES.items())
        self.format.choices = choices(FORMATS.items())
        self.themes.choices = choices(themes())
        return self

    def to_input(self) -> CourseInput:
        return CourseInput(
            title=self.title.data or "", url=self.url.data or "",
            format=self.format.data or "", provider=self.provider.data or "",
            partner_id=_int(self.partner_id.data), description=self.description.data or "",
            language=self.language.data or "", ects=self.ects.data, hours=self.hours.data,
            starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            self_paced=bool(self.self_paced.data), price_eur=self.price_eur.data,
            target_group=self.target_group.data or "", themes=tuple(self.themes.data or ()))


class CourseUploadForm(VeturiForm):
    file = FileField(_l("CSV or Excel file"),
                     validators=[FileRequired(_l("Choose the file to import."))],
                     description=_l("Columns: title, url, provider, description, language, "
                                    "format, ects, hours, starts_on, ends_on, price_eur, "
                                    "target_group."))
    skip_broken = BooleanField(_l("Skip the rows that need fixing and import the rest"))
