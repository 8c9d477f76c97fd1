"""Exports of the filtered company list: CSV (semicolons, UTF-8 with a BOM, which Finnish Excel
opens as is) and .xlsx (openpyxl in write-only mode, so 100,000 rows need little memory)."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from app.models import Company

COLUMNS = (
    ("business_id", "Y-tunnus"),
    ("name", "Nimi"),
    ("auxiliary_names", "Aputoiminimet"),
    ("industry_code", "Toimialakoodi"),
    ("industry_code_set", "Luokitus"),
    ("industry_text", "Toimiala"),
    ("municipality_code", "Kuntanumero"),
    ("town", "Kaupunki"),
    ("size_class", "Kokoluokka"),
    ("employees", "Henkilöstö"),
    ("turnover_eur", "Liikevaihto"),
    ("is_anchor", "Veturiyritys"),
    ("is_growth_seeking", "Kasvuhakuinen"),
    ("is_prospect", "Prospekti"),
    ("owner", "Vastuuhenkilö"),
    ("website", "Verkkosivut"),
    ("keywords", "Avainsanat"),
    ("description", "Kuvaus"),
    ("updated_at", "Päivitetty"),
)


def _row(company: Company) -> list[Any]:
    values = {
        "business_id": company.business_id or "",
        "name": company.name,
        "auxiliary_names": ", ".join(company.auxiliary_names or []),
        "industry_code": company.industry_code or "",
        "industry_code_set": company.industry_code_set.value if company.industry_code_set else "",
        "industry_text": company.industry_text or "",
        "municipality_code": company.municipality_code or "",
        "town": company.city.name_fi,
        "size_class": company.size_class.value if company.size_class else "",
        "employees": company.employees if company.employees is not None else "",
        "turnover_eur": company.turnover_eur if company.turnover_eur is not None else "",
        "is_anchor": "kyllä" if company.is_anchor else "ei",
        "is_growth_seeking": "kyllä" if company.is_growth_seeking else "ei",
        "is_prospect": "kyllä" if company.is_prospect else "ei",
        "owner": company.owner.name if company.owner else "",
        "website": company.website or "",
        "keywords": ", ".join(company.keywords or []),
        "description": company.description or "",
        "updated_at": company.updated_at.date() if company.updated_at else "",
    }
    return [values[key] for key, _ in COLUMNS]


# A cell starting with one of these is run or interpreted by spreadsheet programs (CSV/formula
# injection), whatever follows; full-width forms count too, as some Excel locales read them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# C0 controls but tab and line breaks, DEL, lone surrogates and the XML non-characters: an .xlsx
# cannot hold them (openpyxl refuses, or Excel calls the file corrupt) and no reader wants them.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
XLSX_DATE_FORMAT = "d.m.yyyy"
SKIPPED_SHEET = "Ohitetut rivit"

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A company whose row could not be written; the export goes on and says so at the end."""

    company_id: int | None
    business_id: str
    reason: str


def clean_text(value: str) -> str:
    """The text without characters a spreadsheet file cannot hold (stored data may have them)."""
    return _UNWRITABLE.sub("", value)


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet program treat this text cell as a formula (or start of one)?"""
    return text.lstrip(" ")[:1] in FORMULA_STARTS


def _csv_cell(value: Any) -> Any:
    """Text defused with a leading apostrophe; numbers stay bare (decimal comma) and unquoted."""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.isoformat()
    text = clean_text(str(value))
    return "'" + text if looks_like_formula(text) else text


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Numbers and dates typed as such; text always a text cell, never a formula."""
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if isinstance(value, int | float | Decimal):
        return WriteOnlyCell(sheet, value=value)
    text = clean_text(str(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
    if looks_like_formula(text):
        cell.quotePrefix = True  # and Excel keeps it text even when the cell is edited
    return cell


def _skipped(company: Any, exc: Exception) -> SkippedRow:
    logger.exception("company %s left out of an export", getattr(company, "id", None))
    return SkippedRow(
        company_id=getattr(company, "id", None),
        business_id=clean_text(str(getattr(company, "business_id", "") or "")),
        reason=type(exc).__name__,
    )


def _skipped_note(skipped: list[SkippedRow]) -> str:
    which = ", ".join(f"{s.company_id} ({s.business_id or '-'})" for s in skipped)
    return f"Ohitetut rivit (virhe, yritys-id ja Y-tunnus): {len(skipped)}: {which}"


def csv_chunks(companies: Iterable[Company]) -> Iterator[str]:
    """The list as CSV text, streamed row by row (decimal commas, as Finnish Excel expects).

    A row that cannot be written is left out and named in a last line after an empty one.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([header for _, header in COLUMNS])
    yield buffer.getvalue()
    skipped: list[SkippedRow] = []
    for company in companies:
        buffer.seek(0)
        buffer.truncate()
        try:
            writer.writerow([_csv_cell(v) for v in _row(company)])
        except Exception as exc:  # noqa: BLE001 - one bad row must not lose the whole export
            buffer.seek(0)
            buffer.truncate()
            skipped.append(_skipped(company, exc))
            continue
        yield buffer.getvalue()
    if skipped:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([])
        writer.writerow([_skipped_note(skipped)])
        yield buffer.getvalue()


def xlsx_bytes(companies: Iterable[Company]) -> bytes:
    """The list as an .xlsx workbook; rows that cannot be written are listed on a second sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Yritykset")
    sheet.append([header for _, header in COLUMNS])
    skipped: list[SkippedRow] = []
    for company in companies:
        try:
            cells = [_xlsx_cell(sheet, v) for v in _row(company)]
        except Exception as exc:  # noqa: BLE001 - one bad row must not lose the whole export
            skipped.append(_skipped(company, exc))
            continue
        sheet.append(cells)
    if skipped:
        report = workbook.create_sheet(SKIPPED_SHEET)
        report.append(["Yritys-id", "Y-tunnus", "Virhe"])
        for row in skipped:
            report.append([row.company_id, row.business_id, row.reason])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
