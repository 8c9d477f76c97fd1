"""Forms of the people pages: invite, role, the invitation's password, a token, a town."""

from __future__ import annotations

from wtforms import EmailField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from app.i18n import LANGUAGE_NAMES
from app.i18n import lazy_gettext as _l
from app.models import City, Role
from app.services.accounts.people import MAX_TOKEN_DAYS
from app.web.forms import VeturiForm, choices
from app.web.labels import label


def role_choices(roles: list[Role]) -> list:
    return choices((r.value, label(r)) for r in roles)


class InviteForm(VeturiForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=320)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired()])
    city = SelectField(_l("Town"), validators=[Optional()],
                       description=_l("Only member towns. Leave empty for a network "
                                      "coordinator."))
    ui_language = SelectField(_l("Language of the e-mail and the app"),
                           choices=choices(LANGUAGE_NAMES.items()))

    def setup(self, roles: list[Role], towns: list[City] | None) -> None:
        self.role.choices = role_choices(roles)
        if towns is None:
            del self.city
        else:
            self.city.choices = choices([("", _l("No town (coordinator)")),
                                         *((t.code, t.name_fi) for t in towns)])


class RoleForm(VeturiForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])


class SetPasswordForm(VeturiForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=200)],
        description=_l("At least 10 characters."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class TokenForm(VeturiForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("What the token is for, e.g. the town's reporting "
                                      "script."))
    days = IntegerField(_l("Valid for (days)"), default=90,
                        validators=[DataRequired(), NumberRange(1, MAX_TOKEN_DAYS)])


class AddTownForm(VeturiForm):
    code = SelectField(_l("Municipality"), validators=[DataRequired()])
