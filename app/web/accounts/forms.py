from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from app.i18n import LANGUAGE_NAMES
from app.i18n import lazy_gettext as _l
from app.web.forms import VeturiForm


class LoginForm(VeturiForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class LanguageForm(VeturiForm):
    # each language named in itself and marked with its own lang (WCAG 3.1.2)
    language = SelectField(_l("Language"), choices=[
        SelectChoice(code, name, render_kw={"lang": code})
        for code, name in LANGUAGE_NAMES.items()])
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
