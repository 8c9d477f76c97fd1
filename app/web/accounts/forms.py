from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, Length

from app.i18n import LANGUAGE_NAMES
from app.i18n import lazy_gettext as _l
from app.web.forms import VeturiForm, choices


class LoginForm(VeturiForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class LanguageForm(VeturiForm):
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_NAMES.items()))
    next = HiddenField()


class PasswordChangeForm(VeturiForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=200)]
    )
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=200)],
        description=_l("At least 10 characters. Your other sessions end when you save."),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", _l("The passwords differ."))],
    )
