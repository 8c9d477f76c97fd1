"""The mapping step of a company list import: which column holds which field, guessed from
Finnish, Swedish and English headers.

Staff lists come from Excel, old CRMs and our own export, so a header may be "Y-tunnus",
"Yrityksen nimi", "Liikevaihto (1000 €)" or "Business ID". Headers are compared folded (lower
case, without diacritics and punctuation); a header that could mean two fields ("Toimiala": a
code or a text) is decided by its first values. Notes-like columns (huomiot, lisätiedot,
kommentit, notes, anteckningar ...) become a note on the company's timeline, never its
description: the description drives funding matches, and a note written for staff must not
replace it unless the user maps the column there on purpose.

Yearly figures: a header with a year ("Henkilöstö 2024", "Liikevaihto 2023 (1000 €)") maps to
that year's figure (``employees@2024``, ``turnover_keur@2023``); a "Vuosi"/"Year" column
(``figures_year``) records the row's staff and turnover as that year's figures too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from app.i18n import lazy_gettext as _l
from app.names import fold

CODE_AND_TEXT = re.compile(r"^\s*(\d{2}[\d.]*)\b\s*[-–:]?\s*(.*)$", re.S)

IGNORE = ""
_EITHER_INDUSTRY = "industry?"

# (field, label) in the order the mapping form offers them
FIELDS: tuple[tuple[str, Any], ...] = (
    ("name", _l("Name")),
    ("business_id", _l("Business ID (Y-tunnus)")),
    ("auxiliary_names", _l("Auxiliary names")),
    ("industry_code", _l("Industry code")),
    ("industry_code_set", _l("Industry code set (TOL 2008 or TOL 2025)")),
    ("industry_text", _l("Industry (text)")),
    ("municipality", _l("Municipality (code or name)")),
    ("website", _l("Website")),
    ("description", _l("Description")),
    ("keywords", _l("Keywords")),
    ("employees", _l("Employees")),
    ("turnover_eur", _l("Turnover (EUR)")),
    ("turnover_keur", _l("Turnover (thousand EUR)")),
    ("size_class", _l("Size class")),
    ("is_anchor", _l("Anchor company (yes/no)")),
    ("is_growth_seeking", _l("Growth-seeking (yes/no)")),
    ("last_contact_on", _l("Date of the last contact")),
    ("note", _l("Note on the company's timeline")),
    ("figures_year", _l("Year of the row's staff and turnover figures")),
)
FIELD_NAMES = frozenset(name for name, _ in FIELDS)

# a figure of one year: "<field>@<year>"
YEAR_FIELDS = ("employees", "turnover_eur", "turnover_keur")


def _year_label(base: str, year: int) -> Any:
    if base == "employees":
        return _l("Employees in %(year)s", year=year)
    if base == "turnover_eur":
        return _l("Turnover in %(year)s (EUR)", year=year)
    return _l("Turnover in %(year)s (thousand EUR)", year=year)
FIRST_FIGURES_YEAR = 1950
_YEAR = re.compile(r"\b(19[5-9]\d|2\d{3})\b")


def year_field(name: str) -> tuple[str, int] | None:
    """``employees@2024`` -> ("employees", 2024); None for any other field."""
    base, _at, year = name.partition("@")
    if base in YEAR_FIELDS and year.isdigit() and len(year) == 4:
        return base, int(year)
    return None


def is_field(name: str) -> bool:
    return name in FIELD_NAMES or year_field(name) is not None


def field_choices(headers: Sequence[str], mapping: Sequence[str]) -> list[tuple[str, Any]]:
    """The fields a column of this file can be mapped to: the fixed ones, and the yearly
    figures of every year its headers or its mapping name."""
    years = {int(m) for h in headers for m in _YEAR.findall(fold_header(h or ""))}
    years |= {y[1] for f in mapping if (y := year_field(f))}
    extra = [(f"{base}@{year}", _year_label(base, year))
             for year in sorted(years, reverse=True) for base in YEAR_FIELDS]
    return [*FIELDS, *extra]


def field_label(name: str) -> Any:
    """A field's label, a yearly figure's too."""
    found = year_field(name)
    if found is not None:
        return _year_label(*found)
    return dict(FIELDS).get(name, name)

# folded header -> field
_EXACT: dict[str, str] = {}
for _field, _names in {
    "name": "nimi, yrityksen nimi, yritys, yritysnimi, toiminimi, yrityksen toiminimi, "
    "company, company name, name, organisaatio, organization, organisation, firma",
    "business_id": "y tunnus, ytunnus, y tunnus fi, yritystunnus, business id, businessid, "
    "business id y tunnus, company id, organisation number, vat number, y tunnus business id",
    "auxiliary_names": "aputoiminimet, aputoiminimi, muut nimet, rinnakkaistoiminimet, "
    "rinnakkaistoiminimi, auxiliary names, trade names, other names",
    "industry_code": "toimialakoodi, toimiala koodi, tol, tol koodi, tol 2008, tol 2025, "
    "toimialaluokka, industry code, nace, nace code",
    "industry_code_set": "luokitus, toimialaluokitus, koodisto, code set, classification",
    "industry_text": "toimialan kuvaus, toimiala teksti, toimialan nimi, industry text, "
    "line of business, ala",
    "municipality": "kunta, kotikunta, kuntanumero, kuntakoodi, sijaintikunta, kunnan nimi, "
    "municipality, municipality code, kommun, home municipality",
    "website": "verkkosivut, verkkosivu, kotisivu, kotisivut, www, www osoite, website, "
    "web site, web, url, internet, nettisivut",
    "description": "kuvaus, yrityksen kuvaus, toiminnan kuvaus, description, company "
    "description, beskrivning",
    # notes for staff: a note on the timeline, never the description that drives matching
    "note": "huomiot, huomio, huomautukset, lisatiedot, lisatietoja, muistiinpanot, "
    "muistiinpano, kommentit, kommentti, notes, note, comments, comment, remarks, anteckningar, "
    "anteckning, kommentarer, kommentar, ovrigt",
    "keywords": "avainsanat, avainsana, asiasanat, tagit, keywords, tags",
    "employees": "henkilosto, henkilostomaara, henkilokunta, tyontekijat, tyontekijamaara, "
    "tyontekijoita, henkiloita, employees, staff, headcount, number of employees",
    "turnover_eur": "liikevaihto, liikevaihto eur, liikevaihto e, liikevaihto euroa, turnover, "
    "turnover eur, revenue, revenue eur",
    "turnover_keur": "liikevaihto teur, liikevaihto t, liikevaihto 1000 eur, liikevaihto 1000 e, "
    "liikevaihto 1000, liikevaihto tuhatta euroa, liikevaihto keur, turnover keur, "
    "turnover 1000 eur, turnover teur, revenue keur",
    "size_class": "kokoluokka, koko, yrityksen koko, yrityksen kokoluokka, size, size class",
    "is_anchor": "veturiyritys, veturi, veturiyritykset, anchor, anchor company",
    "is_growth_seeking": "kasvuhakuinen, kasvuhakuiset, kasvuyritys, kasvu, growth, "
    "growth seeking, growth company",
    "figures_year": "vuosi, tilikausi, tilivuosi, year, fiscal year, financial year, ar",
    "last_contact_on": "viimeisin yhteydenotto, viimeisin kontakti, viimeksi tavattu, "
    "viimeisin tapaaminen, viimeisin kaynti, yhteydenotto, last contact, last contacted, "
    "last meeting, last contact date",
}.items():
    for _name in _names.split(","):
        _EXACT[_name.strip()] = _field

# a header with a word containing each of these parts (folded) -> field, "" to ignore; checked in
# order after the exact names, so the people columns of a list never pass for staff numbers
_CONTAINS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("yhteyshenkilo",), IGNORE),
    (("vastuuhenkilo",), IGNORE),
    (("contact", "person"), IGNORE),
    (("sahkoposti",), IGNORE),
    (("puhelin",), IGNORE),
    (("email",), IGNORE),
    (("phone",), IGNORE),
    # a note about anything (staff, turnover ...) is still a note, not that field
    (("huomi",), "note"),
    (("huomautu",), "note"),
    (("lisatie",), "note"),
    (("muistiinpano",), "note"),
    (("komment",), "note"),
    (("notes",), "note"),
    (("comment",), "note"),
    (("remark",), "note"),
    (("anteckning",), "note"),
    (("liikevaihto", "1000"), "turnover_keur"),
    (("liikevaihto", "teur"), "turnover_keur"),
    (("liikevaihto", "tuhat"), "turnover_keur"),
    (("turnover", "1000"), "turnover_keur"),
    (("liikevaihto",), "turnover_eur"),
    (("turnover",), "turnover_eur"),
    (("tunnus",), "business_id"),
    (("aputoiminimi",), "auxiliary_names"),
    (("toimiala", "koodi"), "industry_code"),
    (("toimiala", "luokitus"), "industry_code_set"),
    (("toimiala",), _EITHER_INDUSTRY),
    (("industry", "code"), "industry_code"),
    (("industry",), _EITHER_INDUSTRY),
    (("henkilo",), "employees"),
    (("employees",), "employees"),
    (("kunta",), "municipality"),
    (("municipality",), "municipality"),
    (("verkko",), "website"),
    (("kotisivu",), "website"),
    (("avainsan",), "keywords"),
    (("keyword",), "keywords"),
    (("veturi",), "is_anchor"),
    (("kasvu",), "is_growth_seeking"),
    (("yhteydenotto",), "last_contact_on"),
    (("kuvaus",), "description"),
    (("nimi",), "name"),
)


def fold_header(header: str) -> str:
    """ "Liikevaihto (1000 €)" -> "liikevaihto 1000 e": how headers are compared."""
    text = fold(header or "").replace("€", " e ")
    return " ".join(re.split(r"[^0-9a-z]+", text)).strip()


def _guess_year_field(folded: str) -> str | None:
    """ "henkilosto 2024" -> "employees@2024": a staff or turnover header with a year."""
    years = _YEAR.findall(folded)
    if len(years) != 1:
        return None
    rest = " ".join(w for w in folded.split() if w != years[0])
    field = _guess_one(rest, ()) if rest else IGNORE
    if field in YEAR_FIELDS:
        return f"{field}@{years[0]}"
    return None


def _guess_one(header: str, samples: Sequence[str]) -> str:
    folded = fold_header(header)
    by_year = _guess_year_field(folded)
    if by_year is not None:
        return by_year
    field = _EXACT.get(folded) if folded else IGNORE
    if field is None:
        words = folded.split()
        field = next(
            (
                candidate
                for needed, candidate in _CONTAINS
                if all(any(part in word for word in words) for part in needed)
            ),
            IGNORE,
        )
    if field == _EITHER_INDUSTRY:
        # "Toimiala" is a code in some lists and a text in others: let the values decide
        filled = [s for s in samples if s.strip()]
        coded = sum(1 for s in filled if CODE_AND_TEXT.match(s))
        field = "industry_code" if filled and coded * 2 > len(filled) else "industry_text"
    return field


def guess_mapping(headers: Sequence[str], sample_rows: Sequence[Sequence[str]]) -> list[str]:
    """A field (or ``IGNORE``) for every column; each field goes to its first matching column."""
    taken: set[str] = set()
    mapping: list[str] = []
    for index, header in enumerate(headers):
        samples = [row[index] for row in sample_rows if index < len(row)]
        field = _guess_one(header, samples)
        # euros or thousands: one turnover column (per year)
        slot = field.replace("turnover_keur", "turnover").replace("turnover_eur", "turnover")
        if slot in taken:
            field = IGNORE
        if field:
            taken.add(slot)
        mapping.append(field)
    return mapping


def check_mapping(mapping: Sequence[str]) -> str | None:
    """Why a mapping cannot be used (a translated message), or None when it can."""
    chosen = [f for f in mapping if f]
    unknown = [f for f in chosen if not is_field(f)]
    if unknown:
        return _l("Choose a field from the list for every column.")
    if "name" not in chosen:
        return _l("Choose the column that holds the company's name.")
    doubles = sorted({f for f in chosen if chosen.count(f) > 1})
    if doubles:
        return _l(
            "Each field can come from one column only: %(fields)s.",
            fields=", ".join(str(field_label(f)) for f in doubles),
        )
    for year in {""} | {f"@{y[1]}" for f in chosen if (y := year_field(f))}:
        if f"turnover_eur{year}" in chosen and f"turnover_keur{year}" in chosen:
            return _l("Choose the turnover in euros or in thousands of euros, not both.")
    return None
