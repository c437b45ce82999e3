"""Reading and writing tables (CSV, XLSX) for imports and exports.

Chinese offices save CSV from Excel in GB18030 as often as in UTF-8, so both are read. Headers may be
given in English (the column keys) or in Chinese (the labels shown in templates and exports).

Uploads are hostile until read: a file is read up to a size cap, XLSX is streamed ignoring the sheet's
declared dimension (a 5 KB file can declare a million rows), and rows and columns are capped while
reading, so a small file cannot make the reader build a huge table. Exported text that a spreadsheet
would run as a formula is escaped here, for every export.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

# A cell starting with one of these is run as a formula by Excel, LibreOffice and WPS (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Enough for every import format; a wider header is not a table we know.
MAX_COLUMNS = 64


class TableError(ValueError):
    """The file itself cannot be read (wrong format, no header, unknown columns, over a limit)."""


def column_label(columns: Mapping[str, Any], key: str) -> str:
    """A report's column in the reader's language, with the key the file may also use:
    "电话 (phone)"; an unknown key as it is."""
    label = columns.get(key)
    return f"{label} ({key})" if label is not None and str(label) != key else key


def escape_formula(value: Any) -> Any:
    """Text that would run as a formula gets a leading apostrophe, which spreadsheets show as text.

    Only strings: numbers stay numbers (a negative number is not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    """The inverse of ``escape_formula`` on import, so that an exported file imports back as it was."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


@dataclass
class WorkBudget:
    """How much work one import may do: rows read, and seconds spent checking and preparing them.

    Why: validation runs in a web request or a worker; a file crafted (or merely too big) to keep it
    busy must end with a message, not hold the worker for half an hour. ``clock`` is injectable so
    tests can exhaust the budget without waiting.
    """

    max_rows: int = field(default_factory=lambda: int(settings.IEHUB_IMPORT_MAX_ROWS))
    max_seconds: float = field(default_factory=lambda: float(settings.IEHUB_IMPORT_MAX_SECONDS))
    clock: Callable[[], float] = time.monotonic
    started: float = -1.0

    def check_time(self) -> None:
        """Raise ``TableError`` once the time budget is spent (call it once per row)."""
        now = self.clock()
        if self.started < 0:
            self.started = now
        elif now - self.started > self.max_seconds:
            raise TableError(
                _("Checking the file took longer than %(seconds)s seconds; split it into smaller files.")
                % {"seconds": round(self.max_seconds)}
            )


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, values by column key)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file is neither UTF-8 nor GB18030 text."))


def _normalise_header(cells: Sequence[Any], aliases: dict[str, str]) -> list[str]:
    header = []
    for cell in cells:
        name = str(cell or "").strip()
        key = aliases.get(name.lower(), aliases.get(name, name.lower()))
        header.append(key)
    return header


def read_upload(file: IO[bytes]) -> bytes:
    """The uploaded bytes, refusing a file over ``IEHUB_UPLOAD_MAX_BYTES`` without reading it all."""
    limit = int(settings.IEHUB_UPLOAD_MAX_BYTES)
    raw = file.read(limit + 1)
    if len(raw) > limit:
        raise TableError(
            _("The file is larger than %(megabytes)s MB; split it into smaller files.")
            % {"megabytes": round(limit / 1024 / 1024, 1)}
        )
    if b"\x00" in raw and raw[:2] != b"PK":
        raise TableError(_("The file contains NUL bytes; it is not a text table."))
    return raw


def read_table(
    file: IO[bytes],
    filename: str,
    aliases: dict[str, str],
    known: Iterable[str],
    budget: WorkBudget | None = None,
) -> Table:
    """Read a CSV or XLSX upload into rows keyed by column; empty rows are skipped.

    Refuses, with a message, a file over the size cap, with more rows than ``budget.max_rows`` or a
    header wider than ``MAX_COLUMNS``; reading stops at the first row over the cap.
    """
    budget = budget or WorkBudget()
    raw = read_upload(file)
    if raw[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        records = _xlsx_records(raw)
    else:
        records = _csv_records(_decode(raw))
    first = next(records, None)
    if first is None:
        raise TableError(_("The file is empty."))
    while first and first[-1] in ("", None):
        first = first[:-1]
    if len(first) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(limit)s columns.") % {"limit": MAX_COLUMNS})
    header = _normalise_header(first, aliases)
    unknown = [h for h in header if h and h not in set(known)]
    if unknown:
        raise TableError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    rows = []
    for index, record in enumerate(records, start=2):
        if index - 1 > budget.max_rows:
            raise TableError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": budget.max_rows}
            )
        values = {
            key: unescape_formula(str(cell if cell is not None else "").strip())
            for key, cell in zip(header, record, strict=False)
            if key
        }
        if any(values.values()):
            rows.append((index, values))
    return Table(header=header, rows=rows)


def _csv_records(text: str) -> Iterator[list[str]]:
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as exc:
        raise TableError(_("The file is not a readable CSV table: %(problem)s.") % {"problem": exc}) from exc


def _xlsx_records(raw: bytes) -> Iterator[list[Any]]:
    """Rows of the first sheet, streamed; the declared dimension is ignored and rows are cut at
    ``MAX_COLUMNS`` cells, so a sheet claiming ``A1:XFD1048576`` costs what its real cells cost."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    sheet.reset_dimensions()  # read-only sheets have it
    try:
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            yield [_cell(v) for v in row]
    except TableError:
        raise
    except Exception as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        workbook.close()


def _cell(value: Any) -> Any:
    """Empty cells as "", whole floats as ints (Excel stores 2024 as 2024.0)."""
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV with a BOM so that Excel opens Chinese text correctly; formula-like text is escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(cell) for cell in header])
    writer.writerows([escape_formula(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """An XLSX workbook of one sheet; formula-like text is stored as text, never as a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([escape_formula(cell) for cell in header])
    for row in rows:
        sheet.append([escape_formula(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
