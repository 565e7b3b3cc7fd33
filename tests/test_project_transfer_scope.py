"""A project file carries the project's own people only, and its import finds them again."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from maillage.directory.models import Availability, Person
from maillage.projects.models import ProjectPerson
from maillage.projects.snapshot import snapshot_for_project
from maillage.projects.transfer import export_project, import_project
from tests.factories import (
    make_assessment,
    make_assignment,
    make_competency,
    make_person,
    make_project,
    make_task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_projects() -> Any:
    """A 3-person project and, on the same territory, a bigger one with time and assessments."""
    small = make_project("Petit projet")
    own = [make_person(small, first_name=f"Petit{i}") for i in range(3)]
    big = make_project("Grand projet", territory=small.territory)
    competency = make_competency(small.framework)
    others = []
    for i in range(8):
        person = make_person(big, first_name=f"Grand{i}")
        Availability.objects.create(person=person, month=small.horizon_start, days=Decimal(9))
        make_assessment(person, competency, motivation=1)
        others.append(person)
    return small, own, big, others


def test_the_export_holds_the_projects_people_only(two_projects: Any) -> None:
    small, own, _big, others = two_projects
    # The analysis' snapshot reads the directory around the project, the file must not.
    assert {p.pk for p in others} <= {p.id for p in snapshot_for_project(small).people}

    data = json.loads(export_project(small))

    assert {p["id"] for p in data["people"]} == {p.pk for p in own}
    assert not {a["person_id"] for a in data["assessments"]} & {p.pk for p in others}
    assert {p["email"] for p in data["people"]} == {p.email for p in own}


def test_the_export_keeps_someone_the_plan_refers_to(two_projects: Any) -> None:
    small, own, _big, others = two_projects
    make_assignment(make_task(small), others[0])

    ids = {p["id"] for p in json.loads(export_project(small))["people"]}

    assert ids == {p.pk for p in own} | {others[0].pk}


def test_an_import_links_people_found_by_email_instead_of_copying_them(two_projects: Any) -> None:
    small, own, _big, _others = two_projects
    Availability.objects.create(person=own[0], month=small.horizon_start, days=Decimal(4))
    text = export_project(small)
    people_before = Person.objects.count()

    result = import_project(text)

    linked = set(
        ProjectPerson.objects.filter(project=result.project).values_list("person_id", flat=True)
    )
    assert linked == {p.pk for p in own}
    assert Person.objects.count() == people_before
    assert Availability.objects.filter(person=own[0]).count() == 1  # time not copied over


def test_an_import_creates_a_person_whose_email_is_unknown_or_ambiguous(
    two_projects: Any,
) -> None:
    small, _own, _big, _others = two_projects
    data = json.loads(export_project(small))
    data["people"][0]["email"] = "inconnue@example.org"
    data["people"][1]["email"] = "partage@example.org"
    Person.objects.create(first_name="A", last_name="A", kind="agent", email="partage@example.org")
    Person.objects.create(first_name="B", last_name="B", kind="agent", email="PARTAGE@example.org")
    people_before = Person.objects.count()

    result = import_project(json.dumps(data))

    assert Person.objects.count() == people_before + 2
    created = Person.objects.get(email="inconnue@example.org")
    assert ProjectPerson.objects.filter(project=result.project, person=created).exists()
