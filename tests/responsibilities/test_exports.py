"""The shared spreadsheet helpers: typed cells, readable back by openpyxl and odfpy."""

import datetime
import io
from decimal import Decimal

from maillage.exports import table_to_ods, table_to_xlsx

HEADERS = ["Tâche", "Jours/mois", "Début"]
ROWS = [["Diagnostic agricole", Decimal("2.5"), datetime.date(2026, 1, 1)], ["Œuvre", 3, None]]


def test_xlsx_keeps_headers_and_typed_values() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(table_to_xlsx("Qui fait quoi", HEADERS, ROWS))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Qui fait quoi"
    assert values[0] == HEADERS
    assert values[1][:2] == ["Diagnostic agricole", 2.5]
    assert values[1][2].date() == datetime.date(2026, 1, 1)
    assert values[2] == ["Œuvre", 3, None]


def test_ods_keeps_headers_and_typed_values() -> None:
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    document = load(io.BytesIO(table_to_ods("Qui/fait", HEADERS, ROWS)))
    table = document.spreadsheet.getElementsByType(Table)[0]
    rows = table.getElementsByType(TableRow)
    cells = [row.getElementsByType(TableCell) for row in rows]
    assert table.getAttribute("name") == "Qui fait"
    assert [str(c) for c in cells[0]] == HEADERS
    assert cells[1][1].getAttribute("valuetype") == "float"
    assert float(cells[1][1].getAttribute("value")) == 2.5
    assert cells[1][2].getAttribute("datevalue") == "2026-01-01"
    assert str(cells[2][0]) == "Œuvre"
