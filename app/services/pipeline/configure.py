"""The coordinator's settings of the network's pipeline: its stages (add, rename, reorder, set
the stalled limit, remove an empty one) and the signals' thresholds. One set for every town, so
that towns' figures compare; every change is audited and commits once."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import authz
from app.errors import Conflict, ErrorCollector, FieldError
from app.i18n import lazy_gettext as _l
from app.i18n import ngettext
from app.models import User
from app.models.base import utcnow
from app.models.pipeline import PipelineEntry, PipelineSettings, PipelineStage, StageChange
from app.services import audit
from app.services._tx import committing
from app.services.pipeline._board import stage_records
from app.services.pipeline._records import StageInput, StageRecord
from app.services.pipeline._signals import Thresholds
from app.services.validation import require_text

MAX_STALLED_DAYS = 3650
MAX_STAGES = 20

# threshold -> (lowest, highest) a coordinator may set; the shares are set as percentages
NUMBERS: dict[str, tuple[int, int]] = {
    "high_growth": (1, 10),
    "high_anchor": (1, 10),
    "employee_growth_pct": (0, 1000),
    "turnover_growth_pct": (0, 1000),
    "growth_span_years": (1, 10),
    "export_share_pct": (0, 100),
    "growth_min_employees": (0, 100000),
    "anchor_employees": (1, 100000),
    "anchor_top_share": (1, 100),
    "anchor_industry_share": (1, 100),
}
SHARES = frozenset({"anchor_top_share", "anchor_industry_share"})
WORDS = ("growth_topics", "rdi_words", "export_words")
MAX_WORDS = 50


@dataclass(frozen=True, slots=True)
class ThresholdsInput:
    numbers: Mapping[str, int | None]  # the keys of NUMBERS
    words: Mapping[str, str | None]  # the keys of WORDS, comma-separated


def _active(session: Session) -> list[PipelineStage]:
    return list(session.scalars(select(PipelineStage).where(PipelineStage.retired_at.is_(None))
                                .order_by(PipelineStage.position, PipelineStage.id)))


def _stage(session: Session, key: str | None) -> PipelineStage:
    found = next((s for s in _active(session) if s.key == key), None) if key else None
    if found is None:
        raise FieldError("key", _l("There is no such stage."))
    return found


def _check(data: StageInput) -> tuple[str, str, str | None, int]:
    errors = ErrorCollector()
    name_fi = errors.check(require_text, data.name_fi, "name_fi", max_length=100)
    name_en = errors.check(require_text, data.name_en, "name_en", max_length=100)
    # the Swedish name is optional: empty means Swedish pages show the Finnish one
    name_sv = errors.check(require_text, data.name_sv, "name_sv", max_length=100,
                           required=False) or None
    days = data.stalled_after_days
    if days is None or not 1 <= days <= MAX_STALLED_DAYS:
        errors.add("stalled_after_days",
                   _l("Give a number of days between 1 and %(max)d.", max=MAX_STALLED_DAYS))
    errors.raise_if_any()
    return name_fi, name_en, name_sv, int(days or 0)


def _record(session: Session, key: str) -> StageRecord:
    return next(s for s in stage_records(session) if s.key == key)


def update_stage(session: Session, actor: User, data: StageInput) -> StageRecord:
    """Rename a network stage (Finnish, English, optionally Swedish: empty clears it) or change
    its stalled limit. The key never changes. Audits and commits; raises FieldError for an
    unknown stage, an empty or too long name or a limit outside 1–3650 days, Forbidden for
    anyone but the coordinator."""
    authz.require(actor, "pipeline.configure")
    stage = _stage(session, data.key)
    name_fi, name_en, name_sv, days = _check(data)
    before = audit.snapshot(stage)
    stage.name_fi, stage.name_en, stage.name_sv = name_fi, name_en, name_sv
    stage.stalled_after_days = days
    with committing(session):
        audit.record_changes(session, actor, stage, before, entity="pipeline_stage",
                             city_id=None)
    return _record(session, stage.key)


def _new_key(session: Session, name_en: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")[:32] or "stage"
    taken = set(session.scalars(select(PipelineStage.key)))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def add_stage(session: Session, actor: User, data: StageInput) -> StageRecord:
    """Add a stage at the end of the board; its key is made from the English name (``key`` of
    the input is ignored) and never changes. Audits and commits; FieldError as ``update_stage``
    and when the network already has ``MAX_STAGES`` stages."""
    authz.require(actor, "pipeline.configure")
    name_fi, name_en, name_sv, days = _check(data)
    stages = _active(session)
    if len(stages) >= MAX_STAGES:
        raise FieldError("name_fi", _l("The pipeline can have at most %(n)d stages.",
                                       n=MAX_STAGES))
    stage = PipelineStage(key=_new_key(session, name_en), name_fi=name_fi, name_en=name_en,
                          name_sv=name_sv,
                          position=max((s.position for s in stages), default=0) + 1,
                          stalled_after_days=days)
    with committing(session):
        audit.record_created(session, actor, stage, entity="pipeline_stage", city_id=None)
    return _record(session, stage.key)


def move_stage(session: Session, actor: User, key: str | None, direction: str) -> None:
    """Move a stage one place earlier (``up``) or later (``down``) on the board. Audits and
    commits; FieldError for an unknown stage or direction. At either end nothing changes."""
    authz.require(actor, "pipeline.configure")
    if direction not in ("up", "down"):
        raise FieldError("direction", _l("Choose up or down."))
    stages = _active(session)
    stage = _stage(session, key)
    index = stages.index(stage)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(stages):
        return
    stages[index], stages[other] = stages[other], stages[index]
    before = [s.key for s in sorted(stages, key=lambda s: s.position)]
    for position, s in enumerate(stages, 1):
        s.position = position
    with committing(session):
        audit.record(session, actor, "pipeline_stage.reorder", entity="pipeline_stage",
                     entity_id=stage.id, city_id=None, before={"order": before},
                     after={"order": [s.key for s in stages]})


def delete_stage(session: Session, actor: User, key: str | None) -> None:
    """Remove a stage no company is in. A stage that companies have passed through (or that a
    parked company left) is retired: off the board and the lists, kept for their history.
    Audits and commits; Conflict while companies are in it or for the last stage, FieldError
    for an unknown stage."""
    authz.require(actor, "pipeline.configure")
    stage = _stage(session, key)
    on_board = session.scalar(select(func.count()).select_from(PipelineEntry).where(
        PipelineEntry.stage_id == stage.id, PipelineEntry.parked_at.is_(None))) or 0
    if on_board:
        raise Conflict(ngettext(
            "%(num)d company is in this stage: move it to another stage first.",
            "%(num)d companies are in this stage: move them to another stage first.", on_board))
    stages = _active(session)
    if len(stages) == 1:
        raise Conflict(_l("The pipeline needs at least one stage."))
    used = session.scalar(select(func.count()).select_from(StageChange).where(
        (StageChange.from_stage_id == stage.id) | (StageChange.to_stage_id == stage.id))) or 0
    used += session.scalar(select(func.count()).select_from(PipelineEntry).where(
        PipelineEntry.stage_id == stage.id)) or 0
    image = audit.snapshot(stage)
    with committing(session):
        if used:
            stage.retired_at = utcnow()
        else:
            session.delete(stage)
        for position, s in enumerate((s for s in stages if s is not stage), 1):
            s.position = position
        audit.record(session, actor, "pipeline_stage.delete", entity="pipeline_stage",
                     entity_id=image["id"], city_id=None, before=image,
                     after={"retired": bool(used)})


# --- the signals' thresholds --------------------------------------------------------------------


def load_thresholds(session: Session) -> Thresholds:
    """The network's thresholds: the coordinator's, over the defaults. Read only."""
    row = session.scalars(select(PipelineSettings).order_by(PipelineSettings.id)).first()
    stored: dict[str, Any] = dict(row.thresholds or {}) if row is not None else {}
    known = {f.name for f in dataclasses.fields(Thresholds)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in stored.items() if k in known}
    return Thresholds(**values)


def threshold_values(t: Thresholds) -> dict[str, Any]:
    """The thresholds as the settings form shows them: shares in per cent, words joined."""
    out: dict[str, Any] = {k: getattr(t, k) for k in NUMBERS}
    for k in SHARES:
        out[k] = round(getattr(t, k) * 100)
    for k in WORDS:
        out[k] = ", ".join(getattr(t, k))
    return out


def _words(value: str | None) -> list[str]:
    seen: list[str] = []
    for word in (value or "").split(","):
        word = " ".join(word.split()).lower()
        if word and word not in seen:
            seen.append(word[:60])
    return seen


def update_thresholds(session: Session, actor: User, data: ThresholdsInput) -> Thresholds:
    """Set the network's thresholds (the coordinator's alone). Audits the changed values and
    commits; FieldError (all at once) for a number outside its range or an empty word list."""
    authz.require(actor, "pipeline.configure")
    errors = ErrorCollector()
    values: dict[str, Any] = {}
    for name, (lo, hi) in NUMBERS.items():
        number = data.numbers.get(name)
        if number is None or not lo <= number <= hi:
            errors.add(name, _l("Give a whole number between %(lo)d and %(hi)d.", lo=lo, hi=hi))
            continue
        values[name] = number / 100 if name in SHARES else number
    for name in WORDS:
        words = _words(data.words.get(name))
        if not words or len(words) > MAX_WORDS:
            errors.add(name, _l("Give between 1 and %(n)d words, separated by commas.",
                                n=MAX_WORDS))
        values[name] = words
    errors.raise_if_any()
    row = session.scalars(select(PipelineSettings).order_by(PipelineSettings.id)).first()
    before = dataclasses.asdict(load_thresholds(session))
    if row is None:
        row = PipelineSettings(thresholds={})
        session.add(row)
    row.thresholds = values
    after = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    before = {k: list(v) if isinstance(v, tuple) else v for k, v in before.items()}
    diff = audit.changed(before, after)
    with committing(session):
        if diff:
            session.flush()
            audit.record(session, actor, "pipeline.thresholds", entity="pipeline_settings",
                         entity_id=row.id, city_id=None,
                         before={k: before[k] for k in diff}, after={k: after[k] for k in diff})
    return load_thresholds(session)
