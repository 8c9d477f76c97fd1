"""Member towns from Finland's municipalities: loading the classification, adding and ending."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from app.errors import FieldError, Forbidden
from app.models import AuditEvent, City, Municipality
from app.services import accounts, towns
from app.services.inputs import UserInput

SMALL = (
    "code,name_fi,name_sv,region_code,region_fi,region_sv,language,year\n"
    "287,Kristiinankaupunki,Kristinestad,15,Pohjanmaa,Österbotten,bilingual,2024\n"
    "140,Iisalmi,Idensalmi,11,Pohjois-Savo,Norra Savolax,fi,2024\n"
    "545,Närpiö,Närpes,15,Pohjanmaa,Österbotten,sv,2024\n"
)


@pytest.fixture()
def empty(session):
    """No classification loaded (the migration loads the shipped one)."""
    session.execute(delete(Municipality))
    session.flush()


def test_shipped_file_has_every_municipality_once():
    rows = list(csv.DictReader(io.StringIO(towns.DEFAULT_FILE.read_text(encoding="utf-8"))))
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) == 309
    by_code = {r["code"]: r for r in rows}
    assert by_code["287"]["name_sv"] == "Kristinestad" and by_code["287"]["language"] == "bilingual"
    assert by_code["710"]["name_fi"] == "Raasepori" and by_code["710"]["name_sv"] == "Raseborg"
    assert by_code["638"]["name_sv"] == "Borgå" and by_code["638"]["region_fi"] == "Uusimaa"
    assert by_code["140"]["language"] == "fi"
    assert by_code["478"]["language"] == "sv"  # Maarianhamina / Mariehamn


def test_migration_loaded_the_shipped_classification(session):
    assert session.scalar(select(func.count()).select_from(Municipality)) == 309
    assert session.get(Municipality, "710").language_status == "bilingual"


def test_load_default_is_idempotent(session, empty):
    first = towns.load_default(session)
    assert (first.year, first.added) == (2024, 309)
    again = towns.load_default(session)
    assert (again.added, again.updated, again.retired) == (0, 0, 0)
    assert session.scalar(select(func.count()).select_from(Municipality)) == 309


def test_newer_year_renames_member_towns_and_retires_merged(session, empty):
    towns.load_municipalities(session, SMALL)
    city = towns.add_town(session, None, "140", today=date(2026, 1, 5))
    newer = SMALL.replace("2024", "2026").replace("Iisalmi,Idensalmi", "Iisalmen kaupunki,Idensalmi")
    newer = "\n".join(line for line in newer.splitlines() if not line.startswith("545"))
    summary = towns.load_municipalities(session, newer)
    assert (summary.year, summary.updated, summary.retired, summary.towns_renamed) == (2026, 1, 1, 1)
    assert city.name_fi == "Iisalmen kaupunki"
    assert session.get(Municipality, "545").in_classification is False
    # an older year's file never undoes the newer one
    with pytest.raises(FieldError):
        towns.load_municipalities(session, SMALL)
    assert city.name_fi == "Iisalmen kaupunki"


@pytest.mark.parametrize("text", [
    "code,name_fi\n140,Iisalmi\n",
    SMALL + "14,Lyhyt,Kort,11,Pohjois-Savo,Norra Savolax,fi,2024\n",
    SMALL + "999,Outo,Udda,11,X,X,klingon,2024\n",
    SMALL + "140,Iisalmi,Idensalmi,11,Pohjois-Savo,Norra Savolax,fi,2024\n",
])
def test_bad_file_changes_nothing(session, empty, text):
    with pytest.raises(FieldError):
        towns.load_municipalities(session, text)
    assert session.scalar(select(func.count()).select_from(Municipality)) == 0


def test_add_end_and_rejoin_keep_the_town(session, empty, make_user, make_company):
    towns.load_municipalities(session, SMALL)
    city = towns.add_town(session, None, "287", today=date(2026, 2, 1))
    assert (city.name_sv, city.region, city.language_status) == (
        "Kristinestad", "Pohjanmaa", "bilingual")
    assert city.is_member and city.member_since == date(2026, 2, 1)
    company = make_company(city=city)
    with pytest.raises(FieldError):
        towns.add_town(session, None, "287")
    towns.end_town(session, None, "287", today=date(2026, 6, 30))
    assert not city.is_member and city.member_until == date(2026, 6, 30)
    assert company.city_id == city.id  # nothing lost
    with pytest.raises(FieldError):
        towns.end_town(session, None, "287")
    again = towns.add_town(session, None, "287", today=date(2027, 1, 1))
    assert again.id == city.id and again.is_member
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "city")).all()
    assert {"city.create", "city.leave", "city.join"} <= set(actions)


def test_unknown_code_is_a_clear_error(session, empty):
    with pytest.raises(FieldError) as exc:
        towns.add_town(session, None, "998")
    assert "998" in str(exc.value.message)
    assert session.scalar(select(func.count()).select_from(City)) == 0


def test_only_a_coordinator_manages_towns(session, empty, make_user):
    towns.load_municipalities(session, SMALL)
    admin = make_user("city_admin")
    with pytest.raises(Forbidden):
        towns.add_town(session, admin, "140")
    coordinator = make_user("coordinator")
    assert towns.add_town(session, coordinator, "140").code == "140"
    assert [m.code for m in towns.candidates(session, coordinator)] == ["287", "545"]


def _staff(code):
    return UserInput(email="uusi@example.test", name="Uusi", role="staff", city_code=code,
                     password="pitkä-salasana-1")


def test_user_for_a_non_member_town_says_so(session, empty):
    towns.load_municipalities(session, SMALL)
    with pytest.raises(FieldError) as exc:
        accounts.create_user(session, None, _staff("545"))
    not_member = str(exc.value.message)
    assert exc.value.field == "city" and "Närpiö" in not_member and "545" in not_member
    towns.add_town(session, None, "545")
    towns.end_town(session, None, "545")
    with pytest.raises(FieldError) as exc:
        accounts.create_user(session, None, _staff("545"))
    ended = str(exc.value.message)
    assert exc.value.field == "city" and "Närpiö" in ended and ended != not_member
