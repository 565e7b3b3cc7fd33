"""Gaps on hand-computed projects: the structural view (max flow) and the mobilised view."""

from __future__ import annotations

import datetime

import pytest

from maillage.engine.analysis.gaps import analyse_gaps, cover
from maillage.engine.snapshot import Body
from tests.engine.conftest import assign, holds, need, person, snapshot, task

A, B, C, D = 1, 2, 3, 4  # competencies


def monthly(value: float) -> tuple[float, ...]:
    return (value,) * 12


def test_structural_gap_counts_a_multi_skilled_person_once():
    # One person holds both competencies with 5 days: a per-competency sum would see 5 + 5
    # days of supply for 4 + 4 days of need, but the person can only give 5 days in all.
    project = snapshot(
        people=[person(1, 5.0)],
        assessments=holds(1, (A, 3), (B, 3)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 2, 4.0), need(2, 1, B, 2, 4.0)],
    )
    structural = analyse_gaps(project).structural
    assert structural.by_month.gap == pytest.approx(monthly(3.0))
    assert structural.by_month.covered == pytest.approx(monthly(5.0))
    per_competency = {s.key: s.total_gap for s in structural.by_competency}
    assert sum(per_competency.values()) == pytest.approx(36.0)


def test_people_below_the_minimum_level_do_not_count():
    project = snapshot(
        people=[person(1, 5.0), person(2, 10.0)],
        assessments=holds(1, (A, 3), (B, 3)) + holds(2, (A, 1), (B, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 2, 4.0), need(2, 1, B, 2, 4.0)],
    )
    assert analyse_gaps(project).structural.by_month.gap == pytest.approx(monthly(3.0))


def test_structural_flow_of_a_class_is_shared_pro_rata_of_its_needs():
    project = snapshot(
        people=[person(1, 3.0)],
        assessments=holds(1, (A, 2)),
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 2, 4.0), need(2, 2, A, 2, 2.0)],
    )
    by_need = {n.need_id: n for n in analyse_gaps(project).structural.by_need}
    assert by_need[1].covered == pytest.approx(monthly(2.0))
    assert by_need[2].covered == pytest.approx(monthly(1.0))
    assert by_need[1].gap == pytest.approx(monthly(2.0))
    assert by_need[2].gap == pytest.approx(monthly(1.0))


def test_structural_gap_is_zero_when_people_can_be_rearranged():
    # Person 1 could do A or B, person 2 only A: the flow sends 2 to A and 1 to B.
    project = snapshot(
        people=[person(1, 1.0), person(2, 2.0)],
        assessments=holds(1, (A, 1), (B, 1)) + holds(2, (A, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 1, 2.0), need(2, 1, B, 1, 1.0)],
    )
    assert analyse_gaps(project).structural.total_gap == pytest.approx(0.0)


def test_mobilised_gap_reroutes_assigned_days_to_cover_both_needs():
    # Person 1 (A and B) and person 2 (A only) are both assigned 2 days: the only full
    # coverage puts person 2 on A and person 1 on B, whatever order they are looked at.
    project = snapshot(
        people=[person(1), person(2)],
        assessments=holds(1, (A, 2), (B, 1)) + holds(2, (A, 2)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 2, 2.0), need(2, 1, B, 1, 2.0)],
        assignments=[assign(1, 1, 1, 2.0, "lead"), assign(2, 1, 2, 2.0)],
    )
    mobilised = analyse_gaps(project).mobilised
    assert mobilised.total_gap == pytest.approx(0.0)


def test_mobilised_days_go_to_the_highest_level_need_first():
    project = snapshot(
        people=[person(1)],
        assessments=holds(1, (A, 3), (B, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 3, 3.0), need(2, 1, B, 1, 3.0)],
        assignments=[assign(1, 1, 1, 4.0, "lead")],
    )
    by_need = {n.need_id: n for n in analyse_gaps(project).mobilised.by_need}
    assert by_need[1].covered == pytest.approx(monthly(3.0))
    assert by_need[2].covered == pytest.approx(monthly(1.0))
    assert by_need[2].gap == pytest.approx(monthly(2.0))


def test_an_assigned_person_without_the_level_covers_nothing():
    project = snapshot(
        people=[person(1)],
        assessments=holds(1, (A, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 2, 2.0)],
        assignments=[assign(1, 1, 1, 2.0, "lead")],
    )
    gaps = analyse_gaps(project)
    assert gaps.mobilised.by_month.gap == pytest.approx(monthly(2.0))
    assert gaps.structural.by_month.gap == pytest.approx(monthly(2.0))


def test_an_over_allocated_person_counts_pro_rata_of_their_capacity():
    # 6 days available minus 12 meetings a year of 2 days: 4 days a month for tasks,
    # assigned 4 + 4: each assignment counts for half.
    copil = Body(1, "COPIL", "copil", meetings_per_year=12, meeting_days=2.0, member_ids=(1,))
    project = snapshot(
        people=[person(1, 6.0)],
        assessments=holds(1, (A, 1)),
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 1, 4.0), need(2, 2, A, 1, 4.0)],
        assignments=[assign(1, 1, 1, 4.0, "lead"), assign(2, 2, 1, 4.0, "lead")],
        bodies=[copil],
    )
    gaps = analyse_gaps(project)
    by_need = {n.need_id: n for n in gaps.mobilised.by_need}
    assert by_need[1].covered == pytest.approx(monthly(2.0))
    assert by_need[2].covered == pytest.approx(monthly(2.0))
    assert gaps.structural.by_month.gap == pytest.approx(monthly(4.0))


def test_over_allocation_only_scales_the_months_where_it_happens():
    project = snapshot(
        people=[person(1, availability=(4.0,) + (10.0,) * 11)],
        assessments=holds(1, (A, 1)),
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 1, 4.0), need(2, 2, A, 1, 4.0)],
        assignments=[assign(1, 1, 1, 4.0), assign(2, 2, 1, 4.0)],
    )
    covered = analyse_gaps(project).mobilised.by_month.covered
    assert covered == pytest.approx((4.0,) + (8.0,) * 11)


def test_zero_day_and_outside_assignments_cover_nothing():
    project = snapshot(
        people=[person(1), person(2, in_project=False)],
        assessments=holds(1, (A, 4)) + holds(2, (A, 4)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 1, 3.0)],
        assignments=[assign(1, 1, 1, 0.0, "informed"), assign(2, 1, 2, 3.0, "lead")],
    )
    gaps = analyse_gaps(project)
    assert gaps.mobilised.by_month.gap == pytest.approx(monthly(3.0))
    assert gaps.structural.by_month.gap == pytest.approx(monthly(0.0))


def test_a_task_covering_part_of_a_month_needs_that_part():
    half_january = task(1, datetime.date(2027, 1, 1), datetime.date(2027, 1, 15))
    project = snapshot(
        people=[person(1)],
        assessments=holds(1, (A, 1)),
        tasks=[half_january],
        needs=[need(1, 1, A, 1, 3.1)],
        assignments=[assign(1, 1, 1, 3.1)],
    )
    (row,) = analyse_gaps(project).mobilised.by_need
    assert row.need == pytest.approx((1.5,) + (0.0,) * 11)
    assert row.covered == pytest.approx((1.5,) + (0.0,) * 11)


def test_needs_nobody_in_the_project_holds_name_the_outside_holders():
    project = snapshot(
        people=[
            person(1),
            person(2, in_project=False),
            person(3, in_project=False),
        ],
        assessments=holds(1, (C, 2), (A, 1)) + holds(2, (C, 4)) + holds(3, (C, 1)),
        tasks=[task(1)],
        needs=[need(1, 1, C, 3, 1.0), need(2, 1, D, 1, 2.0), need(3, 1, A, 1, 1.0)],
    )
    gaps = analyse_gaps(project)
    assert {u.need_id for u in gaps.unheld} == {1, 2}
    (outside,) = gaps.held_outside
    assert (outside.need_id, outside.outside_holder_ids) == (1, (2,))
    assert outside.days == pytest.approx(12.0)
    assert [u.need_id for u in gaps.held_by_nobody] == [2]


def test_gaps_are_summed_per_axis_and_lead_organisation():
    project = snapshot(
        people=[person(1, 1.0)],
        assessments=holds(1, (A, 1)),
        tasks=[task(1, axis=7, organisation=20), task(2, axis=8), task(3, axis=7)],
        needs=[need(1, 1, A, 1, 2.0), need(2, 2, B, 1, 3.0), need(3, 3, B, 1, 1.0)],
    )
    structural = analyse_gaps(project).structural
    by_axis = {s.key: s.total_gap for s in structural.by_axis}
    by_organisation = {s.key: s.total_gap for s in structural.by_organisation}
    assert by_axis == pytest.approx({7: 12 * (1.0 + 1.0), 8: 12 * 3.0})
    assert by_organisation == pytest.approx({20: 12 * 1.0, None: 12 * 4.0})
    assert [s.key for s in structural.by_organisation] == [20, None]


def test_cover_serves_demands_in_order_and_reaches_the_maximum():
    # Supply 0 can serve both demands, supply 1 only demand 0: greedy would starve demand 1.
    assert cover([2.0, 2.0], [2.0, 2.0], [[0, 1], [0]]) == pytest.approx([2.0, 2.0])
    assert cover([3.0], [2.0, 2.0], [[0], [0]]) == pytest.approx([2.0, 1.0])
    assert cover([1.0, 1.0], [5.0], [[1]]) == pytest.approx([1.0])
