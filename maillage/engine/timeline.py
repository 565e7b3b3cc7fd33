"""Calendar arithmetic shared by the analyses: months of the horizon, task spans, capacity.

A task's monthly rate (need or assignment days per month) applies pro rata of the part of each
calendar month the task covers: a task running the 1st–15th of a 30-day month counts half.
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


def governance_days_per_month(bodies: Iterable[Body]) -> dict[int, float]:
    """Days per month each person spends in the governance bodies they sit in."""
    load: dict[int, float] = {}
    for body in bodies:
        per_month = body.meetings_per_year * body.meeting_days / 12.0
        for person_id in set(body.member_ids):
            load[person_id] = load.get(person_id, 0.0) + per_month
    return load


def task_capacity(person: Person, governance_per_month: float) -> tuple[float, ...]:
    """A person's days for tasks in each month: availability minus governance, never negative."""
    return tuple(max(0.0, days - governance_per_month) for days in person.availability)


def capacities(snapshot: ProjectSnapshot) -> dict[int, tuple[float, ...]]:
    governance = governance_days_per_month(snapshot.bodies)
    return {p.id: task_capacity(p, governance.get(p.id, 0.0)) for p in snapshot.people}
