"""Spreadsheet exports shared by the features: one titled table as XLSX (openpyxl) or ODS (odfpy).

Cells are written with their Python type (numbers stay numbers, dates stay dates), so that the
coordinator can sum and filter in the spreadsheet; `None` gives an empty cell.

Text comes from users (a task title, a competency name): text that a spreadsheet would read as
a formula (`=HYPERLINK(…)`, `=cmd|…`, `+`, `-`, `@`, a tab or a carriage return first) is
written as a text cell in XLSX and ODS, and behind a `'` in CSV, so it never runs.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    """True for text a spreadsheet would evaluate when opening the file."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """A CSV cell value that no spreadsheet evaluates: formula-like text gets a leading `'`."""
    return "'" + value if looks_like_formula(value) else value


def csv_unescape(value: str) -> str:
    """The text `csv_safe` wrote, read back (so exported files import unchanged)."""
    if value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def force_text_cells(cells: Iterable[Any]) -> None:
    """Make openpyxl write formula-like text as text (it types `=…` strings as formulas)."""
    for cell in cells:
        if looks_like_formula(cell.value):
            cell.data_type = "s"


def _sheet_name(title: str) -> str:
    # Both formats refuse some characters in sheet names; Excel also caps them at 31.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()
    return (cleaned or "Export")[:31]


def table_to_xlsx(title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook with one sheet: a bold header row (frozen), then the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_name(title)
    sheet.append([str(header) for header in headers])
    force_text_cells(sheet[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(str(header)) for header in headers]
    for row in rows:
        values = [float(v) if isinstance(v, Decimal) else _plain(v) for v in row]
        sheet.append(values)
        force_text_cells(sheet[sheet.max_row])
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
        for index, value in enumerate(values[: len(widths)]):
            widths[index] = max(widths[index], min(60, len(str(value or ""))))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str | datetime.date):
        return value
    return str(value)


def table_to_ods(title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """An ODS spreadsheet with one table: a header row, then the rows, typed cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    bold = Style(name="Header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    table = Table(name=_sheet_name(title))

    def cell(value: Any, style: Any = None) -> Any:
        value = _plain(float(value) if isinstance(value, Decimal) else value)
        extra = {"stylename": style} if style is not None else {}
        if value is None:
            return TableCell(**extra)
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, int | float):
            element = TableCell(valuetype="float", value=value, **extra)
        elif isinstance(value, datetime.date):
            element = TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
        else:
            element = TableCell(valuetype="string", **extra)
        shown = value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else str(value)
        element.addElement(P(text=shown))
        return element

    header_row = TableRow()
    for header in headers:
        header_row.addElement(cell(str(header), bold))
    table.addElement(header_row)
    for row in rows:
        table_row = TableRow()
        for value in row:
            table_row.addElement(cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
