"""Import of people, employments and availability from XLSX, ODS and CSV: French headers,
preview, all or nothing, every error naming its row and column, re-import updating."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.competencies import spreadsheets
from maillage.directory import import_format, importing
from maillage.directory.models import Availability, Employment, Organisation, Person
from maillage.directory.services import check_month_days
from maillage.engine.calendar_fr import working_days
from maillage.projects.models import ProjectOrganisation, ProjectPerson

pytestmark = pytest.mark.django_db

HEADER = [
    "Prénom",
    "Nom",
    "Courriel",
    "Téléphone",
    "Type",
    "Fonction",
    "Structure",
    "Quotité employeur (%)",
    "Quotité projet (%)",
    "Disponibilité 2027-01",
    "févr. 2027",
]


def _rows(project: Any) -> list[list[Any]]:
    return [
        HEADER,
        [
            "Nadia",
            "Nouvelle",
            "nadia@example.org",
            "02 99 11 22 33",
            "technicienne",
            "Animatrice",
            project.carrier.name,
            80,
            50,
            4,
            "2,5",
        ],
        ["Élie", "Élu", "", "", "élu·e", "Maire adjoint", "Mairie de Test", "", "", 1, 1],
        ["Bea", "Bénévole", "bea@example.org", "", "bénévole", "", "", "", "", "", 3],
    ]


def _file(rows: list[list[Any]], kind: str, *, encoding: str = "utf-8", sep: str = ";") -> Any:
    sheet = spreadsheets.Sheet(name="Personnes", rows=rows)
    if kind == "xlsx":
        content = spreadsheets.write_xlsx([sheet])
    elif kind == "ods":
        content = spreadsheets.write_ods([sheet])
    else:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep).writerows(rows)
        content = buffer.getvalue().encode(encoding)
    return SimpleUploadedFile(f"personnes.{kind}", content)


def _url(project: Any) -> str:
    return reverse("directory_people_import", args=[project.pk])


def _preview(client: Client, project: Any, upload: Any) -> Any:
    return client.post(_url(project), {"file": upload})


def _confirm(client: Client, project: Any) -> Any:
    return client.post(_url(project), {"confirm": "1"})


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Person.objects.count(),
        ProjectPerson.objects.count(),
        Employment.objects.count(),
        Availability.objects.count(),
        Organisation.objects.count(),
    )


@pytest.mark.parametrize(
    ("kind", "encoding", "sep"),
    [("xlsx", "", ""), ("ods", "", ""), ("csv", "utf-8", ";"), ("csv", "cp1252", ",")],
)
def test_a_good_file_is_previewed_then_saved_on_confirmation(
    personas: dict[str, Client], project: Any, kind: str, encoding: str, sep: str
) -> None:
    client = personas["coordinator"]
    before = _counts()

    preview = _preview(client, project, _file(_rows(project), kind, encoding=encoding, sep=sep))

    assert preview.status_code == 200, preview.context.get("errors")
    plan = preview.context["plan"]
    assert [p.full_name for p in plan.to_create] == ["Nadia Nouvelle", "Élie Élu", "Bea Bénévole"]
    assert plan.new_organisations == ["Mairie de Test"]
    assert "<td>50 %</td>" in preview.content.decode()  # Nadia's share for the project
    assert _counts() == before  # the preview saves nothing

    done = _confirm(client, project)

    assert done.status_code == 302
    assert done.url == reverse("directory", args=[project.pk])
    nadia = Person.objects.get(email="nadia@example.org")
    assert (nadia.kind, nadia.job_title, nadia.phone) == (
        "technician",
        "Animatrice",
        "02 99 11 22 33",
    )
    assert ProjectPerson.objects.get(project=project, person=nadia).time_share == Decimal("0.5")
    assert nadia.time_version > 0  # a time page opened before the import is refused
    employment = Employment.objects.get(person=nadia)
    assert (employment.organisation, employment.time_share) == (project.carrier, Decimal("0.80"))
    months = dict(Availability.objects.filter(person=nadia).values_list("month", "days"))
    assert months == {
        datetime.date(2027, 1, 1): Decimal("4"),
        datetime.date(2027, 2, 1): Decimal("2.5"),
    }
    elie = Person.objects.get(first_name="Élie")
    assert elie.kind == "elected"
    mairie = Organisation.objects.get(name="Mairie de Test")
    assert ProjectOrganisation.objects.filter(project=project, organisation=mairie).exists()
    assert Employment.objects.get(person=elie).organisation == mairie
    assert ProjectPerson.objects.get(project=project, person=elie).time_share == 0
    bea = Person.objects.get(email="bea@example.org")
    assert not Employment.objects.filter(person=bea).exists()
    assert list(Availability.objects.filter(person=bea).values_list("days", flat=True)) == [3]


def test_a_second_import_updates_instead_of_duplicating(
    personas: dict[str, Client], project: Any
) -> None:
    client = personas["coordinator"]
    _preview(client, project, _file(_rows(project), "xlsx"))
    _confirm(client, project)
    counts = _counts()
    rows = _rows(project)
    rows[1][5] = "Cheffe de projet"  # matched by e-mail
    rows[1][9] = 6
    rows[2][2] = "elie@example.org"  # matched by first and last name, e-mail added
    rows = [rows[0], rows[1], rows[2]]

    preview = _preview(client, project, _file(rows, "ods"))

    assert preview.status_code == 200, preview.context.get("errors")
    assert preview.context["plan"].to_create == []
    assert len(preview.context["plan"].to_update) == 2
    assert _confirm(client, project).status_code == 302
    assert _counts() == counts
    nadia = Person.objects.get(email="nadia@example.org")
    assert nadia.job_title == "Cheffe de projet"
    assert Availability.objects.get(person=nadia, month=datetime.date(2027, 1, 1)).days == 6
    assert Person.objects.get(first_name="Élie").email == "elie@example.org"


def test_an_existing_person_of_the_project_is_matched_by_email(
    personas: dict[str, Client], project: Any
) -> None:
    known = project.dataset["people"][0]
    rows = [HEADER[:3], ["", "", known.email.upper()]]

    preview = _preview(personas["coordinator"], project, _file(rows, "csv"))

    assert preview.status_code == 200, preview.context.get("errors")
    assert [p.existing_id for p in preview.context["plan"].people] == [known.pk]


def test_a_file_with_three_errors_lists_them_all_and_saves_nothing(
    personas: dict[str, Client], project: Any
) -> None:
    rows = _rows(project)
    rows[1][7] = 120  # employer share
    rows[2][4] = "stagiaire"  # type
    rows[3][10] = "trois"  # days
    before = _counts()

    preview = _preview(personas["coordinator"], project, _file(rows, "xlsx"))

    assert preview.status_code == 400
    assert "plan" not in preview.context
    assert [str(e) for e in preview.context["errors"]] == [
        "row 2, column “Quotité employeur (%)”: a percentage between 0 and 100 is expected, "
        "not 120.",
        "row 3, column “Type”: “stagiaire” is not a type of person "
        "(agent, technicien, élu·e, partenaire, bénévole, autre).",
        "row 4, column “févr. 2027”: “trois” is not a number of days.",
    ]
    assert _confirm(personas["coordinator"], project).status_code == 302  # nothing kept
    assert _counts() == before


@pytest.mark.french
def test_errors_read_in_french(personas: dict[str, Client], project: Any) -> None:
    rows = _rows(project)
    rows[3][7] = "beaucoup"

    preview = _preview(personas["coordinator"], project, _file(rows, "csv"))

    assert [str(e) for e in preview.context["errors"]] == [
        "ligne 4, colonne « Quotité employeur (%) » : « beaucoup » n’est pas un nombre.",
    ]


def test_the_share_for_the_project_may_not_pass_the_employers_shares(project: Any) -> None:
    known = project.dataset["people"][0]  # employed 80 % + 20 %
    header = ["Prénom", "Nom", "Courriel", "Structure", "Quotité employeur (%)"]
    header.append("Quotité projet (%)")
    rows = [
        header,
        ["Ana", "A", "ana@example.org", "Mairie", 50, 60],
        ["Bob", "B", "bob@example.org", "", "", 10],
        ["", "", known.email, "", "", 100],
        ["Cyd", "C", "cyd@example.org", "Mairie", "", 100],
    ]

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [str(e) for e in plan.errors] == [
        "row 2, column “Quotité projet (%)”: 60 % for the project is more than the time agreed "
        "with the employers (50 %).",
        "row 3, column “Quotité projet (%)”: 10 % for the project is more than the time agreed "
        "with the employers (0 %).",
    ]


@pytest.mark.french
def test_refused_shares_read_in_french(project: Any) -> None:
    rows = [["Prénom", "Nom", "Structure", "Quotité employeur (%)", "Quotité projet (%)"]]
    rows.append(["Ana", "A", "Mairie", "62,5", 70])
    rows.append(["Bea", "B", "Mairie", 60, 70])

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [str(e) for e in plan.errors] == [
        "ligne 2, colonne « Quotité employeur (%) » : un pourcentage entier est attendu, pas 62,5.",
        "ligne 3, colonne « Quotité projet (%) » : 70 % pour le projet dépasse le temps convenu "
        "avec les employeurs (60 %).",
    ]


def test_more_days_than_the_month_holds_are_refused(project: Any) -> None:
    rows = [["Prénom", "Nom", "févr. 2027", "mars 2027"], ["Ana", "A", 29, "-1"]]

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [(e.row, e.column) for e in plan.errors] == [(2, "févr. 2027"), (2, "mars 2027")]
    assert all("a number of days between 0 and" in e.message for e in plan.errors)


def test_the_monthly_limit_is_the_time_pages(project: Any) -> None:
    august = datetime.date(2027, 8, 1)
    most = working_days(2027, 8)  # all of August's working days, not the halved default
    assert check_month_days(august, most) == most
    rows = [["Prénom", "Nom", "août 2027"], ["Ana", "A", most], ["Bob", "B", most + 1]]

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [str(e) for e in plan.errors] == [
        f"row 3, column “août 2027”: a number of days between 0 and {most} is expected, "
        f"not {most + 1}."
    ]
    with pytest.raises(ValidationError):
        check_month_days(august, most + 1)


def test_employments_may_not_pass_a_hundred_percent(
    personas: dict[str, Client], project: Any
) -> None:
    known = project.dataset["people"][0]  # employed 80 % + 20 %
    rows = [
        ["Prénom", "Nom", "Courriel", "Structure", "Quotité employeur (%)"],
        ["", "", known.email, "Mairie", ""],  # a new employment counts 100 %
        ["Ana", "A", "ana@example.org", "Mairie", 100],
    ]
    before = _counts()

    preview = _preview(personas["coordinator"], project, _file(rows, "csv"))

    assert preview.status_code == 400
    assert [str(e) for e in preview.context["errors"]] == [
        "row 2, column “Quotité employeur (%)”: the person’s employments would add up to 200 %, "
        "more than 100 %."
    ]
    assert _counts() == before


def test_missing_and_unknown_columns_are_named(project: Any) -> None:
    sheet = spreadsheets.Sheet("x", [["Prénom", "Âge", "Disponibilité 2027-13"], ["A"]])

    plan = importing.plan_import(_access(project), sheet)

    assert [(e.row, e.column) for e in plan.errors] == [
        (1, "Âge"),
        (1, "Disponibilité 2027-13"),
        (1, "Nom"),
    ]


def test_two_rows_for_one_person_are_refused(project: Any) -> None:
    rows = [HEADER[:3], ["A", "B", "ab@example.org"], ["A2", "B2", "AB@example.org"]]

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [str(e) for e in plan.errors] == [
        "row 3, column “Courriel”: the same person as on row 2."
    ]


def test_the_confirmation_checks_the_kept_file_again(
    personas: dict[str, Client], project: Any
) -> None:
    client = personas["coordinator"]
    rows = [HEADER[:7], ["Yves", "Ygrec", "", "", "", "", "Nouvelle structure"]]
    assert _preview(client, project, _file(rows, "csv")).status_code == 200
    # Meanwhile, two namesakes join the project: the kept file no longer says whom it updates.
    for _ in range(2):
        person = Person.objects.create(first_name="Yves", last_name="Ygrec", kind="agent")
        ProjectPerson.objects.create(project=project, person=person)
    before = _counts()

    done = _confirm(client, project)

    assert done.status_code == 400
    assert [str(e) for e in done.context["errors"]] == [
        "row 2, column “Nom”: several people of the project have this name: give their e-mail."
    ]
    assert _counts() == before


def test_a_refused_file_replaces_the_file_kept_for_confirmation(
    personas: dict[str, Client], project: Any
) -> None:
    client = personas["coordinator"]
    assert _preview(client, project, _file(_rows(project), "csv")).status_code == 200
    assert _preview(client, project, _file([["Âge"], ["3"]], "csv")).status_code == 400
    before = _counts()

    done = _confirm(client, project)

    assert done.status_code == 302
    assert done.url == _url(project)
    assert _counts() == before


def test_a_value_outside_the_columns_is_refused(project: Any) -> None:
    rows = [HEADER[:2], ["A", "B", "C"]]

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [str(e) for e in plan.errors] == ["row 2, column “C”: this column has no header."]


def test_a_file_over_two_megabytes_is_refused_before_reading(
    personas: dict[str, Client], project: Any
) -> None:
    upload = SimpleUploadedFile("big.csv", b"Nom;Prenom\n" + b"x" * (2 * 1024 * 1024))

    preview = _preview(personas["coordinator"], project, upload)

    assert preview.status_code == 400
    assert [str(e) for e in preview.context["errors"]] == [
        "The file is too large (2.0 MB); the limit is 2 MB."
    ]


def test_a_file_over_two_thousand_rows_is_refused(
    personas: dict[str, Client], project: Any
) -> None:
    rows = [HEADER[:2]] + [[f"P{i}", f"N{i}"] for i in range(2001)]

    preview = _preview(personas["coordinator"], project, _file(rows, "csv"))

    assert preview.status_code == 400
    assert "more than 2000 rows" in str(preview.context["errors"][0])
    assert Person.objects.filter(first_name="P1").count() == 0


def test_a_cell_over_500_characters_is_named(project: Any) -> None:
    rows = [HEADER[:6], ["A", "B", "", "", "", "x" * 501]]

    plan = importing.plan_import(_access(project), spreadsheets.Sheet("x", rows))

    assert [str(e) for e in plan.errors] == [
        "row 2, column “Fonction”: the cell holds more than 500 characters."
    ]


def test_month_headers_are_read_in_both_spellings() -> None:
    read = import_format.month_of_header
    assert read("Disponibilité 2027-01") == datetime.date(2027, 1, 1)
    assert read("janv. 2027") == datetime.date(2027, 1, 1)
    assert read("Août 2027") == datetime.date(2027, 8, 1)
    assert read("déc. 2026") == datetime.date(2026, 12, 1)
    assert read(datetime.datetime(2027, 3, 1)) == datetime.date(2027, 3, 1)
    assert read("Disponibilité 2027-13") is None
    assert read("Âge") is None


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_the_template_has_an_example_row_and_notes_and_imports_cleanly(
    personas: dict[str, Client], project: Any, kind: str
) -> None:
    url = reverse("directory_people_import_template", args=[project.pk])
    response = personas["coordinator"].get(url, {"format": kind})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    sheets = spreadsheets.read_sheets(SimpleUploadedFile(f"modele.{kind}", response.content))
    assert [sheet.name for sheet in sheets] == ["Personnes", "Notes"]
    header = sheets[0].rows[0]
    assert header[:9] == list(import_format.HEADERS.values())
    assert header[9] == f"Disponibilité {project.horizon_start:%Y-%m}"
    assert len(header) == 9 + project.horizon_months
    notes = {row[0] for row in sheets[1].rows}
    assert set(header[:9]) <= notes
    plan = importing.plan_import(_access(project), sheets[0])
    assert plan.errors == []
    assert [p.full_name for p in plan.to_create] == ["Camille Exemple"]


def test_the_template_neutralises_formulas(project: Any) -> None:
    project.carrier.name = '=HYPERLINK("http://example.org")'
    project.carrier.save()
    sheets = import_format.template_sheets(project)

    assert sheets[0].rows[1][6] == '\'=HYPERLINK("http://example.org")'
    # Read back, the quote goes: the example row names the carrier, no new organisation.
    plan = importing.plan_import(_access(project), sheets[0])
    assert plan.errors == []
    assert plan.new_organisations == []


def _access(project: Any) -> Any:
    from maillage.access import ROLE_PERMISSIONS, ProjectAccess

    return ProjectAccess(project, None, "coordinator", ROLE_PERMISSIONS["coordinator"])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("contributor", 200),
        ("elected", 403),
        ("partner", 403),
        ("observer", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_the_import_page_is_for_those_who_edit_the_directory(
    personas: dict[str, Client], project: Any, persona: str, status: int
) -> None:
    assert personas[persona].get(_url(project)).status_code == status
    upload = _file(_rows(project), "csv")
    before = _counts()
    response = personas[persona].post(_url(project), {"file": upload})
    assert response.status_code == (200 if status == 200 else status)
    assert personas[persona].post(_url(project), {"confirm": "1"}).status_code in (302, 403, 404)
    if status != 200:
        assert _counts() == before


def test_the_directory_links_to_the_import(personas: dict[str, Client], project: Any) -> None:
    page = personas["coordinator"].get(reverse("directory", args=[project.pk]))
    assert _url(project) in page.content.decode()
    page = personas["observer"].get(reverse("directory", args=[project.pk]))
    assert _url(project) not in page.content.decode()
