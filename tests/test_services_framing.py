"""The framing services: axes, objectives and results, sponsors, a PAT's identity."""

from __future__ import annotations

import datetime
import importlib
import json
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.access import project_access
from maillage.analysis.changes import PEOPLE, plan_scope
from maillage.analysis.models import DataGeneration
from maillage.directory.models import Organisation, Person
from maillage.engine.fileformat import ProjectFileError
from maillage.planning.models import PlanVersion, Review
from maillage.projects import selectors, services
from maillage.projects.forms import TaskForm
from maillage.projects.models import (
    Axis,
    ExpectedResult,
    Objective,
    PatField,
    Project,
    ProjectOrganisation,
    ProjectPerson,
    Recognition,
)
from maillage.projects.transfer import export_project, import_project
from maillage.projects.validators import validate_insee_codes, validate_siret
from tests.factories import (
    make_axis,
    make_organisation,
    make_person,
    make_project,
    make_task,
    make_user,
)

VALID_SIRET = "73282932000074"


@pytest.fixture
def access(db: Any) -> Any:
    user = make_user()
    project = make_project(coordinator=user)
    return project_access(user, project.pk)


def generation(project: Project) -> int:
    row = DataGeneration.objects.filter(scope=plan_scope(project.pk)).first()
    return row.value if row else 0


# --- Axes ---------------------------------------------------------------------------------------


def test_it_creates_axes_in_order_with_their_pat_fields(access: Any) -> None:
    first = services.axis_create(
        access=access,
        data={"code": "ECO", "name": "Économie alimentaire", "pat_fields": ["food_economy"]},
    )
    second = services.axis_create(
        access=access,
        data={"code": "NUT", "name": "Nutrition", "pat_fields": ["nutrition", "social"]},
    )

    assert (first.order, second.order) == (1, 2)
    assert Axis.objects.get(pk=second.pk).pat_fields == [PatField.NUTRITION, PatField.SOCIAL]


def test_it_refuses_an_unknown_pat_field_and_a_code_already_used(access: Any) -> None:
    make_axis(access.project, code="ECO")

    with pytest.raises(ValidationError) as error:
        services.axis_create(
            access=access, data={"code": "ECO", "name": "Bis", "pat_fields": ["astrology"]}
        )

    assert set(error.value.message_dict) == {"code", "pat_fields"}
    assert Axis.objects.filter(project=access.project).count() == 1


@pytest.mark.django_db(transaction=True)
def test_renaming_an_axis_bumps_the_plan_counter_and_its_version(access: Any) -> None:
    axis = make_axis(access.project, code="A", name="Avant")
    before = generation(access.project)

    saved = services.axis_update(
        axis=axis,
        data={"code": "B", "name": "Après", "description": "Nouveau"},
        expected_version=axis.version,
    )

    saved.refresh_from_db()
    assert (saved.code, saved.name, saved.description, saved.version) == (
        "B",
        "Après",
        "Nouveau",
        2,
    )
    assert generation(access.project) > before


def test_a_stale_axis_version_is_refused_and_nothing_changes(access: Any) -> None:
    axis = make_axis(access.project, code="A", name="Avant")
    services.axis_update(axis=axis, data={"name": "Par quelqu’un d’autre"}, expected_version=1)

    with pytest.raises(services.ConflictError):
        services.axis_update(axis=axis, data={"name": "Le mien"}, expected_version=1)

    assert Axis.objects.get(pk=axis.pk).name == "Par quelqu’un d’autre"


@pytest.mark.django_db(transaction=True)
def test_it_moves_an_axis_up_and_down_and_bumps_the_counter(access: Any) -> None:
    a, _b, c = (
        services.axis_create(access=access, data={"code": code, "name": code})
        for code in ("A", "B", "C")
    )
    before = generation(access.project)

    services.axis_move(axis=c, direction="up")
    services.axis_move(axis=a, direction="down")
    services.axis_move(axis=a, direction="down")  # already last: nothing happens

    order = list(Axis.objects.filter(project=access.project).values_list("code", flat=True))
    assert order == ["C", "B", "A"]
    assert generation(access.project) > before


def test_archiving_an_axis_keeps_its_tasks_and_hides_it_from_task_pickers(access: Any) -> None:
    axis = make_axis(access.project, code="OLD")
    other = make_axis(access.project, code="NEW")
    task = make_task(access.project, axis=axis)

    services.axis_set_archived(axis=axis, archived=True)

    task.refresh_from_db()
    assert task.axis_id == axis.pk
    new_task_choices = set(TaskForm(access=access).fields["axis"].queryset)
    assert new_task_choices == {other}
    # The task that already belongs to it still shows it.
    assert axis in set(TaskForm(instance=task, access=access).fields["axis"].queryset)

    services.axis_set_archived(axis=axis, archived=False)
    assert axis in set(TaskForm(access=access).fields["axis"].queryset)


# --- Objectives and results ---------------------------------------------------------------------


def test_it_creates_reorders_and_deletes_objectives_with_their_results(access: Any) -> None:
    first = services.objective_create(access=access, data={"title": "Relocaliser"})
    second = services.objective_create(access=access, data={"title": "Sensibiliser"})
    result = services.result_create(
        objective=first,
        data={
            "title": "Plus de bio en cantine",
            "indicator": "Part des achats bio",
            "unit": "%",
            "baseline": Decimal("12"),
            "target": Decimal("20.5"),
            "target_date": datetime.date(2027, 12, 31),
        },
    )

    services.objective_move(objective=second, direction="up")

    titles = list(Objective.objects.filter(project=access.project).values_list("title", flat=True))
    assert titles == ["Sensibiliser", "Relocaliser"]
    result.refresh_from_db()
    assert (result.unit, result.baseline, result.target) == ("%", Decimal("12"), Decimal("20.5"))
    services.objective_delete(objective=first)
    assert not ExpectedResult.objects.filter(pk=result.pk).exists()


def test_results_move_within_their_objective(access: Any) -> None:
    objective = services.objective_create(access=access, data={"title": "O"})
    one = services.result_create(objective=objective, data={"title": "Un"})
    services.result_create(objective=objective, data={"title": "Deux"})

    services.result_move(result=one, direction="down")

    assert [r.title for r in objective.expected_results.all()] == ["Deux", "Un"]


def test_a_stale_objective_version_is_refused(access: Any) -> None:
    objective = services.objective_create(access=access, data={"title": "Premier titre"})
    services.objective_update(objective=objective, data={"title": "Autre"}, expected_version=1)

    with pytest.raises(services.ConflictError):
        services.objective_update(objective=objective, data={"title": "Mien"}, expected_version=1)

    assert Objective.objects.get(pk=objective.pk).title == "Autre"


# --- Sponsors -----------------------------------------------------------------------------------


def test_it_adds_a_new_sponsor_with_a_new_representative_without_account(access: Any) -> None:
    link = services.sponsor_add(
        access=access,
        data={
            "new_organisation_name": "Conseil départemental",
            "new_organisation_kind": Organisation.Kind.DEPARTEMENT,
            "new_first_name": "Anne",
            "new_last_name": "Élue",
        },
    )

    assert link.is_sponsor and link.project == access.project
    assert link.organisation.territory == access.project.territory
    person = link.representative
    assert (person.first_name, person.last_name, person.user_id) == ("Anne", "Élue", None)
    assert person.kind == Person.Kind.ELECTED
    assert ProjectPerson.objects.filter(project=access.project, person=person).exists()


def test_a_sponsor_refuses_a_representative_of_another_project_and_writes_nothing(
    access: Any,
) -> None:
    organisation = make_organisation(access.project)
    stranger = make_person(make_project())

    with pytest.raises(ValidationError) as error:
        services.sponsor_add(
            access=access, data={"organisation": organisation, "representative": stranger}
        )

    assert "representative" in error.value.message_dict
    assert not ProjectOrganisation.objects.filter(organisation=organisation, is_sponsor=True)


def test_a_half_named_new_representative_is_refused_on_the_missing_name(access: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.sponsor_add(
            access=access, data={"new_organisation_name": "Région", "new_first_name": "Jean"}
        )

    assert "new_last_name" in error.value.message_dict
    assert not Organisation.objects.filter(name="Région").exists()


def test_removing_a_sponsor_that_decided_on_a_version_is_refused(access: Any) -> None:
    organisation = make_organisation(access.project, is_sponsor=True)
    link = ProjectOrganisation.objects.get(project=access.project, organisation=organisation)
    version = PlanVersion.objects.create(project=access.project, number=1, label="v1", data={})
    Review.objects.create(
        version=version,
        sponsor=link,
        sponsor_name=str(organisation),
        representative_name="Anne Élue",
        decision=Review.Decision.VALIDATED,
    )

    with pytest.raises(ValidationError) as error:
        services.sponsor_remove(link=link)

    assert "v1" in error.value.messages[0]
    link.refresh_from_db()
    assert link.is_sponsor


def test_removing_a_sponsor_keeps_the_organisation_in_the_project(access: Any) -> None:
    organisation = make_organisation(access.project, is_sponsor=True)
    link = ProjectOrganisation.objects.get(project=access.project, organisation=organisation)

    services.sponsor_remove(link=link)

    link.refresh_from_db()
    assert not link.is_sponsor


# --- Identity -----------------------------------------------------------------------------------


def test_a_valid_siret_and_insee_codes_pass() -> None:
    validate_siret(VALID_SIRET)
    validate_siret("35600000000048")  # La Poste's head office
    validate_siret("35600000012341")  # a La Poste establishment: its own rule
    validate_insee_codes(["35238", "2A004", "97105"])


@pytest.mark.parametrize("siret", ["7328293200007", "73282932000075", "7328293200007A"])
def test_a_wrong_siret_is_refused_naming_the_field(access: Any, siret: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.project_identity_update(project=access.project, data={"carrier_siret": siret})

    assert "carrier_siret" in error.value.message_dict
    assert "SIRET" in error.value.message_dict["carrier_siret"][0]
    assert Project.objects.get(pk=access.project.pk).carrier_siret == ""


def test_a_wrong_insee_code_is_refused_naming_the_code(access: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.project_identity_update(
            project=access.project, data={"communes": ["35238", "3523", "ABCDE"]}
        )

    message = error.value.message_dict["communes"][0]
    assert "3523" in message and "ABCDE" in message and "35238," not in message


def test_a_recognition_level_needs_its_date(access: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.project_identity_update(
            project=access.project, data={"recognition_level": Recognition.EMERGING}
        )

    assert "recognition_date" in error.value.message_dict


@pytest.mark.parametrize(
    ("level", "expiry"),
    [
        (Recognition.EMERGING, datetime.date(2027, 3, 15)),
        (Recognition.OPERATIONAL, datetime.date(2029, 3, 15)),
        (Recognition.NONE, None),
    ],
)
def test_the_recognition_expiry_follows_the_level(level: int, expiry: Any) -> None:
    project = Project(recognition_level=level, recognition_date=datetime.date(2024, 3, 15))

    assert project.recognition_expiry == expiry


def test_a_recognition_of_29_february_ends_on_28_february() -> None:
    project = Project(recognition_level=1, recognition_date=datetime.date(2024, 2, 29))

    assert project.recognition_expiry == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("today", "expiring", "expired"),
    [
        ("2026-09-14", False, False),
        ("2026-09-15", True, False),
        ("2027-03-14", True, False),
        ("2027-03-15", False, True),
    ],
)
def test_the_overview_warns_six_months_before_expiry_and_after(
    access: Any, today: str, expiring: bool, expired: bool
) -> None:
    services.project_identity_update(
        project=access.project,
        data={"recognition_level": 1, "recognition_date": datetime.date(2024, 3, 15)},
    )

    with time_machine.travel(f"{today} 10:00 +0100", tick=False):
        status = selectors.project_overview(access)["recognition"]

    assert (status.is_expiring, status.is_expired) == (expiring, expired)
    assert status.expiry == datetime.date(2027, 3, 15)


def test_the_framing_page_reads_in_a_constant_number_of_queries(access: Any) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.framing_page(access)
        return len(queries)

    services.axis_create(access=access, data={"code": "A", "name": "A"})
    services.objective_create(access=access, data={"title": "O"})
    small = count()
    for i in range(5):
        services.axis_create(access=access, data={"code": f"B{i}", "name": "B"})
        objective = services.objective_create(access=access, data={"title": f"O{i}"})
        services.result_create(objective=objective, data={"title": "R"})
        make_organisation(access.project, is_sponsor=True)

    assert count() == small


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("50 %", Decimal("50"), "%"),
        ("3 000", Decimal("3000"), ""),
        ("-30 %", Decimal("-30"), "%"),
        ("40 t", Decimal("40"), "t"),
        ("2,5 ha", Decimal("2.5"), "ha"),
        ("au moins trois", None, ""),
    ],
)
def test_the_data_migration_reads_number_and_unit_of_old_targets(
    text: str, value: Any, unit: str
) -> None:
    migration = importlib.import_module("maillage.projects.migrations.0003_expected_result_targets")

    assert migration.parse(text) == (value, unit)


def test_an_archived_pat_axis_keeps_its_fields_through_the_project_file(access: Any) -> None:
    axis = services.axis_create(
        access=access, data={"code": "CAT", "name": "Cantines", "pat_fields": ["catering"]}
    )
    services.axis_set_archived(axis=axis, archived=True)

    copy = import_project(export_project(access.project)).project

    imported = Axis.objects.get(project=copy, code="CAT")
    assert (imported.pat_fields, imported.is_archived) == (["catering"], True)


def test_an_unknown_pat_field_in_a_project_file_is_refused_with_its_path(access: Any) -> None:
    services.axis_create(access=access, data={"code": "A", "name": "A"})
    data = json.loads(export_project(access.project))
    data["axes"][0]["pat_fields"] = ["astrology"]

    with pytest.raises(ProjectFileError) as raised:
        import_project(json.dumps(data))

    assert raised.value.errors[0].path.startswith("$.axes[0].pat_fields")


@pytest.mark.django_db(transaction=True)
def test_adding_a_sponsor_bumps_the_people_counter(access: Any) -> None:
    def people_generation() -> int:
        row = DataGeneration.objects.filter(scope=PEOPLE).first()
        return row.value if row else 0

    before = people_generation()

    services.sponsor_add(access=access, data={"new_organisation_name": "Région"})

    assert people_generation() > before
