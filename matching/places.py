"""Finnish regions (maakunnat) and the state's regional authorities, as the call texts name them.

Source: Statistics Finland's classification of regions (maakunnat 2021-, with its Swedish and
English names) and the areas of the regional authorities: the 15 ELY centres that funded
companies until 2025 and the 10 elinvoimakeskukset that replaced them on 1 January 2026 (Act
on the elinvoimakeskukset, 2025). Region names are spelled as in ``CompanyProfile.region``.

Finnish names inflect ("Lappi", "Lapin", "Lapissa", "Pohjois-Savossa"), so each name is a
regular expression over lower-case text that accepts the name's case forms; a name never
matches inside a longer name ("Pohjanmaa" is not found in "Etelä-Pohjanmaalla").
"""

from __future__ import annotations

import re

_EDGE = r"(?<![\w-])"

# region: (Finnish forms, Swedish forms, English forms), regular expressions without anchors
REGIONS: dict[str, tuple[str, str, str]] = {
    "Uusimaa": (r"uusimaa|uudenmaa\w*|uudellamaalla|uudeltamaalta|uudellemaalle",
                r"nyland\w*", r"uusimaa"),
    "Varsinais-Suomi": (r"varsinais-suom\w*", r"egentliga finland\w*",
                        r"southwest finland|finland proper"),
    "Satakunta": (r"satakun\w*", r"satakunda\w*", r"satakunta"),
    "Kanta-Häme": (r"kanta-häm\w*", r"egentliga tavastland\w*",
                   r"kanta-häme|tavastia proper"),
    "Pirkanmaa": (r"pirkanma\w*", r"birkaland\w*", r"pirkanmaa"),
    "Päijät-Häme": (r"päijät-häm\w*", r"päijänne-tavastland\w*", r"päijät-häme"),
    "Kymenlaakso": (r"kymenlaakso\w*", r"kymmenedalen\w*", r"kymenlaakso"),
    "Etelä-Karjala": (r"etelä-karjal\w*", r"södra karelen\w*", r"south karelia"),
    "Etelä-Savo": (r"etelä-savo\w*", r"södra savolax\w*", r"south savo"),
    "Pohjois-Savo": (r"pohjois-savo\w*", r"norra savolax\w*", r"north savo"),
    "Pohjois-Karjala": (r"pohjois-karjal\w*", r"norra karelen\w*", r"north karelia"),
    "Keski-Suomi": (r"keski-suom\w*", r"mellersta finland\w*", r"central finland"),
    "Etelä-Pohjanmaa": (r"etelä-pohjanma\w*", r"södra österbotten\w*", r"south ostrobothnia"),
    "Pohjanmaa": (r"pohjanma\w*", r"(?<!södra )(?<!norra )(?<!mellersta )österbotten\w*",
                  r"(?<!south )(?<!north )(?<!central )ostrobothnia"),
    "Keski-Pohjanmaa": (r"keski-pohjanma\w*", r"mellersta österbotten\w*",
                        r"central ostrobothnia"),
    "Pohjois-Pohjanmaa": (r"pohjois-pohjanma\w*", r"norra österbotten\w*",
                          r"north ostrobothnia"),
    "Kainuu": (r"kainuu\w*", r"kajanaland\w*", r"kainuu"),
    "Lappi": (r"lappi|lappia|lappiin|lapin|lapissa|lapista|lapille|lapilla|lapilta",
              r"lappland\w*", r"lapland"),
    "Ahvenanmaa": (r"ahvenanma\w*", r"åland\w*", r"åland|aland islands"),
}

# Authorities whose area is not one region of the same name (an ELY centre named after one
# region covers that region, which the region names already find). Genitive forms.
ELY_AREAS: dict[str, tuple[str, ...]] = {
    r"hämeen": ("Kanta-Häme", "Päijät-Häme"),
    r"kaakkois-suomen": ("Kymenlaakso", "Etelä-Karjala"),
}
ELINVOIMAKESKUS_AREAS: dict[str, tuple[str, ...]] = {
    r"uudenmaan": ("Uusimaa",),
    r"lounais-suomen": ("Varsinais-Suomi", "Satakunta"),
    r"kaakkois-suomen": ("Kymenlaakso", "Etelä-Karjala", "Päijät-Häme"),
    r"sisä-suomen": ("Pirkanmaa", "Kanta-Häme"),
    r"keski-suomen": ("Keski-Suomi",),
    r"itä-suomen": ("Pohjois-Savo", "Etelä-Savo", "Pohjois-Karjala"),
    r"etelä-pohjanmaan": ("Etelä-Pohjanmaa",),
    r"pohjanmaan": ("Pohjanmaa", "Keski-Pohjanmaa"),
    r"pohjois-suomen": ("Pohjois-Pohjanmaa", "Kainuu"),
    r"lapin": ("Lappi",),
}


def _compile() -> tuple[re.Pattern[str], list[tuple[str, ...]]]:
    """One pattern with a group per name: authorities first (their names contain region
    names, and the first alternative that matches at a position wins), then the regions."""
    parts: list[str] = []
    areas: list[tuple[str, ...]] = []
    for table, word in ((ELINVOIMAKESKUS_AREAS, r"elinvoimakeskuk?s\w*"),
                        (ELY_AREAS, r"ely-keskuk?s\w*")):
        for name, regions in table.items():
            parts.append(name + r"\s+" + word)
            areas.append(regions)
    for region, forms in REGIONS.items():
        parts.append("|".join(f"(?:{f})" for f in forms))
        areas.append((region,))
    groups = "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(parts))
    return re.compile(_EDGE + f"(?:{groups})" + r"(?![\w-])"), areas


_PATTERN, _AREAS = _compile()


def region_mentions(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, regions) of every region or authority area named in lower-case text,
    in text order; a region inside an authority's name is not counted again."""
    return [(m.start(), m.end(), _AREAS[int(m.lastgroup[1:])])
            for m in _PATTERN.finditer(text) if m.lastgroup]
