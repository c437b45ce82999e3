"""Reading and writing tables (CSV, XLSX) for imports and exports.

Chinese offices save CSV from Excel in GB18030 as often as in UTF-8, so both are read. Headers may be
given in English (the column keys) or in Chinese (the labels shown in templates and exports).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _


class TableError(ValueError):
    """The file itself cannot be read (wrong format, no header, unknown columns)."""


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


def read_table(file: IO[bytes], filename: str, aliases: dict[str, str], known: Iterable[str]) -> Table:
    """Read a CSV or XLSX upload into rows keyed by column; empty rows are skipped."""
    raw = file.read()
    if raw[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        records = _xlsx_records(raw)
    else:
        records = list(csv.reader(io.StringIO(_decode(raw))))
    if not records:
        raise TableError(_("The file is empty."))
    header = _normalise_header(records[0], aliases)
    unknown = [h for h in header if h and h not in set(known)]
    if unknown:
        raise TableError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    rows = []
    for index, record in enumerate(records[1:], start=2):
        values = {
            key: str(cell if cell is not None else "").strip()
            for key, cell in zip(header, record, strict=False)
            if key
        }
        if any(values.values()):
            rows.append((index, values))
    return Table(header=header, rows=rows)


def _xlsx_records(raw: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    records = [
        ["" if v is None else (int(v) if isinstance(v, float) and v.is_integer() else v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return records


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV with a BOM so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
