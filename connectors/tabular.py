"""Read the CSV and .xlsx files town staff keep.

Staff export lists from Excel, from old CRMs and from registers, so the same table arrives as
UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8") or Windows-1252 (Excel's plain "CSV" on a Finnish
Windows), separated by semicolons (Excel in a comma-decimal locale), commas or tabs, with quoted
cells that hold line breaks; or as an .xlsx workbook. ``read_table`` turns all of these into one
``Table`` of strings, and refuses anything else with a ``TableError`` whose ``code`` the app
translates. Cells stay text: what a column means is the caller's business, helped by
``connectors.cell_values`` (``parse_decimal`` "1 234,50", ``parse_date`` "28.11.2026").

Reading is one linear pass (the csv module or openpyxl's read-only mode); limits on rows and
cell length are checked while reading, so a huge upload fails early.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any

DELIMITERS = ";,\t"
SNIFF_BYTES = 32_768  # text searched for the header line and for control characters
SNIFF_SAMPLE = 4_096  # csv.Sniffer's regular expressions slow down badly on longer samples
MAX_BLANK_RUN = 10_000  # consecutive empty sheet rows that end an .xlsx table (formatted emptiness)

_XLSX_EXTENSIONS = (".xlsx", ".xlsm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls / .doc
_ZIP_MAGIC = b"PK\x03\x04"


class TableError(ValueError):
    """The upload is not a table Veturi can read; ``code`` and ``params`` drive the message.

    Codes: ``empty``, ``not_tabular``, ``old_excel``, ``bad_encoding``, ``no_header``,
    ``cell_too_long``, ``too_many_rows``, ``too_many_cells``, ``bad_xlsx``.
    """

    def __init__(
        self, message: str, *, code: str = "not_tabular", params: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params: dict[str, Any] = dict(params or {})


@dataclass(frozen=True, slots=True)
class Table:
    """A header row and the data rows under it, every cell a stripped string.

    ``row_numbers[i]`` is the row number of ``rows[i]`` as a spreadsheet program shows it (the
    file's first row is 1), so messages can point at the right row. Rows are as long as the
    header; blank rows are left out. ``encoding`` and ``delimiter`` are None for .xlsx,
    ``sheet`` is None for CSV.
    """

    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    row_numbers: list[int] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1

    def numbered(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """``(row number, row)`` pairs, for messages such as "row 12: no title"."""
        return zip(self.row_numbers, self.rows, strict=True)

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """``(row number, {header: cell})``; with duplicate headers the first column wins."""
        for number, row in self.numbered():
            record: dict[str, str] = {}
            for header, cell in zip(self.headers, row, strict=True):
                record.setdefault(header, cell)
            yield number, record


def read_table(
    data: bytes, filename: str, *, max_rows: int = 100_000, max_cell: int = 10_000
) -> Table:
    """Read an uploaded CSV or .xlsx file into a ``Table``; ``TableError`` when that fails.

    The format is decided by the content (an .xlsx is a ZIP) before the file name, so a
    workbook saved as ``.csv`` or a CSV named ``.xlsx`` is still read or clearly refused.
    """
    if not data or not data.strip():
        raise TableError("The file is empty.", code="empty", params={"filename": filename})
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, filename, max_rows=max_rows, max_cell=max_cell)
    if data.startswith(_OLE_MAGIC):
        if suffix == ".xls":
            raise TableError(
                "Old Excel files (.xls) cannot be read; save the file as .xlsx or CSV.",
                code="old_excel",
                params={"filename": filename},
            )
        _not_tabular(filename, "an Office document that is not a workbook")
    if suffix in _XLSX_EXTENSIONS + (".xls",):
        raise TableError(
            f"{filename} is not a valid Excel workbook.",
            code="bad_xlsx",
            params={"filename": filename},
        )
    if data.lstrip().startswith(b"%PDF"):
        _not_tabular(filename, "a PDF document")
    text, encoding = _decode(data, filename)
    return _read_csv(text, encoding, filename, max_rows=max_rows, max_cell=max_cell)


def _not_tabular(filename: str, what: str) -> None:
    raise TableError(
        f"{filename} is {what}, not a CSV or .xlsx table.",
        code="not_tabular",
        params={"filename": filename, "what": what},
    )


# --- CSV -------------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    """Text and encoding name: UTF-16 (BOM), strict UTF-8 (with or without BOM), else cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"  # Excel's "Unicode text"
        except UnicodeDecodeError as exc:
            raise _bad_encoding(filename) from exc
    if b"\x00" in data:
        _not_tabular(filename, "a binary file")
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:  # bytes cp1252 leaves undefined: not text at all
            raise _bad_encoding(filename) from exc
    controls = sum(1 for ch in text[:SNIFF_BYTES] if ch < " " and ch not in "\t\r\n")
    if controls > max(2, len(text[:SNIFF_BYTES]) // 200):
        _not_tabular(filename, "a binary file")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        _not_tabular(filename, "a web page or XML document")
    return text, encoding


def _bad_encoding(filename: str) -> TableError:
    return TableError(
        f"{filename} is not text in UTF-8 or Windows-1252; save it as 'CSV UTF-8'.",
        code="bad_encoding",
        params={"filename": filename},
    )


def _read_csv(text: str, encoding: str, filename: str, *, max_rows: int, max_cell: int) -> Table:
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        return _collect(
            (list(cells) for cells in reader),
            filename,
            max_rows=max_rows,
            max_cell=max_cell,
            encoding=encoding,
            delimiter=delimiter,
        )
    except csv.Error as exc:
        number = reader.line_num
        if "field larger than field limit" in str(exc):  # the csv module's own 128 KiB cap
            raise TableError(
                f"Line {number}: a cell is longer than {max_cell} characters.",
                code="cell_too_long",
                params={"row": number, "limit": max_cell},
            ) from exc
        raise TableError(
            f"Line {number} of {filename} cannot be read as CSV ({exc}).",
            code="not_tabular",
            params={"filename": filename, "row": number},
        ) from exc


def detect_delimiter(text: str) -> str:
    """``;``, ``,`` or tab: csv.Sniffer's answer if the header line agrees, else by counting.

    The header line decides disagreements because it holds no decimal commas ("1,5;2,3" would
    otherwise look comma-separated).
    """
    header = _first_line(text)
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    try:
        sample = text[:SNIFF_SAMPLE]
        if len(text) > SNIFF_SAMPLE and "\n" in sample:
            sample = sample[: sample.rindex("\n")]  # whole lines only
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in counts and counts[sniffed] > 0:
        return sniffed
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: ";" before "," before tab
    return best if counts[best] > 0 else ","


def _first_line(text: str) -> str:
    """The header line: the first with some text in it, else the first that is not blank."""
    lines = [line for line in text[:SNIFF_BYTES].splitlines() if line.strip()]
    meaningful = (line for line in lines if line.strip().strip(DELIMITERS + '"'))
    return next(meaningful, lines[0] if lines else "")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


# --- xlsx ------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, filename: str, *, max_rows: int, max_cell: int) -> Table:
    import openpyxl  # imported here: CSV-only callers never pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise TableError(
            f"{filename} is not a valid .xlsx workbook.",
            code="bad_xlsx",
            params={"filename": filename},
        ) from exc
    try:
        if not workbook.worksheets:
            raise TableError(
                f"{filename} has no worksheet.", code="empty", params={"filename": filename}
            )
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # stored dimensions are often wrong (or the whole sheet)
        rows = ([cell_text(v) for v in values] for values in sheet.iter_rows(values_only=True))
        table = _collect(
            rows, filename, max_rows=max_rows, max_cell=max_cell, stop_after_blank=MAX_BLANK_RUN
        )
        return Table(
            headers=table.headers,
            rows=table.rows,
            row_numbers=table.row_numbers,
            sheet=sheet.title,
            header_row=table.header_row,
        )
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """An .xlsx cell value as the text a person would type: ISO dates, no float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        text = format(value, ".15g")  # 0.1 + 0.2 shows as 0.3, as in Excel
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


# --- shared ----------------------------------------------------------------------------------


def _collect(
    rows: Iterable[list[str]],
    filename: str,
    *,
    max_rows: int,
    max_cell: int,
    encoding: str | None = None,
    delimiter: str | None = None,
    stop_after_blank: int | None = None,
) -> Table:
    headers: tuple[str, ...] | None = None
    header_row = 0
    data: list[tuple[str, ...]] = []
    numbers: list[int] = []
    blank_run = 0
    for number, raw in enumerate(rows, start=1):
        cells = [_clean(c) for c in raw]
        for column, cell in enumerate(cells, start=1):
            if len(cell) > max_cell:
                raise TableError(
                    f"Row {number}, column {column}: a cell is longer than {max_cell} characters.",
                    code="cell_too_long",
                    params={
                        "row": number,
                        "column": column,
                        "length": len(cell),
                        "limit": max_cell,
                    },
                )
        if not any(cells):
            blank_run += 1
            if stop_after_blank is not None and blank_run >= stop_after_blank:
                break
            continue
        blank_run = 0
        if headers is None:
            headers, header_row = _header(cells), number
            continue
        width = len(headers)
        if len(cells) > width:
            extra = [i for i, c in enumerate(cells[width:], start=width + 1) if c]
            if extra:
                raise TableError(
                    f"Row {number} has a value in column {extra[0]}, which has no header.",
                    code="too_many_cells",
                    params={"row": number, "column": extra[0], "columns": width},
                )
            cells = cells[:width]
        elif len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        if len(data) >= max_rows:
            raise TableError(
                f"The file has more than {max_rows} rows.",
                code="too_many_rows",
                params={"limit": max_rows, "filename": filename},
            )
        data.append(tuple(cells))
        numbers.append(number)
    if headers is None:
        raise TableError(
            f"{filename} has no header row.", code="no_header", params={"filename": filename}
        )
    return Table(
        headers=headers,
        rows=data,
        row_numbers=numbers,
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
    )


def _header(cells: list[str]) -> tuple[str, ...]:
    while cells and not cells[-1]:  # trailing delimiters / empty formatted columns
        cells = cells[:-1]
    return tuple(" ".join(c.split()) for c in cells)


def _clean(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").strip()


# --- values ----------------------------------------------------------------------------------


