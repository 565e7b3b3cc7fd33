"""Small builders for hand-made engine snapshots (plain functions, usable with hypothesis)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from maillage.engine.snapshot import (
    Assessment,
    Assignment,
    Body,
    Employment,
    Need,
    Person,
    ProjectSnapshot,
    Task,
)

MONTHS = tuple(datetime.date(2027, m, 1) for m in range(1, 13))
YEAR_START, YEAR_END = datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)


def person(
    pid: int,
    days: float = 10.0,
    *,
    in_project: bool = True,
    organisation: int | None = None,
    availability: tuple[float, ...] | None = None,
) -> Person:
    employments = () if organisation is None else (Employment(organisation, 1.0),)
    return Person(
        pid,
        f"Person {pid}",
        "agent",
        employments=employments,
        availability=availability if availability is not None else (days,) * 12,
        in_project=in_project,
        mandate="written" if in_project else None,
    )


def task(
    tid: int,
    start: datetime.date = YEAR_START,
    end: datetime.date = YEAR_END,
    *,
    axis: int | None = None,
    organisation: int | None = None,
) -> Task:
    return Task(tid, f"Task {tid}", start, end, axis_id=axis, lead_organisation_id=organisation)


def holds(person_id: int, *levels: tuple[int, int]) -> list[Assessment]:
    """Assessments of one person: (competency, level) pairs."""
    return [Assessment(person_id, c, level, 3, 3) for c, level in levels]


def need(nid: int, task_id: int, competency: int, level: int, days: float) -> Need:
    return Need(nid, task_id, competency, level, days)


def assign(
    aid: int, task_id: int, person_id: int, days: float, responsibility: str = "contributor"
) -> Assignment:
    return Assignment(aid, task_id, person_id, responsibility, days)


def snapshot(
    *,
    people: Iterable[Person] = (),
    assessments: Iterable[Assessment] = (),
    tasks: Iterable[Task] = (),
    needs: Iterable[Need] = (),
    assignments: Iterable[Assignment] = (),
    bodies: Iterable[Body] = (),
) -> ProjectSnapshot:
    return ProjectSnapshot(
        id=1,
        name="Test project",
        kind="pat",
        months=MONTHS,
        levels=(1, 2, 3, 4),
        people=tuple(people),
        assessments=tuple(assessments),
        tasks=tuple(tasks),
        needs=tuple(needs),
        assignments=tuple(assignments),
        bodies=tuple(bodies),
    )
