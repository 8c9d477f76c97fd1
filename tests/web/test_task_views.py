"""The tasks page and the log shortcut offer each role only what it holds and may do."""

from __future__ import annotations

import re
from datetime import date

from app.models import Role, Task


def _tabs(html: str) -> list[str]:
    nav = re.search(r'<ul class="tabs">(.*?)</ul>', html, re.S)
    assert nav
    return re.findall(r'view=(\w+)', nav.group(1))


def test_viewer_opens_tasks_on_the_towns_open_tasks_and_sees_no_personal_tabs(login, make_user, make_company, session):
    viewer = make_user(Role.VIEWER)
    staff = make_user(Role.STAFF, city=viewer.city)
    company = make_company(city=viewer.city)
    session.add(Task(company=company, title="Soita rahoittajalle", due_on=date.today(), assignee=staff))
    session.flush()
    client = login(viewer)
    html = client.get("/tasks").get_data(as_text=True)
    assert "Soita rahoittajalle" in html
    assert _tabs(html) == ["town", "done"]
    assert 'aria-current="page">Kaupunkisi avoimet' in html
    # a personal tab asked for by address falls back to what the viewer has
    assert "Soita rahoittajalle" in client.get("/tasks?view=mine").get_data(as_text=True)


def test_staff_still_opens_on_their_own_tasks(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    other = make_user(Role.STAFF, city=staff.city)
    company = make_company(city=staff.city)
    session.add(Task(company=company, title="Kollegan tehtävä", assignee=other))
    session.flush()
    html = login(staff).get("/tasks").get_data(as_text=True)
    assert _tabs(html) == ["mine", "overdue", "week", "town", "done"]
    assert "Kollegan tehtävä" not in html


def test_coordinator_network_tab_says_so_and_shows_the_town(login, make_user, make_company, make_city, session):
    coordinator = make_user(Role.COORDINATOR)
    town = make_city(name="Kuhmo")
    session.add(Task(company=make_company(city=town, name="Kuhmon Puu Oy"), title="Käy tehtaalla"))
    session.flush()
    html = login(coordinator).get("/tasks?view=town").get_data(as_text=True)
    assert "<h2>Koko verkoston avoimet</h2>" in html
    assert "kaupungissa" not in html
    assert re.search(r'<th scope="col">Kaupunki</th>', html)
    assert re.search(r"<td>Kuhmo</td>", html)


def test_staff_town_tab_has_no_town_column(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    session.add(Task(company=make_company(city=staff.city), title="Oma tehtävä"))
    session.flush()
    html = login(staff).get("/tasks?view=town").get_data(as_text=True)
    assert "<h2>Kaupunkisi avoimet</h2>" in html
    assert '<th scope="col">Kaupunki</th>' not in html


def test_viewer_asking_for_the_log_shortcut_is_refused_at_once(login, make_user, make_company):
    viewer = make_user(Role.VIEWER)
    make_company(city=viewer.city, name="Katsottava Oy")
    client = login(viewer)
    assert client.get("/log").status_code == 403
    assert client.get("/log?q=katsottava").status_code == 403
    assert client.get("/companies/suggest?q=katsottava").status_code == 403
    home = client.get("/").get_data(as_text=True)
    assert 'href="/log"' not in home
