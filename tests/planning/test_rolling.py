"""The rolling window: when it may move, which months leave it, and what stays read-only."""

from __future__ import annotations

import datetime

import pytest

from maillage.engine.plan.model import Plan, PlannedTask
from maillage.engine.plan.rolling import (
    PastEdit,
    RollRefusal,
    past_edit_problem,
    roll_refusal,
    rolled_start,
    tasks_in_month,
)

D = datetime.date


def test_the_window_moves_one_month_and_across_the_new_year() -> None:
    assert rolled_start(D(2026, 3, 1)) == D(2026, 4, 1)
    assert rolled_start(D(2026, 12, 1)) == D(2027, 1, 1)


def test_the_window_rolls_only_once_its_first_month_is_over() -> None:
    assert roll_refusal(D(2026, 3, 1), today=D(2026, 4, 2)) is None
    assert roll_refusal(D(2026, 4, 1), today=D(2026, 4, 2)) == RollRefusal.ALREADY_CURRENT
    assert roll_refusal(D(2026, 5, 1), today=D(2026, 4, 2)) == RollRefusal.ALREADY_CURRENT
    assert roll_refusal(D(2026, 3, 15), today=D(2026, 6, 1)) == RollRefusal.NOT_FIRST_DAY


def test_the_tasks_of_a_month_are_those_running_some_day_of_it() -> None:
    plan = Plan(
        D(2026, 1, 1),
        12,
        tasks=(
            PlannedTask(1, "Janvier", D(2026, 1, 5), D(2026, 1, 31)),
            PlannedTask(2, "Fin janvier à mars", D(2026, 1, 31), D(2026, 3, 1)),
            PlannedTask(3, "Février", D(2026, 2, 1), D(2026, 2, 28)),
            PlannedTask(4, "Avant", D(2025, 12, 1), D(2025, 12, 31)),
        ),
    )
    assert [t.key for t in tasks_in_month(plan, D(2026, 1, 1))] == [1, 2]
    assert [t.key for t in tasks_in_month(plan, D(2026, 2, 1))] == [2, 3]


HORIZON = D(2026, 4, 1)


@pytest.mark.parametrize(
    ("before", "after", "problem"),
    [
        # Inside the window: anything goes.
        ((D(2026, 5, 1), D(2026, 6, 1)), (D(2026, 4, 1), D(2026, 9, 1)), None),
        # A task that ended in history is frozen, but saving it unchanged is harmless.
        ((D(2026, 1, 1), D(2026, 2, 1)), (D(2026, 1, 1), D(2026, 2, 1)), None),
        (
            (D(2026, 1, 1), D(2026, 2, 1)),
            (D(2026, 1, 1), D(2026, 4, 9)),
            PastEdit.FINISHED_IN_HISTORY,
        ),
        # A task running across the window's start keeps its start but may end later.
        ((D(2026, 2, 1), D(2026, 5, 1)), (D(2026, 2, 1), D(2026, 7, 1)), None),
        ((D(2026, 2, 1), D(2026, 5, 1)), (D(2026, 3, 1), D(2026, 5, 1)), PastEdit.START_IN_HISTORY),
        # Nothing moves into the past.
        ((D(2026, 5, 1), D(2026, 6, 1)), (D(2026, 3, 1), D(2026, 6, 1)), PastEdit.START_IN_HISTORY),
        ((D(2026, 2, 1), D(2026, 5, 1)), (D(2026, 2, 1), D(2026, 3, 1)), PastEdit.END_IN_HISTORY),
    ],
)
def test_months_before_the_window_are_read_only(
    before: tuple[datetime.date, datetime.date],
    after: tuple[datetime.date, datetime.date],
    problem: PastEdit | None,
) -> None:
    assert past_edit_problem(HORIZON, before, after) == problem
