"""The rolling horizon: the window of months moves forward one month at a time, and the months
it leaves become read-only history."""

from __future__ import annotations

import datetime
from enum import StrEnum

from maillage.engine.plan.model import Plan, PlannedTask


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class RollRefusal(StrEnum):
    NOT_FIRST_DAY = "not_first_day"
    ALREADY_CURRENT = "already_current"  # the window already starts with the current month


def roll_refusal(horizon_start: datetime.date, today: datetime.date) -> RollRefusal | None:
    """Why the window may not move forward today, or None. It never runs ahead of the calendar:
    the first month of the window must be over before the window leaves it."""
    if horizon_start.day != 1:
        return RollRefusal.NOT_FIRST_DAY
    if horizon_start >= month_start(today):
        return RollRefusal.ALREADY_CURRENT
    return None


def rolled_start(horizon_start: datetime.date) -> datetime.date:
    """The first month of the window after one roll forward."""
    return add_months(horizon_start, 1)


def tasks_in_month(plan: Plan, month: datetime.date) -> list[PlannedTask]:
    """Tasks of `plan` running during some day of `month`, in start order."""
    end = add_months(month, 1) - datetime.timedelta(days=1)
    return sorted(
        (task for task in plan.tasks if task.start <= end and task.end >= month),
        key=lambda task: (task.start, task.key),
    )


class PastEdit(StrEnum):
    FINISHED_IN_HISTORY = "finished_in_history"  # the whole task is before the window
    START_IN_HISTORY = "start_in_history"  # its start is in a month that left the window
    END_IN_HISTORY = "end_in_history"  # it would end before the window


def past_edit_problem(
    horizon_start: datetime.date,
    before: tuple[datetime.date, datetime.date],
    after: tuple[datetime.date, datetime.date],
) -> PastEdit | None:
    """Whether changing a task's dates from `before` to `after` rewrites history.

    Months before the window are read-only: a task that ended there cannot change, a start that
    lies there stays as it was, and no task may be moved to end there.
    """
    (old_start, old_end), (new_start, new_end) = before, after
    if old_end < horizon_start:
        return None if before == after else PastEdit.FINISHED_IN_HISTORY
    if new_start != old_start and min(old_start, new_start) < horizon_start:
        return PastEdit.START_IN_HISTORY
    if new_end < horizon_start:
        return PastEdit.END_IN_HISTORY
    return None
