"""Uploading calls from CSV/.xlsx: the dry run saves nothing and shows each row's outcome and
problem; the import creates, versions and leaves unchanged, like a harvest."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from app.models import AuditEvent, Role
from app.models.funding_calls import CallStatus, FundingCall, FundingCallVersion

CSV = (
    "Otsikko;Rahoittaja;Linkki;Määräaika;Tila;Hakijat;Avainsanat\r\n"
    "Tempo;Business Finland;www.businessfinland.fi/tempo;1.10.2026 16.00;avoin;yritys;kasvu, vienti\r\n"
    "Kasvuhaku;Hämeen liitto;;ensi viikolla;avoin;;\r\n"
)


def _upload(client, data: bytes, name: str):
    return client.submit("/calls/import", {"file": (io.BytesIO(data), name)},
                         content_type="multipart/form-data")


def _commit(client, preview_html: str):
    fields = dict(re.findall(r'name="(content|filename)" type="hidden" value="([^"]*)"', preview_html))
    return client.submit("/calls/import/commit", fields, page="/calls/import")


def test_dry_run_saves_nothing_and_lists_problems_then_import(login, make_user, session):
    client = login(make_user(Role.COORDINATOR, language="en"))
    preview = _upload(client, CSV.encode("utf-8"), "haut.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Importing would add 1 calls, change 0 and leave 0 unchanged." in html
    assert "Row 3, deadline:" in html and "ensi viikolla" in html
    assert "Thursday 1 Oct 2026, 16:00" in html and "Added" in html
    assert session.scalar(select(func.count(FundingCall.id))) == 0

    done = _commit(client, html)
    assert done.status_code == 302
    call = session.scalars(select(FundingCall)).one()
    assert call.title == "Tempo" and call.source.kind == "manual"
    assert call.source_id == "business-finland-tempo"
    assert call.deadlines == ["2026-10-01T16:00:00+03:00"] and call.status is CallStatus.OPEN
    assert call.applicant_types == ["company"] and call.url == "https://www.businessfinland.fi/tempo"
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "funding_call.import")).one()
    assert event.after["created"] == 1 and event.after["rows_left_out"] == 1

    again = _upload(client, CSV.encode("utf-8"), "haut.csv").get_data(as_text=True)
    assert "add 0 calls, change 0 and leave 1 unchanged" in again
    moved = CSV.replace("1.10.2026 16.00", "15.10.2026 16.00").encode("utf-8")
    changed = _upload(client, moved, "haut.csv").get_data(as_text=True)
    assert "add 0 calls, change 1 and leave 0 unchanged" in changed and "Updated" in changed
    _commit(client, changed)
    session.refresh(call)
    assert call.deadlines == ["2026-10-15T16:00:00+03:00"] and call.version == 2
    version = session.scalars(select(FundingCallVersion)).one()
    assert set(version.changes) == {"deadlines"} and version.changed_by_id is not None


def test_xlsx_upload(login, make_user, session):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Title", "Funder", "Deadline", "Continuous"])
    sheet.append(["Ecosystem funding for anchor companies", "Business Finland", None, "yes"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = login(make_user(Role.COORDINATOR, language="en"))
    html = _upload(client, buffer.getvalue(), "calls.xlsx").get_data(as_text=True)
    assert "Importing would add 1 calls" in html and "Continuous" in html
    _commit(client, html)
    call = session.scalars(select(FundingCall)).one()
    assert call.is_continuous and call.deadlines == []


def test_a_file_that_is_not_a_table_is_refused_at_the_field(login, make_user, session):
    client = login(make_user(Role.COORDINATOR, language="en"))
    resp = _upload(client, b"%PDF-1.4 not a table", "calls.csv")
    assert resp.status_code == 422
    assert re.search(r'id="file-error">[^<]*not a CSV or .xlsx', resp.get_data(as_text=True))
    resp = _upload(client, b"a,b\n1,2\n", "calls.txt")
    assert resp.status_code == 422 and "A .csv or .xlsx file." in resp.get_data(as_text=True)
    assert session.scalar(select(func.count(FundingCall.id))) == 0


@pytest.mark.parametrize("role", [Role.STAFF, Role.CITY_ADMIN, Role.VIEWER])
def test_only_the_coordinator_uploads(login, make_user, session, role):
    client = login(make_user(role))
    assert client.get("/calls/import").status_code == 403
    resp = client.submit("/calls/import/commit", {"content": "T3RzaWtrbwpYCg==", "filename": "x.csv"},
                         page="/calls")
    assert resp.status_code == 403
    assert session.scalar(select(func.count(FundingCall.id))) == 0
