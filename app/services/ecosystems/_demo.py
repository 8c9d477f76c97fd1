"""The demo network's ecosystems, projects, lessons learned, education partners and courses (flush
only; the demo seed commits). Fictional: the ecosystems follow each demo town's real industrial
profile, but every project, sum, lesson, partner name and course here is invented, and the
partners and courses carry "(demo)" and example.org links so nobody mistakes them for real."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import City, Company, User
from app.models.ecosystems import (
    Course,
    CourseFormat,
    CourseHighlight,
    Ecosystem,
    EcosystemCompany,
    EducationPartner,
    Lesson,
    LessonKind,
    PartnerKind,
    Project,
    ProjectCompany,
    ProjectStatus,
)
from app.services.ecosystems._fields import search_text

# town code -> (ecosystem, description, themes, project, funder, programme)
ECOSYSTEMS = {
    "678": ("Teräksen ja vedyn ekosysteemi", "Terästehtaan ympärille kasvava fossiilittoman "
            "teräksen, vedyn ja kierrätysmateriaalien yritysverkosto.",
            ["steel", "hydrogen", "circular_economy"], "Vetylaakso – vetyinvestointien valmistelu",
            "Pohjois-Pohjanmaan liitto", "Uudistuva ja osaava Suomi 2021–2027 (EAKR)"),
    "305": ("Luontomatkailun ekosysteemi", "Ympärivuotisen luontomatkailun yritykset, "
            "ohjelmapalvelut ja majoitus kansallispuiston porteilla.",
            ["tourism", "accommodation"], "Ympärivuotinen Koillismaa",
            "Lapin ELY-keskus", "Uudistuva ja osaava Suomi 2021–2027 (EAKR)"),
    "140": ("Ruokaketjun ekosysteemi", "Maidon- ja lihanjalostuksen, alkutuotannon ja "
            "elintarvikelogistiikan yritysten yhteistyö.",
            ["food"], "Ruokaketjun digiloikka", "Pohjois-Savon ELY-keskus",
            "Manner-Suomen maaseudun kehittämisohjelma"),
    "684": ("Meriteollisuuden ekosysteemi", "Telakan ja sen alihankkijoiden verkosto: "
            "laivanrakennus, sähköistys ja satamalogistiikka.",
            ["maritime", "electrification"], "Vähäpäästöinen satama", "Business Finland",
            "Veturiyritysten kumppanuusmalli"),
    "740": ("Puun ja metsän ekosysteemi", "Sahateollisuus, puurakentaminen ja metsän "
            "sivuvirtojen jalostus.", ["wood", "circular_economy"], "Puun sivuvirrat tuotteiksi",
            "Etelä-Savon maakuntaliitto", "Uudistuva ja osaava Suomi 2021–2027 (EAKR)"),
}
DEFAULT = ("Paikallisten yritysten kehittämisekosysteemi", "Kaupungin veturiyritysten ja "
           "niiden alihankkijoiden yhteistyöverkosto.", ["rdi"], "Veturiyritysten kasvupolku",
           "ELY-keskus", "Uudistuva ja osaava Suomi 2021–2027 (EAKR)")

FAILURE = ("Yhteinen hankintarengas kaatui sopimusehtoihin",
           "Viisi yritystä halusi kilpailuttaa yhdessä energian ja kuljetukset.",
           "Valmistelimme yhteisen tarjouspyynnön puolessa vuodessa ilman juristia.",
           "Kaksi yritystä vetäytyi viime hetkellä vastuunjaon takia; hankinta keskeytettiin.",
           "Sovi vastuut ja sitoumukset kirjallisesti ennen tarjouspyyntöä; varaa juristin aika "
           "alusta asti.", ["hankinta", "sopimukset", "yhteistyö"])
GOOD = ("Veturiyritys avasi testiympäristönsä pienille",
        "Pienet yritykset eivät päässeet testaamaan tuotteitaan tuotanto-olosuhteissa.",
        "Veturiyritys tarjosi kaksi päivää kuussa tehtaan testilinjaa; kaupunki hoiti "
        "aikataulut ja salassapitosopimukset.",
        "Vuodessa 14 testijaksoa, kolme uutta toimittajasuhdetta ja yksi yhteinen "
        "rahoitushakemus.", "Aloittaisimme saman mallin jo hankkeen alussa.",
        ["veturiyritys", "testiympäristö", "kumppanuus"])

PARTNERS = (
    ("Pohjoisen yliopisto (demo)", PartnerKind.UNIVERSITY),
    ("Järvialueen ammattikorkeakoulu (demo)", PartnerKind.UAS),
    ("Rannikon ammattiopisto (demo)", PartnerKind.VOCATIONAL),
)
# (partner index, title, language, format, ects, hours, start offset (days; None: self-paced),
#  price, themes, target group)
COURSES = (
    (1, "Vetytalouden perusteet yrityksille", "fi", CourseFormat.ONLINE, "3", None, 40, "0",
     ["hydrogen", "energy_efficiency"], "Teollisuuden asiantuntijat"),
    (0, "Kiertotalous pk-yrityksen liiketoiminnassa", "fi", CourseFormat.ONLINE, "2", None, None,
     "0", ["circular_economy"], "Pk-yritysten johto"),
    (1, "Luontomatkailun digitaalinen myynti", "fi", CourseFormat.DISTANCE, None, 20, 70, "120",
     ["tourism"], "Matkailuyrittäjät"),
    (2, "Hitsauksen laatu ja dokumentointi", "fi", CourseFormat.BLENDED, None, 35, 30, "390",
     ["welding"], "Konepajojen työntekijät"),
    (0, "Data literacy for SMEs", "en", CourseFormat.DISTANCE, "5", None, 100, "250",
     ["data_economy"], "SME staff"),
    (1, "Elintarviketurvallisuus ja omavalvonta", "fi", CourseFormat.ONLINE, None, 12, None, "0",
     ["food"], "Elintarvikeyritysten työntekijät"),
)


def seed_ecosystems(session: Session, cities: list[City], staff_by_city: dict[int, User], *,
                    seed: int, today: date) -> None:
    """An ecosystem, a project with a failure and a good-practice lesson per town; the
    network's education partners and their courses, two highlighted by the first town."""
    rng = random.Random(seed + 17)
    for city in cities:
        name, text, themes, project_name, funder, programme = ECOSYSTEMS.get(city.code, DEFAULT)
        author = staff_by_city.get(city.id)
        companies = list(session.scalars(select(Company).where(Company.city_id == city.id)
                                         .order_by(Company.id).limit(5)))
        eco = Ecosystem(city_id=city.id, name=name, description=text, themes=themes,
                        partners=[PARTNERS[rng.randrange(3)][0]],
                        contact_id=author.id if author else None)
        eco.members = [EcosystemCompany(company_id=c.id, is_anchor=i < 2)
                       for i, c in enumerate(companies)]
        start = today - timedelta(days=rng.randrange(120, 500))
        project = Project(
            city_id=city.id, ecosystem=eco, name=project_name, funder=funder,
            programme=programme, status=ProjectStatus.RUNNING, starts_on=start,
            ends_on=start + timedelta(days=730), coordinator=f"{city.name_fi}n kaupunki",
            budget_eur=Decimal(rng.randrange(20, 90) * 10_000),
            granted_eur=Decimal(rng.randrange(12, 20) * 10_000), partners=list(eco.partners),
            outputs="Yritystyöpajoja, yhteishankintojen malli ja tiekartta.", results="")
        project.members = [ProjectCompany(company_id=c.id) for c in companies[:3]]
        session.add_all([eco, project])
        session.flush()
        for kind, (title, context, done, result, differently, tags) in (
                (LessonKind.FAILURE, FAILURE), (LessonKind.GOOD_PRACTICE, GOOD)):
            session.add(Lesson(
                city_id=city.id, author_id=author.id if author else None, project_id=project.id,
                kind=kind, title=title, context=context, what_was_done=done, result=result,
                do_differently=differently, tags=tags,
                search_text=search_text(title, context, done, result, differently, *tags),
                helped_count=rng.randrange(0, 6)))
    partners = [EducationPartner(name=n, kind=k, contact_email="opinnot@example.org",
                                 url="https://example.org/") for n, k in PARTNERS]
    session.add_all(partners)
    session.flush()
    courses = []
    for index, title, lang, fmt, ects, hours, offset, price, themes, target in COURSES:
        partner = partners[index]
        courses.append(Course(
            partner_id=partner.id, provider=partner.name, title=title, language=lang,
            format=fmt, ects=Decimal(ects) if ects else None, hours=hours,
            starts_on=today + timedelta(days=offset) if offset is not None else None,
            self_paced=offset is None, price_eur=Decimal(price), themes=themes,
            target_group=target, description=f"{title}: demokurssi, ei todellinen.",
            url=f"https://example.org/kurssit/{len(courses) + 1}",
            search_text=search_text(title, partner.name, target)))
    session.add_all(courses)
    session.flush()
    if cities:
        session.add_all(CourseHighlight(city_id=cities[0].id, course_id=c.id)
                        for c in courses[:2])
