from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.errors import FieldError, Forbidden, NotFound
from app.models import AuditEvent, Interaction, InteractionKind, Role, Task
from app.models.pipeline import PipelineEntry, StageChange
from app.services import pipeline
from app.services.pipeline import ANY, BoardFilters, StaleStage

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _moves(session):
    return session.scalar(select(func.count()).select_from(StageChange))


def test_default_stages_come_with_the_migration_in_order(session):
    stages = pipeline.list_stages(session)
    assert [s.key for s in stages] == [
        "identified", "first_contact", "needs_mapped", "ecosystem", "preparing", "funded"]
    assert stages[0].name_fi == "Tunnistettu" and stages[-1].name_en == "Funded project"
    assert all(s.stalled_after_days > 0 for s in stages)


def test_move_records_who_when_from_to_and_note(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    first = pipeline.move_company(session, staff, company.id, "identified", expected_stage=None,
                                  now=NOW)
    later = NOW + timedelta(days=3)
    second = pipeline.move_company(session, staff, company.id, "first_contact",
                                   expected_stage="identified", note=" Soitettu ", now=later)
    assert (first.from_stage, first.to_stage) == (None, "identified")
    assert (second.from_stage, second.to_stage, second.changed) == (
        "identified", "first_contact", True)
    changes = session.scalars(select(StageChange).order_by(StageChange.id)).all()
    assert [(c.from_stage and c.from_stage.key, c.to_stage.key) for c in changes] == [
        (None, "identified"), ("identified", "first_contact")]
    assert changes[1].moved_by_id == staff.id and changes[1].note == "Soitettu"
    assert changes[1].moved_at == later
    entry = session.scalars(select(PipelineEntry)).one()
    assert entry.stage.key == "first_contact" and entry.entered_at == later
    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "pipeline.move")).all()
    assert [a.after["stage"] for a in audits] == ["identified", "first_contact"]


def test_stale_expected_stage_is_refused_and_writes_nothing(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    pipeline.move_company(session, staff, company.id, "identified", expected_stage=None)
    pipeline.move_company(session, staff, company.id, "needs_mapped", expected_stage="identified")
    with pytest.raises(StaleStage) as caught:
        pipeline.move_company(session, staff, company.id, "first_contact",
                              expected_stage="identified")
    assert caught.value.current_stage == "needs_mapped"
    assert "siirsi yrityksen" in str(caught.value.message)  # Finnish, the default
    assert _moves(session) == 2
    # a company not on the board yet: someone expecting it in a stage is told it is on none
    other = make_company(city=staff.city)
    with pytest.raises(StaleStage) as none_yet:
        pipeline.move_company(session, staff, other.id, "funded", expected_stage="identified")
    assert none_yet.value.current_stage is None
    assert session.scalar(select(func.count()).select_from(PipelineEntry)) == 1


def test_unknown_stage_is_a_field_error_and_writes_nothing(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    for bad in ("nonexistent", "", None):
        with pytest.raises(FieldError) as caught:
            pipeline.move_company(session, staff, company.id, bad)
        assert caught.value.field == "stage"
    assert _moves(session) == 0


def test_other_towns_staff_and_viewers_cannot_move(session, make_user, make_company):
    owner = make_user(Role.STAFF)
    company = make_company(city=owner.city)
    stranger = make_user(Role.STAFF)
    viewer = make_user(Role.VIEWER, city=owner.city)
    with pytest.raises(NotFound):
        pipeline.move_company(session, stranger, company.id, "identified")
    with pytest.raises(Forbidden):
        pipeline.move_company(session, viewer, company.id, "identified")
    assert _moves(session) == 0


def test_park_needs_a_reason_leaves_the_board_and_can_return(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    pipeline.move_company(session, staff, company.id, "needs_mapped")
    with pytest.raises(FieldError) as no_reason:
        pipeline.park_company(session, staff, company.id, "  ")
    assert no_reason.value.field == "reason"
    parked = pipeline.park_company(session, staff, company.id, "Ei resursseja nyt",
                                   expected_stage="needs_mapped")
    assert parked.to_stage is None
    cols = pipeline.board(session, staff, BoardFilters(), today=TODAY)
    assert sum(len(c.cards) for c in cols) == 0
    last = session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
    assert last.to_stage_id is None and last.parked_reason == "Ei resursseja nyt"
    back = pipeline.move_company(session, staff, company.id, "identified", expected_stage=None)
    assert back.from_stage is None and back.to_stage == "identified"


def test_moving_to_the_current_stage_writes_nothing(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    pipeline.move_company(session, staff, company.id, "identified")
    result = pipeline.move_company(session, staff, company.id, "identified", expected_stage=ANY)
    assert result.changed is False and _moves(session) == 1


def test_board_cards_show_days_contact_tasks_and_stalled(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city, owner=staff, is_anchor=True)
    quiet = make_company(city=staff.city, name="Hiljainen Oy")
    entered = datetime(2026, 11, 1, 12, tzinfo=UTC)
    pipeline.move_company(session, staff, company.id, "first_contact", now=entered)
    pipeline.move_company(session, staff, quiet.id, "first_contact", now=entered - timedelta(40))
    session.add(Interaction(company_id=company.id, occurred_on=date(2026, 11, 20),
                            kind=InteractionKind.PHONE, summary="Soitto"))
    session.add(Task(company_id=company.id, title="Tarjous"))
    session.flush()
    cols = {c.stage.key: c for c in pipeline.board(session, staff, BoardFilters(), today=TODAY)}
    cards = {c.name: c for c in cols["first_contact"].cards}
    card = cards[company.name]
    assert card.days_in_stage == 27 and card.days_since_contact == 8
    assert card.open_tasks == 1 and card.owner_name == staff.name and not card.is_stalled
    assert cards["Hiljainen Oy"].is_stalled  # 67 days > 30, no contact at all
    only_anchor = pipeline.board(session, staff, BoardFilters(flag="anchor"), today=TODAY)
    assert [c.name for col in only_anchor for c in col.cards] == [company.name]
    stalled = pipeline.stalled_companies(session, staff, TODAY)
    assert [(s.name, s.stage_key, s.limit_days) for s in stalled] == [
        ("Hiljainen Oy", "first_contact", 30)]


def test_board_of_another_town_is_not_found_for_staff(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    other = make_user(Role.STAFF)
    company = make_company(city=other.city)
    pipeline.move_company(session, other, company.id, "identified")
    with pytest.raises(NotFound):
        pipeline.board(session, staff, BoardFilters(city_id=other.city_id), today=TODAY)
    mine = pipeline.board(session, staff, BoardFilters(), today=TODAY)
    assert sum(len(c.cards) for c in mine) == 0
    coordinator = make_user(Role.COORDINATOR)
    theirs = pipeline.board(session, coordinator, BoardFilters(city_id=other.city_id), today=TODAY)
    assert [c.company_id for col in theirs for c in col.cards] == [company.id]


def test_coordinator_renames_a_stage_and_sets_its_limit(session, make_user):
    from app.services.pipeline import StageInput

    coordinator = make_user(Role.COORDINATOR)
    stage = pipeline.update_stage(session, coordinator, StageInput(
        "first_contact", " Ensitapaaminen ", "First meeting", 21))
    assert (stage.name_fi, stage.name_en, stage.stalled_after_days) == (
        "Ensitapaaminen", "First meeting", 21)
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "pipeline_stage")).one()
    assert event.after["stalled_after_days"] == 21


def test_stage_settings_refuse_bad_input_and_other_roles(session, make_user):
    from app.services.pipeline import StageInput

    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(FieldError) as caught:
        pipeline.update_stage(session, coordinator, StageInput("identified", "", "X", 0))
    assert {e.field for e in caught.value.errors} == {"name_fi", "stalled_after_days"}
    with pytest.raises(FieldError):
        pipeline.update_stage(session, coordinator, StageInput("nope", "A", "B", 5))
    with pytest.raises(Forbidden):
        pipeline.update_stage(session, make_user(Role.CITY_ADMIN), StageInput(
            "identified", "A", "B", 5))
    assert pipeline.list_stages(session)[0].name_fi == "Tunnistettu"


def test_merging_two_companies_on_the_board_keeps_the_kept_ones_place(session, make_user,
                                                                      make_company):
    """Each company has one place on the board: a merge keeps the kept company's stage, moves
    the dropped one's stage history along, and undoing the merge gives both back their places."""
    from app.services.companies import merge

    staff = make_user(Role.STAFF)
    keep, drop = make_company(city=staff.city), make_company(city=staff.city)
    pipeline.move_company(session, staff, keep.id, "first_contact", expected_stage=None, now=NOW)
    pipeline.move_company(session, staff, drop.id, "preparing", expected_stage=None, now=NOW)
    event = merge.merge_companies(session, staff, keep.id, drop.id)
    entries = {e.company_id: e.stage.key for e in session.scalars(select(PipelineEntry))}
    assert entries[keep.id] == "first_contact"
    moved = session.scalars(select(StageChange.company_id).where(StageChange.company_id == keep.id))
    assert len(list(moved)) == 2  # its own move and the dropped company's
    merge.unmerge(session, staff, event.id)
    entries = {e.company_id: e.stage.key for e in session.scalars(select(PipelineEntry))}
    assert entries == {keep.id: "first_contact", drop.id: "preparing"}
