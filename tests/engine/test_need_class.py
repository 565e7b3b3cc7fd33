"""The balance of one need class: qualified people, days needed and covered per month."""

from __future__ import annotations

import datetime

import pytest

from maillage.engine.analysis.need_class import PREVIEW_ID, class_balance, with_need
from maillage.engine.snapshot import Need
from tests.engine.conftest import holds, need, person, snapshot, task

A, B = 1, 2


def test_it_counts_the_stricter_needs_of_the_competency_and_the_qualified_peoples_time():
    project = snapshot(
        people=[person(1, 5.0), person(2, 3.0), person(3, 8.0)],
        assessments=holds(1, (A, 3)) + holds(2, (A, 2)) + holds(3, (A, 1)),
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 2, 4.0), need(2, 2, A, 3, 2.0), need(3, 2, A, 1, 9.0)],
    )
    balance = class_balance(project, A, 2, months=[0])
    assert balance.qualified_ids == (1, 2)
    (january,) = balance.months
    assert january.needed == pytest.approx(6.0)  # levels 2 and 3, not the level 1 need
    assert january.available == pytest.approx(8.0)
    assert january.covered == pytest.approx(6.0)
    assert january.gap == pytest.approx(0.0)


def test_time_a_person_gives_to_another_competency_is_not_counted_twice():
    # Person 1 is the only holder of both competencies, with 5 days: B takes 4 of them.
    project = snapshot(
        people=[person(1, 5.0)],
        assessments=holds(1, (A, 3), (B, 3)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 2, 4.0), need(2, 1, B, 2, 4.0)],
    )
    (a_month,) = class_balance(project, A, 2, months=[0]).months
    (b_month,) = class_balance(project, B, 2, months=[0]).months
    assert a_month.available == pytest.approx(5.0)
    # The one maximum flow shares the 5 days between both classes: 3 days are missing in all.
    assert a_month.covered + b_month.covered == pytest.approx(5.0)
    assert a_month.gap + b_month.gap == pytest.approx(3.0)


def test_a_previewed_need_on_a_new_task_counts_in_its_months_only():
    base = snapshot(people=[person(1, 2.0)], assessments=holds(1, (A, 2)))
    new_task = task(PREVIEW_ID, datetime.date(2027, 3, 1), datetime.date(2027, 4, 30))
    previewed = with_need(base, Need(PREVIEW_ID, PREVIEW_ID, A, 2, 3.0), new_task)
    balance = class_balance(previewed, A, 2)
    needed = [m.needed for m in balance.months]
    assert needed[2:4] == pytest.approx([3.0, 3.0])
    assert sum(needed) == pytest.approx(6.0)
    assert balance.months[2].gap == pytest.approx(1.0)


def test_an_edited_need_replaces_the_saved_one():
    project = snapshot(
        people=[person(1, 10.0)],
        assessments=holds(1, (A, 3)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 2, 4.0)],
    )
    edited = with_need(project, need(1, 1, A, 2, 1.5))
    assert class_balance(edited, A, 2, months=[5]).months[0].needed == pytest.approx(1.5)


def test_nobody_qualifies_above_the_best_level():
    project = snapshot(
        people=[person(1, 10.0)],
        assessments=holds(1, (A, 2)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 4, 1.0)],
    )
    balance = class_balance(project, A, 4, months=[0])
    assert balance.qualified_ids == ()
    assert balance.months[0].available == 0.0
    assert balance.months[0].gap == pytest.approx(1.0)
