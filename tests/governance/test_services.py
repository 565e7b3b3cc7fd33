"""Governance services: months and cadence checked, colleges required, stale edits refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.access import Perm, project_access
from maillage.analysis.changes import plan_scope
from maillage.analysis.models import DataGeneration
from maillage.governance import services
from maillage.governance.models import Body, BodyMember
from maillage.projects.services import ConflictError
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _access(project: Any, persona_users: dict) -> Any:
    return project_access(persona_users["coordinator"], project.pk, Perm.EDIT_PROJECT)


def _data(project: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "COPIL",
        "kind": Body.Kind.COPIL,
        "animator": project.dataset["people"][0],
        "months": [11, 3, 6],
        "meetings_per_year": None,
        "meeting_days": Decimal("0.5"),
        "axes": [project.dataset["axes"][0]],
    }
    data.update(overrides)
    return data


def _plan_counter(project: Any) -> int:
    row = DataGeneration.objects.filter(scope=plan_scope(project.pk)).first()
    return row.value if row else 0


def test_it_creates_a_body_meeting_once_in_each_month_ticked(
    project: Any, persona_users: dict
) -> None:
    body = services.body_create(access=_access(project, persona_users), data=_data(project))

    body.refresh_from_db()
    assert body.months == [3, 6, 11]
    assert body.meetings_per_year == 3
    assert list(body.axes.all()) == [project.dataset["axes"][0]]


def test_it_keeps_more_meetings_than_months_when_asked(project: Any, persona_users: dict) -> None:
    body = services.body_create(
        access=_access(project, persona_users), data=_data(project, meetings_per_year=6)
    )

    assert body.meetings_per_year == 6


def test_it_refuses_fewer_meetings_than_months(project: Any, persona_users: dict) -> None:
    with pytest.raises(ValidationError) as error:
        services.body_create(
            access=_access(project, persona_users), data=_data(project, meetings_per_year=2)
        )

    assert "meetings_per_year" in error.value.message_dict
    assert not Body.objects.filter(project=project, name="COPIL").exists()


@pytest.mark.parametrize("months", [[], [0, 3], [13], ["mars"]])
def test_it_refuses_no_month_or_a_month_out_of_the_year(
    project: Any, persona_users: dict, months: list[Any]
) -> None:
    with pytest.raises(ValidationError) as error:
        services.body_create(
            access=_access(project, persona_users), data=_data(project, months=months)
        )

    assert "months" in error.value.message_dict
    assert not Body.objects.filter(project=project, name="COPIL").exists()


def test_it_refuses_an_animator_from_another_project(
    project: Any, other_project: Any, persona_users: dict
) -> None:
    stranger = other_project.dataset["people"][0]

    with pytest.raises(ValidationError) as error:
        services.body_create(
            access=_access(project, persona_users), data=_data(project, animator=stranger)
        )

    assert "animator" in error.value.message_dict


def test_it_refuses_a_stale_version_and_keeps_the_newer_edit(
    project: Any, persona_users: dict
) -> None:
    body = services.body_create(access=_access(project, persona_users), data=_data(project))
    services.body_update(body=body, data=_data(project, name="COPIL élargi"), expected_version=1)

    with pytest.raises(ConflictError):
        services.body_update(body=body, data=_data(project, name="Vieux nom"), expected_version=1)

    body.refresh_from_db()
    assert (body.name, body.version) == ("COPIL élargi", 2)


def test_it_seats_a_member_in_a_college(project: Any, persona_users: dict) -> None:
    body = services.body_create(access=_access(project, persona_users), data=_data(project))
    person = project.dataset["people"][1]

    membership = services.body_member_add(
        body=body, person=person, college=BodyMember.College.ELECTED, role=BodyMember.Role.CHAIR
    )

    assert (membership.college, membership.role) == ("elected", "chair")


def test_it_requires_the_members_college(project: Any, persona_users: dict) -> None:
    body = services.body_create(access=_access(project, persona_users), data=_data(project))

    with pytest.raises(ValidationError) as error:
        services.body_member_add(body=body, person=project.dataset["people"][1], college="")

    assert "college" in error.value.message_dict
    assert not BodyMember.objects.filter(body=body).exists()


def test_it_refuses_a_person_twice_but_allows_them_in_several_bodies(
    project: Any, persona_users: dict
) -> None:
    access = _access(project, persona_users)
    copil = services.body_create(access=access, data=_data(project))
    cotech = services.body_create(access=access, data=_data(project, name="COTECH"))
    person = make_person(project)
    services.body_member_add(body=copil, person=person, college="state")

    services.body_member_add(body=cotech, person=person, college="state")
    with pytest.raises(ValidationError) as error:
        services.body_member_add(body=copil, person=person, college="state")

    assert "person" in error.value.message_dict
    assert set(person.body_memberships.values_list("body_id", flat=True)) == {copil.pk, cotech.pk}


def test_it_refuses_a_member_outside_the_project(
    project: Any, other_project: Any, persona_users: dict
) -> None:
    body = services.body_create(access=_access(project, persona_users), data=_data(project))
    outsider = make_person(other_project)

    with pytest.raises(ValidationError):
        services.body_member_add(body=body, person=outsider, college="citizens")


@pytest.mark.django_db(transaction=True)  # the counters rise when a write commits
def test_every_write_raises_the_projects_plan_counter(project: Any, persona_users: dict) -> None:
    access = _access(project, persona_users)
    counters = [_plan_counter(project)]

    def committed(write: Any) -> Any:
        result = write()
        counters.append(_plan_counter(project))
        return result

    body = committed(lambda: services.body_create(access=access, data=_data(project)))
    committed(
        lambda: services.body_update(
            body=body, data=_data(project, months=[3, 6]), expected_version=1
        )
    )
    membership = committed(
        lambda: services.body_member_add(
            body=body, person=project.dataset["people"][1], college="research"
        )
    )
    committed(lambda: services.body_member_remove(membership=membership))
    committed(lambda: services.body_delete(body=body))

    assert counters == sorted(set(counters)), counters  # each write raised it
