"""Allocations: bounds, optimistic locking, and over-allocation allowed but flagged."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from maillage.projects.snapshot import snapshot_for_project
from maillage.responsibilities import services, workload


def test_an_allocation_is_saved_and_its_version_moves_on(team) -> None:
    saved = services.assignment_update(
        assignment=team.helper,
        data={"days_per_month": "3.5", "modalities": "Deux visites par mois"},
        expected_version=team.helper.version,
    )
    team.helper.refresh_from_db()
    assert team.helper.days_per_month == Decimal("3.5")
    assert team.helper.modalities == "Deux visites par mois"
    assert team.helper.version == saved.version == 2


@pytest.mark.parametrize(
    ("days", "message"),
    [("-1", "cannot be negative"), ("40", "at most 31 days"), ("abc", "Enter a number")],
)
def test_a_negative_or_absurd_allocation_is_refused_with_a_message(team, days, message) -> None:
    with pytest.raises(ValidationError) as error:
        services.assignment_update(
            assignment=team.helper, data={"days_per_month": days}, expected_version=1
        )
    assert message in " ".join(error.value.message_dict["days_per_month"])
    team.helper.refresh_from_db()
    assert team.helper.days_per_month == Decimal("2")
    assert team.helper.version == 1


def test_a_stale_edit_never_overwrites_a_newer_one(team) -> None:
    loaded_version = team.helper.version
    services.assignment_update(
        assignment=team.helper, data={"days_per_month": "5"}, expected_version=loaded_version
    )
    with pytest.raises(services.ConflictError) as error:
        services.assignment_update(
            assignment=team.helper, data={"days_per_month": "1"}, expected_version=loaded_version
        )
    assert "5" in str(error.value.message)
    team.helper.refresh_from_db()
    assert team.helper.days_per_month == Decimal("5")


def test_a_removal_from_a_stale_version_is_refused(team) -> None:
    services.assignment_update(
        assignment=team.helper, data={"days_per_month": "5"}, expected_version=1
    )
    with pytest.raises(services.ConflictError):
        services.assignment_delete(assignment=team.helper, expected_version=1)
    team.helper.refresh_from_db()


def test_the_same_responsibility_twice_is_refused(team) -> None:
    from maillage.access import project_access

    user = team.project.memberships.get(role="coordinator").user
    access = project_access(user, team.project.pk)
    with pytest.raises(ValidationError) as error:
        services.assignment_create(
            access=access,
            task=team.diagnosis,
            person=team.anne,
            data={"responsibility": "lead", "days_per_month": "1"},
        )
    assert "already has this responsibility" in str(error.value)


def test_an_allocation_beyond_capacity_is_kept_and_flagged_in_the_month_concerned(team) -> None:
    # Anne: 10 days available; March has 8 days of canteen + 1 of COTECH (she animates it: the
    # half-day meeting and as much to prepare it). Raise it to 12.
    services.assignment_update(
        assignment=team.canteen_lead, data={"days_per_month": "12"}, expected_version=1
    )
    team.canteen_lead.refresh_from_db()
    assert team.canteen_lead.days_per_month == Decimal("12")
    loads = {load.name: load for load in workload.person_loads(snapshot_for_project(team.project))}
    anne = {m.month.month: m for m in loads["Anne Le Goff"].months}
    assert anne[3].overallocated and anne[3].load == 13.0
    assert not anne[1].overallocated and anne[1].load == 5.0
    assert not loads["Bruno Morvan"].overallocated
