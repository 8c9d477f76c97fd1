"""One safe "next" helper for every redirect target: only plain local paths are followed."""

from __future__ import annotations

import pytest

from app.models import Role, Task
from app.web.redirects import is_safe_target, safe_next

UNSAFE = [
    "/\t/evil.example/", "/\n/evil.example/", "/\r\n/evil.example", "//evil.example/",
    "\\\\evil.example", "/\\evil.example", "\\/evil.example", "https:evil.example",
    "https://evil.example/", "javascript:alert(1)", " /tasks", "/tasks\x00", "/x\x7f",
    "http:/evil.example", "evil.example", "", "/\u2028/evil.example", "/\u00a0/evil",
]
SAFE = ["/tasks", "/tasks?view=week", "/companies/12#matches", "/?q=a%20b&size=sme"]


@pytest.mark.parametrize("target", UNSAFE)
def test_unsafe_targets_fall_back(target):
    assert not is_safe_target(target)
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", SAFE)
def test_local_paths_are_kept(target):
    assert safe_next(target, "/home") == target


@pytest.fixture()
def task(make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city)
    row = Task(company=company, title="Soita", assignee=user)
    session.add(row)
    session.flush()
    return row


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\\evil.example", "https:evil.example"])
def test_task_buttons_do_not_follow_an_unsafe_next(login, task, target):
    client = login(task.assignee)
    resp = client.submit(f"/tasks/{task.id}/complete", {"next": target}, page="/tasks")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/companies/")


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\\evil.example"])
def test_sign_in_and_language_do_not_follow_an_unsafe_next(client, make_user, target):
    from tests.conftest import TEST_PASSWORD

    user = make_user(Role.STAFF)
    resp = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD, "next": target})
    assert resp.status_code == 302 and "evil" not in resp.headers["Location"]
    resp = client.submit("/language", {"language": "en", "next": target}, page="/")
    assert resp.status_code == 302 and "evil" not in resp.headers["Location"]


def test_a_saved_search_with_line_breaks_redirects_home(login, make_user):
    client = login(make_user(Role.STAFF))
    resp = client.submit("/saved-searches", {"name": "x", "query": "q=a\r\nSet-Cookie: x=1"}, page="/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
