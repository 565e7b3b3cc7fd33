"""Read and write simple tables as XLSX (openpyxl), ODS (odfpy) or CSV (stdlib).

Only values are read (no formulas, no styles). Reading stops with `TableError` as soon as a file
is larger than the limits, so a huge file costs little and gets a clear message.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from maillage.exports import csv_safe, csv_unescape, force_text_cells

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 400
FORMATS = ("xlsx", "ods", "csv")


class TableError(Exception):
    """The file as a whole cannot be read (format, size); the message says why."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def format_of(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise TableError(_("“%(name)s” is not an XLSX, ODS or CSV file.") % {"name": filename})
    return extension


def read_sheets(upload: Any) -> list[Sheet]:
    """The sheets of an uploaded file (a CSV file is one sheet named after the file)."""
    name = getattr(upload, "name", "file")
    kind = format_of(name)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise TableError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise TableError(
            _("The file is too large; the limit is %(limit)d MB.")
            % {"limit": MAX_BYTES // 1024 // 1024}
        )
    try:
        if kind == "csv":
            return [_read_csv(content, name)]
        if kind == "xlsx":
            return _read_xlsx(io.BytesIO(content))
        return _read_ods(io.BytesIO(content))
    except TableError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(
            _("“%(name)s” could not be read as %(format)s: %(error)s")
            % {"name": name, "format": kind.upper(), "error": error}
        ) from None


def _check_size(row_count: int, column_count: int) -> None:
    if row_count > MAX_ROWS:
        raise TableError(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    if column_count > MAX_COLUMNS:
        raise TableError(_("The file has more than %(max)d columns.") % {"max": MAX_COLUMNS})


def _trim(row: list[Any]) -> list[Any]:
    while row and (row[-1] is None or row[-1] == ""):
        row.pop()
    return row


def _read_csv(content: bytes, name: str) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    # The header row decides the delimiter (French spreadsheets write ";"); sniffing the whole
    # sample is fooled by commas inside descriptions.
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(_trim([csv_unescape(cell.strip()) for cell in row]))
        _check_size(len(rows), len(row))
    return Sheet(name=name, rows=rows)


def _read_xlsx(stream: IO[bytes]) -> list[Sheet]:
    import openpyxl

    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            rows = []
            for row in worksheet.iter_rows(values_only=True):
                values = _trim(list(row))
                rows.append(values)
                _check_size(len(rows), len(values))
            sheets.append(Sheet(name=worksheet.title, rows=rows))
    finally:
        workbook.close()
    return sheets


def _read_ods(stream: IO[bytes]) -> list[Sheet]:
    from odf import opendocument, table, teletype

    document = opendocument.load(stream)
    sheets = []
    for odf_table in document.spreadsheet.getElementsByType(table.Table):
        rows: list[list[Any]] = []
        for odf_row in odf_table.getElementsByType(table.TableRow):
            values: list[Any] = []
            for cell in odf_row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                kind = cell.getAttribute("valuetype")
                if kind in ("float", "percentage", "currency"):
                    raw = cell.getAttribute("value")
                    value: Any = float(raw) if raw is not None else None
                else:
                    value = teletype.extractText(cell).strip() or None
                # Trailing empty cells are often "repeated 16000 times": never expand them.
                if value is None and repeat > 1:
                    values.extend([None] * min(repeat, MAX_COLUMNS + 1))
                else:
                    values.extend([value] * min(repeat, MAX_COLUMNS + 1))
            values = _trim(values)
            row_repeat = int(odf_row.getAttribute("numberrowsrepeated") or 1)
            if not values:
                row_repeat = min(row_repeat, 1)
            for _index in range(row_repeat):
                rows.append(list(values))
            _check_size(len(rows), len(values))
        while rows and not rows[-1]:
            rows.pop()
        sheets.append(Sheet(name=str(odf_table.getAttribute("name")), rows=rows))
    return sheets


# --- Writing -------------------------------------------------------------------------------------


def write_xlsx(sheets: list[Sheet]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name[:31])
        for row in sheet.rows:
            worksheet.append(row)
            force_text_cells(worksheet[worksheet.max_row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_ods(sheets: list[Sheet]) -> bytes:
    from odf import opendocument, table, text

    document = opendocument.OpenDocumentSpreadsheet()
    for sheet in sheets:
        odf_table = table.Table(name=sheet.name)
        for row in sheet.rows:
            odf_row = table.TableRow()
            for value in row:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = table.TableCell(valuetype="float", value=value)
                    cell.addElement(text.P(text=str(value)))
                else:
                    cell = table.TableCell(valuetype="string")
                    cell.addElement(text.P(text="" if value is None else str(value)))
                odf_row.addElement(cell)
            odf_table.addElement(odf_row)
        document.spreadsheet.addElement(odf_table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def write_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in sheet.rows:
        writer.writerow(["" if value is None else csv_safe(value) for value in row])
    # A BOM so that spreadsheet software opens the accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
