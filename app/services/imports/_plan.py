"""What importing each row of a company list would do: the engine behind the dry run, run again by
the commit so that it acts on the database as it is then, not as it was at the dry run.

A row is read (``_mapping.RowReader``) and validated by the company rules of
``services.companies``; then it is matched with the company it may already be:

* the same business ID, anywhere in Veturi (business IDs are unique): an update of a company the
  user may change, or an error when it lies outside the user's towns;
* else a similar name (rapidfuzz ``token_sort_ratio`` on the normalised names and auxiliary
  names, as the duplicates page does) among the town's companies in the same municipality; a
  company with another business ID is never the same company.

Rows are planned in batches: each batch looks up its business IDs in one query and its matched
companies in another, so 20,000 rows cost a few dozen queries. The name index of the town is
built once per run, blocked by distinctive words so a row is compared with a few names only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from os.path import commonprefix
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import authz
from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from app.models import City, Company, User
from app.models.figures import CompanyYear
from app.models.imports import CompanyImport, RowOutcome
from app.names import fold, normalize_name
from app.presentation.stored_text import store
from app.services import companies
from app.services.companies.duplicates import MAX_BLOCK, NAME_CUTOFF
from app.services.imports._mapping import RowError, RowReader

MIN_WORD = 3
IN_CHUNK = 500  # business IDs per IN (...) query


@dataclass(slots=True)
class RowPlan:
    """One row's outcome; ``values`` are the validated company columns (None for an error)."""

    row_number: int
    outcome: RowOutcome
    name: str
    business_id: str | None = None
    existing_id: int | None = None
    existing_name: str | None = None
    score: float | None = None
    column_name: str | None = None
    message: str | None = None
    changes: tuple[dict[str, Any], ...] = ()
    values: dict[str, Any] | None = None
    given: frozenset[str] = frozenset()
    last_contact_on: date | None = None
    note: str | None = None
    years: dict[int, dict[str, Any]] = field(default_factory=dict)  # yearly figures given

    def as_row(self, import_id: int) -> dict[str, Any]:
        """The ``company_import_row`` values of this plan (for a bulk insert)."""
        return {
            "import_id": import_id,
            "row_number": self.row_number,
            "outcome": self.outcome,
            "decision": None,
            "name": self.name[:200],
            "business_id": (self.business_id or "")[:20] or None,
            "existing_id": self.existing_id,
            "existing_name": (self.existing_name or "")[:200] or None,
            "score": self.score,
            "column_name": (self.column_name or "")[:200] or None,
            "message": self.message,
            "changes": list(self.changes),
        }


@dataclass(slots=True)
class _Entry:
    company_id: int
    name: str
    normalized: str
    business_id: str | None


@dataclass(slots=True)
class _Place:
    """The town's companies of one municipality, for fuzzy matching."""

    entries: list[_Entry] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def municipality_names(session: Session) -> dict[str, str]:
    """Folded Finnish and Swedish town names -> municipality code (``Iisalmi`` -> ``140``)."""
    names: dict[str, str] = {}
    for city in session.scalars(select(City)):
        for name in (city.name_fi, city.name_sv):
            if name:
                names[" ".join(fold(name).split())] = city.code
    return names


class Planner:
    """Plans the rows of one import, batch by batch, for its user and town."""

    def __init__(
        self,
        session: Session,
        actor: User,
        imp: CompanyImport,
        headers: Sequence[str],
        *,
        today: date,
    ) -> None:
        self.session = session
        self.actor = actor
        self.city_id = imp.city_id
        self.town_code = imp.city.code
        self.headers = tuple(headers)
        self.reader = RowReader(
            imp.mapping,
            today=today,
            municipalities=municipality_names(session),
            code_set=str(imp.options.get("code_set") or "TOL2025"),
        )
        self.first_row_of: dict[str, int] = {}
        self._places: dict[str, _Place] | None = None

    # --- reading and validating ------------------------------------------------------------------

    def _header(self, index: int | None) -> str | None:
        return self.headers[index] if index is not None and index < len(self.headers) else None

    def _read(self, number: int, cells: Sequence[str]) -> RowPlan:
        name = self.reader.cell(cells, "name")
        raw_id = self.reader.cell(cells, "business_id") or None
        try:
            row = self.reader.read(cells)
            values = companies.company_values(self.session, row.data, check_unique=False)
        except RowError as exc:
            column = self._header(self.reader.columns.get(exc.field))
            return RowPlan(number, RowOutcome.ERROR, name, raw_id, column_name=column,
                           message=store(exc.message))
        except FieldError as exc:
            column = self._header(self.reader.column_of(exc.field))
            return RowPlan(number, RowOutcome.ERROR, name, raw_id, column_name=column,
                           message=store(exc.message))
        values.pop("owner_id", None)  # lists never set the owner; an update keeps it
        plan = RowPlan(number, RowOutcome.CREATE, str(values["name"]),
                       values["business_id"] or raw_id, values=values, given=row.given,
                       last_contact_on=row.last_contact_on, note=row.note, years=row.years)
        business_id = values["business_id"]
        if business_id:
            first = self.first_row_of.setdefault(str(business_id), number)
            if first != number:
                plan.outcome, plan.values = RowOutcome.ERROR, None
                plan.column_name = self._header(self.reader.columns.get("business_id"))
                plan.message = store(_l("Row %(row)s of the file has the same business ID.",
                                        row=first))
        return plan

    # --- matching -------------------------------------------------------------------------------

    def plan(self, rows: Sequence[tuple[int, Sequence[str]]]) -> list[RowPlan]:
        """Plan one batch of ``(row number, cells)``."""
        plans = [self._read(number, cells) for number, cells in rows]
        valid = [p for p in plans if p.outcome is RowOutcome.CREATE and p.values is not None]
        by_id = self._companies_by_business_id(
            [str(p.values["business_id"]) for p in valid if p.values and p.values["business_id"]]
        )
        matched: dict[int, Company] = {}
        pending: list[tuple[RowPlan, int]] = []
        for plan in valid:
            assert plan.values is not None
            business_id = plan.values["business_id"]
            if business_id and business_id in by_id:
                company = by_id[str(business_id)]
                if company is None:
                    plan.outcome, plan.values = RowOutcome.ERROR, None
                    plan.column_name = self._header(self.reader.columns.get("business_id"))
                    plan.message = store(_l(
                        "A company with this business ID already exists, outside your town's "
                        "list; it cannot be changed from here."
                    ))
                    continue
                matched[company.id] = company
                pending.append((plan, company.id))
                plan.outcome = RowOutcome.UPDATE
                continue
            similar = self._similar(plan)
            if similar is not None:
                company_id, score = similar
                plan.outcome, plan.score = RowOutcome.MATCH, round(score, 1)
                pending.append((plan, company_id))
        missing = {cid for _plan, cid in pending if cid not in matched}
        if missing:
            stmt = select(Company).where(Company.id.in_(missing))
            matched.update({c.id: c for c in self.session.scalars(stmt)})
        known = self._years([cid for p, cid in pending if p.years])
        for plan, company_id in pending:
            company = matched[company_id]
            plan.existing_id, plan.existing_name = company.id, company.name
            self._keep_code_set(plan, company)
            plan.changes = changes_of(company, plan, known.get(company_id, {}))
            if plan.outcome is RowOutcome.UPDATE and not plan.changes:  # a note is a change
                plan.outcome = RowOutcome.UNCHANGED
        return plans

    def _years(self, company_ids: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
        """The recorded figures of the matched companies: id -> year -> figures."""
        out: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
        if company_ids:
            stmt = select(CompanyYear.company_id, CompanyYear.year, CompanyYear.employees,
                          CompanyYear.turnover_eur).where(CompanyYear.company_id.in_(company_ids))
            for cid, year, employees, turnover in self.session.execute(stmt):
                out[cid][year] = {"employees": employees, "turnover_eur": turnover}
        return out

    def _keep_code_set(self, plan: RowPlan, company: Company) -> None:
        """The file's code set (a mapping option) does not re-file a company's unchanged code;
        a code set column does."""
        assert plan.values is not None
        same_code = plan.values.get("industry_code") == company.industry_code
        if same_code and "industry_code_set" not in self.reader.columns:
            plan.given = plan.given - {"industry_code_set"}

    def _companies_by_business_id(self, business_ids: list[str]) -> dict[str, Company | None]:
        """Each business ID that exists: its company if the actor may change it, else None."""
        found: dict[str, Company | None] = {}
        for start in range(0, len(business_ids), IN_CHUNK):
            chunk = business_ids[start : start + IN_CHUNK]
            every = select(Company.business_id).where(Company.business_id.in_(chunk))
            for business_id in self.session.scalars(every):
                found[business_id] = None
            visible = authz.scope(self.actor, select(Company).where(
                Company.business_id.in_(chunk), Company.merged_into_id.is_(None)))
            for company in self.session.scalars(visible):
                if authz.can(self.actor, "company.edit", company):
                    found[str(company.business_id)] = company
        return found

    def _index(self) -> dict[str, _Place]:
        """The town's live companies by municipality, with their names blocked by word."""
        if self._places is not None:
            return self._places
        stmt = authz.scope(self.actor, select(
            Company.id, Company.name, Company.name_normalized, Company.auxiliary_names,
            Company.business_id, Company.municipality_code,
        ).where(Company.city_id == self.city_id, Company.merged_into_id.is_(None)))
        places: dict[str, _Place] = defaultdict(_Place)
        for company_id, name, normalized, auxiliary, business_id, municipality in (
            self.session.execute(stmt)
        ):
            place = places[municipality or self.town_code]
            for text in {normalized, *(normalize_name(n) for n in auxiliary or [])}:
                if not text:
                    continue
                index = len(place.entries)
                place.entries.append(_Entry(company_id, name, text, business_id))
                place.exact[text].append(index)
                for word in set(text.split()):
                    if len(word) >= MIN_WORD:
                        place.words[word].append(index)
        self._places = dict(places)
        return self._places

    def _similar(self, plan: RowPlan) -> tuple[int, float] | None:
        """The town's company in the row's municipality with the most similar name, if any."""
        assert plan.values is not None
        place = self._index().get(str(plan.values["municipality_code"] or self.town_code))
        if place is None:
            return None
        target = normalize_name(str(plan.values["name"]))
        business_id = plan.values["business_id"]
        candidates = set(place.exact.get(target, ()))
        for word in set(target.split()):
            block = place.words.get(word, ())
            if len(word) >= MIN_WORD and len(block) <= MAX_BLOCK:
                candidates.update(block)
        entries = [
            place.entries[i]
            for i in sorted(candidates)
            # two registered companies are two companies, however alike their names
            if not (business_id and place.entries[i].business_id
                    and place.entries[i].business_id != business_id)
        ]
        if not entries:
            return None
        best = process.extractOne(
            target, [e.normalized for e in entries], scorer=fuzz.token_sort_ratio,
            processor=None, score_cutoff=NAME_CUTOFF,
        )
        if best is None:
            return None
        _text, score, index = best
        return entries[index].company_id, float(score)


def update_values(plan: RowPlan) -> dict[str, Any]:
    """The columns an update writes: only those the row gives (a blank cell changes nothing)."""
    assert plan.values is not None
    return {k: v for k, v in plan.values.items() if k in plan.given}


def changes_of(company: Company, plan: RowPlan,
               years: dict[int, dict[str, Any]] | None = None) -> tuple[dict[str, Any], ...]:
    """What an update of ``company`` with this row would do, in a stable order: each changed
    field with its old and new value (long texts shortened around the difference), each yearly
    figure it would set (``employees@2024``; ``years`` holds the recorded ones), then the note
    it would add to the timeline. A similar-name row's name for a registered company is
    marked ``needs_choice``: only a choice on that row replaces it."""
    found: list[dict[str, Any]] = []
    for key, value in update_values(plan).items():
        old = getattr(company, key)
        if old == value:
            continue
        before, after = shown_pair(old, value)
        entry: dict[str, Any] = {"field": key, "old": before, "new": after}
        if key == "name" and plan.outcome is RowOutcome.MATCH and company.business_id:
            entry["needs_choice"] = True
        found.append(entry)
    for year in sorted(plan.years, reverse=True):
        recorded = (years or {}).get(year, {})
        for key, value in sorted(plan.years[year].items()):
            old = recorded.get(key)
            if old is None or Decimal(old) != Decimal(value):
                found.append({"field": f"{key}@{year}", "old": _plain(old),
                              "new": _plain(value)})
    if plan.note:
        found.append({"field": "note", "old": None, "new": shown_pair(None, plan.note)[1]})
    return tuple(found)


SHOWN_WIDTH = 160  # characters of a long text the dry run shows
SHOWN_CONTEXT = 30  # unchanged characters kept around a difference


def _plain(value: Any) -> Any:
    """A value as JSON keeps it (the dry run's rows store them)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def shown_pair(old: Any, new: Any) -> tuple[Any, Any]:
    """Old and new value for the dry run; two long texts are cut to the part that differs,
    with some unchanged text around it and "…" where text was left out."""
    old, new = _plain(old), _plain(new)
    if not isinstance(new, str) or (len(new) <= SHOWN_WIDTH and
                                    (not isinstance(old, str) or len(old) <= SHOWN_WIDTH)):
        return old, new
    if not isinstance(old, str):
        return old, new[:SHOWN_WIDTH] + "…"
    prefix = len(commonprefix([old, new]))
    room = min(len(old), len(new)) - prefix
    suffix = min(len(commonprefix([old[::-1], new[::-1]])), room)
    start = max(0, prefix - SHOWN_CONTEXT)

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - suffix + SHOWN_CONTEXT)
        piece = text[start:stop]
        trimmed = len(piece) > SHOWN_WIDTH or stop < len(text)
        return ("…" if start else "") + piece[:SHOWN_WIDTH] + ("…" if trimmed else "")

    return cut(old), cut(new)
