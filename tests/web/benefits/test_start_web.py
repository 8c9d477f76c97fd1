"""Sign-in lands on the start page; the company list stays at / one click away."""

from datetime import date

from app.models import Task
from tests.conftest import TEST_PASSWORD


def test_sign_in_lands_on_the_start_page_with_a_task_due_today(client, session, towns):
    staff = towns["staff"]
    session.add(Task(company=towns["company"], title="Soita tänään", due_on=date.today(),
                     assignee_id=staff.id))
    session.flush()
    resp = client.submit("/login", {"email": staff.email, "password": TEST_PASSWORD})
    assert resp.headers["Location"] == "/start"
    page = client.get("/start").get_data(as_text=True)
    assert "Soita tänään" in page and f'href="/companies/{towns["company"].id}"' in page
    assert 'href="/"' in page
    assert client.get("/").status_code == 200
