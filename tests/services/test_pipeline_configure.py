"""The coordinator's stages: add, rename, reorder, remove (refused while companies are in it;
a stage with history is retired, not lost), and unparking."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import Conflict, FieldError, Forbidden
from app.models import AuditEvent, Role
from app.models.pipeline import PipelineStage, StageChange
from app.services import pipeline
from app.services.pipeline import StageInput


def keys(session):
    return [s.key for s in pipeline.list_stages(session)]


def actions(session, action):
    """The audit events of an action in the order they were recorded (PostgreSQL returns an
    unordered query's rows in any order)."""
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                .order_by(AuditEvent.id)))


def test_only_the_coordinator_configures_stages(session, make_user):
    staff = make_user(Role.CITY_ADMIN)
    with pytest.raises(Forbidden):
        pipeline.add_stage(session, staff, StageInput("", "Uusi", "New", 30))
    with pytest.raises(Forbidden):
        pipeline.move_stage(session, staff, "funded", "up")
    with pytest.raises(Forbidden):
        pipeline.delete_stage(session, staff, "funded")
    assert keys(session)[-1] == "funded" and len(keys(session)) == 6


def test_add_a_stage_at_the_end_with_a_key_from_its_english_name(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    stage = pipeline.add_stage(session, coordinator,
                               StageInput("ignored", "Jatkohanke", "Follow-up project", 40))
    assert (stage.key, stage.position, stage.stalled_after_days) == ("follow_up_project", 7, 40)
    again = pipeline.add_stage(session, coordinator,
                               StageInput("", "Jatkohanke 2", "Follow-up project", 40))
    assert again.key == "follow_up_project_2"
    assert keys(session)[-2:] == ["follow_up_project", "follow_up_project_2"]
    assert len(actions(session, "pipeline_stage.create")) == 2
    with pytest.raises(FieldError) as caught:
        pipeline.add_stage(session, coordinator, StageInput("", "", "x" * 101, 0))
    assert sorted(e.field for e in caught.value.errors) == [
        "name_en", "name_fi", "stalled_after_days"]


def test_rename_in_both_languages(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    pipeline.update_stage(session, coordinator,
                          StageInput("first_contact", "Ensitapaaminen", "First meeting", 21))
    stage = next(s for s in pipeline.list_stages(session) if s.key == "first_contact")
    assert (stage.name_fi, stage.name_en, stage.stalled_after_days) == (
        "Ensitapaaminen", "First meeting", 21)


def test_reorder_moves_a_stage_one_place(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    pipeline.move_stage(session, coordinator, "funded", "up")
    assert keys(session)[-2:] == ["funded", "preparing"]
    assert [s.position for s in pipeline.list_stages(session)] == [1, 2, 3, 4, 5, 6]
    pipeline.move_stage(session, coordinator, "identified", "up")  # already first: nothing
    assert keys(session)[0] == "identified"
    event = actions(session, "pipeline_stage.reorder")[0]
    assert event.before["order"][-1] == "funded" and event.after["order"][-1] == "preparing"
    with pytest.raises(FieldError):
        pipeline.move_stage(session, coordinator, "funded", "sideways")


def test_a_stage_with_companies_cannot_be_removed(session, make_user, make_company):
    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    pipeline.move_company(session, staff, company.id, "funded")
    with pytest.raises(Conflict) as caught:
        pipeline.delete_stage(session, coordinator, "funded")
    assert "1" in str(caught.value.message) and "funded" in keys(session)
    assert actions(session, "pipeline_stage.delete") == []


def test_an_empty_stage_is_removed_and_one_with_history_retired(session, make_user,
                                                                make_company):
    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    pipeline.delete_stage(session, coordinator, "ecosystem")  # never used: gone
    assert session.scalars(select(PipelineStage).where(PipelineStage.key == "ecosystem")).all() == []
    company = make_company(city=staff.city)
    pipeline.move_company(session, staff, company.id, "preparing")
    pipeline.move_company(session, staff, company.id, "funded")
    pipeline.delete_stage(session, coordinator, "preparing")  # empty now, but in the history
    assert keys(session) == ["identified", "first_contact", "needs_mapped", "funded"]
    assert [s.position for s in pipeline.list_stages(session)] == [1, 2, 3, 4]
    retired = session.scalars(select(PipelineStage).where(PipelineStage.key == "preparing")).one()
    assert retired.retired_at is not None
    assert session.scalars(select(StageChange).where(
        StageChange.to_stage_id == retired.id)).one()  # the history keeps it
    with pytest.raises(FieldError):  # nobody moves into a removed stage
        pipeline.move_company(session, staff, company.id, "preparing")
    assert [e.after for e in actions(session, "pipeline_stage.delete")] == [
        {"retired": False}, {"retired": True}]
    review = pipeline.review(session, staff, pipeline.BoardFilters(), since=company.created_at.date(),
                             today=company.created_at.date())
    assert [m.to_key for m in review.columns[-1][1][0].moves] == ["preparing", "funded"]


def test_the_last_stage_stays(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    for key in keys(session)[1:]:
        pipeline.delete_stage(session, coordinator, key)
    with pytest.raises(Conflict):
        pipeline.delete_stage(session, coordinator, "identified")
    assert keys(session) == ["identified"]


def test_unpark_returns_to_the_stage_it_left_or_the_first_when_removed(session, make_user,
                                                                       make_company):
    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    with pytest.raises(FieldError):
        pipeline.unpark_company(session, staff, company.id)  # not parked
    pipeline.move_company(session, staff, company.id, "needs_mapped")
    pipeline.park_company(session, staff, company.id, "Ei nyt")
    result = pipeline.unpark_company(session, staff, company.id)
    assert (result.from_stage, result.to_stage) == (None, "needs_mapped")
    pipeline.park_company(session, staff, company.id, "Taas tauolla")
    pipeline.delete_stage(session, coordinator, "needs_mapped")  # a parked one left it: retired
    result = pipeline.unpark_company(session, staff, company.id, note="Palasi")
    assert result.to_stage == "identified"
    pipeline.park_company(session, staff, company.id, "Kolmas")
    assert pipeline.unpark_company(session, staff, company.id, "funded").to_stage == "funded"


def test_default_stages_have_swedish_names_and_sv_falls_back_to_finnish(session, make_user):
    stages = {s.key: s for s in pipeline.list_stages(session)}
    assert stages["identified"].name_sv == "Identifierad"
    assert stages["first_contact"].name("sv") == "Första kontakt"
    assert stages["first_contact"].name("fi") == "Ensikontakti"
    assert stages["first_contact"].name("en") == "First contact"
    coordinator = make_user(Role.COORDINATOR)
    added = pipeline.add_stage(session, coordinator, StageInput("", "Jatkohanke", "Follow-up", 40))
    assert added.name_sv is None and added.name("sv") == "Jatkohanke"


def test_add_and_rename_with_a_swedish_name_audited(session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    added = pipeline.add_stage(session, coordinator, StageInput(
        "", "Jatkohanke", "Follow-up", 40, name_sv="  Fortsatt projekt "))
    assert added.name_sv == "Fortsatt projekt" and added.name("sv") == "Fortsatt projekt"
    pipeline.update_stage(session, coordinator, StageInput(
        "funded", "Rahoitettu hanke", "Funded project", 120, name_sv="Beviljat projekt"))
    stage = next(s for s in pipeline.list_stages(session) if s.key == "funded")
    assert stage.name("sv") == "Beviljat projekt"
    event = actions(session, "pipeline_stage.update")[-1]
    assert "Beviljat projekt" in str(event.after) and "Finansierat projekt" in str(event.before)
    # an empty Swedish name clears it: Swedish pages then show the Finnish name
    pipeline.update_stage(session, coordinator, StageInput(
        "funded", "Rahoitettu hanke", "Funded project", 120, name_sv=" "))
    stage = next(s for s in pipeline.list_stages(session) if s.key == "funded")
    assert stage.name_sv is None and stage.name("sv") == "Rahoitettu hanke"
    with pytest.raises(FieldError) as caught:
        pipeline.update_stage(session, coordinator, StageInput(
            "funded", "Rahoitettu hanke", "Funded project", 120, name_sv="x" * 101))
    assert [e.field for e in caught.value.errors] == ["name_sv"]
    session.expire_all()
    assert session.scalars(select(PipelineStage).where(PipelineStage.key == "funded")).one(
    ).name_sv is None
