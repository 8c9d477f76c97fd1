"""Reading one row of a company list import into a ``CompanyInput``, by the mapping the user chose
(guessed by ``_headers``).

Cells stay text until here, where Finnish numbers ("1 234,50"), dates ("28.11.2026"), yes/no
words and municipality names are read. The company rules themselves (lengths, code formats, the
business ID's check digit) are the ones of ``services.companies``; nothing here repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum.fi import ytunnus

from app.i18n import lazy_gettext as _l
from app.limits import MAX_AMOUNT, MAX_INT
from app.names import fold
from app.services.imports._headers import (  # noqa: F401 - the mapping's names, used with it
    CODE_AND_TEXT,
    FIELD_NAMES,
    FIELDS,
    FIRST_FIGURES_YEAR,
    IGNORE,
    check_mapping,
    field_choices,
    field_label,
    fold_header,
    guess_mapping,
    is_field,
    year_field,
)
from app.services.inputs import CompanyInput
from connectors.cell_values import parse_date, parse_decimal

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
    note: str | None = None  # a note for the company's timeline (notes-like columns)
    # yearly figures: year -> {"employees": ..., "turnover_eur": ...} (only the cells given)
    years: dict[int, dict[str, Any]] = field(default_factory=dict)


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
_SHORT_ID = re.compile(r"^(\d{6})-?(\d)$")
_LIST_SPLIT = re.compile(r"[,;\n]")
OLDEST_CONTACT_YEARS = 20
MAX_NOTE = 5000


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
        fields = {_GIVEN_AS.get(f, f) for f in given if not _is_figure(f)} - {IGNORE}
        if text and "industry_code" in given:
            fields.add("industry_text")
        if "industry_code" in fields:
            fields.add("industry_code_set")
        return ReadRow(values, self._last_contact(get(cells, "last_contact_on")), frozenset(fields),
                       self._note(get(cells, "note")), self._years(cells, values))

    def _year(self, value: int, field: str) -> int:
        if not FIRST_FIGURES_YEAR <= value <= self.today.year:
            raise RowError(field, _l("Figures can be given for the years %(lo)d–%(hi)d.",
                                     lo=FIRST_FIGURES_YEAR, hi=self.today.year))
        return value

    def _years(self, cells: Sequence[str], values: CompanyInput) -> dict[int, dict[str, Any]]:
        """The row's yearly figures: from "<figure> <year>" columns, and the row's own staff and
        turnover for the year of a "year" column. A figure left empty is not given."""
        out: dict[int, dict[str, Any]] = {}
        for name in self.columns:
            found = year_field(name)
            value = self.cell(cells, name) if found else ""
            if not found or not value:
                continue
            base, year = found
            self._year(year, name)
            if base == "employees":
                figure: Any = self._employees(value, name)
                key = "employees"
            else:
                figure = self._money(value, name, 1000 if base == "turnover_keur" else 1)
                key = "turnover_eur"
            if figure is not None and figure < 0:
                raise RowError(name, _l("Give a number of 0 or more."))
            out.setdefault(year, {})[key] = figure
        raw = self.cell(cells, "figures_year")
        if raw:
            number = parse_decimal(raw)
            if number is None or number != number.to_integral_value():
                raise RowError("figures_year", _l("Write the year as 2024."))
            year = self._year(int(number), "figures_year")
            own = {"employees": values.employees, "turnover_eur": values.turnover_eur}
            for key, figure in own.items():
                if figure is not None:
                    out.setdefault(year, {}).setdefault(key, figure)
        return out

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
        match = CODE_AND_TEXT.match(value)
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

    def _employees(self, value: str, column: str = "employees") -> int | None:
        if not value:
            return None
        number = parse_decimal(value)
        if number is None or number != number.to_integral_value():
            raise RowError(column, _l("Enter the number of employees as a whole number."))
        if abs(number) > MAX_INT:
            raise RowError(column, _l("The number is too large."))
        return int(number)

    @staticmethod
    def _money(value: str, column: str, factor: int) -> Decimal:
        number = parse_decimal(value)
        if number is None:
            raise RowError(column, _l("Enter the turnover as a number, e.g. 1 250 000,50."))
        if abs(number * factor) >= MAX_AMOUNT:  # also what quantize cannot hold
            raise RowError(column, _l("The number is too large."))
        return (number * factor).quantize(Decimal("0.01"))

    def _turnover(self, cells: Sequence[str]) -> Decimal | None:
        for column, factor in (("turnover_eur", 1), ("turnover_keur", 1000)):
            value = self.cell(cells, column)
            if value:
                return self._money(value, column, factor)
        return None

    def _size(self, value: str) -> str | None:
        if not value:
            return None
        size = _SIZES.get(" ".join(fold(value).replace("-", " ").split()))
        if size is None:
            raise RowError("size_class", _l("Write micro, small, medium, midcap or large."))
        return size

    @staticmethod
    def _note(value: str) -> str | None:
        if not value:
            return None
        if len(value) > MAX_NOTE:
            raise RowError("note", _l("A note can be at most %(n)d characters long.", n=MAX_NOTE))
        return value

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


def _is_figure(name: str) -> bool:
    return name == "figures_year" or year_field(name) is not None


_GIVEN_AS = {
    "municipality": "municipality_code",
    "turnover_keur": "turnover_eur",
    "last_contact_on": IGNORE,
    "note": IGNORE,
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
