"""Governance load falls in the months a body meets; the animator counts its preparation.

Hand-computed expectations: a body meeting in March and June (2 meetings a year, half a day
each) loads each member 0.5 day in March and in June and nothing in the other months, and its
animator twice that (1 day: the meeting and its preparation).
"""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from maillage.engine.analysis.flow import build_model
from maillage.engine.analysis.rules import check_all
from maillage.engine.analysis.time_losses import governance_loads
from maillage.engine.fileformat import ProjectFileError, dump_project, load_project
from maillage.engine.snapshot import Body
from maillage.engine.timeline import (
    capacities,
    governance_days_by_month,
    governance_days_per_month,
)
from tests.engine.conftest import MONTHS, assign, person, snapshot, task

MEMBER_A, MEMBER_B, ANIMATOR = 1, 2, 3
MARCH, JUNE, AUGUST = 2, 5, 7  # indexes in the 2027 horizon


def spring_body(**changes: object) -> Body:
    body = Body(
        10,
        "COPIL",
        "copil",
        meetings_per_year=2,
        meeting_days=0.5,
        member_ids=(MEMBER_A, MEMBER_B),
        animator_id=ANIMATOR,
        months=(3, 6),
    )
    return replace(body, **changes)  # type: ignore[arg-type]


def only(indexes: dict[int, float]) -> tuple[float, ...]:
    return tuple(indexes.get(i, 0.0) for i in range(12))


def test_members_and_animator_are_loaded_in_the_months_the_body_meets() -> None:
    load = governance_days_by_month([spring_body()], MONTHS)

    assert load[MEMBER_A] == only({MARCH: 0.5, JUNE: 0.5})
    assert load[MEMBER_B] == only({MARCH: 0.5, JUNE: 0.5})
    assert load[ANIMATOR] == only({MARCH: 1.0, JUNE: 1.0})


def test_an_animator_who_is_also_a_member_counts_the_meeting_once_plus_preparation() -> None:
    body = spring_body(member_ids=(MEMBER_A, ANIMATOR))

    load = governance_days_by_month([body], MONTHS)

    assert load[ANIMATOR] == only({MARCH: 1.0, JUNE: 1.0})


def test_more_meetings_than_months_are_shared_among_the_months() -> None:
    # 6 meetings in March and June: 3 a month, 1.5 days for a member, 3 for the animator.
    load = governance_days_by_month([spring_body(meetings_per_year=6)], MONTHS)

    assert load[MEMBER_A] == only({MARCH: 1.5, JUNE: 1.5})
    assert load[ANIMATOR] == only({MARCH: 3.0, JUNE: 3.0})


def test_a_body_without_months_keeps_the_even_spread() -> None:
    # 4 meetings x 0.5 day / 12 months for members, twice that for the animator.
    load = governance_days_by_month([spring_body(months=(), meetings_per_year=4)], MONTHS)

    assert load[MEMBER_A] == pytest.approx((4 * 0.5 / 12,) * 12)
    assert load[ANIMATOR] == pytest.approx((2 * 4 * 0.5 / 12,) * 12)


def test_month_numbers_follow_the_calendar_whatever_month_the_horizon_starts() -> None:
    school_year = tuple(
        datetime.date(2027 + (m + 8) // 12, (m + 8) % 12 + 1, 1) for m in range(12)
    )  # September 2027 to August 2028

    load = governance_days_by_month([spring_body()], school_year)

    assert school_year[6] == datetime.date(2028, 3, 1)
    assert school_year[9] == datetime.date(2028, 6, 1)
    assert load[MEMBER_A] == only({6: 0.5, 9: 0.5})


def test_the_yearly_average_counts_the_animators_preparation() -> None:
    average = governance_days_per_month([spring_body()])

    assert average[MEMBER_A] == pytest.approx(2 * 0.5 / 12)
    assert average[ANIMATOR] == pytest.approx(2 * 2 * 0.5 / 12)


def test_capacity_for_tasks_drops_only_in_the_meeting_months() -> None:
    project = snapshot(
        people=[person(MEMBER_A, 4.0), person(MEMBER_B, 4.0), person(ANIMATOR, 4.0)],
        bodies=[spring_body()],
    )

    assert capacities(project)[ANIMATOR] == only(
        {i: 4.0 for i in range(12)} | {MARCH: 3.0, JUNE: 3.0}
    )
    model = build_model(project)
    row = model.person_ids.index(MEMBER_A)
    assert list(model.capacity[row]) == list(
        only({i: 4.0 for i in range(12)} | {MARCH: 3.5, JUNE: 3.5})
    )


def summer_project(body: Body) -> object:
    """A member with 2 days a month for the project but none in August (holidays), busy
    1.8 days a month on a task running all year except August."""
    availability = tuple(0.0 if i == AUGUST else 2.0 for i in range(12))
    return snapshot(
        people=[person(MEMBER_A, availability=availability), person(MEMBER_B), person(ANIMATOR)],
        tasks=[
            task(1, datetime.date(2027, 1, 1), datetime.date(2027, 7, 31)),
            task(2, datetime.date(2027, 9, 1), datetime.date(2027, 12, 31)),
        ],
        assignments=[assign(1, 1, MEMBER_A, 1.8), assign(2, 2, MEMBER_A, 1.8)],
        bodies=[body],
    )


def overallocated_months(project: object) -> dict[datetime.date, float]:
    return {
        f.month: f.param("governance")
        for f in check_all(project)  # type: ignore[arg-type]
        if f.code == "PERSON_OVERALLOCATED" and f.object_id == MEMBER_A
    }


def test_a_body_meeting_outside_august_raises_no_august_over_allocation() -> None:
    copil = spring_body(meetings_per_year=3, months=(3, 6, 11))

    flagged = overallocated_months(summer_project(copil))

    # 1.8 task days + 0.5 governance day > 2 days, only in the months the COPIL meets.
    assert flagged == {
        datetime.date(2027, 3, 1): 0.5,
        datetime.date(2027, 6, 1): 0.5,
        datetime.date(2027, 11, 1): 0.5,
    }


def test_the_even_spread_of_a_body_without_months_loads_august() -> None:
    flagged = overallocated_months(summer_project(spring_body(meetings_per_year=3, months=())))

    assert datetime.date(2027, 8, 1) in flagged  # why the months matter


def test_the_governance_load_lists_the_bodies_a_person_animates() -> None:
    project = snapshot(people=[person(i) for i in (1, 2, 3)], bodies=[spring_body()])

    loads = {g.person_id: g for g in governance_loads(project)}

    assert loads[ANIMATOR].body_ids == (10,)
    assert loads[ANIMATOR].days_per_month == pytest.approx(2 * 2 * 0.5 / 12)


def test_the_project_file_keeps_the_months_and_old_files_still_load() -> None:
    project = snapshot(people=[person(i) for i in (1, 2, 3)], bodies=[spring_body()])
    document = dump_project(project)

    assert document["bodies"][0]["months"] == [3, 6]
    assert load_project(document) == project
    del document["bodies"][0]["months"]
    assert load_project(document).bodies[0].months == ()


@pytest.mark.parametrize(
    ("months", "path"),
    [
        ([3, 13], "$.bodies[0].months[1]"),
        ([0], "$.bodies[0].months[0]"),
        ([6, 6], "$.bodies[0].months[1]"),
    ],
)
def test_the_project_file_refuses_months_out_of_the_year_or_twice(
    months: list[int], path: str
) -> None:
    project = snapshot(people=[person(i) for i in (1, 2, 3)], bodies=[spring_body()])
    document = dump_project(project)
    document["bodies"][0]["months"] = months

    with pytest.raises(ProjectFileError) as raised:
        load_project(document)

    assert path in {e.path for e in raised.value.errors}
