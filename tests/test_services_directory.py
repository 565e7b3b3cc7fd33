"""Directory services: people and organisations join and leave a project deliberately."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.access import project_access
from maillage.directory import services
from maillage.directory.models import Employment, Organisation, Person
from maillage.projects.models import ProjectPerson
from tests.factories import (
    make_assignment,
    make_axis,
    make_body,
    make_organisation,
    make_person,
    make_project,
    make_task,
    make_user,
)


@pytest.fixture
def access(db: Any) -> Any:
    user = make_user()
    project = make_project(coordinator=user)
    return project_access(user, project.pk)


def person_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": Person.Kind.AGENT,
        "first_name": "Lou",
        "last_name": "Agent",
        "mandate": "oral",
        "leeway": "decides",
    }
    data.update(overrides)
    return data


def test_person_create_links_person_project_and_employment(access: Any) -> None:
    person = services.person_create(
        access=access,
        data=person_data(organisation=access.project.carrier, time_share=Decimal("0.6")),
    )

    assert ProjectPerson.objects.get(person=person).leeway == "decides"
    assert Employment.objects.get(person=person).time_share == Decimal("0.6")


def test_person_create_is_all_or_nothing(access: Any) -> None:
    foreign = make_project().carrier

    with pytest.raises(ValidationError) as raised:
        services.person_create(access=access, data=person_data(organisation=foreign))

    assert list(raised.value.message_dict) == ["organisation"]
    assert not Person.objects.filter(last_name="Agent").exists()


@pytest.mark.parametrize(
    "tie",
    ["assignment", "axis_lead", "political_referent", "body_seat", "animator"],
)
def test_a_person_the_project_relies_on_cannot_be_removed(access: Any, tie: str) -> None:
    project = access.project
    person = make_person(project)
    if tie == "assignment":
        make_assignment(make_task(project), person)
    elif tie == "axis_lead":
        make_axis(project, lead=person)
    elif tie == "political_referent":
        make_axis(project, political_referent=person)
    elif tie == "body_seat":
        make_body(project, members=[person])
    else:
        make_body(project, animator=person)

    with pytest.raises(services.RemovalRefused) as refused:
        services.person_remove(project=project, person=person)

    assert len(refused.value.blockers) == 1
    assert ProjectPerson.objects.filter(project=project, person=person).exists()


def test_removing_a_person_returns_whether_the_row_was_deleted(access: Any) -> None:
    alone = make_person(access.project)
    shared = make_person(access.project)
    ProjectPerson.objects.create(project=make_project(), person=shared)

    assert services.person_remove(project=access.project, person=alone) is True
    assert services.person_remove(project=access.project, person=shared) is False
    assert Person.objects.filter(pk=shared.pk).exists()


@pytest.mark.parametrize("tie", ["carrier", "employer", "task_lead", "axis_lead"])
def test_an_organisation_the_project_relies_on_cannot_be_removed(access: Any, tie: str) -> None:
    project = access.project
    organisation = project.carrier if tie == "carrier" else make_organisation(project)
    if tie == "employer":
        make_person(project, organisation=organisation)
    elif tie == "task_lead":
        make_task(project, lead_organisation=organisation)
    elif tie == "axis_lead":
        make_axis(project, lead_organisation=organisation)

    with pytest.raises(services.RemovalRefused):
        services.organisation_remove(project=project, organisation=organisation)

    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_organisation_employing_people_elsewhere_is_kept_in_the_directory(
    access: Any,
) -> None:
    organisation = make_organisation(access.project)
    elsewhere = make_project()
    make_person(elsewhere, organisation=organisation)

    assert services.organisation_remove(project=access.project, organisation=organisation) is False
    assert Organisation.objects.filter(pk=organisation.pk).exists()
