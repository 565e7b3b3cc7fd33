"""Import of people and assessments from XLSX, ODS and CSV: preview, all or nothing, and every
error naming the sheet, the row, the column and the reason."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.competencies import spreadsheets
from maillage.competencies.models import Assessment
from maillage.directory.models import Person

pytestmark = pytest.mark.django_db


def _header(project: Any) -> list[str]:
    codes = list(project.framework.competencies.order_by("code").values_list("code", flat=True))
    header = ["email", "first_name", "last_name", "kind", "organisation", "job_title"]
    return header + [
        f"{code} {part}" for code in codes for part in ("level", "motivation", "legitimacy")
    ]


def _good_rows(project: Any) -> list[list[Any]]:
    header = _header(project)
    width = len(header)
    known = project.dataset["people"][0]
    rows = [
        header,
        ["nouvelle@example.org", "Nadia", "Nouvelle", "partner", project.carrier.name, "Animatrice"]
        + [3, 4, 2]
        + [None] * (width - 9),
        [known.email.upper(), "", "", "", "", ""] + [None] * 3 + [4, 2, 3] + [None] * (width - 12),
    ]
    return rows


def _file(rows: list[list[Any]], kind: str, name: str = "personnes") -> SimpleUploadedFile:
    sheet = spreadsheets.Sheet(name="people", rows=rows)
    if kind == "xlsx":
        content = spreadsheets.write_xlsx([sheet])
    elif kind == "ods":
        content = spreadsheets.write_ods([sheet])
    else:
        content = spreadsheets.write_csv(sheet)
    return SimpleUploadedFile(f"{name}.{kind}", content)


def _upload(client: Client, project: Any, upload: Any) -> Any:
    return client.post(reverse("competencies_import", args=[project.pk]), {"file": upload})


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_a_good_file_is_previewed_then_saved_on_confirmation(
    personas: dict[str, Client], project: Any, kind: str
) -> None:
    client = personas["coordinator"]
    codes = sorted(project.framework.competencies.values_list("code", flat=True))
    known = project.dataset["people"][0]
    people_before = Person.objects.count()

    preview = _upload(client, project, _file(_good_rows(project), kind))

    assert preview.status_code == 200, preview.context.get("errors")
    assert preview.context["plan"].new_people == 1
    assert preview.context["plan"].assessment_count == 2
    assert Person.objects.count() == people_before  # nothing saved by the preview

    done = client.post(
        reverse("competencies_import", args=[project.pk]), {"confirm": preview.context["confirm"]}
    )

    assert done.status_code == 302
    nadia = Person.objects.get(email="nouvelle@example.org")
    assert (nadia.first_name, nadia.kind) == ("Nadia", "partner")
    assert nadia.project_links.filter(project=project).exists()
    first = Assessment.objects.get(person=nadia, competency__code=codes[0])
    assert (first.level, first.motivation, first.legitimacy) == (3, 4, 2)
    second = Assessment.objects.get(person=known, competency__code=codes[1])
    assert (second.level, second.motivation, second.legitimacy) == (4, 2, 3)


def _french_header(project: Any) -> list[str]:
    codes = list(project.framework.competencies.order_by("code").values_list("code", flat=True))
    header = ["Courriel", "Prénom", "Nom", "Type", "Structure", "Fonction"]
    return header + [
        f"{code} {part}" for code in codes for part in ("niveau", "motivation", "légitimité")
    ]


def test_the_template_is_downloadable_in_the_three_formats_with_french_headers(
    personas: dict[str, Client], project: Any
) -> None:
    url = reverse("competencies_import_template", args=[project.pk])
    for kind in ("xlsx", "ods", "csv"):
        response = personas["coordinator"].get(url, {"format": kind})
        assert response.status_code == 200
        sheets = spreadsheets.read_sheets(SimpleUploadedFile(f"modele.{kind}", response.content))
        assert sheets[0].rows[0] == _french_header(project)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_a_file_with_french_headers_is_imported(
    personas: dict[str, Client], project: Any, kind: str
) -> None:
    client = personas["coordinator"]
    codes = sorted(project.framework.competencies.values_list("code", flat=True))
    rows = _good_rows(project)
    rows[0] = _french_header(project)
    rows[1][3] = "partenaire"

    preview = _upload(client, project, _file(rows, kind))

    assert preview.status_code == 200, preview.context.get("errors")
    assert preview.context["plan"].assessment_count == 2
    done = client.post(
        reverse("competencies_import", args=[project.pk]), {"confirm": preview.context["confirm"]}
    )
    assert done.status_code == 302
    nadia = Person.objects.get(email="nouvelle@example.org")
    assert nadia.kind == "partner"
    first = Assessment.objects.get(person=nadia, competency__code=codes[0])
    assert (first.level, first.motivation, first.legitimacy) == (3, 4, 2)


def test_errors_of_a_french_file_name_its_french_columns(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = _good_rows(project)
    rows[0] = _french_header(project)
    rows[0][0] = "Adresse"
    code = project.framework.competencies.order_by("code").first().code
    rows[1][8] = "beaucoup"

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "csv")))

    assert any("“Adresse”" in e and "unknown column" in e for e in errors), errors
    assert any("“Courriel”" in e and "required column" in e for e in errors), errors
    rows[0][0] = "Courriel"
    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "csv")))
    assert errors == [
        f"sheet “personnes.csv”, row 2, column “{code} légitimité”: "
        "“beaucoup” is not a whole number."
    ]
    _nothing_saved(before)


def _errors(response: Any) -> list[str]:
    assert response.status_code == 400
    return [str(error) for error in response.context["errors"]]


def _nothing_saved(before: tuple[int, int]) -> None:
    assert (Person.objects.count(), Assessment.objects.count()) == before


@pytest.fixture
def before(project: Any) -> tuple[int, int]:
    return Person.objects.count(), Assessment.objects.count()


def test_wrong_columns_are_named(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = _good_rows(project)
    rows[0][0] = "courriel"

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "xlsx")))

    assert any("“people”" in e and "row 1" in e and "“courriel”" in e for e in errors), errors
    assert any("“email”" in e and "required column" in e for e in errors), errors
    _nothing_saved(before)


def test_an_unknown_competency_is_named(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = _good_rows(project)
    rows[0][6] = "XYZ.9 level"

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "csv")))

    assert any("row 1" in e and "XYZ.9 level" in e and "unknown competency" in e for e in errors)
    _nothing_saved(before)


def test_a_duplicate_person_is_refused_with_both_rows(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = _good_rows(project)
    rows.append(list(rows[1]))

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "ods")))

    assert errors == [
        "sheet “people”, row 4, column “email”: duplicate person: "
        "nouvelle@example.org is already on row 2."
    ]
    _nothing_saved(before)


def test_text_in_a_number_cell_is_refused_and_nothing_is_saved(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = _good_rows(project)
    code = project.framework.competencies.order_by("code").first().code
    rows[1][6] = "expert"

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "xlsx")))

    assert errors == [
        f"sheet “people”, row 2, column “{code} level”: “expert” is not a whole number."
    ]
    _nothing_saved(before)


def test_a_level_outside_the_scale_is_refused(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = _good_rows(project)
    rows[2][10] = 7

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "csv")))

    assert len(errors) == 1 and "row 3" in errors[0] and "outside the scale" in errors[0]
    _nothing_saved(before)


def test_an_empty_sheet_is_refused(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    empty = _errors(_upload(personas["coordinator"], project, _file([], "xlsx")))
    header_only = _errors(
        _upload(personas["coordinator"], project, _file([_header(project)], "ods"))
    )

    assert empty == ["sheet “people”: The sheet is empty."]
    assert header_only == ["sheet “people”: The sheet has no data rows."]
    _nothing_saved(before)


def test_a_huge_file_is_refused_before_it_is_read(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    huge = SimpleUploadedFile("enorme.csv", b"email;first_name\n" + b"x" * (6 * 1024 * 1024))

    errors = _errors(_upload(personas["coordinator"], project, huge))

    assert len(errors) == 1 and "too large" in errors[0] and "5 MB" in errors[0]
    _nothing_saved(before)


def test_a_file_with_too_many_rows_is_refused(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    rows = [["email", "first_name", "last_name"]] + [
        [f"p{i}@example.org", "P", "Q"] for i in range(spreadsheets.MAX_ROWS + 5)
    ]

    errors = _errors(_upload(personas["coordinator"], project, _file(rows, "csv")))

    assert len(errors) == 1 and "more than 2000 rows" in errors[0]
    _nothing_saved(before)


def test_a_file_that_is_not_a_spreadsheet_is_refused(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    fake = SimpleUploadedFile("personnes.xlsx", b"not a zip file")
    other = SimpleUploadedFile("personnes.pdf", b"%PDF-1.4")

    assert (
        "could not be read as XLSX" in _errors(_upload(personas["coordinator"], project, fake))[0]
    )
    assert (
        "not an XLSX, ODS or CSV file"
        in _errors(_upload(personas["coordinator"], project, other))[0]
    )
    _nothing_saved(before)


def test_a_tampered_preview_is_refused(
    personas: dict[str, Client], project: Any, before: tuple[int, int]
) -> None:
    response = personas["coordinator"].post(
        reverse("competencies_import", args=[project.pk]), {"confirm": "forged:payload"}
    )

    assert response.status_code == 302
    _nothing_saved(before)


def test_csv_with_semicolons_and_latin1_is_read() -> None:
    content = "email;first_name\né@example.org;Élodie\n".encode("cp1252")

    sheet = spreadsheets.read_sheets(SimpleUploadedFile("p.csv", content))[0]

    assert sheet.rows == [["email", "first_name"], ["é@example.org", "Élodie"]]


def test_ods_repeated_empty_cells_are_not_expanded() -> None:
    from odf import opendocument, table, text

    document = opendocument.OpenDocumentSpreadsheet()
    sheet = table.Table(name="people")
    row = table.TableRow()
    cell = table.TableCell(valuetype="string")
    cell.addElement(text.P(text="email"))
    row.addElement(cell)
    row.addElement(table.TableCell(numbercolumnsrepeated=16000))
    sheet.addElement(row)
    sheet.addElement(table.TableRow(numberrowsrepeated=1000000))
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)

    sheets = spreadsheets.read_sheets(SimpleUploadedFile("p.ods", buffer.getvalue()))

    assert sheets[0].rows == [["email"]]
