from __future__ import annotations

from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.i18n import lazy_gettext as _l
from app.models import Contact
from app.services.inputs import ContactInput
from app.web.forms import VeturiForm


class ContactForm(VeturiForm):
    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=320)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    has_marketing_consent = BooleanField(
        _l("Has consented to receive marketing"),
        description=_l("The date of the consent or its withdrawal is recorded."),
    )

    def to_input(self) -> ContactInput:
        return ContactInput(
            first_name=self.first_name.data or "",
            last_name=self.last_name.data or "",
            title=self.title.data,
            email=self.email.data,
            phone=self.phone.data,
            has_marketing_consent=bool(self.has_marketing_consent.data),
        )

    @classmethod
    def from_contact(cls, contact: Contact) -> ContactForm:
        return cls(obj=contact)
