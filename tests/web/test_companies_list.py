import csv
import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from app.models import Role, SavedFilter


def test_list_search_and_filters_in_the_page(login, make_user, make_company):
    user = make_user(Role.STAFF)
    make_company(city=user.city, name="Kallion Konepaja Oy", is_anchor=True)
    make_company(city=user.city, name="Pohjolan Saha Oy")
    client = login(user)
    html = client.get("/?q=kallion+konepja").get_data(as_text=True)
    assert "Kallion Konepaja Oy" in html and "Pohjolan Saha Oy" not in html and "1 yritys" in html
    html = client.get("/?anchor=no").get_data(as_text=True)
    assert "Pohjolan Saha Oy" in html and "Kallion Konepaja Oy" not in html
    assert 'name="q"' in html and 'for="q"' in html  # labelled search field


def test_saved_searches_are_personal(login, make_user, session):
    user = make_user(Role.STAFF)
    client = login(user)
    resp = client.submit("/saved-searches", {"name": "Veturit", "query": "anchor=yes"}, page="/?anchor=yes")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("?anchor=yes")
    saved = session.scalars(select(SavedFilter).where(SavedFilter.user_id == user.id)).one()
    assert saved.query == "anchor=yes"
    assert ">Veturit</a>" in client.get("/").get_data(as_text=True)
    intruder = make_user(Role.STAFF, city=user.city)
    other_client = client.application.test_client()
    from tests.conftest import TEST_PASSWORD
    other_client.submit("/login", {"email": intruder.email, "password": TEST_PASSWORD})
    assert ">Veturit</a>" not in other_client.get("/").get_data(as_text=True)
    assert other_client.submit(f"/saved-searches/{saved.id}/delete", page="/").status_code == 404


def test_csv_export_is_excel_friendly_filtered_and_scoped(login, make_user, make_company, make_city):
    user = make_user(Role.STAFF)
    make_company(city=user.city, name="Kallion Konepaja Oy", business_id="2077474-0",
                 turnover_eur=Decimal("1250000.50"), is_anchor=True)
    make_company(city=user.city, name="=HYPERLINK(\"http://evil\") Oy")
    make_company(city=user.city, name="Ei Veturi Oy")
    make_company(city=make_city(), name="Vieras Veturi Oy", is_anchor=True)
    client = login(user)
    resp = client.get("/companies/export.csv?anchor=yes")
    raw = resp.get_data()
    assert resp.mimetype == "text/csv" and raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Y-tunnus", "Nimi"]
    assert [r[1] for r in rows[1:]] == ["Kallion Konepaja Oy"]
    assert rows[1][10] == "1250000,50"
    everything = client.get("/companies/export.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in everything and "Vieras Veturi" not in everything


def test_xlsx_export(login, make_user, make_company):
    user = make_user(Role.STAFF)
    make_company(city=user.city, name="Excel Oy", employees=12)
    resp = login(user).get("/companies/export.xlsx")
    sheet = load_workbook(io.BytesIO(resp.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Nimi" and rows[1][1] == "Excel Oy" and rows[1][9] == 12
