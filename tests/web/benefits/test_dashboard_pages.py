"""The benefits dashboard, its downloads and the public summary."""

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from app.models import Contact, Role
from app.services import benefits
from app.services.benefits import ApplicationInput


def _seed(session, make_user, make_company, n=4):
    staff = make_user(Role.STAFF)
    firms = []
    today = date.today()
    for i in range(n):
        firm = make_company(city=staff.city, name=f"Salainen Nimi {i} Oy")
        session.add(Contact(company=firm, first_name="Maija", last_name=f"Yksityinen{i}"))
        benefits.create_application(session, staff, ApplicationInput(
            company_id=firm.id, call_title=f"Hakemus {i}", funding_level="national",
            amount_applied_eur=10000 * (i + 1), submitted_on=today - timedelta(days=30),
            outcome="awarded", amount_granted_eur=5000 * (i + 1), decided_on=today,
            notes=f"Muistio {i}"))
        firms.append(firm)
    return staff, firms


def test_dashboard_shows_figures_chart_and_tables(client, login, session, make_user, make_company):
    staff, _firms = _seed(session, make_user, make_company)
    login(staff)
    page = client.get("/benefits").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page
    assert "50 000 €" in page.replace("\xa0", " ")  # granted 5000+10000+15000+20000
    assert client.get(f"/benefits?town={staff.city_id}").status_code == 200
    assert client.get("/benefits?preset=last_quarter").status_code == 200


def test_report_downloads(client, login, session, make_user, make_company):
    staff, _firms = _seed(session, make_user, make_company)
    login(staff)
    resp = client.get("/benefits/report.xlsx")
    assert resp.status_code == 200
    book = load_workbook(io.BytesIO(resp.data))
    assert book["Hakemukset"].freeze_panes == "A2"
    csv_resp = client.get("/benefits/report.csv")
    assert csv_resp.status_code == 200 and "50000,00" in csv_resp.get_data(as_text=True)
    assert client.get("/benefits/report.pdf").status_code == 404


def test_public_page_names_no_company_or_person(client, session, make_user, make_company):
    _staff, firms = _seed(session, make_user, make_company)
    for lang, heading in (("fi", "Verkoston tulokset"), ("en", "The network's results")):
        resp = client.get(f"/public/benefits?lang={lang}")
        assert resp.status_code == 200
        body = resp.get_data(as_text=True)
        assert heading in body and f'lang="{lang}"' in body
        for firm in firms:
            assert firm.name not in body and "Salainen" not in body
        assert "Yksityinen" not in body and "Maija" not in body and "Muistio" not in body
        assert "Hakemus 0" not in body
    assert "50 000 €" in client.get("/public/benefits").get_data(as_text=True).replace(
        "\xa0", " ")


def test_public_page_hides_a_figure_of_two_companies(client, session, make_user, make_company):
    _seed(session, make_user, make_company, n=2)
    body = client.get("/public/benefits?lang=en").get_data(as_text=True).replace("\xa0", " ")
    assert "15 000 €" not in body and "30 000 €" not in body


def test_public_figures_are_kept_for_a_while(app, client, session, make_user, make_company):
    from app.web.benefits import dashboard

    _seed(session, make_user, make_company, n=3)
    app.config["BENEFITS_PUBLIC_CACHE_SECONDS"] = 600
    try:
        first = client.get("/public/benefits?lang=en").get_data(as_text=True)
        _seed(session, make_user, make_company, n=3)
        assert client.get("/public/benefits?lang=en").get_data(as_text=True) == first
    finally:
        del app.config["BENEFITS_PUBLIC_CACHE_SECONDS"]
        dashboard._PUBLIC_CACHE.clear()
    assert client.get("/public/benefits?lang=en").get_data(as_text=True) != first
