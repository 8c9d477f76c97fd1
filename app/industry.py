"""Industry classification helpers: the TOL section of a code, in TOL 2008 and in TOL 2025.

TOL 2025 follows NACE Rev. 2.1, which reshuffled the section letters from J onwards (computer
programming moved to a new section K, finance to L, ...), so the section always depends on the
code set as well as on the code's first two digits.
"""

from __future__ import annotations

# section letter -> (first division, last division), per code set
_SECTIONS_2008 = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}
_SECTIONS_2025 = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (46, 47), "H": (49, 53), "I": (55, 56), "J": (58, 60), "K": (61, 63), "L": (64, 66),
    "M": (68, 68), "N": (69, 75), "O": (77, 82), "P": (84, 84), "Q": (85, 85), "R": (86, 88),
    "S": (90, 93), "T": (94, 96), "U": (97, 98), "V": (99, 99),
}
SECTIONS = {"TOL2008": _SECTIONS_2008, "TOL2025": _SECTIONS_2025}

# Finnish names of the TOL 2025 sections (Statistics Finland), used in filters.
SECTION_NAMES_2025 = {
    "A": "Maatalous, metsätalous ja kalatalous", "B": "Kaivostoiminta ja louhinta",
    "C": "Teollisuus", "D": "Sähkö-, kaasu- ja lämpöhuolto",
    "E": "Vesihuolto, viemäri- ja jätevesihuolto, jätehuolto", "F": "Rakentaminen",
    "G": "Tukku- ja vähittäiskauppa", "H": "Kuljetus ja varastointi",
    "I": "Majoitus- ja ravitsemistoiminta", "J": "Kustannus-, lähetys- ja sisällöntuotanto",
    "K": "Televiestintä, ohjelmointi, konsultointi ja tietopalvelut",
    "L": "Rahoitus- ja vakuutustoiminta", "M": "Kiinteistöalan toiminta",
    "N": "Ammatillinen, tieteellinen ja tekninen toiminta",
    "O": "Hallinto- ja tukipalvelutoiminta", "P": "Julkinen hallinto ja maanpuolustus",
    "Q": "Koulutus", "R": "Terveys- ja sosiaalipalvelut", "S": "Taiteet, urheilu ja virkistys",
    "T": "Muu palvelutoiminta", "U": "Kotitalouksien toiminta työnantajina",
    "V": "Kansainvälisten organisaatioiden toiminta",
}

# the same sections in Swedish (Statistikcentralen, NI 2025) and in English (NACE Rev. 2.1)
_SECTION_NAMES_2025_SV = {
    "A": "Jordbruk, skogsbruk och fiske", "B": "Utvinning av mineral",
    "C": "Tillverkning", "D": "Försörjning av el, gas och värme",
    "E": "Vattenförsörjning, avloppsrening, avfallshantering", "F": "Byggverksamhet",
    "G": "Parti- och detaljhandel", "H": "Transport och magasinering",
    "I": "Hotell- och restaurangverksamhet", "J": "Förlags-, sändnings- och innehållsproduktion",
    "K": "Telekommunikation, programmering, konsultverksamhet och informationstjänster",
    "L": "Finans- och försäkringsverksamhet", "M": "Fastighetsverksamhet",
    "N": "Verksamhet inom juridik, ekonomi, vetenskap och teknik",
    "O": "Uthyrning, fastighetsservice, resetjänster och andra stödtjänster",
    "P": "Offentlig förvaltning och försvar", "Q": "Utbildning",
    "R": "Vård och omsorg, sociala tjänster", "S": "Kultur, nöje och fritid",
    "T": "Annan serviceverksamhet", "U": "Förvärvsarbete i hushåll",
    "V": "Verksamhet vid internationella organisationer",
}
_SECTION_NAMES_2025_EN = {
    "A": "Agriculture, forestry and fishing", "B": "Mining and quarrying",
    "C": "Manufacturing", "D": "Electricity, gas, steam and air conditioning supply",
    "E": "Water supply, sewerage, waste management", "F": "Construction",
    "G": "Wholesale and retail trade", "H": "Transportation and storage",
    "I": "Accommodation and food service activities",
    "J": "Publishing, broadcasting and content production",
    "K": "Telecommunication, computer programming, consulting and information services",
    "L": "Financial and insurance activities", "M": "Real estate activities",
    "N": "Professional, scientific and technical activities",
    "O": "Administrative and support service activities",
    "P": "Public administration and defence", "Q": "Education",
    "R": "Human health and social work activities", "S": "Arts, sports and recreation",
    "T": "Other service activities", "U": "Activities of households as employers",
    "V": "Activities of extraterritorial organisations and bodies",
}
_SECTION_NAMES = {"fi": SECTION_NAMES_2025, "sv": _SECTION_NAMES_2025_SV,
                  "en": _SECTION_NAMES_2025_EN}


def section_names(locale: str = "fi") -> dict[str, str]:
    """The TOL 2025 sections by letter, named in the reader's language (Finnish by default)."""
    return _SECTION_NAMES.get((locale or "fi")[:2], SECTION_NAMES_2025)


def section_of(code: str | None, code_set: str | None) -> str | None:
    """The section letter of an industry code, or None when the code is unknown."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    division = int(code[:2])
    for letter, (low, high) in SECTIONS.get(code_set or "TOL2025", _SECTIONS_2025).items():
        if low <= division <= high:
            return letter
    return None


def divisions_of(section: str) -> list[str]:
    """The two-digit divisions ("01", "02", ...) of a TOL 2025 section, for filtering codes of
    either set: the divisions kept their numbers from TOL 2008 to TOL 2025 (only the letters
    moved), and 2008's division 45, the motor trade, belongs to trade (G) in both."""
    low, high = _SECTIONS_2025.get(section.upper(), (0, -1))
    divisions = [f"{d:02d}" for d in range(low, high + 1)]
    return ["45", *divisions] if section.upper() == "G" else divisions
