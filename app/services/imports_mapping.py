"""The mapping step of a company list import: which column holds which company field, guessed
from Finnish and English headers, and the reading of one row's cells into a ``CompanyInput``.

Staff lists come from Excel, old CRMs and our own export, so a header may be "Y-tunnus",
"Yrityksen nimi", "Liikevaihto (1000 €)" or "Business ID". Headers are compared folded (lower
case, without diacritics and punctuation); a header that could mean two fields ("Toimiala": a
code or a text) is decided by its first values. Cells stay text until here, where Finnish
numbers ("1 234,50"), dates ("28.11.2026"), yes/no words and municipality names are read. The
company rules themselves (lengths, code formats, the business ID's check digit) are the ones of
``services.companies``; nothing here repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum.fi import ytunnus

from app.i18n import lazy_gettext as _l
from app.limits import MAX_AMOUNT
from app.names import fold
from app.services.inputs import CompanyInput
from connectors.tabular import parse_date, parse_decimal

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
    "description": "kuvaus, yrityksen kuvaus, lisatiedot, lisatietoja, huomiot, muistiinpanot, "
    "description, notes, comments, kommentit",
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
        coded = sum(1 for s in filled if _CODE_AND_TEXT.match(s))
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


# --- reading one row ---------------------------------------------------------------------------


class RowError(ValueError):
    """One cell of a row cannot be read; ``field`` is the mapped field it belongs to."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class ReadRow:
    """A row as company input, plus what the company model has no column for."""

    data: CompanyInput
    last_contact_on: date | None
    given: frozenset[str]  # the company fields with a non-blank cell (what an update changes)


_TRUE = {"kylla", "k", "x", "yes", "y", "true", "tosi", "1", "on", "joo", "ja", "✓", "✔"}
_FALSE = {"ei", "e", "no", "n", "false", "epatosi", "0", "off", "nej", "-", "–"}
_SIZES = {
    "micro": "micro", "mikro": "micro", "mikroyritys": "micro",
    "small": "small", "pieni": "small", "pienyritys": "small",
    "medium": "medium", "keskisuuri": "medium", "keskikokoinen": "medium",
    "midcap": "midcap", "mid cap": "midcap",
    "large": "large", "suuri": "large", "suuryritys": "large",
}  # fmt: skip
_CODE_SETS = {
    "tol2025": "TOL2025", "tol 2025": "TOL2025", "2025": "TOL2025", "toimi4": "TOL2025",
    "tol2008": "TOL2008", "tol 2008": "TOL2008", "2008": "TOL2008", "toimi3": "TOL2008",
}  # fmt: skip
_CODE_AND_TEXT = re.compile(r"^\s*(\d{2}[\d.]*)\b\s*[-–:]?\s*(.*)$", re.S)
_SHORT_ID = re.compile(r"^(\d{6})-?(\d)$")
_LIST_SPLIT = re.compile(r"[,;\n]")
OLDEST_CONTACT_YEARS = 20


class RowReader:
    """Reads the mapped cells of one row into a ``ReadRow``, or raises ``RowError``.

    ``municipalities`` maps folded town names to municipality codes (the towns Veturi knows);
    ``code_set`` is the file's industry code set unless a column says otherwise.
    """

    def __init__(
        self,
        mapping: Sequence[str],
        *,
        today: date,
        municipalities: Mapping[str, str],
        code_set: str = "TOL2025",
    ) -> None:
        self.columns = {field: i for i, field in enumerate(mapping) if field}
        self.today = today
        self.municipalities = municipalities
        self.code_set = code_set

    def cell(self, cells: Sequence[str], field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(cells):
            return ""
        value = cells[index].strip()
        # our own export guards formulas with a leading apostrophe; take it off again
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]
        return value

    def read(self, cells: Sequence[str]) -> ReadRow:
        get = self.cell
        given = {f for f in self.columns if get(cells, f)}
        code, text = self._industry(get(cells, "industry_code"))
        industry_text = get(cells, "industry_text") or text
        turnover = self._turnover(cells)
        values = CompanyInput(
            name=get(cells, "name"),
            business_id=self._business_id(get(cells, "business_id")),
            auxiliary_names=_split(get(cells, "auxiliary_names")),
            industry_code=code,
            industry_code_set=self._code_set(get(cells, "industry_code_set")) if code else None,
            industry_text=industry_text or None,
            municipality_code=self._municipality(get(cells, "municipality")),
            website=get(cells, "website") or None,
            description=get(cells, "description") or None,
            keywords=_split(get(cells, "keywords")),
            employees=self._employees(get(cells, "employees")),
            turnover_eur=turnover,
            size_class=self._size(get(cells, "size_class")),
            is_growth_seeking=bool(_yes_no(get(cells, "is_growth_seeking"), "is_growth_seeking")),
            is_anchor=bool(_yes_no(get(cells, "is_anchor"), "is_anchor")),
        )
        fields = {_GIVEN_AS.get(f, f) for f in given} - {IGNORE}
        if text and "industry_code" in given:
            fields.add("industry_text")
        if "industry_code" in fields:
            fields.add("industry_code_set")
        return ReadRow(values, self._last_contact(get(cells, "last_contact_on")), frozenset(fields))

    def column_of(self, field: str) -> int | None:
        """The column a FieldError of ``services.companies`` points at."""
        for candidate in (field, *_ERROR_COLUMNS.get(field, ())):
            if candidate in self.columns:
                return self.columns[candidate]
        return None

    @staticmethod
    def _business_id(value: str) -> str | None:
        if not value:
            return None
        # a spreadsheet that took the ID for a number dropped its leading zero
        short = _SHORT_ID.match(value)
        if short and ytunnus.is_valid(f"0{short[1]}{short[2]}"):
            return f"0{short[1]}-{short[2]}"
        return value

    def _industry(self, value: str) -> tuple[str | None, str | None]:
        if not value:
            return None, None
        match = _CODE_AND_TEXT.match(value)
        if match:
            return match[1].replace(".", ""), (match[2].strip() or None)
        return value, None  # not a code: services.companies says so

    def _code_set(self, value: str) -> str:
        if not value:
            return self.code_set
        code_set = _CODE_SETS.get(" ".join(fold(value).split()))
        if code_set is None:
            raise RowError("industry_code_set", _l("Write TOL 2008 or TOL 2025."))
        return code_set

    def _municipality(self, value: str) -> str | None:
        if not value:
            return None
        if value.isdigit() and len(value) <= 3:
            return value.zfill(3)  # Excel drops leading zeros: 49 is Espoo's 049
        code = self.municipalities.get(" ".join(fold(value).split()))
        if code is None:
            raise RowError(
                "municipality",
                _l("%(value)s is not a known municipality; use its three-digit code.", value=value),
            )
        return code

    def _employees(self, value: str) -> int | None:
        if not value:
            return None
        number = parse_decimal(value)
        if number is None or number != number.to_integral_value():
            raise RowError("employees", _l("Enter the number of employees as a whole number."))
        return int(number)

    def _turnover(self, cells: Sequence[str]) -> Decimal | None:
        for field, factor in (("turnover_eur", 1), ("turnover_keur", 1000)):
            value = self.cell(cells, field)
            if value:
                number = parse_decimal(value)
                if number is None:
                    raise RowError(field, _l("Enter the turnover as a number, e.g. 1 250 000,50."))
                if abs(number * factor) >= MAX_AMOUNT:  # also what quantize cannot hold
                    raise RowError(field, _l("The number is too large."))
                return (number * factor).quantize(Decimal("0.01"))
        return None

    def _size(self, value: str) -> str | None:
        if not value:
            return None
        size = _SIZES.get(" ".join(fold(value).replace("-", " ").split()))
        if size is None:
            raise RowError("size_class", _l("Write micro, small, medium, midcap or large."))
        return size

    def _last_contact(self, value: str) -> date | None:
        if not value:
            return None
        day = parse_date(value)
        if day is None:
            raise RowError("last_contact_on", _l("Write the date as 28.11.2026."))
        if day > self.today:
            raise RowError("last_contact_on", _l("The last contact cannot be in the future."))
        if day < self.today - timedelta(days=365 * OLDEST_CONTACT_YEARS):
            raise RowError("last_contact_on", _l("Check the date."))
        return day


_GIVEN_AS = {
    "municipality": "municipality_code",
    "turnover_keur": "turnover_eur",
    "last_contact_on": IGNORE,
}
_ERROR_COLUMNS = {
    "municipality_code": ("municipality",),
    "turnover_eur": ("turnover_keur",),
    "industry_code_set": ("industry_code",),
    "industry_text": ("industry_code",),
}


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _LIST_SPLIT.split(value) if p.strip()) if value else ()


def _yes_no(value: str, field: str) -> bool | None:
    if not value:
        return None
    word = fold(value).strip().rstrip(".")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise RowError(field, _l("Write yes or no (kyllä or ei)."))
