"""What an import may change, and how the dry run says it: notes-like columns become a note on the
company's timeline (never its description), every change is shown old → new, and a registered
company's name is replaced by a similar-name row only when the user chose that on the row."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import FieldError
from app.models import Company, Interaction, InteractionKind, Role
from app.models.imports import Decision, RowOutcome
from app.services import imports
from app.services.companies.search import CompanyFilters, search_companies
from app.services.imports._mapping import guess_mapping
from tests.services.test_imports import TODAY, commit, csv_bytes, dry_run, rows_of

DESCRIPTION = ("Savon Teräs valmistaa teräsrakenteita ja koneistettuja osia teollisuudelle. "
               "Yritys investoi robotisoituun hitsaukseen ja tuotannon energiatehokkuuteen, ja "
               "sen asiakkaat ovat kaivos- ja metsäteollisuudessa.")


@pytest.fixture()
def town(make_city):
    return make_city(code="140", name="Iisalmi")


@pytest.fixture()
def staff(make_user, town):
    return make_user(Role.STAFF, city=town)


@pytest.mark.parametrize("header", [
    "Huomiot", "Lisätiedot", "Lisätietoja", "Muistiinpanot", "Kommentit", "Notes", "Comments",
    "Anteckningar", "Kommentarer", "Huomiot henkilöstöstä", "Lisätiedot (2025)",
])
def test_notes_like_columns_are_never_the_description(header):
    assert guess_mapping([header], [["Päivitys: henkilöstö"]]) == ["note"]


def test_the_description_column_is_still_the_description():
    assert guess_mapping(["Kuvaus", "Huomiot"], [["Teräsrakenteet", "Soitettu"]]) == [
        "description", "note"]


def test_a_notes_column_becomes_a_note_on_the_timeline_and_keeps_the_description(
        session, staff, make_company):
    savon = make_company(city=staff.city, name="Savon Teräs Oy", business_id="2077474-0",
                         municipality_code="140", employees=40, description=DESCRIPTION)
    data = csv_bytes("2077474-0;Savon Teräs Oy;45;Päivitys: henkilöstö",
                     header="Y-tunnus;Nimi;Henkilöstö;Huomiot")
    imp = dry_run(session, staff, data)
    row = rows_of(session, imp)[2]
    assert row.outcome is RowOutcome.UPDATE
    assert row.change_entries == [
        {"field": "employees", "old": 40, "new": 45},
        {"field": "note", "old": None, "new": "Päivitys: henkilöstö"},
    ]
    commit(session, staff, imp)
    savon = session.get(Company, savon.id)
    assert savon.description == DESCRIPTION and savon.employees == 45
    note = session.scalars(select(Interaction).where(Interaction.company_id == savon.id)).one()
    assert (note.kind, note.occurred_on, note.summary) == (
        InteractionKind.NOTE, TODAY, "Päivitys: henkilöstö")
    assert note.created_by_id == staff.id


def test_a_row_that_only_adds_a_note_is_not_unchanged(session, staff, make_company):
    make_company(city=staff.city, name="Savon Teräs Oy", business_id="2077474-0")
    imp = dry_run(session, staff, csv_bytes("2077474-0;Savon Teräs Oy;Soitettu, ei tarvetta",
                                            header="Y-tunnus;Nimi;Kommentit"))
    assert rows_of(session, imp)[2].outcome is RowOutcome.UPDATE


def test_a_note_is_no_contact(session, staff, make_company):
    company = make_company(city=staff.city, name="Hiljainen Oy")
    session.add(Interaction(company=company, occurred_on=date.today(), kind=InteractionKind.NOTE,
                            summary="Tuotu listalta"))
    session.flush()
    page = search_companies(session, staff, filters=CompanyFilters(no_contact_days=30),
                            today=date.today())
    assert company.id in {c.id for c in page.items}


def test_a_changed_description_is_shown_old_and_new_around_the_difference(
        session, staff, make_company):
    make_company(city=staff.city, name="Savon Teräs Oy", business_id="2077474-0",
                 description=DESCRIPTION)
    changed = DESCRIPTION.replace("robotisoituun hitsaukseen", "laserleikkaukseen")
    imp = dry_run(session, staff, csv_bytes(f"2077474-0;Savon Teräs Oy;{changed}",
                                            header="Y-tunnus;Nimi;Kuvaus"))
    entry = rows_of(session, imp)[2].change_entries[0]
    assert entry["field"] == "description"
    assert "robotisoituun hitsaukseen" in entry["old"] and "laserleikkaukseen" in entry["new"]
    assert entry["old"].startswith("…") and len(entry["old"]) < len(DESCRIPTION)


def test_shown_pair_keeps_short_values_and_cuts_long_texts():
    from app.services.imports._plan import shown_pair

    assert shown_pair(None, 5) == (None, 5)
    assert shown_pair("lyhyt", "pitkä") == ("lyhyt", "pitkä")
    old, new = shown_pair("a" * 400 + "X" + "b" * 400, "a" * 400 + "Y" + "b" * 400)
    assert "X" in old and "Y" in new and old[0] == new[0] == "…" and len(old) < 100


def test_a_similar_name_row_never_renames_a_registered_company_unless_chosen_on_the_row(
        session, staff, make_company):
    registered = make_company(city=staff.city, name="Kallion Konepaja Oy",
                              business_id="2077474-0", municipality_code="140")
    unregistered = make_company(city=staff.city, name="Mäki-Kuljetus Oy", business_id=None,
                                municipality_code="140")
    data = csv_bytes("Kallion Konepaja;140;www.kallio.example",
                     "Maki Kuljetus;140;www.maki.example", header="Nimi;Kunta;Verkkosivut")
    imp = dry_run(session, staff, data)
    rows = rows_of(session, imp)
    assert rows[2].outcome is RowOutcome.MATCH and rows[2].renames_registered
    assert Decision.UPDATE_NAME in rows[2].choices
    assert not rows[3].renames_registered and Decision.UPDATE_NAME not in rows[3].choices
    with pytest.raises(FieldError):  # not for every row at once
        imports.decide_all(session, staff, imp.id, "match", "update_name")
    imports.decide_all(session, staff, imp.id, "match", "update")
    commit(session, staff, imp)
    registered = session.get(Company, registered.id)
    unregistered = session.get(Company, unregistered.id)
    assert registered.name == "Kallion Konepaja Oy"  # the registered name stays
    assert registered.website == "https://www.kallio.example"  # the rest is updated
    assert unregistered.name == "Maki Kuljetus"


def test_choosing_on_the_row_takes_the_name_from_the_file(session, staff, make_company):
    registered = make_company(city=staff.city, name="Kallion Konepaja Oy",
                              business_id="2077474-0", municipality_code="140")
    imp = dry_run(session, staff, csv_bytes("Kallion Konepaja Ab;140",
                                            header="Nimi;Kunta"))
    row = rows_of(session, imp)[2]
    imports.save_decisions(session, staff, imp.id, {row.id: "update_name"})
    commit(session, staff, imp)
    registered = session.get(Company, registered.id)
    assert registered.name == "Kallion Konepaja Ab"
    assert session.get(Company, registered.id).business_id == "2077474-0"
