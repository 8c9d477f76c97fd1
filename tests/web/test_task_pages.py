"""Task views at scale: 50 rows a page with the view's total, the town's tasks found by the
task's own town (no join with every company of the town) and counted without an ``OR`` over the
whole table (the town's own tasks and those of companies shared with it apart)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import authz
from app.clock import today
from app.models import CompanyShare, Role, Task
from app.services import engagement


def _tasks(session, company, n, **over):
    day = today()
    session.add_all(Task(company=company, title=f"Tehtävä {i:03d}", due_on=day + timedelta(days=i),
                         **over) for i in range(n))
    session.flush()


def test_the_town_view_is_paged_by_fifty_with_its_total(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    _tasks(session, make_company(city=staff.city), 120)
    client = login(staff)
    first = client.get("/tasks?view=town").get_data(as_text=True)
    assert first.count("<tr>") - 1 == 50  # the header row aside
    assert "Tehtävä 000" in first and "Tehtävä 050" not in first
    assert "120 tehtävää" in first and 'rel="next"' in first
    last = client.get("/tasks?view=town&page=3").get_data(as_text=True)
    assert last.count("<tr>") - 1 == 20 and "Tehtävä 119" in last and 'rel="next"' not in last
    assert "Tehtävä 119" in client.get("/tasks?view=town&page=99").get_data(as_text=True)


def test_a_page_holds_the_towns_own_and_shared_companies_tasks_only(make_user, make_company,
                                                                    make_city, session):
    staff = make_user(Role.STAFF)
    own, shared, other = (make_company(city=staff.city), make_company(city=make_city()),
                          make_company(city=make_city()))
    session.add(CompanyShare(company_id=shared.id, city_id=staff.city_id))
    for company in (own, shared, other):
        _tasks(session, company, 2)
    page = engagement.task_page(session, staff, view="town", today=today())
    assert page.total == 4 and {t.company_id for t in page.items} == {own.id, shared.id}
    sql = str(authz.scope(staff, select(Task), Task).compile())
    assert "task.city_id" in sql and "company.city_id" not in sql
    parts = [str(p.compile()) for p in authz.scope_parts(staff, select(Task), Task)]
    assert len(parts) == 2 and not any(" OR " in p for p in parts)


def test_done_view_is_newest_first_and_counted(make_user, make_company, session):
    staff = make_user(Role.STAFF)
    _tasks(session, make_company(city=staff.city), 3)
    tasks = list(session.scalars(select(Task).order_by(Task.id)))
    for i, task in enumerate(tasks):
        task.done_at = task.created_at + timedelta(minutes=i)
    session.flush()
    page = engagement.task_page(session, staff, view="done", today=today())
    assert page.total == 3 and [t.id for t in page.items] == [t.id for t in reversed(tasks)]


def test_the_town_page_asks_the_same_queries_however_many_shared_companies_it_lists(
        login, make_user, make_company, make_city, session):
    from sqlalchemy import event

    staff = make_user(Role.STAFF)
    client = login(staff)

    def add_shared(n: int) -> None:
        for _ in range(n):
            shared = make_company(city=make_city())
            session.add(CompanyShare(company_id=shared.id, city_id=staff.city_id))
            _tasks(session, shared, 1)

    def queries() -> int:
        seen: list[str] = []
        engine = session.get_bind()

        def before(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            page = client.get("/tasks?view=town").get_data(as_text=True)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        assert 'name="task_ids"' in page  # the rows' "may edit" checks ran
        return len(seen)

    add_shared(2)
    few = queries()
    add_shared(8)
    assert queries() == few
