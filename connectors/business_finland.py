"""Business Finland's standing company instruments (source ``business-finland``), seeded by hand.

Business Finland publishes no feed or API (tests/fixtures/NOTES.md §2.3 and §4): its funding
services are web pages, and most of them are continuous instruments rather than calls. So the
main ones are kept here as curated records, to be matched like any call and reviewed by staff.

How the records were written:

* ``url`` is the page the text comes from (the citation). Where Business Finland's site also
  has the page in English, ``extra`` holds that address as ``url_en`` and the page's English
  title as ``title_en``.
* ``summary`` and ``description`` quote Business Finland's Finnish text as published, cut to
  whole sentences. Where that text was read somewhere other than ``url`` (a copy of the Finnish
  page on another Business Finland host, or Business Finland's announcement as a consultancy
  quoted it), ``extra["text_source"]`` gives that address and a comment says so.
* No amounts, rates or dates are stated beyond the quoted sentences.
* Every record is continuous and open with company applicants, as the app expects of a standing
  instrument. Where the pages seen show that an instrument's intake has paused or changed
  (application rounds, a closed year), ``extra["status_note"]`` says so in Finnish: staff must
  check the page before advising a company.
* ``sme_only``/``large_only`` follow what the pages state: an instrument for SMEs *and* midcaps
  is not SME-only (midcaps are not SMEs), and one that does not say is ``None``. Where a newer
  page narrows the target group (Tempo: startups under five years old), the newer page rules.

Group Explorer is left out on purpose: Business Finland's page says it closed on 17.10.2024 and
is no longer part of its funding selection.
"""

from __future__ import annotations

from connectors.records import FundingCall

SOURCE = "business-finland"
FUNDER = "Business Finland"


def _instrument(
    source_id: str,
    title: str,
    *,
    url: str,
    summary: str,
    description: str,
    keywords: tuple[str, ...],
    sme_only: bool | None,
    large_only: bool | None,
    extra: dict[str, str],
) -> FundingCall:
    return FundingCall(
        source=SOURCE,
        source_id=source_id,
        title=title,
        url=url,
        summary=summary,
        description=description,
        is_continuous=True,
        status="open",
        applicant_types=("company",),
        sme_only=sme_only,
        large_only=large_only,
        countries=("FI",),
        keywords=keywords,
        language="fi",
        funder=FUNDER,
        kind="call",
        extra=tuple(extra.items()),
    )


_INSTRUMENTS: tuple[FundingCall, ...] = (
    _instrument(
        "tempo",
        "Tempo-rahoitus",
        url="https://www.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/tempo-rahoitus",
        summary="Vauhtia kansainväliseen kasvuun.",
        description=(
            "Tempo-rahoitus on tarkoitettu kansainväliseen kasvuun tähtääville "
            "osakeyhtiömuotoisille suomalaisille startup-, pk- ja midcapyrityksille, joilla on "
            "halua ja kykyä rakentaa osaamisestaan ja ratkaisuistaan kansainvälinen "
            "menestystarina innovatiivisin keinoin. Rahoituksen avulla yrityksenne voi eri "
            "tavoin parantaa valmiuksia kansainväliseen kasvuun, testata liiketoimintakonseptin "
            "toimivuutta, hankkia palautetta potentiaalisilta asiakkailta ja kartoittaa kysyntää "
            "uudella kansainvälisellä markkinalla."
        ),
        keywords=("kansainvälistyminen", "kasvu", "startup", "liiketoimintakonsepti", "vienti"),
        # The Finnish page names startups, SMEs and midcaps; Business Finland's 2025 English page
        # narrows the target group to startups under five years old (status_note). Such a
        # startup is an SME, so the instrument is kept SME-only: a midcap is no longer its target.
        sme_only=True,
        large_only=False,
        extra={
            "title_en": "Tempo funding",
            "url_en": "https://www.businessfinland.fi/en/services/funding/funding-services/Tempo-Funding",
            # the 2025 English page narrows the target group and announces the 2025 closure
            "status_note": (
                "Englanninkielisen sivun (2025) mukaan Tempo on tarkoitettu alle 5-vuotiaille "
                "startup-yrityksille, ja vuoden 2025 hakuaika päättyi 3.10.2025. Tarkista "
                "kohderyhmä ja hakutilanne sivulta."
            ),
        },
    ),
    _instrument(
        "tutkimus-kehitys-pilotointi",
        "Tutkimus-, kehitys- ja pilotointirahoitus",
        url=(
            "https://www.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/"
            "tutkimus-ja-kehitysrahoitus/tutkimus-ja-kehitysrahoitus"
        ),
        summary=(
            "Kansainvälisille markkinoille tähtäävä yritys voi Business Finlandin "
            "t&k-rahoituksen avulla uudistaa tai kehittää kokonaan uusia tuotteita, palveluita, "
            "tuotantomenetelmiä tai liiketoimintamalleja."
        ),
        description=(
            "Business Finland voi rahoittaa merkittävää kasvua vientimarkkinoilta tavoittelevia "
            "pk- ja midcap-yrityksiä myöntämällä avustusta tai lainaa kunnianhimoisiin "
            "t&k-projekteihin, jotka tuottavat yritykselle kansainvälistä kilpailuetua. "
            "T&k-rahoitus voi kohdistua vain tutkimus- ja kehittämistoiminnasta aiheutuviin "
            "kustannuksiin. Rahoituksella on mahdollista testata ja todentaa asiakkaiden kanssa "
            "uuden ratkaisun toimintaa."
        ),
        keywords=("tutkimus", "tuotekehitys", "pilotointi", "innovaatio", "t&k", "vienti"),
        sme_only=False,  # SMEs and midcaps
        large_only=False,
        extra={
            "title_en": "Research, development and piloting",
            "url_en": (
                "https://www.businessfinland.fi/en/services/funding/funding-services/"
                "research-and-development-funding/research-and-development-funding/"
            ),
        },
    ),
    _instrument(
        # the page's heading is "Rahoitus tutkimukseen, kehitykseen ja pilotointiin"; the title
        # below adds the audience its address names (…/tutkimus--ja-kehitysrahoitus-suuryritys)
        "tutkimus-kehitys-suuryritykset",
        "Rahoitus tutkimukseen, kehitykseen ja pilotointiin: suuret yritykset",
        url=(
            "https://www.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/"
            "tutkimus-ja-kehitysrahoitus/tutkimus--ja-kehitysrahoitus-suuryritys"
        ),
        summary=(
            "Business Finland auttaa uusille vientimarkkinoille tähtääviä suuria yrityksiä "
            "myöntämällä avustusta tai lainaa."
        ),
        description=(
            "Business Finland auttaa uusille vientimarkkinoille tähtääviä suuria yrityksiä "
            "myöntämällä avustusta tai lainaa. Rahoituksen kautta suuryrityksiä kannustetaan "
            "yhteistyöhön tutkimuslaitosten ja pk-yritysten kanssa. Avustus on tarkoitettu "
            "tutkimustyöhön, jonka tuloksena yritykselle syntyy uutta tietoa ja osaamista "
            "tuotekehitystyön perustaksi. Laina on tarkoitettu yrityksen kehitys- ja "
            "pilotointiprojekteihin."
        ),
        keywords=("tutkimus", "tuotekehitys", "pilotointi", "suuryritys", "t&k", "yhteistyö"),
        sme_only=False,
        large_only=True,
        extra={"title_en": "Funding for research, development and piloting: large companies"},
    ),
    _instrument(
        "veturiyritykset",
        "Veturiyritysten ja ekosysteemien rahoitus",
        url=(
            "https://www.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/"
            "veturiyritysten-ja-ekosysteemien-rahoitus"
        ),
        summary="Veturiyrityksistä vipuvartta.",
        description=(
            "Business Finland haastaa halukkaita ja kyvykkäitä globaalisti toimivia yrityksiä "
            "erikokoisten yritysten ja muiden toimijoiden muodostamien ekosysteemien vetureiksi. "
            "Tavoitteena on haastaa kansainvälisesti toimivia yritysverkostojen vetureja "
            "ratkaisemaan merkittäviä tulevaisuuden haasteita ja kasvattamaan merkittävästi "
            "tutkimus-, kehitys- ja innovaatioinvestointejaan (TKI) Suomessa sekä luomaan uusia "
            "työpaikkoja ja uuteen liiketoimintaan tähtääviä miljardiluokan ekosysteemejä."
        ),
        keywords=("veturiyritys", "ekosysteemi", "TKI", "kumppanuus", "haastekilpailu"),
        sme_only=False,
        large_only=None,  # the page says "globally operating companies", not "large only"
        extra={
            "title_en": "Funding for leading companies and their ecosystems",
            "status_note": (
                "Veturirahoitus haetaan haastekilpailun kierroksilla (2020, 2021, 2023), ei "
                "jatkuvasti. Tarkista avoin kierros sivulta."
            ),
        },
    ),
    _instrument(
        "veturiyritysten-kumppanit",
        "Veturiyritysten kumppanuushaku",
        url=(
            "https://www.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/"
            "veturiyritysten-ja-ekosysteemien-rahoitus"
        ),
        summary=(
            "Rahoitushaku, joka kohdistettiin veturiyritysten haastekilpailun voittaneille "
            "aihealueille."
        ),
        description=(
            "Business Finland jatkaa rahoitushakua, joka kohdistettiin veturiyritysten "
            "haastekilpailun voittaneille aihealueille. Rahoitus on tarkoitettu erityisesti "
            "yritysten välisille yhteishankkeille sekä yritysten ja tutkimusorganisaatioiden "
            "välisille yhteishankkeille. Rahoitusta voidaan myöntää myös yksittäisille "
            "yrityksille tai tutkimusorganisaatioille tai tutkimusorganisaatioiden yhteisille "
            "hankkeille."
        ),
        keywords=("veturiyritys", "ekosysteemi", "kumppanuus", "yhteishanke", "tiekartta"),
        sme_only=False,
        large_only=False,
        extra={
            "title_en": "Partnership model funding call for companies and research organizations",
            "url_en": (
                "https://www.businessfinland.fi/en/whats-new/calls/2021/"
                "partnership-model-funding-call-for-companies-and-research-organizations"
            ),
            "status_note": (
                "Englanninkielinen hakusivu ilmoittaa haun ajaksi 30.9.2021–30.1.2024. "
                "Tarkista sivulta, miten veturiyritysten kumppanit hakevat rahoitusta nyt."
            ),
        },
    ),
    _instrument(
        # Finnish wording of Business Finland's announcement of the renewed voucher, as
        # Grannenfelt Finance quoted it (its list of uses joined into one sentence); the
        # address is Business Finland's own (English) voucher page
        "innovaatioseteli",
        "Innovaatioseteli",
        url=(
            "https://www.businessfinland.fi/en/for-finnish-customers/services/funding/"
            "research-and-development/innovation-voucher"
        ),
        summary=(
            "Innovaatiosetelin avulla yritys voi hankkia asiantuntijapalveluja tuote- tai "
            "palveluidean kehittämiseksi."
        ),
        description=(
            "Uudistettu Innovaatioseteli on tarkoitettu alle 5-vuotiaille pienille yrityksille, "
            "joilla on kansainvälistä potentiaalia omaava uusi tuote- tai palveluidea. "
            "Käyttökohteita ovat tuotteiden tai palvelutuotteiden prototyyppien kehittäminen, "
            "teollisoikeuksien suojattavuusselvitykset ja ensihakemusten hakuprosessi sekä "
            "innovaatiotoimintaan liittyvät mittaus- ja testauspalvelut."
        ),
        keywords=("innovaatio", "asiantuntijapalvelu", "prototyyppi", "patentti", "testaus"),
        sme_only=True,  # small companies under 5 years
        large_only=False,
        extra={
            "title_en": "Innovation voucher",
            "text_source": (
                "https://www.grannenfeltfinance.fi/ajankohtaista/uutiset/"
                "muutoksia-moniin-business-finlandin-rahoituspalveluihin"
            ),
            "status_note": (
                "Uudistettu seteli oli haettavissa 24.1.2024 alkaen; tarkista, onko seteli yhä "
                "Business Finlandin valikoimassa."
            ),
        },
    ),
    _instrument(
        "exhibition-explorer",
        "Exhibition Explorer",
        url=(
            "https://www.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/"
            "explorer/exhibition-explorer"
        ),
        summary="Pk- ja midcap-yritysten yhteisiin kansainvälisiin messuhankkeisiin.",
        description=(
            "Exhibition Explorer -rahoitus (messuavustus) on tarkoitettu kansainvälisille, "
            "Suomen ulkopuolella pidettäville messuille osallistuville pienille ja "
            "keskisuurille, sekä midcap yrityksille, joilla on halu kasvaa ja kansainvälistyä. "
            "Rahoituksen edellytyksenä on, että vähintään neljä kotimaista pk- ja midcap "
            "yritystä hakee Exhibition Explorer -rahoitusta samaan kansainväliseen messuun "
            "liittyen."
        ),
        keywords=("messut", "kansainvälistyminen", "vienti", "markkinat", "b-to-b"),
        sme_only=False,  # SMEs and midcaps
        large_only=False,
        extra={
            "title_en": "Exhibition Explorer",
            "url_en": (
                "https://www.businessfinland.fi/en/for-finnish-customers/services/funding/"
                "explorer/exhibition-explorer"
            ),
            "status_note": (
                "Business Finland on supistanut Explorer-palveluja (Group Explorer päättyi "
                "17.10.2024); tarkista Exhibition Explorerin tilanne sivulta."
            ),
        },
    ),
    _instrument(
        # Finnish wording from Business Finland's Finnish energy aid page (seen on its
        # tfprod.businessfinland.fi copy); the address is the current English page
        "energiatuki",
        "Energiatuki",
        url="https://www.businessfinland.fi/en/services/funding/funding-services/energy-aid",
        summary="Energiajärjestelmä vähähiilisemmäksi energiatehokkuuden keinoin.",
        description=(
            "Energiatukea voidaan myöntää hankkeille, joilla edistetään uutta teknologiaa, sen "
            "kaupallista hyödyntämistä ja sähköjärjestelmän säätökykyä sekä energian säästöä "
            "energiatehokkuuden keinoin. Uudella teknologialla tarkoitetaan uudenlaisia "
            "kaupallisia ratkaisuja, joita ei ole Suomessa laajasti kokeiltu. Tyypillisesti kyse "
            "on ensimmäisestä tai ensimmäisistä demonstraatiolaitoksista."
        ),
        keywords=(
            "energia",
            "energiatehokkuus",
            "uusiutuva energia",
            "investointi",
            "demonstraatio",
        ),
        sme_only=False,  # companies and organisations of all sizes
        large_only=False,
        extra={
            "title_en": "Energy aid",
            "text_source": (
                "https://tfprod.businessfinland.fi/suomalaisille-asiakkaille/palvelut/rahoitus/"
                "energiatuki"
            ),
        },
    ),
)


def standing_instruments() -> tuple[FundingCall, ...]:
    """Business Finland's main continuous company instruments, as curated records.

    A constant list: the harvest stores them like any source's calls, so staff see them next
    to the harvested calls and can update or close them when Business Finland changes its
    services.
    """
    return _INSTRUMENTS
