"""Believable R&D&I services and R&D&I responsible people for every demo town (flush only; the
demo seed commits). Fictional providers and people, written as a town would write them."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from app.clock import utcnow
from app.models import City
from app.models.directory import PersonRole, RdiPerson, RdiService, ServiceCategory

C = ServiceCategory
# the genitive of each demo town, for names such as "Iisalmen yrityspalvelut"
GENITIVE = {"140": "Iisalmen", "740": "Savonlinnan", "678": "Raahen",
            "287": "Kristiinankaupungin", "111": "Heinolan", "232": "Kauhajoen",
            "249": "Keuruun", "684": "Rauman", "832": "Taivalkosken", "305": "Kuusamon"}

# (category, Finnish name, Swedish name, English name, provider ({gen}: the town's genitive),
#  Finnish description, target group, languages)
COMMON = (
    (C.FUNDING_ADVICE, "Rahoitusneuvonta kehittyville yrityksille",
     "Finansieringsrådgivning för företag", "Funding advice for companies",
     "{gen} kaupungin elinkeinopalvelut",
     "Autamme löytämään yrityksen kehityshankkeelle sopivan rahoituksen Business Finlandilta, "
     "ELY-keskukselta ja EU-ohjelmista, ja kommentoimme hakemuksen ennen jättämistä.",
     "Pk-yritykset ja kasvua hakevat yritykset", ["fi", "sv", "en"]),
    (C.TRAINING, "Tekoäly tutuksi -valmennus",
     None, "Practical AI coaching", "{gen} seudun kehittämisyhtiö",
     "Neljän aamupäivän valmennus, jossa yrityksen oma aineisto viedään tekoälytyökaluihin ja "
     "rakennetaan ensimmäinen kokeilu ohjatusti.",
     "Yritysten johto ja asiantuntijat", ["fi"]),
    (C.INCUBATOR, "Yrityshautomo Startti",
     "Företagsinkubatorn Startti", None, "{gen} kaupunki ja alueen ammattikorkeakoulu",
     "Puolen vuoden hautomo-ohjelma aloittaville yrityksille: sparrausta, mentorit, "
     "maksuton työpiste ja esittäytyminen sijoittajille ohjelman lopussa.",
     "Aloittavat ja alle kolme vuotta toimineet yritykset", ["fi", "en"]),
    (C.PREMISES, "Kehittämisyritysten toimitilat",
     None, "Premises for developing companies", "{gen} kaupungin tilapalvelut",
     "Joustavia tuotanto- ja toimistotiloja yrityksille, jotka tarvitsevat tilaa "
     "tuotekehitykselle tai koetuotannolle. Lyhytkin vuokrasopimus onnistuu.",
     "Kasvavat ja alueelle sijoittuvat yritykset", ["fi", "en"]),
)
# one service of each town's own strength
SPECIAL = {
    "140": (C.TESTING, "Elintarvikkeiden tuotekehityskeittiö", "Livsmedelslabbet",
            "Food product development kitchen", "Savonia-ammattikorkeakoulu, Iisalmen kampus",
            "Koekeittiö ja aistinvaraisen arvioinnin tila uusien elintarvikkeiden kokeiluun.",
            "Elintarvikealan yritykset", ["fi", "en"]),
    "740": (C.RESEARCH_PARTNER, "Kuitu- ja puupohjaisten materiaalien tutkimusyhteistyö",
            None, "Research on fibre and wood-based materials",
            "LUT-yliopisto, Savonlinnan kampus",
            "Yhteiset tutkimus- ja opinnäytehankkeet puupohjaisista materiaaleista.",
            "Metsä- ja materiaalialan yritykset", ["fi", "en"]),
    "678": (C.TESTING, "Terästeollisuuden testausympäristö", None,
            "Steel industry testing environment", "Raahen seudun teknologiakeskus",
            "Materiaalitestaus, hitsauksen koeajot ja mittaukset metalliteollisuuden "
            "alihankkijoille.", "Metalliteollisuuden yritykset", ["fi", "en"]),
    "287": (C.RESEARCH_PARTNER, "Sininen biotalous -tutkimuskumppanuus",
            "Forskningspartnerskap för blå bioekonomi", "Blue bioeconomy research partnership",
            "Kristiinankaupungin elinkeinopalvelut ja Åbo Akademi",
            "Yhteistyöverkosto kalan ja vesiviljelyn sivuvirtojen jalostamiseen.",
            "Kalatalouden ja elintarvikealan yritykset", ["sv", "fi", "en"]),
    "111": (C.TESTING, "Kiertotalouden pilottialue", None, "Circular economy pilot area",
            "Heinolan kaupunki", "Teollisuusalue, jossa sivuvirtojen hyödyntämistä voi kokeilla "
            "oikeassa ympäristössä.", "Kiertotalouden yritykset", ["fi"]),
    "232": (C.TRAINING, "Teollisuusautomaation täsmäkoulutus", None,
            "Industrial automation training", "SEDU Kauhajoki",
            "Lyhyitä robotiikan ja automaation koulutuksia yrityksen tarpeisiin räätälöitynä.",
            "Teollisuusyritysten henkilöstö", ["fi"]),
    "249": (C.PREMISES, "Yrityspuisto Keuruun Kehräämö", None, "Keuruu business park",
            "Keuruun kaupunki", "Kunnostettu tehdasrakennus yritysten tuotanto- ja "
            "kehitystiloiksi.", "Pienet valmistavat yritykset", ["fi"]),
    "684": (C.TESTING, "Merenkulun ja satamalogistiikan testialusta", "Testbädd för sjöfart",
            "Maritime and port logistics testbed", "Rauman kaupunki ja satama",
            "Satama-alue ja sen järjestelmät uusien logistiikkaratkaisujen kokeiluun.",
            "Logistiikan ja meriteollisuuden yritykset", ["fi", "sv", "en"]),
    "832": (C.INCUBATOR, "Matkailun tuotekehityshautomo", None,
            "Tourism product incubator", "Taivalkosken kunta",
            "Luontomatkailun uusien palvelujen tuotteistaminen ja koeasiakkaat.",
            "Matkailuyrittäjät", ["fi", "en"]),
    "305": (C.RESEARCH_PARTNER, "Arktisen matkailun tutkimuskumppanuus", None,
            "Arctic tourism research partnership", "Kuusamon kaupunki ja Oulun yliopisto",
            "Tutkimustietoa ja yhteishankkeita ympärivuotisen matkailun kehittämiseen.",
            "Matkailualan yritykset", ["fi", "en"]),
}
TITLES = ("elinkeinojohtaja", "kehittämispäällikkö", "TKI-asiantuntija", "yritysneuvoja",
          "innovaatioasiamies")
TOPICS = ("EU-rahoitus", "kiertotalous", "vihreä siirtymä", "digitalisaatio", "tekoäly",
          "korkeakouluyhteistyö", "elintarvikkeet", "matkailu", "teollisuus", "hankkeet")


def _service(city: City, row: tuple, rng: random.Random) -> RdiService:
    category, fi, sv, en, provider, description, target, languages = row
    gen = GENITIVE.get(city.code, f"{city.name_fi}n")
    slug = city.name_fi.lower().replace("ä", "a").replace("ö", "o")
    return RdiService(
        city_id=city.id, category=category, name_fi=fi, name_sv=sv, name_en=en,
        provider=provider.format(gen=gen), description_fi=description,
        target_group_fi=target, languages=list(languages),
        contact_email=f"tki@{slug}.example",
        contact_phone=f"+358 40 {rng.randrange(1_000_000, 9_999_999)}",
        url=f"https://www.{slug}.example/tki/{category.value}",
        internal_note="Tiedot tarkistettu verkostotapaamisessa." if rng.random() < 0.3 else None,
    )


def seed_directory(session: Session, cities: list[City], first_names: tuple[str, ...],
                   last_names: tuple[str, ...], *, seed: int = 2026) -> int:
    """Four to five services, one responsible person and one deputy for each town."""
    rng = random.Random(seed)
    count = 0
    for city in cities:
        rows = [*COMMON[: rng.choice((3, 4))], *([SPECIAL[city.code]] if city.code in SPECIAL
                                                 else [])]
        for row in rows:
            session.add(_service(city, row, rng))
            count += 1
        slug = city.name_fi.lower().replace("ä", "a").replace("ö", "o")
        for role in (PersonRole.RESPONSIBLE, PersonRole.DEPUTY):
            first, last = rng.choice(first_names), rng.choice(last_names)
            consent = role is PersonRole.RESPONSIBLE or rng.random() < 0.5
            email = f"{first}.{last}@{slug}.example".lower().replace("ä", "a").replace("ö", "o")
            session.add(RdiPerson(
                city_id=city.id, role=role, name=f"{first} {last}", title=rng.choice(TITLES),
                email=email, phone=f"+358 44 {rng.randrange(1_000_000, 9_999_999)}",
                topics=rng.sample(TOPICS, 3), has_public_consent=consent,
                consent_recorded_at=utcnow() if consent else None))
    session.flush()
    return count
