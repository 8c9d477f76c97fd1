"""Partner suggestions of a consortium call: the call page's panel and the form that asks
another town to put staff in touch with one of its companies. What a suggestion shows is decided
by ``services.matches.partners`` through ``app.authz``; here it is only rendered."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user, login_required
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app import clock
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.services.matches import partners
from app.web.forms import VeturiForm, form_page
from app.web.matches import bp

ROLE_LABELS = {
    "technology": _l("Technology providers"),
    "research": _l("Research partners"),
    "pilot": _l("Pilot sites and end users"),
    "other": _l("Other matching companies"),
}
ROLE_HINTS = {
    "technology": _l("Software, information services, engineering, electronics and machinery "
                     "(TOL 26–28, 58.2, 61–63, 71)."),
    "research": _l("Scientific research and development, higher education (TOL 72, 85.4)."),
    "pilot": _l("Companies whose operations a solution is tried in: farming and forestry, "
                "manufacturing, energy, water and waste, construction, transport, tourism, "
                "public services, health and social care."),
    "other": _l("Matching companies whose industry fits none of the roles above."),
}
RULE_LABELS = {
    "eu_collaborative": _l("an EU collaborative action (type of action: %(value)s)"),
    "cross_border": _l("a cross-border or transnational project (type of action: %(value)s)"),
    "national_joint": _l("a joint project (%(value)s)"),
    "text": _l("the call text asks for a consortium (“%(value)s”)"),
}


def rule_text(rule: Any) -> str:
    """Why the page treats a call as a consortium call, in words."""
    return str(RULE_LABELS[rule.kind]) % {"value": rule.value}


def call_section(call_id: int, actor: Any) -> dict[str, Any]:
    """The call page's partner panel: its data and the labels it needs."""
    found = partners.call_partners(db.session, actor, call_id, today=clock.today())
    return {"partners": found, "role_labels": ROLE_LABELS, "role_hints": ROLE_HINTS,
            "rule_text": rule_text}


class ContactOwnerForm(VeturiForm):
    message = TextAreaField(
        _l("Message"), validators=[DataRequired(), Length(max=partners.MESSAGE_MAX)],
        description=_l("Why you would like to build a consortium with this company. The "
                       "company's town receives it as a task with your name and email."))


@bp.route("/calls/<int:call_id>/partners/<int:company_id>/contact", methods=["GET", "POST"])
@login_required
def contact_owner(call_id: int, company_id: int):
    call, name, town = partners.contact_target(db.session, current_user, call_id, company_id)
    form = ContactOwnerForm()
    return form_page(
        form,
        lambda: partners.contact_owner(db.session, current_user, call_id, company_id,
                                       form.message.data or ""),
        success=_l("Your request was sent to the company's town."),
        redirect_to=lambda _task: url_for("funding.call", call_id=call_id) + "#partners-h",
        template="matches/contact_owner.html", call=call, name=name, town=town)
