"""The mapping step of a company list import: which column holds which field, guessed from
Finnish, Swedish and English headers.

Staff lists come from Excel, old CRMs and our own export, so a header may be "Y-tunnus",
"Yrityksen nimi", "Liikevaihto (1000 €)" or "Business ID". Headers are compared folded (lower
case, without diacritics and punctuation); a header that could mean two fields ("Toimiala": a
code or a text) is decided by its first values. Notes-like columns (huomiot, lisätiedot,
kommentit, notes, anteckningar ...) become a note on the company's timeline, never its
description: the description drives funding matches, and a note written for staff must not
replace it unless the user maps the column there on purpose.
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
)
FIELD_NAMES = frozenset(name for name, _ in FIELDS)

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


def _guess_one(header: str, samples: Sequence[str]) -> str:
    folded = fold_header(header)
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
        slot = "turnover" if field.startswith("turnover") else field  # euros or thousands
        if slot in taken:
            field = IGNORE
        if field:
            taken.add(slot)
        mapping.append(field)
    return mapping


def check_mapping(mapping: Sequence[str]) -> str | None:
    """Why a mapping cannot be used (a translated message), or None when it can."""
    chosen = [f for f in mapping if f]
    unknown = [f for f in chosen if f not in FIELD_NAMES]
    if unknown:
        return _l("Choose a field from the list for every column.")
    if "name" not in chosen:
        return _l("Choose the column that holds the company's name.")
    doubles = sorted({f for f in chosen if chosen.count(f) > 1})
    if doubles:
        labels = dict(FIELDS)
        return _l(
            "Each field can come from one column only: %(fields)s.",
            fields=", ".join(str(labels[f]) for f in doubles),
        )
    if "turnover_eur" in chosen and "turnover_keur" in chosen:
        return _l("Choose the turnover in euros or in thousands of euros, not both.")
    return None
