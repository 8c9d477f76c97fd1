"""A topic's budget from the SEDIA ``budgetOverview`` field, read as far as it can be read.

``budgetOverview`` is a JSON object encoded in a string. Its ``budgetTopicActionMap`` lists the
budget lines of *every topic of the call*, so this topic's entries are the ones whose ``action``
starts with its identifier. The string may be cut short (the saved fixture has such rows), so
when the whole string does not decode, each complete ``{"action": ...}`` entry before the cut is
still decoded one by one. Nothing here raises: an unreadable budget is ``None``.

Joint-undertaking calls repeat the call's pooled amount on every action (CBE JU:
``budgetYearMap {"2026": "170760699"}`` on a 20 M€ topic). An amount larger than
``expectedGrants × maxContribution`` is therefore taken to be the call's, not the topic's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_ENTRY_START = re.compile(r'\{\s*"action"\s*:')


@dataclass(frozen=True)
class TopicBudget:
    """What the overview says about one topic; any field may be unknown.

    ``partial`` means the string did not decode as a whole (cut short or malformed), so only
    its complete entries were read.
    """

    budget_eur: Decimal | None = None
    call_budget_eur: Decimal | None = None
    expected_grants: int | None = None
    min_contribution_eur: Decimal | None = None
    max_contribution_eur: Decimal | None = None
    partial: bool = False


def parse_budget_overview(raw: str | None, identifier: str) -> TopicBudget | None:
    """The budget of topic ``identifier``, or None when the overview does not mention it."""
    if not raw or not identifier:
        return None
    entries, partial = _entries(raw)
    mine = [e for e in entries if _topic_of(e) == identifier]
    if not mine:
        return TopicBudget(partial=True) if partial else None
    amount = _sum(_decimal(v) for e in mine for v in _year_map(e).values())
    grants = _sum_int(e.get("expectedGrants") for e in mine)
    minimum = _min(_decimal(e.get("minContribution")) for e in mine)
    maximum = _max(_decimal(e.get("maxContribution")) for e in mine)
    pooled = amount is not None and grants and maximum and amount > maximum * grants
    return TopicBudget(
        budget_eur=None if pooled else amount,
        call_budget_eur=amount if pooled else None,
        expected_grants=grants,
        min_contribution_eur=minimum,
        max_contribution_eur=maximum,
        partial=partial,
    )


def _entries(raw: str) -> tuple[list[Mapping[str, Any]], bool]:
    try:
        whole = json.loads(raw)
    except (json.JSONDecodeError, TypeError):
        whole = None
    if isinstance(whole, Mapping):
        action_map = whole.get("budgetTopicActionMap")
        if isinstance(action_map, Mapping):
            return [
                e
                for lines in action_map.values()
                if isinstance(lines, list)
                for e in lines
                if isinstance(e, Mapping)
            ], False
    decoder = json.JSONDecoder()
    found: list[Mapping[str, Any]] = []
    for match in _ENTRY_START.finditer(raw):
        try:
            entry, _ = decoder.raw_decode(raw, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(entry, Mapping):
            found.append(entry)
    return found, True


def _topic_of(entry: Mapping[str, Any]) -> str | None:
    action = entry.get("action")
    return action.split(" - ", 1)[0].strip() if isinstance(action, str) else None


def _year_map(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    years = entry.get("budgetYearMap")
    return years if isinstance(years, Mapping) else {}


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _sum(values: Any) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _sum_int(values: Any) -> int | None:
    known = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return sum(known) if known else None


def _min(values: Any) -> Decimal | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _max(values: Any) -> Decimal | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None
