"""Reading an uploaded company list: the limits of an upload and the translated reason a file is
refused. ``connectors.tabular`` does the reading; this module only decides what is too much and
says what went wrong in the user's language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from connectors.tabular import Table, TableError, read_table

T = TypeVar("T")

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL = 5_000  # the longest company text (a description) is 5,000 characters

_TABLE_ERRORS = {
    "empty": _l("The file is empty."),
    "not_tabular": _l("The file is not a CSV or .xlsx table."),
    "old_excel": _l("Old Excel files (.xls) cannot be read; save the file as .xlsx or CSV."),
    "bad_encoding": _l(
        "The file's characters could not be read: save it as CSV UTF-8 or as an Excel workbook."
    ),
    "no_header": _l("The file has no header row."),
    "bad_xlsx": _l("The file is not a valid Excel workbook."),
}


def _table_error(exc: TableError) -> Any:
    params = exc.params
    if exc.code == "cell_too_long":
        return _l(
            "Row %(row)s has a cell longer than %(limit)s characters.",
            row=params.get("row", "?"),
            limit=params.get("limit", MAX_CELL),
        )
    if exc.code == "too_many_cells":
        return _l(
            "Row %(row)s has a value in column %(column)s, which has no header.",
            row=params.get("row", "?"),
            column=params.get("column", "?"),
        )
    if exc.code == "too_many_rows":
        return _l(
            "The file has more than %(limit)s rows; split it into smaller files.",
            limit=params.get("limit", MAX_ROWS),
        )
    return _TABLE_ERRORS.get(exc.code, _TABLE_ERRORS["not_tabular"])


def read_upload(data: bytes, filename: str) -> Table:
    """The uploaded file as a table; FieldError on ``file`` with a translated reason."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FieldError("file", _l("The file is larger than 10 MB; split it into smaller files."))
    try:
        table = read_table(data, filename, max_rows=MAX_ROWS, max_cell=MAX_CELL)
    except TableError as exc:
        raise FieldError("file", _table_error(exc)) from exc
    if not table.rows:
        raise FieldError("file", _l("The file has a header row but no companies under it."))
    return table


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
