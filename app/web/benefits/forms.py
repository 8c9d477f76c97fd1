"""The application form: amounts are plain text, read and checked by the service, so that a
wrong one gets the service's clear message."""

from __future__ import annotations

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from app.i18n import lazy_gettext as _l
from app.services.benefits import ApplicationInput, ApplicationRow
from app.web.forms import VeturiForm, choices, split_list

LEVELS = [("", _l("From the call")), ("eu", _l("EU")), ("national", _l("National")),
          ("regional", _l("Regional"))]
ROLES = [("coordinator", _l("Coordinator")), ("partner", _l("Partner"))]
OUTCOMES = [("pending", _l("Waiting for a decision")), ("awarded", _l("Awarded")),
            ("not_awarded", _l("Not awarded")), ("withdrawn", _l("Withdrawn"))]
_AMOUNT_HINT = _l("Euros, e.g. 125 000 or 125000,50.")


class ApplicationForm(VeturiForm):
    call_title = StringField(_l("Call or instrument"),
                             description=_l("Filled from the call when started from a match."))
    programme = StringField(_l("Programme"))
    funding_level = SelectField(_l("Source of funding"), choices=choices(LEVELS), default="")
    role = SelectField(_l("The company's role"), choices=choices(ROLES), default="coordinator")
    partners = StringField(_l("Partner companies"), description=_l(
        "Business IDs (Y-tunnus) of partner companies in Veturi, any town; separate with "
        "commas."))
    other_partners = TextAreaField(_l("Other partners"), description=_l(
        "Universities, research institutes, companies outside Veturi."))
    amount_applied_eur = StringField(_l("Amount applied, total (€)"), description=_AMOUNT_HINT)
    company_share_eur = StringField(_l("The company's share (€)"), description=_AMOUNT_HINT)
    submitted_on = DateField(_l("Submitted on"), validators=[Optional()])
    outcome = SelectField(_l("Outcome"), choices=choices(OUTCOMES), default="pending")
    amount_granted_eur = StringField(_l("Amount granted (€)"), description=_AMOUNT_HINT)
    decided_on = DateField(_l("Decision date"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"))

    def to_input(self, company_id: int | None = None) -> ApplicationInput:
        return ApplicationInput(
            company_id=company_id, call_title=self.call_title.data or None,
            programme=self.programme.data or None,
            funding_level=self.funding_level.data or None, role=self.role.data,
            partners=split_list(self.partners.data), other_partners=self.other_partners.data,
            amount_applied_eur=self.amount_applied_eur.data,
            company_share_eur=self.company_share_eur.data,
            submitted_on=self.submitted_on.data, outcome=self.outcome.data,
            amount_granted_eur=self.amount_granted_eur.data, decided_on=self.decided_on.data,
            notes=self.notes.data)

    @classmethod
    def from_row(cls, row: ApplicationRow, business_ids: list[str]) -> ApplicationForm:
        def text(v: object) -> str:
            return "" if v is None else str(v)

        return cls(data={
            "call_title": row.call_title, "programme": row.programme or "",
            "funding_level": row.funding_level, "role": row.role,
            "partners": ", ".join(business_ids), "other_partners": row.other_partners or "",
            "amount_applied_eur": text(row.amount_applied_eur),
            "company_share_eur": text(row.company_share_eur),
            "submitted_on": row.submitted_on, "outcome": row.outcome,
            "amount_granted_eur": text(row.amount_granted_eur), "decided_on": row.decided_on,
            "notes": row.notes or ""})
