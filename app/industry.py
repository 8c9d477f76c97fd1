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
