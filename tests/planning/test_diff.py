"""Comparing two versions of the plan: what each kind of change looks like (no database)."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from maillage.engine.plan.diff import Change, diff_plans
from maillage.engine.plan.model import Plan, PlannedStep, PlannedTask, Staffing

D = datetime.date


def _plan(*tasks: PlannedTask, steps: tuple[PlannedStep, ...] = ()) -> Plan:
    return Plan(D(2026, 1, 1), 12, steps, tasks)


def _task(key: int, **fields: object) -> PlannedTask:
    base = PlannedTask(key=key, title=f"Tâche {key}", start=D(2026, 2, 1), end=D(2026, 3, 31))
    return replace(base, **fields)  # type: ignore[arg-type]


def test_identical_plans_have_no_difference() -> None:
    plan = _plan(_task(1), _task(2, people=(Staffing(7, "lead"),)))
    assert diff_plans(plan, plan).is_empty


def test_added_and_removed_tasks_are_listed_with_their_titles() -> None:
    diff = diff_plans(_plan(_task(1), _task(2)), _plan(_task(2), _task(3, title="Nouvelle")))

    assert [(c.key, c.title) for c in diff.tasks_with(Change.ADDED)] == [(3, "Nouvelle")]
    assert [(c.key, c.title) for c in diff.tasks_with(Change.REMOVED)] == [(1, "Tâche 1")]
    assert diff.counts()[Change.ADDED] == 1


def test_a_renamed_task_is_the_same_task() -> None:
    diff = diff_plans(_plan(_task(1)), _plan(_task(1, title="Autre titre")))
    assert [c.changes for c in diff.tasks] == [frozenset({Change.RENAMED})]


def test_each_kind_of_change_is_told_apart() -> None:
    old = _plan(_task(1), _task(2), _task(3), _task(4), _task(5))
    new = _plan(
        _task(1, end=D(2026, 4, 30)),
        _task(2, step=7),
        _task(3, people=(Staffing(8, "lead"),)),
        _task(4, budget_lines=(("ademe", Decimal("500")),)),
        _task(5, progress=50),
    )
    by_key = {change.key: change.changes for change in diff_plans(old, new).tasks}
    assert by_key == {
        1: {Change.REDATED},
        2: {Change.MOVED},
        3: {Change.RESTAFFED},
        4: {Change.BUDGET},
        5: {Change.PROGRESS},
    }


def test_one_task_can_change_in_several_ways_at_once() -> None:
    diff = diff_plans(
        _plan(_task(1)), _plan(_task(1, parent=9, start=D(2026, 1, 15), budget=Decimal(10)))
    )
    assert diff.tasks[0].changes == {Change.MOVED, Change.REDATED, Change.BUDGET}
    assert diff.tasks[0].before is not None and diff.tasks[0].before.start == D(2026, 2, 1)


def test_steps_added_removed_and_redated() -> None:
    first = PlannedStep(1, "Diagnostic", D(2026, 1, 1), D(2026, 3, 31))
    second = PlannedStep(2, "Plan d'actions", D(2026, 4, 1), D(2026, 6, 30))
    later = replace(first, end=D(2026, 4, 30))
    third = PlannedStep(3, "Évaluation", D(2026, 7, 1), D(2026, 12, 31))

    diff = diff_plans(_plan(steps=(first, second)), _plan(steps=(later, third)))

    assert {(s.key, frozenset(s.changes)) for s in diff.steps} == {
        (1, frozenset({Change.REDATED})),
        (3, frozenset({Change.ADDED})),
        (2, frozenset({Change.REMOVED})),
    }


def test_a_plan_survives_its_json_form_unchanged() -> None:
    plan = replace(
        _plan(
            _task(1, people=(Staffing(7, "lead"),), budget_lines=(("eu", Decimal("12.50")),)),
            _task(2, is_milestone=True, axis="A1", lead_organisation=3, predecessors=(1,)),
            steps=(PlannedStep(1, "Diagnostic", D(2026, 1, 1), D(2026, 3, 31)),),
        ),
        person_names={7: "Anne Martin"},
        organisation_names={3: "CC Brocéliande"},
    )
    again = Plan.from_json(plan.to_json())
    assert again == plan
    assert (again.person_names, again.organisation_names) == (
        {7: "Anne Martin"},
        {3: "CC Brocéliande"},
    )
    assert diff_plans(plan, Plan.from_json(plan.to_json())).is_empty


def test_a_dependency_cycle_is_found_with_its_chain() -> None:
    from maillage.engine.plan.dependencies import dependency_cycle

    others = {2: [1], 3: [2]}  # 1 → 2 → 3
    assert dependency_cycle(1, [3], others) == [1, 3, 2, 1]
    assert dependency_cycle(1, [1], others) == [1, 1]
    assert dependency_cycle(4, [3, 1], others) is None
    assert dependency_cycle(1, [], others) is None
    # The task's own former predecessors do not count: they are being replaced.
    assert dependency_cycle(2, [], {2: [1], 1: [2]}) is None


def test_people_are_compared_by_id_and_responsibility_code_never_by_name() -> None:
    old = replace(_plan(_task(1, people=(Staffing(7, "lead"),))), person_names={7: "Anne"})
    renamed = replace(old, person_names={7: "Anne Martin-Le Goff"})
    other_role = _plan(_task(1, people=(Staffing(7, "contributor"),)))
    other_order = _plan(_task(1, people=(Staffing(9, "lead"), Staffing(7, "lead"))))

    assert diff_plans(old, renamed).is_empty
    assert diff_plans(old, other_role).tasks[0].changes == {Change.RESTAFFED}
    assert diff_plans(other_order, replace(other_order, tasks=other_order.tasks)).is_empty


def test_another_lead_organisation_is_a_restaffing() -> None:
    diff = diff_plans(_plan(_task(1, lead_organisation=3)), _plan(_task(1, lead_organisation=4)))
    assert diff.tasks[0].changes == {Change.RESTAFFED}
