"""The task tabs show their counts, and ticked tasks are completed or reassigned together
(issue 16 point 2)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.models import AuditEvent, Role, Task


def _task(session, company, **over):
    task = Task(company=company, title=over.pop("title", "Soita"), **over)
    session.add(task)
    session.flush()
    return task


def test_tab_labels_carry_the_counts_for_eyes_and_screen_readers(login, make_user, make_company,
                                                                 session):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    _task(session, company, assignee=staff, due_on=clock.today() - timedelta(days=2))
    _task(session, company, assignee=staff)
    html = login(staff).get("/tasks").get_data(as_text=True)
    nav = re.search(r'<ul class="tabs">(.*?)</ul>', html, re.S).group(1)
    assert re.search(r'Omat avoimet tehtävät <span class="tab-count" aria-hidden="true">\(2\)'
                     r'</span><span class="visually-hidden">: 2 tehtävää</span>', nav)
    assert re.search(r'myöhässä[^<]*<span class="tab-count" aria-hidden="true">\(1\)', nav, re.I)
    assert '<span class="tab-count" aria-hidden="true">(0)</span>' in nav  # nothing done yet


def test_ticked_tasks_are_completed_together(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    company = make_company(city=staff.city)
    first, second = _task(session, company, assignee=staff), _task(session, company, assignee=staff)
    client = login(staff)
    html = client.get("/tasks?view=town").get_data(as_text=True)
    assert f'name="task_ids" value="{first.id}" form="bulk-tasks"' in html
    resp = client.submit("/tasks/bulk", {"task_ids": [str(first.id), str(second.id)],
                                         "action": "complete", "next": "/tasks?view=town"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/tasks?view=town")
    session.expire_all()
    assert first.done_at is not None and second.done_at is not None
    assert "2 tehtävää merkitty tehdyksi" in client.get("/tasks?view=town").get_data(as_text=True)


def test_ticked_tasks_get_one_new_assignee_each_audited(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    colleague = make_user(Role.STAFF, city=staff.city)
    company = make_company(city=staff.city)
    tasks = [_task(session, company, assignee=staff) for _ in range(2)]
    resp = login(staff).submit("/tasks/bulk", {"task_ids": [str(t.id) for t in tasks],
                                               "action": "reassign",
                                               "assignee_id": str(colleague.id)})
    assert resp.status_code == 302
    session.expire_all()
    assert {t.assignee_id for t in tasks} == {colleague.id}
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "task",
                                                      AuditEvent.action == "task.update")).all()
    assert sorted(e.entity_id for e in events) == sorted(t.id for t in tasks)


def test_another_towns_task_among_the_ticked_changes_nothing(login, make_user, make_company,
                                                            make_city, session):
    staff = make_user(Role.STAFF)
    own = _task(session, make_company(city=staff.city))
    foreign = _task(session, make_company(city=make_city()))
    resp = login(staff).submit("/tasks/bulk", {"task_ids": [str(own.id), str(foreign.id)],
                                               "action": "complete"})
    assert resp.status_code == 404
    session.expire_all()
    assert own.done_at is None and foreign.done_at is None


def test_no_task_ticked_says_so_and_changes_nothing(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    task = _task(session, make_company(city=staff.city))
    client = login(staff)
    resp = client.submit("/tasks/bulk", {"action": "complete"})
    assert resp.status_code == 302
    assert "Valitse vähintään yksi tehtävä." in client.get("/tasks?view=town").get_data(as_text=True)
    session.expire_all()
    assert task.done_at is None


def test_a_viewer_gets_no_bulk_form(login, make_user, make_company, session):
    viewer = make_user(Role.VIEWER)
    _task(session, make_company(city=viewer.city))
    html = login(viewer).get("/tasks?view=town").get_data(as_text=True)
    assert 'id="bulk-tasks"' not in html and 'name="task_ids"' not in html
