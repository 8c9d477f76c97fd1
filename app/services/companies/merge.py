"""Merging two records of one company, and undoing a merge from its audit record.

Everything that points at the removed company (contacts, interactions, tasks, and whatever later
areas attach: matches, pipeline moves...) is found from the schema's foreign keys, so a new table
is moved without changing this module. The removed company stays as a hidden row
(``merged_into_id``), and the audit event's before-image lists every moved row, so the merge can
be reversed exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import authz
from app.errors import Conflict, FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import AuditEvent, Base, Company, IndustryCodeSet, SizeClass, User
from app.models.engagement import task_towns_follow
from app.services import _rematch, audit, companies
from app.services._tx import committing

# Columns that point at a company but must not follow it in a merge.
_NOT_MOVED = {("company", "merged_into_id")}


def _referencing_columns() -> list[tuple[Table, str, str]]:
    """(table, fk column, primary key column) of every table that points at company.id."""
    found = []
    for table in Base.metadata.sorted_tables:
        pk = [c.name for c in table.primary_key.columns]
        for column in table.columns:
            for fk in column.foreign_keys:
                if (
                    fk.column.table.name == "company"
                    and (table.name, column.name) not in _NOT_MOVED
                ):
                    found.append((table, column.name, pk[0] if len(pk) == 1 else ",".join(pk)))
    return found


def _move(
    session: Session, table: Table, column: str, pk: str, source: int, target: int
) -> list[Any]:
    """Point the rows at ``target``; rows that would break a unique rule stay where they are."""
    col = table.c[column]
    if "," in pk:  # association table without a single key: move what can be moved
        keys = [table.c[name] for name in pk.split(",")]
        rows = session.execute(select(*keys).where(col == source)).all()
        moved = []
        for row in rows:
            cond = [k == v for k, v in zip(keys, row, strict=True)]
            if _try(session, update(table).where(*cond).values({column: target})):
                moved.append(list(row))
        return moved
    ids = list(session.scalars(select(table.c[pk]).where(col == source)))
    if not ids:
        return []
    if _try(session, update(table).where(table.c[pk].in_(ids)).values({column: target})):
        return ids
    return [
        i
        for i in ids
        if _try(session, update(table).where(table.c[pk] == i).values({column: target}))
    ]


def _try(session: Session, statement: Any) -> bool:
    savepoint = session.begin_nested()
    try:
        session.execute(statement)
        savepoint.commit()
        return True
    except IntegrityError:
        savepoint.rollback()
        return False


def _fill_blanks(keep: Company, drop: Company) -> None:
    """The kept record gains what only the removed one knew."""
    for attr in (
        "industry_code",
        "industry_code_set",
        "industry_text",
        "municipality_code",
        "website",
        "description",
        "employees",
        "turnover_eur",
        "size_class",
        "owner_id",
    ):
        if getattr(keep, attr) in (None, "") and getattr(drop, attr) not in (None, ""):
            setattr(keep, attr, getattr(drop, attr))
    names = [*(keep.auxiliary_names or [])]
    for name in [drop.name, *(drop.auxiliary_names or [])]:
        if name != keep.name and name not in names:
            names.append(name)
    keep.auxiliary_names = names
    keep.keywords = list(dict.fromkeys([*(keep.keywords or []), *(drop.keywords or [])]))
    keep.is_anchor = keep.is_anchor or drop.is_anchor
    keep.is_growth_seeking = keep.is_growth_seeking or drop.is_growth_seeking
    keep.is_prospect = keep.is_prospect and drop.is_prospect


def what_moves(session: Session, keep: Company, drop: Company) -> str:
    """The sentence naming what a merge of companies of two towns moves from ``drop``'s town to
    ``keep``'s: the confirmation the coordinator gives, and the refusal without it."""
    counts = companies.related_counts(session, drop)
    return str(_l(
        "%(drop)s belongs to %(from_town)s and %(keep)s to %(to_town)s. Merging moves "
        "%(from_town)s's data to %(to_town)s: %(contacts)d contacts (personal data), "
        "%(interactions)d logged contacts and %(tasks)d tasks of %(drop)s.",
        drop=drop.name, keep=keep.name, from_town=drop.city.name_fi, to_town=keep.city.name_fi,
        contacts=counts["contacts"], interactions=counts["interactions"], tasks=counts["tasks"],
    ))


def merge_companies(
    session: Session, actor: User, keep_id: int, drop_id: int, *, confirm_moves: bool = False
) -> AuditEvent:
    """Merge ``drop`` into ``keep``. Commits; the returned audit event can undo it.

    A merge of companies of two towns (the coordinator's alone, ``authz.require_merge``) moves
    one town's personal data to the other: it needs ``confirm_moves``, and is audited for both
    towns. Raises FieldError for merging a company with itself or an unconfirmed merge of two
    towns (``confirm_moves``, naming what moves), NotFound for rows outside the actor's scope,
    Forbidden without the right, Conflict when one of them is already merged.
    """
    if keep_id == drop_id:
        raise FieldError("drop_id", _l("Choose two different companies."))
    keep = authz.get_company(session, actor, keep_id, for_write=True)
    drop = authz.get_company(session, actor, drop_id, for_write=True)
    crosses = authz.require_merge(actor, keep, drop)
    if keep.merged_into_id or drop.merged_into_id:
        raise Conflict(_l("One of the companies has already been merged."))
    moves = what_moves(session, keep, drop) if crosses else None
    if moves is not None and not confirm_moves:
        raise FieldError("confirm_moves", moves)
    moved_counts = companies.related_counts(session, drop) if crosses else None
    before = {"keep": audit.snapshot(keep), "drop": audit.snapshot(drop)}
    with committing(session):
        moved: dict[str, list[Any]] = {}
        for table, column, pk in _referencing_columns():
            rows = _move(session, table, column, pk, drop.id, keep.id)
            if rows:
                moved[f"{table.name}.{column}"] = rows
        business_id = drop.business_id
        if business_id and not keep.business_id:
            drop.business_id = None
            session.flush()
            keep.business_id = business_id
        _fill_blanks(keep, drop)
        drop.merged_into_id = keep.id
        session.flush()
        session.expire(keep)
        event = audit.record(
            session,
            actor,
            "company.merge",
            entity="company",
            entity_id=keep.id,
            city_id=keep.city_id,
            before={**before, "moved": moved},
            after={"keep": audit.snapshot(keep), "drop_id": drop.id},
        )
        if crosses:  # the other town's log says where its data went, and who confirmed it
            audit.record(
                session, actor, "company.merge_out", entity="company", entity_id=drop.id,
                city_id=drop.city_id, before={"city_id": drop.city_id},
                after={"into": keep.id, "into_city_id": keep.city_id, "moved": moved_counts,
                       "confirmed": moves, "merge_event": event.id},
            )
        session.execute(task_towns_follow([keep.id, drop.id]))  # moved tasks: the new town's
        _rematch.companies_changed(session, [keep.id, drop.id])
    return event


def unmerge(session: Session, actor: User, event_id: int) -> Company:
    """Undo a merge from its audit record: the removed company returns with its rows. Commits;
    both companies are rematched right after (a follow-up of the commit)."""
    event = session.get(AuditEvent, event_id)
    if event is None or event.action != "company.merge" or not event.before:
        raise NotFound()
    keep = authz.get_company(session, actor, event.entity_id or 0, for_write=True)
    drop_image = event.before["drop"]
    drop = session.get(Company, drop_image["id"])
    if drop is None or drop.merged_into_id != keep.id:
        raise Conflict(_l("This merge has already been undone."))
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    with committing(session):
        for key, rows in (event.before.get("moved") or {}).items():
            table_name, column = key.split(".")
            table = tables[table_name]
            pk = [c for c in table.primary_key.columns]
            for row in rows:
                values = row if isinstance(row, list) else [row]
                cond = [c == v for c, v in zip(pk, values, strict=True)]
                session.execute(
                    update(table).where(table.c[column] == keep.id, *cond).values({column: drop.id})
                )
        keep_image = event.before["keep"]
        if drop_image.get("business_id") and keep.business_id == drop_image["business_id"]:
            keep.business_id = None
            session.flush()
        _restore(keep, keep_image)
        _restore(drop, drop_image)
        drop.merged_into_id = None
        session.flush()
        audit.record(
            session,
            actor,
            "company.unmerge",
            entity="company",
            entity_id=keep.id,
            city_id=keep.city_id,
            before={"merge_event": event.id},
            after={"restored": drop.id},
        )
        if drop.city_id != keep.city_id:  # the restored company's town sees its data return
            audit.record(
                session, actor, "company.unmerge", entity="company", entity_id=drop.id,
                city_id=drop.city_id, before={"merge_event": event.id},
                after={"restored": drop.id, "from": keep.id},
            )
        session.execute(task_towns_follow([keep.id, drop.id]))  # moved tasks: the new town's
        _rematch.companies_changed(session, [keep.id, drop.id])
    return drop


_RESTORED = (
    "name",
    "business_id",
    "auxiliary_names",
    "industry_code",
    "industry_text",
    "municipality_code",
    "website",
    "description",
    "keywords",
    "employees",
    "is_anchor",
    "is_growth_seeking",
    "is_prospect",
    "owner_id",
)


def _restore(company: Company, image: dict[str, Any]) -> None:
    for attr in _RESTORED:
        if attr in image:
            setattr(company, attr, image[attr])
    company.industry_code_set = (
        IndustryCodeSet(image["industry_code_set"]) if image.get("industry_code_set") else None
    )
    company.size_class = SizeClass(image["size_class"]) if image.get("size_class") else None
    turnover = image.get("turnover_eur")
    company.turnover_eur = Decimal(turnover) if turnover is not None else None
