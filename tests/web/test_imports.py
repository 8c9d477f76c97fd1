"""The import pages through the test client: upload, mapping, dry run, decisions and the import,
with CSRF on every POST, the bad inputs, the progress fragment and town boundaries."""

from __future__ import annotations

import io
import re
import threading

import pytest
from sqlalchemy import func, select

from app.job_queue import thread as background
from app.models import AuditEvent, Company, Role
from app.models.imports import CompanyImport, CompanyImportRow, ImportStatus, RowOutcome
from app.services import imports

HEADER = "Y-tunnus;Nimi;Toimiala;Kunta;Henkilöstö;Liikevaihto;Kasvuhakuinen"


def csv_file(*lines: str, header: str = HEADER, encoding: str = "cp1252") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


class QueuedJobs:
    """Stands in for the thread launcher: the test database is one connection, so a queued job
    runs (in its own app context, in the user's language, as the thread would) when asked."""

    def __init__(self):
        self.queued = []

    def __call__(self, app, job, *args, name, locale=None, **kwargs):
        self.queued.append((app, job, args, locale, kwargs))

    def run(self):
        while self.queued:
            app, job, args, locale, kwargs = self.queued.pop(0)
            background.run_in_app(app, job, *args, locale=locale, **kwargs)


@pytest.fixture()
def jobs(monkeypatch):
    queue = QueuedJobs()
    monkeypatch.setattr(background, "start", queue)
    return queue


@pytest.fixture()
def staff(make_user, make_city):
    return make_user(Role.STAFF, city=make_city(code="140", name="Iisalmi"))


def upload(client, data: bytes, filename: str = "lista.csv", **extra):
    token = client.csrf_token("/imports/")
    payload = {"csrf_token": token, "file": (io.BytesIO(data), filename), **extra}
    return client.post("/imports/", data=payload, content_type="multipart/form-data")


def latest(session) -> CompanyImport:
    return session.scalars(select(CompanyImport).order_by(CompanyImport.id.desc())).first()


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_upload_map_dry_run_decide_and_import(login, staff, session, jobs, make_company):
    make_company(city=staff.city, name="Vanha Konepaja Oy", business_id="2077474-0",
                 municipality_code="140", employees=3)
    client = login(staff)
    assert 'href="/imports/"' in client.get("/").get_data(as_text=True)  # from the list page

    resp = upload(client, csv_file("2077474-0;Vanha Konepaja Oy;25620;140;4;;ei",
                                   "1927400-1;Uusi Puu Oy;16100;Iisalmi;2;12 500,00;kyllä",
                                   "1234567-8;Virheellinen Oy;;;;;"))
    imp = latest(session)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/imports/{imp.id}/mapping")
    page = client.get(f"/imports/{imp.id}/mapping").get_data(as_text=True)
    assert re.search(r'<option selected value="business_id">', page)
    assert '<label class="visually-hidden" for="col_0">' in page and 'scope="row">Y-tunnus<' in page

    mapping = {f"col_{i}": f for i, f in enumerate(imp.mapping)}
    resp = client.submit(f"/imports/{imp.id}/mapping", {**mapping, "code_set": "TOL2008"})
    assert resp.status_code == 302
    running = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert 'role="progressbar"' in running and 'aria-valuenow="0"' in running
    assert "Päivitä sivu" in running  # the refresh link works without JavaScript
    jobs.run()

    page = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert "Virheellinen Oy" in page and "ei ole kelvollinen Y-tunnus" in page
    assert 'scope="col">Toimenpide<' in page and 'scope="row">4<' in page
    assert count(session, Company) == 1
    rows = {r.row_number: r for r in session.scalars(select(CompanyImportRow))}
    assert rows[2].outcome is RowOutcome.UPDATE and rows[3].outcome is RowOutcome.CREATE

    # importing while an error row is undecided is refused, and nothing is written
    resp = client.submit(f"/imports/{imp.id}/decisions", {"action": "commit"},
                         page=f"/imports/{imp.id}")
    assert resp.status_code == 302
    assert "rivillä on virhe" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert count(session, Company) == 1 and not jobs.queued

    resp = client.submit(f"/imports/{imp.id}/decisions",
                         {f"row_{rows[4].id}": "skip", f"row_{rows[2].id}": "update",
                          f"row_{rows[3].id}": "create", "action": "commit"},
                         page=f"/imports/{imp.id}")
    assert resp.status_code == 302
    jobs.run()
    page = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert "Tuotu." in page and "1 uutta yritystä, 1 päivitetty, 1 riviä ohitettu" in page
    new = session.scalars(select(Company).where(Company.business_id == "1927400-1")).one()
    assert new.city_id == staff.city_id and new.is_growth_seeking and new.municipality_code == "140"
    assert new.industry_code_set.value == "TOL2008"
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "company.import")).one()


def test_decisions_are_kept_per_page_and_all_errors_can_be_skipped(login, staff, session, jobs):
    client = login(staff)
    lines = [f"1234567-8;Virhe {i};;;;;" for i in range(3)] + ["1927400-1;Hyvä Oy;;;;;"]
    upload(client, csv_file(*lines))
    imp = latest(session)
    client.submit(f"/imports/{imp.id}/mapping",
                  {f"col_{i}": f for i, f in enumerate(imp.mapping)} | {"code_set": "TOL2025"})
    jobs.run()
    errors = client.get(f"/imports/{imp.id}?show=error").get_data(as_text=True)
    assert errors.count('class="outcome-error"') == 3 and "Hyvä Oy" not in errors
    resp = client.submit(f"/imports/{imp.id}/decide-all", {"outcome": "error", "decision": "skip"},
                         page=f"/imports/{imp.id}")
    assert resp.status_code == 302
    assert imports.summarize(session, imp).undecided_errors == 0
    resp = client.submit(f"/imports/{imp.id}/decisions", {"action": "commit"},
                         page=f"/imports/{imp.id}")
    jobs.run()
    assert [c.name for c in session.scalars(select(Company))] == ["Hyvä Oy"]


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "tyhja.csv", "Tiedosto on tyhjä."),
    (b" \r\n \r\n", "tyhja.csv", "Tiedosto on tyhjä."),
    (b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n", "lista.csv", "ei ole CSV- tai .xlsx-taulukko"),
    (b"PK\x03\x04not really a workbook", "lista.xlsx", "ei ole kelvollinen Excel-työkirja"),
    (b"Nimi;Kuvaus\r\nA Oy;" + b"x" * 6000 + b"\r\n", "lista.csv", "yli 5000 merkkiä"),
    (b"Nimi;Kuvaus\r\nA Oy;\x81\x8d\x8f\x90\x9d\r\n", "lista.csv", "merkkejä ei voitu lukea"),
])
def test_bad_files_get_a_clear_message_and_nothing_is_written(login, staff, session, data,
                                                              filename, message):
    resp = upload(login(staff), data, filename)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert message in html, html[html.find('class="error"') - 200:][:600]
    assert 'id="file-error"' in html
    assert count(session, CompanyImport) == 0 and count(session, Company) == 0


def test_no_file_at_all(login, staff, session):
    client = login(staff)
    resp = client.submit("/imports/", {}, content_type="multipart/form-data")
    assert resp.status_code == 422 and "Valitse tuotava tiedosto." in resp.get_data(as_text=True)


def test_a_future_last_contact_date_is_a_row_error(login, staff, session, jobs):
    client = login(staff)
    upload(client, csv_file("1927400-1;Tuleva Oy;1.1.2099", header="Y-tunnus;Nimi;Viimeisin yhteydenotto"))
    imp = latest(session)
    client.submit(f"/imports/{imp.id}/mapping",
                  {f"col_{i}": f for i, f in enumerate(imp.mapping)} | {"code_set": "TOL2025"})
    jobs.run()
    page = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert "Viimeisin yhteydenotto ei voi olla tulevaisuudessa." in page
    assert count(session, Company) == 0


def test_a_mapping_without_the_name_is_refused(login, staff, session, jobs):
    client = login(staff)
    upload(client, csv_file("1927400-1;A Oy;;;;;"))
    imp = latest(session)
    resp = client.submit(f"/imports/{imp.id}/mapping",
                         {"col_0": "business_id", "col_1": "", "code_set": "TOL2025"})
    assert resp.status_code == 422
    assert "Valitse sarake, jossa on yrityksen nimi." in resp.get_data(as_text=True)
    assert not jobs.queued and latest(session).status is ImportStatus.UPLOADED


def test_town_a_cannot_import_into_town_b(login, staff, session, make_city, make_user):
    other = make_city(code="678", name="Raahe")
    client = login(staff)
    resp = upload(client, csv_file("1927400-1;A Oy;;;;;"), city_id=str(other.id))
    assert resp.status_code == 404
    assert count(session, CompanyImport) == 0


def test_an_upload_is_private_to_its_user(login, staff, session, make_user, client, jobs):
    upload(login(staff), csv_file("1927400-1;A Oy;;;;;"))
    imp = latest(session)
    client.submit("/logout", page="/")
    intruder = login(make_user(Role.STAFF, city=staff.city))
    assert intruder.get(f"/imports/{imp.id}").status_code == 404
    assert intruder.get(f"/imports/{imp.id}/mapping").status_code == 404
    assert intruder.get(f"/imports/{imp.id}/status").status_code == 404
    resp = intruder.submit(f"/imports/{imp.id}/mapping", {"col_0": "name"}, page="/imports/")
    assert resp.status_code == 404 and not jobs.queued


def test_coordinator_chooses_the_town(login, make_user, make_city, session, jobs):
    town = make_city(code="678", name="Raahe")
    client = login(make_user(Role.COORDINATOR))
    page = client.get("/imports/").get_data(as_text=True)
    assert 'id="city_id"' in page and "Raahe" in page
    assert upload(client, csv_file("1927400-1;A Oy;;;;;")).status_code == 422
    assert upload(client, csv_file("1927400-1;A Oy;;;;;"), city_id=str(town.id)).status_code == 302
    assert latest(session).city_id == town.id


def test_viewer_may_not_import(login, make_user, session):
    client = login(make_user(Role.VIEWER))
    assert client.get("/imports/").status_code == 403
    assert 'href="/imports/"' not in client.get("/").get_data(as_text=True)


def test_every_post_needs_the_csrf_token(login, staff, session, jobs):
    client = login(staff)
    upload(client, csv_file("1927400-1;A Oy;;;;;"))
    imp = latest(session)
    for url in (f"/imports/{imp.id}/mapping", f"/imports/{imp.id}/decisions",
                f"/imports/{imp.id}/decide-all", f"/imports/{imp.id}/delete"):
        resp = client.post(url, data={"col_0": "name", "action": "commit"})
        assert resp.status_code in (400, 422), url
    assert not jobs.queued and count(session, CompanyImport) == 1


def test_file_content_is_escaped(login, staff, session, jobs):
    client = login(staff)
    upload(client, csv_file('1927400-1;<script>alert("x")</script> Oy;;;;;'))
    imp = latest(session)
    page = client.get(f"/imports/{imp.id}/mapping").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    client.submit(f"/imports/{imp.id}/mapping",
                  {f"col_{i}": f for i, f in enumerate(imp.mapping)} | {"code_set": "TOL2025"})
    jobs.run()
    page = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_throwing_an_upload_away(login, staff, session, jobs):
    client = login(staff)
    upload(client, csv_file("1927400-1;A Oy;;;;;"))
    imp = latest(session)
    client.submit(f"/imports/{imp.id}/mapping",
                  {f"col_{i}": f for i, f in enumerate(imp.mapping)} | {"code_set": "TOL2025"})
    jobs.run()
    resp = client.submit(f"/imports/{imp.id}/delete", page=f"/imports/{imp.id}")
    assert resp.status_code == 302
    assert count(session, CompanyImport) == 0 and count(session, CompanyImportRow) == 0


def test_progress_fragment_and_script(login, staff, session, jobs, client):
    client = login(staff)
    upload(client, csv_file("1927400-1;A Oy;;;;;"))
    imp = latest(session)
    client.submit(f"/imports/{imp.id}/mapping",
                  {f"col_{i}": f for i, f in enumerate(imp.mapping)} | {"code_set": "TOL2025"})
    fragment = client.get(f"/imports/{imp.id}/status").get_data(as_text=True)
    assert 'data-active="true"' in fragment and 'aria-valuemax="1"' in fragment
    jobs.run()
    fragment = client.get(f"/imports/{imp.id}/status").get_data(as_text=True)
    assert 'data-active="false"' in fragment and 'aria-valuenow="1"' in fragment
    script = client.get("/static/js/job-progress.js")
    assert script.status_code == 200 and b"statusUrl" in script.data


def test_the_real_thread_runs_the_dry_run_in_its_own_app_context(app, session, staff):
    imp = imports.upload_list(session, staff, csv_file("1927400-1;Säie Oy;;;;;"), "saie.csv")
    imports.save_mapping(session, staff, imp.id, imp.mapping)
    seen = {}
    original = imports.run_dry_run

    def spy(*args, **kwargs):
        seen["thread"] = threading.current_thread().name
        return original(*args, **kwargs)

    thread = background.start(app, spy, imp.id, name=f"company-import-{imp.id}", locale="en",
                              today=__import__("datetime").date(2026, 11, 28))
    thread.join(timeout=30)
    assert seen["thread"] == f"company-import-{imp.id}"
    session.expire_all()
    assert session.get(CompanyImport, imp.id).status is ImportStatus.PLANNED


def test_the_dry_run_shows_old_and_new_values_and_the_note_it_would_add(
        login, staff, session, jobs, make_company):
    savon = make_company(city=staff.city, name="Savon Teräs Oy", business_id="2077474-0",
                         employees=40, description="Teräsrakenteet teollisuudelle.")
    client = login(staff)
    upload(client, csv_file("2077474-0;Savon Teräs Oy;45;Päivitys: henkilöstö",
                            header="Y-tunnus;Nimi;Henkilöstö;Huomiot"))
    imp = latest(session)
    page = client.get(f"/imports/{imp.id}/mapping").get_data(as_text=True)
    assert re.search(r'<option selected value="note">', page)
    client.submit(f"/imports/{imp.id}/mapping",
                  {f"col_{i}": f for i, f in enumerate(imp.mapping)} | {"code_set": "TOL2025"})
    jobs.run()
    page = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert "Henkilöstö: 40 → 45" in page
    assert "Muistiinpano yrityksen aikajanalle: “Päivitys: henkilöstö”" in page
    assert "Kuvaus" not in page.split("import-rows")[1]  # the description is not touched
    row = session.scalars(select(CompanyImportRow)).one()
    client.submit(f"/imports/{imp.id}/decisions", {f"row_{row.id}": "update", "action": "commit"},
                  page=f"/imports/{imp.id}")
    jobs.run()
    assert "1 muistiinpanoa lisätty" in client.get(f"/imports/{imp.id}").get_data(as_text=True)
    detail = client.get(f"/companies/{savon.id}").get_data(as_text=True)
    assert "Päivitys: henkilöstö" in detail and "Teräsrakenteet teollisuudelle." in detail
