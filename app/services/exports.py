"""Exports of the filtered company list: CSV (semicolons, UTF-8 with a BOM, which Finnish Excel
opens as is) and .xlsx (openpyxl in write-only mode, so 100,000 rows need little memory)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook

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
        "updated_at": company.updated_at.date().isoformat() if company.updated_at else "",
    }
    return [values[key] for key, _ in COLUMNS]


def _csv_safe(value: Any) -> Any:
    """Keep a cell from being run as a formula by a spreadsheet (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not value[1:2].isdigit():
        return "'" + value
    return value


def csv_chunks(companies: Iterable[Company]) -> Iterator[str]:
    """The list as CSV text, streamed row by row (decimal commas, as Finnish Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([header for _, header in COLUMNS])
    yield buffer.getvalue()
    for company in companies:
        buffer.seek(0)
        buffer.truncate()
        row = [_csv_safe(v) for v in _row(company)]
        row = [
            str(v).replace(".", ",") if k == "turnover_eur" and v != "" else v
            for (k, _), v in zip(COLUMNS, row, strict=True)
        ]
        writer.writerow(row)
        yield buffer.getvalue()


def xlsx_bytes(companies: Iterable[Company]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Yritykset")
    sheet.append([header for _, header in COLUMNS])
    for company in companies:
        sheet.append([_csv_safe(v) for v in _row(company)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
