"""Task and project services: all-or-nothing writes, validation by field, optimistic locking."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.access import project_access
from maillage.directory.models import Organisation
from maillage.projects import services
from maillage.projects.models import Membership, Project, ProjectOrganisation, Task
from tests.factories import make_dataset, make_framework, make_project, make_task, make_user


@pytest.fixture
def access(db: Any) -> Any:
    user = make_user()
    project = make_project(coordinator=user)
    return project_access(user, project.pk)


def base(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Tâche",
        "start": datetime.date(2026, 2, 1),
        "end": datetime.date(2026, 3, 31),
        "budget": Decimal(0),
    }
    data.update(overrides)
    return data


def test_task_create_saves_a_task_in_the_project(access: Any) -> None:
    task = services.task_create(access=access, data=base())

    assert task.project == access.project
    assert task.version == 1


def test_task_create_reports_every_error_by_field(access: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.task_create(
            access=access,
            data=base(title="", end=datetime.date(2026, 1, 1), budget=Decimal(-1), progress=150),
        )

    assert set(raised.value.message_dict) == {"title", "end", "budget", "progress"}
    assert not Task.objects.exists()


def test_task_update_refuses_a_stale_version_and_changes_nothing(access: Any) -> None:
    task = services.task_create(access=access, data=base())
    services.task_update(task=task, data={"title": "Premier"}, expected_version=1)

    with pytest.raises(services.ConflictError):
        services.task_update(task=task, data={"title": "Second"}, expected_version=1)

    task.refresh_from_db()
    assert (task.title, task.version) == ("Premier", 2)


def test_task_update_refuses_a_cycle(access: Any) -> None:
    parent = services.task_create(access=access, data=base())
    child = services.task_create(access=access, data=base(parent=parent))

    with pytest.raises(ValidationError) as raised:
        services.task_update(task=parent, data={"parent": child}, expected_version=1)

    assert list(raised.value.message_dict) == ["parent"]
    parent.refresh_from_db()
    assert parent.parent is None and parent.version == 1


def test_a_sub_task_starting_before_its_parent_is_refused_on_start(access: Any) -> None:
    parent = services.task_create(access=access, data=base())

    with pytest.raises(ValidationError) as raised:
        services.task_create(
            access=access, data=base(parent=parent, start=datetime.date(2026, 1, 15))
        )

    assert list(raised.value.message_dict) == ["start"]


def test_a_lead_organisation_outside_the_project_is_refused(access: Any) -> None:
    foreign = make_project().carrier

    with pytest.raises(ValidationError) as raised:
        services.task_create(access=access, data=base(lead_organisation=foreign))

    assert list(raised.value.message_dict) == ["lead_organisation"]


def test_deleting_a_task_cascades_to_its_whole_branch(access: Any) -> None:
    root = make_task(access.project)
    child = make_task(access.project, parent=root)
    make_task(access.project, parent=child)
    other = make_task(access.project)

    services.task_delete(task=root)

    assert list(Task.objects.all()) == [other]


def test_project_create_makes_the_creator_coordinator_and_links_the_carrier(db: Any) -> None:
    user = make_user()
    carrier_project = make_project()

    project = services.project_create(
        user=user,
        data={
            "name": "PAT",
            "kind": Project.Kind.PAT,
            "territory": carrier_project.territory,
            "carrier": carrier_project.carrier,
            "framework": make_framework(),
            "horizon_start": datetime.date(2026, 1, 1),
            "horizon_months": 12,
        },
    )

    assert project.memberships.get().role == Membership.Role.COORDINATOR
    assert ProjectOrganisation.objects.filter(
        project=project, organisation=project.carrier
    ).exists()


def test_project_create_creates_nothing_when_invalid(db: Any) -> None:
    territory = make_project().territory
    count = Project.objects.count()

    with pytest.raises(ValidationError):
        services.project_create(
            user=make_user(),
            data={
                "name": "PAT",
                "kind": "pat",
                "territory": territory,
                "new_carrier_name": "Nouvelle structure",
                "framework": make_framework(),
                "horizon_start": datetime.date(2026, 1, 2),
                "horizon_months": 12,
            },
        )

    assert Project.objects.count() == count
    assert not Organisation.objects.filter(name="Nouvelle structure").exists()


def test_project_delete_removes_a_full_plan(access: Any) -> None:
    make_dataset(access.project, "small")

    services.project_delete(project=access.project)

    assert not Project.objects.filter(pk=access.project.pk).exists()
    assert not Task.objects.exists()
