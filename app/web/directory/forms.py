"""Forms of the directory: a service and a person (the town's admins), the public search."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import lazy_gettext as _l
from app.services.directory import SERVICE_LANGUAGES, PersonInput, ServiceInput
from app.web.directory.labels import CATEGORIES, ROLES, language_name
from app.web.forms import VeturiForm, choices, split_list


class CheckboxList(SelectMultipleField):
    """Several choices as labelled checkboxes (keyboard- and screen-reader-friendly)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _town_choices(form: VeturiForm, towns: list, coordinator: bool, lang: str) -> None:
    if coordinator:
        towns_list = [(str(t.id), t.name(lang)) for t in towns]  # Kristinestad on sv pages
        form.city_id.choices = choices([("", _l("Choose…")), *towns_list])
    else:
        del form.city_id


class ServiceForm(VeturiForm):
    city_id = SelectField(_l("Town"), validators=[DataRequired()])
    category = SelectField(_l("Category"), choices=choices(CATEGORIES.items()),
                           validators=[DataRequired()])
    name_fi = StringField(_l("Name in Finnish"), validators=[DataRequired(), Length(max=200)])
    name_sv = StringField(_l("Name in Swedish"), validators=[Optional(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    provider = StringField(_l("Provider"), validators=[DataRequired(), Length(max=200)],
                           description=_l("Who offers the service: the town, a university, "
                                          "a development company…"))
    description_fi = TextAreaField(_l("Description in Finnish"),
                                   validators=[Optional(), Length(max=4000)])
    description_sv = TextAreaField(_l("Description in Swedish"),
                                   validators=[Optional(), Length(max=4000)])
    description_en = TextAreaField(_l("Description in English"),
                                   validators=[Optional(), Length(max=4000)])
    target_group_fi = StringField(_l("Target group in Finnish"),
                                  validators=[Optional(), Length(max=300)])
    target_group_sv = StringField(_l("Target group in Swedish"),
                                  validators=[Optional(), Length(max=300)])
    target_group_en = StringField(_l("Target group in English"),
                                  validators=[Optional(), Length(max=300)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(_l("Contact e-mail"), validators=[Optional(), Length(max=320)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=50)])
    url = URLField(_l("Web page"), validators=[Optional(), Length(max=500)],
                   description=_l("An address starting with http:// or https://."))
    languages = CheckboxList(_l("Languages the service is offered in"),
                             validators=[Optional()])
    is_published = BooleanField(_l("Published in the public directory"), default=True)
    internal_note = TextAreaField(_l("Internal note (never public)"),
                                  validators=[Optional(), Length(max=2000)])

    def setup(self, towns: list, coordinator: bool, lang: str) -> ServiceForm:
        _town_choices(self, towns, coordinator, lang)
        self.languages.choices = choices((c, language_name(c, lang)) for c in SERVICE_LANGUAGES)
        return self

    def to_input(self) -> ServiceInput:
        city = getattr(self, "city_id", None)
        return ServiceInput(
            category=self.category.data or "", name_fi=self.name_fi.data or "",
            name_sv=self.name_sv.data or "", name_en=self.name_en.data or "",
            provider=self.provider.data or "", description_fi=self.description_fi.data or "",
            description_sv=self.description_sv.data or "",
            description_en=self.description_en.data or "",
            target_group_fi=self.target_group_fi.data or "",
            target_group_sv=self.target_group_sv.data or "",
            target_group_en=self.target_group_en.data or "",
            contact_name=self.contact_name.data or "", contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "", url=self.url.data or "",
            languages=tuple(self.languages.data or ()), is_published=bool(self.is_published.data),
            internal_note=self.internal_note.data or "",
            city_id=int(city.data) if city is not None and (city.data or "").isdigit() else None,
        )


class PersonForm(VeturiForm):
    city_id = SelectField(_l("Town"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=choices(ROLES.items()), validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=320)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    topics = StringField(_l("Topics"), validators=[Optional(), Length(max=1000)],
                         description=_l("Separated by commas, e.g. circular economy, "
                                        "EU funding"))
    has_public_consent = BooleanField(
        _l("The person has agreed to be shown in the public directory"))

    def setup(self, towns: list, coordinator: bool, lang: str) -> PersonForm:
        _town_choices(self, towns, coordinator, lang)
        return self

    def to_input(self) -> PersonInput:
        city = getattr(self, "city_id", None)
        return PersonInput(
            name=self.name.data or "", role=self.role.data or "", title=self.title.data or "",
            email=self.email.data or "", phone=self.phone.data or "",
            topics=split_list(self.topics.data), has_public_consent=bool(
                self.has_public_consent.data),
            city_id=int(city.data) if city is not None and (city.data or "").isdigit() else None,
        )
