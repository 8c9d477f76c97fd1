"""The company list: tick companies, flag them or download only them (issue 16 point 2)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.models import Role


def test_the_list_flags_the_chosen_companies(login, make_user, make_company, session):
    staff = make_user(Role.STAFF)
    first, second = make_company(city=staff.city), make_company(city=staff.city)
    client = login(staff)
    page = client.get("/").get_data(as_text=True)
    assert 'formaction="/companies/flag"' in page and 'id="bulk-flag"' in page
    resp = client.submit("/companies/flag", {"company_ids": [str(first.id), str(second.id)],
                                             "flag": "anchor", "query": "anchor=no&x=//evil"},
                         page="/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/?anchor=no"
    session.expire_all()
    assert first.is_anchor and second.is_anchor
    assert "Merkintä lisätty 2 yritykselle." in client.get("/").get_data(as_text=True)


def test_flagging_another_towns_company_changes_nothing(login, make_user, make_company,
                                                        session):
    staff = make_user(Role.STAFF)
    mine, theirs = make_company(city=staff.city), make_company()
    resp = login(staff).submit("/companies/flag", {
        "company_ids": [str(mine.id), str(theirs.id)], "flag": "growth"}, page="/")
    assert resp.status_code == 404
    session.expire_all()
    assert not mine.is_growth_seeking and not theirs.is_growth_seeking


def test_export_of_the_selection_holds_only_the_ticked_companies(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    chosen = make_company(city=staff.city, name="Valittu Oy")
    also = make_company(city=staff.city, name="Myös valittu Oy")
    make_company(city=staff.city, name="Ei valittu Oy")
    client = login(staff)
    resp = client.submit("/companies/export-selection.csv",
                         {"company_ids": [str(chosen.id), str(also.id)]}, page="/")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    names = [r[1] for r in rows[1:]]
    assert names == ["Myös valittu Oy", "Valittu Oy"]
    resp = client.submit("/companies/export-selection.xlsx",
                         {"company_ids": [str(chosen.id)]}, page="/")
    sheet = load_workbook(io.BytesIO(resp.get_data())).active
    assert [c.value for c in sheet["B"]][1:] == ["Valittu Oy"]


def test_a_viewer_may_export_the_chosen_but_not_flag(login, make_user, make_company):
    viewer = make_user(Role.VIEWER)
    company = make_company(city=viewer.city, name="Katseltu Oy")
    client = login(viewer)
    page = client.get("/").get_data(as_text=True)
    assert 'id="list-selection"' in page and 'form="list-selection"' in page
    assert 'id="bulk-flag"' not in page
    resp = client.submit("/companies/export-selection.csv", {"company_ids": [str(company.id)]},
                         page="/")
    assert resp.status_code == 200 and "Katseltu Oy" in resp.get_data().decode("utf-8-sig")
    resp = client.submit("/companies/flag", {"company_ids": [str(company.id)],
                                             "flag": "anchor"}, page="/")
    assert resp.status_code == 403


def test_export_of_nothing_chosen_says_so(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    make_company(city=staff.city)
    client = login(staff)
    resp = client.submit("/companies/export-selection.csv", {"query": "q=x"}, page="/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/?q=x"
    assert "Valitse vähintään yksi yritys." in client.get("/").get_data(as_text=True)


def test_export_of_the_selection_refuses_another_towns_company(login, make_user, make_company):
    staff = make_user(Role.STAFF)
    mine, theirs = make_company(city=staff.city), make_company(name="Salainen Oy")
    resp = login(staff).submit("/companies/export-selection.csv",
                               {"company_ids": [str(mine.id), str(theirs.id)]}, page="/")
    assert resp.status_code == 404 and "Salainen Oy" not in resp.get_data(as_text=True)
