import io
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook

from app import clock
from app.models import Interaction, InteractionKind, Role, Task
from app.services import pipeline


def _setup(session, make_user, make_company):
    user = make_user(Role.STAFF, name="Liisa Omistaja")
    moved = make_company(city=user.city, name="Siirretty Oy", owner=user)
    old = make_company(city=user.city, name="=HYPERLINK(\"x\") Oy")
    long_ago = datetime.now(UTC) - timedelta(days=60)
    pipeline.move_company(session, user, old.id, "first_contact", now=long_ago)
    pipeline.move_company(session, user, moved.id, "identified", now=long_ago)
    pipeline.move_company(session, user, moved.id, "needs_mapped", note="Tarpeet selvillä")
    session.add(Interaction(company_id=moved.id, occurred_on=date.today(),
                            kind=InteractionKind.MEETING, summary="Tapaaminen tehtaalla"))
    session.add(Task(company_id=moved.id, title="Lähetä tarjous"))
    session.flush()
    return user, moved, old


def test_review_shows_changes_owners_and_stalled(login, make_user, make_company, session):
    user, moved, old = _setup(session, make_user, make_company)
    since = (date.today() - timedelta(days=7)).isoformat()
    page = login(user).get(f"/pipeline/review?since={since}").get_data(as_text=True)
    section = page.split('id="rs-needs_mapped"')[1].split("</section>")[0]
    assert "Siirretty Oy" in section and "Tarpeet selvillä" in section
    assert "Tapaaminen tehtaalla" in section and "Lähetä tarjous" in section
    assert "Liisa Omistaja" in page.split('id="owners-h"')[1]
    stalled = page.split('id="stalled-h"')[1].split("</ul>")[0]
    assert "HYPERLINK" in stalled and "Siirretty Oy" not in stalled
    assert "pipeline.css" in page  # holds the print rules


def test_review_changes_before_the_date_are_not_listed(login, make_user, make_company, session):
    user, moved, old = _setup(session, make_user, make_company)
    since = (date.today() + timedelta(days=1)).isoformat()
    page = login(user).get(f"/pipeline/review?since={since}").get_data(as_text=True)
    assert "Tarpeet selvillä" not in page and "Tapaaminen tehtaalla" not in page


def test_review_exports_xlsx_with_formulas_defused(login, make_user, make_company, session):
    user, moved, old = _setup(session, make_user, make_company)
    resp = login(user).get("/pipeline/review.xlsx")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(resp.data))
    rows = list(book["Putki"].iter_rows(values_only=True))
    names = {r[1]: r for r in rows[1:]}
    assert names["Siirretty Oy"][0] == "Tarpeet kartoitettu"
    assert names["Siirretty Oy"][3] == "Liisa Omistaja"
    cell = next(c for c in book["Putki"]["B"] if c.value and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.quotePrefix
    moves = list(book["Siirrot"].iter_rows(values_only=True))
    assert any(r[5] == "Tarpeet selvillä" for r in moves)


def test_review_of_another_town_is_not_found(login, make_user, make_city):
    user = make_user(Role.STAFF)
    other = make_city()
    client = login(user)
    assert client.get(f"/pipeline/review?town={other.id}").status_code == 404
    assert client.get(f"/pipeline/review.xlsx?town={other.id}").status_code == 404


def test_bad_since_falls_back_to_a_week(login, make_user):
    user = make_user(Role.STAFF)
    resp = login(user).get("/pipeline/review?since=not-a-date")
    week = (clock.today() - timedelta(days=7)).isoformat()
    assert resp.status_code == 200 and f'value="{week}"' in resp.get_data(as_text=True)


def test_funnel_page_has_table_and_svg_chart(login, make_user, make_company, session):
    user, moved, old = _setup(session, make_user, make_company)
    page = login(user).get("/pipeline/funnel").get_data(as_text=True)
    table = page.split('id="funnel-table"')[1].split("</table>")[0]
    assert "Tarpeet kartoitettu</th><td>1</td>" in table
    main = page.split("<main")[1].split("</main>")[0]  # the layout's scripts sit outside main
    assert '<svg class="funnel-chart" role="img"' in page and "<script" not in main


def test_signals_page_and_company_page_show_reasons(login, make_user, make_company, session):
    user = make_user(Role.STAFF)
    company = make_company(city=user.city, name="Kasvaja Oy", employees=8,
                           keywords=["tuotekehitys"], description="Vienti Saksaan")
    client = login(user)
    page = client.get("/pipeline/signals").get_data(as_text=True)
    assert "Kasvaja Oy" in page and "tuotekehitys" in page
    detail = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert 'id="signals-h"' in detail and "Vienti" in detail.split('id="signals-h"')[1]
