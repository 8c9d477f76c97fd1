"""What one user sees of an application: all of it in the applicant's town, and as a partner's
town only the call, the applicant's name, its own companies among the partners and the state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.models.benefits import Application


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """One application as the actor may see it. ``as_partner``: seen from a partner company's
    town; the applicant's amounts, notes and other partners are then left out (None)."""

    id: int
    as_partner: bool
    call_title: str
    programme: str | None
    company_id: int | None
    company_name: str
    funding_level: str
    role: str
    outcome: str
    submitted_on: date | None
    decided_on: date | None
    amount_applied_eur: Decimal | None
    company_share_eur: Decimal | None
    amount_granted_eur: Decimal | None
    other_partners: str | None
    notes: str | None
    partners: tuple[tuple[int | None, str], ...]
    match_id: int | None
    call_id: int | None
    partner_business_ids: tuple[str, ...] = ()

    @property
    def over_applied(self) -> bool:
        """Granted more than applied: allowed, shown with a note."""
        return (self.amount_granted_eur is not None and self.amount_applied_eur is not None
                and self.amount_granted_eur > self.amount_applied_eur)


def full_row(application: Application, visible: set[int] | None) -> ApplicationRow:
    """The applicant town's view; a partner the actor cannot see is named without a link."""
    return ApplicationRow(
        id=application.id, as_partner=False, call_title=application.call_title,
        programme=application.programme, company_id=application.company_id,
        company_name=application.company.name, funding_level=application.funding_level.value,
        role=application.role.value, outcome=application.outcome.value,
        submitted_on=application.submitted_on, decided_on=application.decided_on,
        amount_applied_eur=application.amount_applied_eur,
        company_share_eur=application.company_share_eur,
        amount_granted_eur=application.amount_granted_eur,
        other_partners=application.other_partners, notes=application.notes,
        partners=tuple((p.id if visible is None or p.id in visible else None, p.name)
                       for p in application.partners),
        match_id=application.match_id, call_id=application.call_id,
        partner_business_ids=tuple(p.business_id or str(p.id) for p in application.partners))


def partner_row(application: Application, visible: set[int]) -> ApplicationRow:
    """A partner town's view: the applicant by name only, and only its own partner companies."""
    return ApplicationRow(
        id=application.id, as_partner=True, call_title=application.call_title,
        programme=application.programme, company_id=None,
        company_name=application.company.name, funding_level=application.funding_level.value,
        role=application.role.value, outcome=application.outcome.value,
        submitted_on=application.submitted_on, decided_on=application.decided_on,
        amount_applied_eur=None, company_share_eur=None, amount_granted_eur=None,
        other_partners=None, notes=None,
        partners=tuple((p.id, p.name) for p in application.partners if p.id in visible),
        match_id=None, call_id=application.call_id)
