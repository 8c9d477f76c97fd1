"""The digest settings form."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, NumberRange

from app.i18n import LANGUAGE_NAMES
from app.i18n import lazy_gettext as _l
from app.web.forms import VeturiForm, choices

WEEKDAYS = [(0, _l("Monday")), (1, _l("Tuesday")), (2, _l("Wednesday")), (3, _l("Thursday")),
            (4, _l("Friday")), (5, _l("Saturday")), (6, _l("Sunday"))]


class DigestPreferencesForm(VeturiForm):
    enabled = BooleanField(_l("Send me the weekly digest"))
    weekday = RadioField(_l("Weekday"), coerce=int, choices=choices(WEEKDAYS),
                         validators=[InputRequired(_l("Choose a weekday."))])
    hour = SelectField(_l("Hour"), coerce=int,
                       choices=choices((h, f"{h:02d}:00") for h in range(24)),
                       description=_l("Finnish time (Europe/Helsinki)."))
    language = RadioField(_l("Language"), choices=choices([
        ("", _l("The language of my Veturi interface")), *LANGUAGE_NAMES.items()]),
        default="")
    min_score = IntegerField(
        _l("Minimum score"), validators=[InputRequired(_l("Give a number from 0 to 100.")),
                                         NumberRange(0, 100, _l("Give a number from 0 to 100."))],
        description=_l("New matches below this score (0–100) are left out."))
    scope = RadioField(_l("Companies"), choices=choices([
        ("own", _l("Companies I own or have open tasks for")),
        ("town", _l("All companies of my town")),
        ("network", _l("All companies of the network"))]), default="own")
    send_empty = BooleanField(_l("Send the digest even when there is nothing new"))
