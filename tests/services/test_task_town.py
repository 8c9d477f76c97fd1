"""A task carries its company's town (``Task.city_id``, what ``authz.scope`` filters a town's
tasks by): set when it is added, and following the company to another town or a merge."""

from __future__ import annotations

from sqlalchemy import select

from app import clock
from app.models import Role, Task
from app.services import engagement
from app.services.companies import merge
from app.services.inputs import TaskInput


def _town_of(session, task_id):
    return session.scalar(select(Task.city_id).where(Task.id == task_id))


def test_a_new_task_takes_its_companys_town(session, make_user, make_company):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    task = engagement.create_task(session, staff, company.id, TaskInput(title="Soita"))
    assert _town_of(session, task.id) == staff.city_id
    by_id = Task(company_id=company.id, title="Lähetä tarjous")  # the id only, no relationship
    session.add(by_id)
    session.flush()
    assert _town_of(session, by_id.id) == staff.city_id


def test_the_tasks_follow_their_company_to_another_town(session, make_user, make_company,
                                                        make_city):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    task = engagement.create_task(session, staff, company.id, TaskInput(title="Soita"))
    other = make_city()
    company.city = other
    session.flush()
    assert _town_of(session, task.id) == other.id
    assert engagement.task_counts(session, staff, today=clock.today())["town"] == 0
    assert engagement.task_page(session, make_user(Role.STAFF, city=other), view="town",
                                today=clock.today()).total == 1


def test_tasks_moved_by_a_merge_across_towns_change_town_and_move_back_on_undo(
        session, make_user, make_company, make_city):
    coordinator = make_user(Role.COORDINATOR)
    staff = make_user(Role.STAFF)
    keep = make_company(city=staff.city, name="Kallion Konepaja Oy")
    other = make_city()
    drop = make_company(city=other, name="Kallion Konepaja Ab")
    task = engagement.create_task(session, coordinator, drop.id, TaskInput(title="Soita"))
    event = merge.merge_companies(session, coordinator, keep.id, drop.id, confirm_moves=True)
    assert _town_of(session, task.id) == staff.city_id
    assert [t.id for t in engagement.task_page(session, staff, view="town",
                                               today=clock.today()).items] == [task.id]
    merge.unmerge(session, coordinator, event.id)
    assert _town_of(session, task.id) == other.id
    assert engagement.task_counts(session, staff, today=clock.today())["town"] == 0
