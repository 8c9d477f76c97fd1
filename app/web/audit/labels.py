"""The audit log in words a town administrator reads: events named ("Company edited"), rows
named by what they are, and before/after images as a small table of changed fields with their
labels and formatted values, never raw JSON.

The events stay stored as codes (``company.update``) and images of column values; this module only
turns them into the reader's language when the page is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import LazyString

from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.presentation.formatting import fmt_date, fmt_money, fmt_number
from app.services.audit.log import ID_FIELDS

# what kind of row an event is about
ENTITIES: dict[str, LazyString] = {
    "company": _l("Company"),
    "contact": _l("Contact person"),
    "interaction": _l("Logged contact"),
    "task": _l("Task"),
    "user": _l("User"),
    "match": _l("Funding match"),
    "application": _l("Application for funding"),
    "funding_call": _l("Funding call"),
    "funding_source": _l("Source of calls"),
    "harvest_job": _l("Harvest"),
    "company_import": _l("Company import"),
    "pipeline_stage": _l("Pipeline stage"),
    "pipeline_settings": _l("Signal thresholds"),
    "rdi_service": _l("R&D&I service"),
    "rdi_person": _l("R&D&I responsible person"),
    "digest": _l("Weekly digest"),
    "matcher_state": _l("Matcher"),
    "network": _l("Network"),
    "city": _l("Town"),
    "request": _l("Request"),
}

# events in words; an action not listed falls back to its verb (create, update, delete)
ACTIONS: dict[str, LazyString] = {
    "access.denied": _l("Refused request"),
    "application.create": _l("Application recorded"),
    "application.update": _l("Application edited"),
    "application.outcome": _l("Application outcome from the match"),
    "company.create": _l("Company added"),
    "company.update": _l("Company edited"),
    "company.edit": _l("Company edited"),
    "company.figures": _l("Yearly figures edited"),
    "company.import": _l("Company imported"),
    "company.register_import": _l("Company filled from the trade register"),
    "company.merge": _l("Companies merged"),
    "company.merge_out": _l("Company merged into another town's company"),
    "company.unmerge": _l("Merge undone"),
    "contact.create": _l("Contact person added"),
    "contact.update": _l("Contact person edited"),
    "contact.consent": _l("Marketing consent changed"),
    "contact.erase": _l("Contact erased"),
    "contact.export": _l("Contact's data exported"),
    "interaction.create": _l("Contact logged"),
    "task.create": _l("Task added"),
    "task.update": _l("Task edited"),
    "user.create": _l("User added"),
    "user.update": _l("User edited"),
    "user.role": _l("User's role changed"),
    "user.password": _l("Password changed"),
    "user.activate": _l("User activated"),
    "user.deactivate": _l("User deactivated"),
    "token.create": _l("API token created"),
    "token.revoke": _l("API token revoked"),
    "session.end": _l("Session ended"),
    "match.status": _l("Match status changed"),
    "match.feedback": _l("Feedback on a match"),
    "matcher.train": _l("Matcher retrained"),
    "funding_call.create": _l("Funding call added"),
    "funding_call.update": _l("Funding call edited"),
    "funding_call.import": _l("Funding calls uploaded"),
    "funding_source.update": _l("Source of calls edited"),
    "harvest.start": _l("Harvest started"),
    "pipeline.move": _l("Moved in the pipeline"),
    "pipeline.thresholds": _l("Signal thresholds changed"),
    "pipeline_stage.create": _l("Pipeline stage added"),
    "pipeline_stage.update": _l("Pipeline stage edited"),
    "pipeline_stage.reorder": _l("Pipeline stages reordered"),
    "pipeline_stage.delete": _l("Pipeline stage removed"),
    "rdi_service.create": _l("R&D&I service added"),
    "rdi_service.update": _l("R&D&I service edited"),
    "rdi_service.delete": _l("R&D&I service removed"),
    "rdi_person.create": _l("R&D&I person added"),
    "rdi_person.update": _l("R&D&I person edited"),
    "rdi_person.delete": _l("R&D&I person removed"),
    "digest.preferences": _l("Digest settings changed"),
    "digest.unsubscribe": _l("Unsubscribed from the digest"),
    "digest.retry": _l("Digest sent again"),
    "demo.seed": _l("Demo data created"),
}

_VERBS: dict[str, LazyString] = {
    "create": _l("%(what)s added"),
    "update": _l("%(what)s edited"),
    "delete": _l("%(what)s removed"),
}

# the labels of the fields that images hold; a key not listed is shown as words
FIELDS: dict[str, LazyString] = {
    "name": _l("Name"),
    "business_id": _l("Business ID"),
    "auxiliary_names": _l("Auxiliary names"),
    "industry_code": _l("Industry code"),
    "industry_code_set": _l("Code set"),
    "industry_text": _l("Industry"),
    "municipality_code": _l("Municipality code"),
    "website": _l("Website"),
    "description": _l("Description"),
    "keywords": _l("Keywords"),
    "employees": _l("Employees"),
    "turnover_eur": _l("Turnover (EUR)"),
    "size_class": _l("Size class"),
    "is_growth_seeking": _l("Growth-seeking"),
    "is_anchor": _l("Anchor company"),
    "is_prospect": _l("Prospect"),
    "city_id": _l("Town"),
    "owner_id": _l("Owner"),
    "merged_into_id": _l("Merged into"),
    "company_id": _l("Company"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "title": _l("Title"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "has_marketing_consent": _l("Has consented to receive marketing"),
    "marketing_consent_at": _l("Consent recorded"),
    "erased_at": _l("Erased"),
    "notes": _l("Notes"),
    "due_on": _l("Due"),
    "assignee_id": _l("Assignee"),
    "created_by_id": _l("Created by"),
    "done_at": _l("Done"),
    "interaction_id": _l("Logged contact"),
    "occurred_on": _l("Date"),
    "kind": _l("Kind"),
    "summary": _l("Summary"),
    "topics": _l("Topics"),
    "role": _l("Role"),
    "language": _l("Language"),
    "is_active_account": _l("Active"),
    "status": _l("Status"),
    "score": _l("Score"),
    "stage": _l("Stage"),
    "note": _l("Note"),
    "call_id": _l("Funding call"),
    "call_title": _l("Call or instrument"),
    "programme": _l("Programme"),
    "amount_applied_eur": _l("Amount applied, total (€)"),
    "company_share_eur": _l("The company's share (€)"),
    "amount_granted_eur": _l("Amount granted (€)"),
    "submitted_on": _l("Submitted on"),
    "decided_on": _l("Decision date"),
    "outcome": _l("Outcome"),
    "funding_level": _l("Source of funding"),
    "other_partners": _l("Other partners"),
    "enabled": _l("Harvested"),
    "schedule": _l("Own schedule"),
    "url": _l("Address"),
    "is_published": _l("Published"),
    "has_public_consent": _l("Public"),
    "stalled_after_days": _l("Stalled after (days without contact)"),
    "name_fi": _l("Finnish name"),
    "name_sv": _l("Name in Swedish"),
    "name_en": _l("English name"),
    "filename": _l("File"),
    "file": _l("File"),
    "rows": _l("Rows"),
    "created": _l("New"),
    "updated": _l("Changed"),
    "unchanged": _l("Unchanged"),
    "interactions": _l("Logged contacts"),
    "interactions_kept": _l("Logged contacts"),
    "method": _l("Method"),
    "path": _l("Address"),
}

# keys never worth a line: the row's own id and bookkeeping
_HIDDEN = {"id", "position", "name_normalized", "search_text", "components", "reasons"}
_MONEY = re.compile(r"_eur$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One field of an event: its label, and its value before and after as text."""

    label: str
    before: str
    after: str


def entity_label(entity: str) -> str:
    label = ENTITIES.get(entity)
    return str(label) if label is not None else _words(entity)


def action_label(action: str) -> str:
    """An event in words: "Company edited"; an unknown code by its verb, else as it is."""
    label = ACTIONS.get(action)
    if label is not None:
        return str(label)
    entity, _sep, verb = action.partition(".")
    template = _VERBS.get(verb)
    if template is not None and entity in ENTITIES:
        return str(template) % {"what": entity_label(entity)}
    return action


def row_label(entity: str, entity_id: int | None, names: dict[tuple[str, int], str],
              image: dict[str, Any] | None = None) -> str:
    """What an event is about, by name: "Järvi Siika Oy"; else the name its image kept; else its
    kind and number ("Company 20") when the reader may not see the row any more."""
    if entity_id is not None and (entity, entity_id) in names:
        return names[(entity, entity_id)]
    for key in ("name", "title", "call_title", "name_fi", "filename"):
        value = (image or {}).get(key)
        if isinstance(value, str) and value.strip():
            return value
    kind = entity_label(entity)
    return f"{kind} {entity_id}" if entity_id is not None else kind


def field_label(key: str) -> str:
    label = FIELDS.get(key)
    return str(label) if label is not None else _words(key)


def _words(key: str) -> str:
    text = key.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]


def value_text(key: str, value: Any, names: dict[tuple[str, int], str]) -> str:
    """A stored value as the reader writes it: names for ids, Yes/No, dates and euros in the
    reader's style; "–" for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    kind = ID_FIELDS.get(key)
    if kind is not None and isinstance(value, int):
        return names.get((kind, value), f"{entity_label(kind)} {value}")
    if isinstance(value, int | float) and _MONEY.search(key):
        return fmt_money(value)
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, str):
        if _MONEY.search(key) and re.fullmatch(r"-?\d+(\.\d+)?", value):
            return fmt_money(float(value))
        if _ISO_DATE.match(value):
            return fmt_date(date.fromisoformat(value))
        if _ISO_MOMENT.match(value):
            try:
                return fmt_date(datetime.fromisoformat(value.replace("Z", "+00:00")))
            except ValueError:
                return value
        return value
    if isinstance(value, list | tuple):
        return ", ".join(value_text(key, v, names) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{field_label(str(k))}: {value_text(str(k), v, names)}"
                         for k, v in value.items())
    return str(value)


def change_lines(before: dict[str, Any] | None, after: dict[str, Any] | None,
                 names: dict[tuple[str, int], str]) -> list[ChangeLine]:
    """The fields of an event's images, one line each, in the order they were stored; a field
    empty on both sides is left out (a new row's empty columns say nothing)."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    lines = []
    for key in keys:
        if key in _HIDDEN:
            continue
        old, new = before.get(key), after.get(key)
        if _empty(old) and _empty(new):
            continue
        lines.append(ChangeLine(field_label(key),
                                value_text(key, old, names) if key in before else "",
                                value_text(key, new, names) if key in after else ""))
    return lines


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}
