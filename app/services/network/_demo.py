"""The demo network's operating model: a chair rotation, goals, the meeting cycle, two past
meetings with decisions (one done, one under way, one overdue) and the next meeting. Flush only:
``services.demo.seed_demo`` commits it with the rest of the demo."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.models import City, Municipality
from app.models.network import ChairTerm, Decision, Meeting, NetworkGoal, NetworkNote
from app.services.network import CYCLE_KEY, STRATEGY_YEAR

CYCLE = ("Verkosto kokoontuu kuukauden ensimmäisenä tiistaina klo 9–11 Teamsissa ja kahdesti "
         "vuodessa (touko- ja marraskuussa) puheenjohtajakaupungissa. Puheenjohtajuus kiertää "
         "kalenterivuosittain; puheenjohtajakaupunki valmistelee asialistan ja kirjoittaa "
         "pöytäkirjan.")
NETWORK_GOALS = (
    ("Vakiintunut yhteistyöalusta", "Toimintamalli (puheenjohtajuus, roolit, kokousrytmi) on "
     "sovittu, jokaisella kaupungilla on nimetty TKI-vastuuhenkilö ja varahenkilö."),
    ("TKI-palvelut näkyviksi", "Jokaisen kaupungin TKI-palvelut ovat yhteisessä hakemistossa "
     "ja kaupunkien omilla verkkosivuilla."),
    ("Veturiyritykset mukaan TKI-rahoitukseen", "Jokainen kaupunki tuo vuosittain vähintään "
     "kaksi veturiyritystä kansalliseen tai EU-rahoitushakuun."),
)
TOWN_GOALS = {
    "140": ("Elintarvikealan testiympäristö yritysten käyttöön", 2026),
    "684": ("Meriteollisuuden TKI-ekosysteemisopimus", 2027),
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.zone())


def seed_network(session: Session, cities: dict[str, City], participants: list[str],
                 today: date) -> None:
    """``cities`` by code (Iisalmi 140 and Savonlinna 740 chair in turn)."""
    for city in cities.values():
        muni = session.get(Municipality, city.code)
        if muni is not None:
            city.language_status = muni.language_status
        city.member_since = date(today.year - 2, 1, 1)
    session.add_all([
        ChairTerm(city=cities["140"], starts_on=date(today.year - 1, 1, 1),
                  ends_on=date(today.year - 1, 12, 31)),
        ChairTerm(city=cities["740"], starts_on=date(today.year, 1, 1)),
    ])
    session.add(NetworkNote(key=CYCLE_KEY, text=CYCLE))
    session.add_all(NetworkGoal(title=t, description=d, target_year=STRATEGY_YEAR)
                    for t, d in NETWORK_GOALS)
    session.add_all(NetworkGoal(city=cities[code], title=t, target_year=year)
                    for code, (t, year) in TOWN_GOALS.items() if code in cities)
    people = "\n".join(participants)
    spring = today - timedelta(days=70)
    first = Meeting(
        title="Verkoston kokous: toimintamalli", starts_at=_at(spring, 9),
        ends_at=_at(spring, 11), place="Teams",
        agenda="1. Avaus\n2. Toimintamalli ja puheenjohtajuuden kierto\n"
               "3. TKI-vastuuhenkilöiden nimeäminen\n4. Muut asiat",
        participants=people,
        minutes="Hyväksyttiin toimintamalli: puheenjohtajuus kiertää kalenterivuosittain. "
                "Kaupungit nimeävät TKI-vastuuhenkilön ja varahenkilön.",
    )
    autumn = today - timedelta(days=21)
    second = Meeting(
        title="Verkoston kokous: TKI-palvelut näkyviin", starts_at=_at(autumn, 9),
        ends_at=_at(autumn, 11), place=f"{cities['740'].name_fi}, kaupungintalo",
        agenda="1. Avaus\n2. TKI-palveluhakemisto ja upotettava näkymä\n"
               "3. Veturiyritysten rahoitushaut\n4. Seuraava kokous",
        participants=people,
        minutes="Sovittiin, että jokainen kaupunki vie palvelunsa hakemistoon ja upottaa "
                "näkymän omille sivuilleen. Käytiin läpi avoimet rahoitushaut.",
    )
    session.add_all([first, second])
    session.flush()
    session.add_all([
        Decision(meeting=first, text="Jokainen kaupunki nimeää TKI-vastuuhenkilön ja "
                 "varahenkilön.", owner_name="Kaikki kaupungit", due_on=spring
                 + timedelta(days=30), follow_up="Kaikki kymmenen kaupunkia ovat nimenneet.",
                 done_on=spring + timedelta(days=28)),
        Decision(meeting=first, text="Kirjoitetaan verkoston kokousrytmi näkyviin.",
                 owner_city=cities["140"], owner_name="Pertti Pääkäyttäjä",
                 due_on=today - timedelta(days=7), follow_up="Luonnos kommenteilla."),
        Decision(meeting=second, text="Viedään kaupungin TKI-palvelut hakemistoon ja upotetaan "
                 "näkymä kaupungin verkkosivuille.", owner_city=cities["740"],
                 due_on=today + timedelta(days=40)),
        Decision(meeting=second, text="Kootaan veturiyritysten rahoitushakujen tilanne "
                 "seuraavaan kokoukseen.", owner_name="Kirsi Koordinaattori",
                 due_on=today + timedelta(days=14)),
    ])
    upcoming = today + timedelta(days=16)
    session.add(Meeting(title="Verkoston kokous: rahoitushaut", starts_at=_at(upcoming, 9),
                        ends_at=_at(upcoming, 11), place="Teams",
                        agenda="1. Avaus\n2. Veturiyritysten rahoitushaut\n3. Muut asiat",
                        participants=people))
