"""Yearly figures through the import pages: the mapping offers a field per year, the dry run
lists the figures an update would set, and the import writes them."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from app.models.figures import CompanyYear
from tests.web.test_imports import csv_file, jobs, latest, staff, upload  # noqa: F401

HEADER = "Y-tunnus;Nimi;Henkilöstö 2024;Liikevaihto 2023 (1000 €)"


def test_year_columns_are_mapped_shown_in_the_dry_run_and_imported(login, staff, session,  # noqa: F811
                                                                    jobs, make_company):  # noqa: F811
    known = make_company(city=staff.city, name="Vanha Konepaja Oy", business_id="2077474-0",
                         municipality_code="140")
    session.add(CompanyYear(company_id=known.id, year=2022, employees=4))
    session.flush()
    client = login(staff)
    upload(client, csv_file("2077474-0;Vanha Konepaja Oy;6;850", header=HEADER))
    imp = latest(session)
    page = client.get(f"/imports/{imp.id}/mapping").get_data(as_text=True)
    assert re.search(r'<option selected value="employees@2024">Henkilöstö 2024</option>', page)
    assert re.search(r'<option selected value="turnover_keur@2023">', page)
    assert 'value="turnover_eur@2024"' in page  # every figure of every year the file names
    mapping = {f"col_{i}": f for i, f in enumerate(imp.mapping)}
    assert client.submit(f"/imports/{imp.id}/mapping",
                         {**mapping, "code_set": "TOL2025"}).status_code == 302
    jobs.run()
    page = client.get(f"/imports/{imp.id}").get_data(as_text=True)
    assert "Henkilöstö 2024: – → 6" in page
    assert "Liikevaihto 2023 (EUR): – → 850000" in page
    client.submit(f"/imports/{imp.id}/decisions", {"action": "commit"}, page=f"/imports/{imp.id}")
    jobs.run()
    assert "Vuosilukuja kirjattiin tai päivitettiin 1 yritykselle." in client.get(
        f"/imports/{imp.id}").get_data(as_text=True)
    session.expire_all()
    years = {r.year: (r.employees, r.turnover_eur) for r in session.scalars(select(CompanyYear))}
    assert years == {2022: (4, None), 2023: (None, Decimal("850000.00")), 2024: (6, None)}
