"""The fictional demo network: real towns and industry codes, invented companies and people."""

from __future__ import annotations

# (code, Finnish name, Swedish name, region/maakunta): Statistics Finland's municipality codes.
TOWNS = (
    ("140", "Iisalmi", "Idensalmi", "Pohjois-Savo"),
    ("740", "Savonlinna", "Nyslott", "Etelä-Savo"),
    ("678", "Raahe", "Brahestad", "Pohjois-Pohjanmaa"),
    ("287", "Kristiinankaupunki", "Kristinestad", "Pohjanmaa"),
    ("111", "Heinola", "Heinola", "Päijät-Häme"),
    ("232", "Kauhajoki", "Kauhajoki", "Etelä-Pohjanmaa"),
    ("249", "Keuruu", "Keuruu", "Keski-Suomi"),
    ("684", "Rauma", "Raumo", "Satakunta"),
    ("832", "Taivalkoski", "Taivalkoski", "Pohjois-Pohjanmaa"),
    ("305", "Kuusamo", "Kuusamo", "Pohjois-Pohjanmaa"),
)

# (TOL 2008 code, Finnish label, name stems, description, keywords)
INDUSTRIES = (
    ("25620", "Metallituotteiden työstö", ("Konepaja", "Metalli", "Teräsosa"),
     "Alihankintakonepaja, joka valmistaa koneistettuja ja hitsattuja osia kaivos- ja "
     "metsäkoneteollisuudelle. Yritys suunnittelee robottisolun käyttöönottoa ja haluaa "
     "parantaa tuotannon energiatehokkuutta.",
     ("koneistus", "hitsaus", "alihankinta", "automaatio")),
    ("16100", "Sahatavaran sekä puun höyläys", ("Saha", "Puutuote", "Lauta"),
     "Sahalaitos, joka jalostaa pohjoisen havupuuta rakennus- ja huonekaluteollisuudelle. "
     "Sivuvirrat kuten kuori ja puru myydään energiaksi; yritys selvittää niiden "
     "jalostamista korkeamman arvon tuotteiksi.",
     ("sahatavara", "biotalous", "sivuvirrat", "puunjalostus")),
    ("62010", "Ohjelmistojen suunnittelu ja valmistus", ("Data", "Koodi", "Sovellus"),
     "Ohjelmistoyritys, joka kehittää pilvipohjaisia toiminnanohjausratkaisuja pienille "
     "valmistaville yrityksille. Tuotteeseen ollaan lisäämässä tekoälyyn perustuvaa "
     "kysynnän ennustamista ja kansainvälistymistä Pohjoismaihin.",
     ("ohjelmistot", "tekoäly", "pilvipalvelut", "SaaS")),
    ("10710", "Leipomotuotteiden valmistus", ("Leipomo", "Leipä", "Kotileipä"),
     "Perheleipomo, joka valmistaa ruis- ja sekaleipää paikallisista raaka-aineista "
     "vähittäiskauppaan ja ravintoloille. Tavoitteena on uusi tuotantolinja ja "
     "hävikin vähentäminen.",
     ("elintarvikkeet", "leipomo", "lähiruoka", "hävikki")),
    ("55100", "Hotellit", ("Hotelli", "Majatalo", "Lomakylä"),
     "Matkailuyritys, joka tarjoaa majoitusta ja elämyksiä kansainvälisille "
     "luontomatkailijoille ympäri vuoden. Yritys kehittää digitaalista myyntiä ja "
     "vastuullisen matkailun sertifiointia.",
     ("matkailu", "majoitus", "luontomatkailu", "vastuullisuus")),
    ("41200", "Asuin- ja muiden rakennusten rakentaminen", ("Rakennus", "Talo", "Kivi"),
     "Rakennusliike, joka toteuttaa asuin- ja liikerakennuksia sekä korjausrakentamista. "
     "Yritys kokeilee puurakentamisen elementtejä ja rakennusjätteen kierrätystä.",
     ("rakentaminen", "puurakentaminen", "korjausrakentaminen", "kiertotalous")),
    ("28220", "Nosto- ja siirtolaitteiden valmistus", ("Nosto", "Kuljetin", "Lift"),
     "Valmistaja, joka suunnittelee ja rakentaa nostureita ja kuljetinjärjestelmiä "
     "teollisuuden tarpeisiin. Vientiä on yli kymmeneen maahan ja tuotekehityksessä "
     "on sähköistetty ja etäohjattu laitesarja.",
     ("nosturit", "vienti", "sähköistys", "tuotekehitys")),
    ("71120", "Insinööripalvelut", ("Suunnittelu", "Insinööri", "Projekti"),
     "Insinööritoimisto, joka tarjoaa kone-, sähkö- ja automaatiosuunnittelua "
     "prosessiteollisuudelle. Yritys rakentaa digitaalisia kaksosia ja etsii "
     "kumppaneita tutkimushankkeisiin.",
     ("suunnittelu", "automaatio", "digitaalinen kaksonen", "prosessiteollisuus")),
    ("33120", "Koneiden ja laitteiden korjaus ja huolto", ("Huolto", "Korjaamo", "Kunnossapito"),
     "Teollisuuden kunnossapitoyritys, joka huoltaa tuotantolinjoja ja kehittää "
     "ennakoivaa kunnossapitoa anturidatan avulla.",
     ("kunnossapito", "huolto", "anturit", "ennakoiva huolto")),
    ("49410", "Tieliikenteen tavarankuljetus", ("Kuljetus", "Logistiikka", "Rahti"),
     "Kuljetusliike, joka hoitaa puutavara- ja kappaletavarakuljetuksia. Kalustoa "
     "uudistetaan biokaasu- ja sähkökäyttöiseksi ja reitityksen optimointia kehitetään.",
     ("logistiikka", "kuljetus", "biokaasu", "päästöt")),
    ("03220", "Kalanviljely makeassa vedessä", ("Kala", "Taimen", "Siika"),
     "Kalanviljelylaitos, joka kasvattaa kirjolohta ja siikaa kiertovesilaitoksessa. "
     "Yritys kehittää ravinteiden talteenottoa ja jalosteiden vientiä.",
     ("kalanviljely", "kiertovesi", "ravinteet", "elintarvikkeet")),
    ("10510", "Maitotaloustuotteiden valmistus", ("Meijeri", "Juusto", "Maito"),
     "Pienmeijeri, joka valmistaa juustoja ja jogurtteja alueen tiloilta hankitusta "
     "maidosta. Yritys suunnittelee uutta kasvipohjaista tuotesarjaa.",
     ("meijeri", "juusto", "elintarvikkeet", "tuotekehitys")),
    ("31090", "Muiden huonekalujen valmistus", ("Kaluste", "Huonekalu", "Design"),
     "Huonekaluvalmistaja, joka tekee massiivipuisia kalusteita julkisiin tiloihin. "
     "Tuotannossa otetaan käyttöön uusia pintakäsittelyjä ja kierrätysmateriaaleja.",
     ("huonekalut", "puu", "muotoilu", "kiertotalous")),
    ("35110", "Sähkön tuotanto", ("Energia", "Tuuli", "Aurinko"),
     "Energiayhtiö, joka tuottaa sähköä tuuli- ja aurinkovoimalla ja kehittää "
     "sähkövarastoja sekä paikallista energiayhteisöä.",
     ("uusiutuva energia", "tuulivoima", "energian varastointi", "energiayhteisö")),
    ("72190", "Muu luonnontieteellinen ja tekninen tutkimus ja kehittäminen",
     ("Tutkimus", "Labra", "Innovaatio"),
     "Tutkimus- ja kehitysyritys, joka kehittää materiaaliteknologiaa ja "
     "mittausmenetelmiä yhdessä yliopistojen kanssa.",
     ("tutkimus", "materiaalit", "mittaustekniikka", "yhteistyö")),
    ("22290", "Muiden muovituotteiden valmistus", ("Muovi", "Komposiitti", "Polymeeri"),
     "Muovituotevalmistaja, joka ruiskuvalaa teknisiä osia ja siirtyy biopohjaisiin ja "
     "kierrätettyihin raaka-aineisiin.",
     ("muovit", "ruiskuvalu", "biomateriaalit", "kierrätys")),
    ("38320", "Lajiteltujen materiaalien kierrätys", ("Kierrätys", "Materia", "Uusio"),
     "Kierrätysyritys, joka käsittelee rakennus- ja teollisuusjätettä ja valmistaa "
     "uusioraaka-aineita. Tavoitteena on uusi lajittelulaitos.",
     ("kierrätys", "kiertotalous", "jätehuolto", "uusioraaka-aineet")),
    ("24100", "Raudan, teräksen ja rautaseosten valmistus", ("Teräs", "Valimo", "Metallurgia"),
     "Metallurgisen teollisuuden yritys, joka valmistaa erikoisteräksiä ja etsii "
     "keinoja vähentää hiilidioksidipäästöjä vedyn avulla.",
     ("teräs", "vety", "päästövähennys", "metallurgia")),
    ("30110", "Laivojen ja kelluvien rakenteiden rakentaminen", ("Telakka", "Vene", "Meri"),
     "Meriteollisuuden alihankkija, joka toimittaa varustelua ja teräsrakenteita "
     "telakoille ja kehittää vähäpäästöisiä ratkaisuja laivoihin.",
     ("meriteollisuus", "telakka", "teräsrakenteet", "vähäpäästöisyys")),
    ("86230", "Hammaslääkäripalvelut", ("Hammas", "Klinikka", "Terveys"),
     "Yksityinen terveyspalveluyritys, joka kehittää etävastaanottoa ja digitaalista "
     "ajanvarausta harvaan asutulle alueelle.",
     ("terveyspalvelut", "etäpalvelut", "digitalisaatio")),
    ("79900", "Muut varaus- ja matkapalvelut", ("Safari", "Elämys", "Seikkailu"),
     "Ohjelmapalveluyritys, joka järjestää luontoretkiä, kalastusta ja talviaktiviteetteja "
     "ulkomaisille ryhmille ja rakentaa verkkokauppaa.",
     ("matkailu", "ohjelmapalvelut", "verkkokauppa", "kansainvälistyminen")),
    ("70220", "Muu liikkeenjohdon konsultointi", ("Konsultointi", "Kehitys", "Strategia"),
     "Konsulttiyritys, joka auttaa pk-yrityksiä strategiatyössä, vastuullisuusraportoinnissa "
     "ja kasvun rahoituksessa.",
     ("konsultointi", "vastuullisuus", "kasvu", "rahoitus")),
    ("20140", "Muiden orgaanisten perusaineiden valmistus", ("Kemia", "Bio", "Uute"),
     "Biokemian yritys, joka uuttaa puun kuoresta ja marjojen sivuvirroista aineita "
     "kosmetiikka- ja elintarviketeollisuudelle.",
     ("biokemia", "uutteet", "sivuvirrat", "kosmetiikka")),
    ("26510", "Mittaus-, testaus- ja navigointivälineiden valmistus",
     ("Sensori", "Mittaus", "Anturi"),
     "Elektroniikkayritys, joka valmistaa langattomia antureita olosuhdeseurantaan "
     "teollisuuteen ja kiinteistöihin.",
     ("anturit", "elektroniikka", "IoT", "mittaus")),
)

PLACE_WORDS = (
    "Pohjolan", "Järvi", "Kallio", "Koillis", "Savon", "Rannikon", "Kuusi", "Tunturi",
    "Harju", "Salmi", "Pohjan", "Vaara", "Lahden", "Niemen", "Koski", "Kaira",
)
LEGAL_FORMS = ("Oy", "Oy", "Oy", "Oy", "Ky", "Ab", "Oyj", "Tmi")

FIRST_NAMES = ("Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Minna", "Olli", "Sanna",
               "Timo", "Ulla", "Ville", "Anna", "Pekka", "Riikka", "Mikko")
LAST_NAMES = ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Heikkinen", "Hämäläinen",
              "Laine", "Koskinen", "Järvinen", "Lehtonen", "Saarinen", "Niskanen")

# The demo accounts printed by `make run`; the password is for the demo database only.
DEMO_PASSWORD = "veturi-demo-2026"
DEMO_USERS = (
    ("henkilosto@iisalmi.example", "Hanna Henkilöstö", "staff", "140"),
    ("paakayttaja@iisalmi.example", "Pertti Pääkäyttäjä", "city_admin", "140"),
    ("katselija@iisalmi.example", "Kaarina Katselija", "viewer", "140"),
    ("henkilosto@raahe.example", "Risto Raahelainen", "staff", "678"),
    ("koordinaattori@verkosto.example", "Kirsi Koordinaattori", "coordinator", None),
)
