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


def test_the_start_page_lists_my_stalled_pipeline_company(client, session, towns, login):
    from datetime import UTC, datetime

    from app.services import pipeline

    staff, company = towns["staff"], towns["company"]
    company.owner_id = staff.id
    pipeline.move_company(session, staff, company.id, "first_contact", expected_stage=None,
                          now=datetime(2025, 1, 1, tzinfo=UTC))
    page = login(staff).get("/start").get_data(as_text=True)
    assert "Pysähtyneet putkessa" in page
    section = page.split('id="stalled-h"', 1)[1].split("</section>", 1)[0]
    assert "Kallion Konepaja Oy" in section and "Ensikontakti" in section
