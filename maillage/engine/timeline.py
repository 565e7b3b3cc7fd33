"""Calendar arithmetic shared by the analyses: months of the horizon, task spans, capacity.

A task's monthly rate (need or assignment days per month) applies pro rata of the part of each
calendar month the task covers: a task running the 1st–15th of a 30-day month counts half.

A governance body's load falls in the months it meets: its meetings of the year are shared
equally among those months, each member spends `meeting_days` per meeting and the animator twice
that (the meeting, and as much again to prepare it). A body without months spreads its meetings
evenly over the twelve months, as before months were recorded.
"""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Iterable

from maillage.engine.snapshot import Body, Person, ProjectSnapshot, Task


def days_in_month(month: datetime.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=days_in_month(month))


def task_month_fractions(task: Task, months: tuple[datetime.date, ...]) -> tuple[float, ...]:
    """Share of each horizon month covered by the task (inclusive dates), 0.0 to 1.0."""
    return _span_fractions(task.start, task.end, months)


# Every analysis asks for the same few thousand (start, end) spans: compute each once.
@functools.lru_cache(maxsize=65_536)
def _span_fractions(
    task_start: datetime.date, task_end: datetime.date, months: tuple[datetime.date, ...]
) -> tuple[float, ...]:
    fractions = []
    for month in months:
        first, last = month, month_end(month)
        start, end = max(task_start, first), min(task_end, last)
        covered = (end - start).days + 1 if end >= start else 0
        fractions.append(covered / days_in_month(month))
    return tuple(fractions)


# The animator's days per meeting, in meeting durations: the meeting plus its preparation.
ANIMATOR_FACTOR = 2.0


def body_people(body: Body) -> dict[int, float]:
    """Who spends time in the body, in meeting durations per meeting (members 1, animator 2)."""
    weights = dict.fromkeys(body.member_ids, 1.0)
    if body.animator_id is not None:
        weights[body.animator_id] = ANIMATOR_FACTOR
    return weights


def body_meetings_in(body: Body, month_number: int) -> float:
    """How many of the body's meetings fall in a calendar month (1 = January)."""
    meeting_months = set(body.months)
    if not meeting_months:
        return body.meetings_per_year / 12.0
    if month_number not in meeting_months:
        return 0.0
    return body.meetings_per_year / len(meeting_months)


def governance_days_by_month(
    bodies: Iterable[Body], months: tuple[datetime.date, ...]
) -> dict[int, tuple[float, ...]]:
    """Days each person spends in governance bodies in each month of the horizon."""
    load: dict[int, list[float]] = {}
    for body in bodies:
        meetings = [body_meetings_in(body, month.month) for month in months]
        for person_id, weight in body_people(body).items():
            row = load.setdefault(person_id, [0.0] * len(months))
            for index, count in enumerate(meetings):
                row[index] += count * body.meeting_days * weight
    return {person_id: tuple(row) for person_id, row in load.items()}


def governance_days_per_month(bodies: Iterable[Body]) -> dict[int, float]:
    """Days each person spends in governance bodies in an average month of the year."""
    load: dict[int, float] = {}
    for body in bodies:
        per_month = body.meetings_per_year * body.meeting_days / 12.0
        for person_id, weight in body_people(body).items():
            load[person_id] = load.get(person_id, 0.0) + per_month * weight
    return load


def task_capacity(person: Person, governance: tuple[float, ...]) -> tuple[float, ...]:
    """A person's days for tasks in each month: availability minus governance, never negative."""
    return tuple(
        max(0.0, days - (governance[index] if index < len(governance) else 0.0))
        for index, days in enumerate(person.availability)
    )


def capacities(snapshot: ProjectSnapshot) -> dict[int, tuple[float, ...]]:
    governance = governance_days_by_month(snapshot.bodies, snapshot.months)
    return {p.id: task_capacity(p, governance.get(p.id, ())) for p in snapshot.people}
