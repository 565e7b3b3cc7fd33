"""The staffing optimiser: the hard rules on every plan, exact optima on tiny instances checked
by brute force, locks, explanations, progress and cancellation."""

from __future__ import annotations

import dataclasses
import datetime
import json
import random

import pytest

from maillage.engine.generate import generate_project
from maillage.engine.snapshot import Assessment, Assignment, Employment, Organisation, Person
from maillage.engine.staffing import (
    FitWeights,
    InfeasibleLock,
    StaffingCancelled,
    StaffingOptions,
    greedy_result,
    optimise,
    result_to_json,
)
from maillage.engine.timeline import capacities, task_month_fractions
from tests.engine.conftest import holds, need, person, snapshot, task
from tests.engine.test_staffing_checks import assert_feasible, brute_force

A, B = 1, 2  # competencies
JAN_1, JAN_31 = datetime.date(2027, 1, 1), datetime.date(2027, 1, 31)
NO_REMEDIES = StaffingOptions(remedies=False)


def january_only(days: float) -> tuple[float, ...]:
    return (days,) + (0.0,) * 11


def random_instance(seed: int):
    """Two or three people, two January tasks with one or two needs each, whole days."""
    rng = random.Random(seed)
    organisations = (
        Organisation(1, "Inside", "epci", 1),
        Organisation(2, "Outside", "epci", 1, False),
    )
    people, assessments = [], []
    for pid in range(1, rng.randint(2, 3) + 1):
        org = rng.choice((None, 1, 2))
        employments = () if org is None else (Employment(org, 1.0),)
        people.append(Person(pid, f"P{pid}", "agent", employments, january_only(rng.randint(0, 3))))
        for competency in (A, B):
            level = rng.randint(0, 3)
            if level:
                assessments.append(
                    Assessment(pid, competency, level, rng.randint(1, 4), rng.randint(1, 4))
                )
    tasks, needs = [], []
    nid = 1
    for tid in (1, 2):
        tasks.append(
            dataclasses.replace(
                task(tid, JAN_1, JAN_31), lead_organisation_id=rng.choice((None, 1, 2))
            )
        )
        for competency in rng.sample((A, B), rng.randint(1, 2)):
            needs.append(need(nid, tid, competency, rng.randint(1, 2), float(rng.randint(1, 3))))
            nid += 1
    snap = snapshot(people=people, assessments=assessments, tasks=tasks, needs=needs)
    return dataclasses.replace(snap, organisations=organisations), rng.randint(1, 3)


@pytest.mark.parametrize("seed", range(25))
def test_the_exact_model_reaches_the_brute_force_optimum(seed):
    snap, k = random_instance(seed)
    options = StaffingOptions(max_people_per_task=k, remedies=False)
    result = optimise(snap, options)
    assert_feasible(snap, result, options)
    best_cover, best_score = brute_force(snap, options)
    assert result.proven_optimal
    assert result.score == pytest.approx(best_score)
    assert result.objective <= best_cover + 1e-9


@pytest.mark.parametrize("seed", range(25))
def test_without_a_binding_k_the_flow_plan_covers_the_bound_and_the_brute_force_maximum(seed):
    snap, _ = random_instance(seed)
    options = StaffingOptions(max_people_per_task=10, exact_max_variables=0, remedies=False)
    result = optimise(snap, options)
    assert_feasible(snap, result, options)
    best_cover, _ = brute_force(snap, options)
    assert result.objective == pytest.approx(best_cover)
    assert result.objective == pytest.approx(result.bound)


@pytest.mark.parametrize("seed", range(25))
def test_the_flow_plan_with_k_and_the_greedy_baseline_are_feasible_and_below_the_optimum(seed):
    snap, k = random_instance(seed)
    options = StaffingOptions(max_people_per_task=k, exact_max_variables=0, remedies=False)
    heuristic = optimise(snap, options)
    greedy = greedy_result(snap, options)
    exact = optimise(snap, dataclasses.replace(options, exact_max_variables=10_000))
    for result in (heuristic, greedy, exact):
        assert_feasible(snap, result, options)
    assert greedy.score <= exact.score + 1e-9
    assert heuristic.score <= exact.score + 1e-9
    assert greedy.objective <= exact.bound + 1e-9


def test_hand_computed_plan_prefers_fit_then_few_people():
    # Need: 4 days of A at level 2 in January. Person 1 (level 3) has 4 days; person 2
    # (level 2) too, both with motivation and legitimacy 3. Either could cover it; one person
    # suffices and person 1 fits better: 6 points a day (2 for the level above, 2 + 2 for
    # motivation and legitimacy) against 4.
    snap = snapshot(
        people=[person(1, availability=january_only(4)), person(2, availability=january_only(4))],
        assessments=[*holds(2, (A, 2)), Assessment(1, A, 3, 3, 3)],
        tasks=[task(1, JAN_1, JAN_31)],
        needs=[need(1, 1, A, 2, 4.0)],
    )
    for exact in (0, 10_000):
        options = StaffingOptions(exact_max_variables=exact, remedies=False)
        result = optimise(snap, options)
        assert_feasible(snap, result, options)
        assert [(a.person_id, a.total_days) for a in result.assignments] == [(1, 4.0)]
        assert result.objective == 4.0
        assert result.bound == 4.0
        assert result.gap_percent == 0.0
        # 100 per day covered + 6 fit points per day - 2 for one person on the task.
        assert result.score == pytest.approx(4 * 106 - 2)


def test_the_k_rule_limits_people_per_task_and_explains_the_rest():
    # One task needs 3 days of A and 3 of B in January; person 1 holds A only, person 2 B only.
    snap = snapshot(
        people=[person(1, availability=january_only(3)), person(2, availability=january_only(3))],
        assessments=holds(1, (A, 2)) + holds(2, (B, 2)),
        tasks=[task(1, JAN_1, JAN_31)],
        needs=[need(1, 1, A, 1, 3.0), need(2, 1, B, 1, 3.0)],
    )
    options = StaffingOptions(max_people_per_task=1, remedies=False)
    result = optimise(snap, options)
    assert_feasible(snap, result, options)
    assert result.objective == 3.0
    assert result.bound == 6.0  # the relaxation without K
    assert result.gap_percent == pytest.approx(50.0)
    [unmet] = result.unmet
    assert unmet.total_days == 3.0
    [reason] = unmet.reasons
    assert reason.code == "STAFF_UNMET_PEOPLE_LIMIT"
    assert reason.param("limit") == 1
    assert "limit 1" in reason.message_en and "limite 1" in reason.message_fr


def test_uncovered_needs_say_whether_nobody_holds_the_level_or_nobody_has_time():
    snap = snapshot(
        people=[
            person(1, availability=january_only(2)),
            person(9, availability=january_only(5), in_project=False),
        ],
        assessments=holds(1, (A, 2)) + holds(9, (B, 3)),
        tasks=[task(1, JAN_1, JAN_31)],
        needs=[need(1, 1, A, 1, 5.0), need(2, 1, B, 3, 1.0)],
    )
    result = optimise(snap, NO_REMEDIES)
    assert_feasible(snap, result, NO_REMEDIES)
    reasons = {u.need_id: u.reasons[0] for u in result.unmet}
    assert reasons[1].code == "STAFF_UNMET_NO_TIME"
    assert reasons[1].param("days") == 3.0
    assert reasons[2].code == "STAFF_UNMET_NO_QUALIFIED"
    assert reasons[2].param("outside") == 1  # person 9, outside the project, holds B at 3
    assert reasons[1].month == JAN_1


def test_an_assignment_says_why_this_person():
    snap = snapshot(
        people=[person(1, organisation=7, availability=january_only(4))],
        assessments=[Assessment(1, A, 3, 4, 2)],
        tasks=[dataclasses.replace(task(1, JAN_1, JAN_31), lead_organisation_id=7)],
        needs=[need(1, 1, A, 2, 2.0)],
    )
    snap = dataclasses.replace(snap, organisations=(Organisation(7, "Mairie", "commune", 1),))
    [row] = optimise(snap, NO_REMEDIES).assignments
    reason = row.explanation
    assert reason.code == "STAFF_ASSIGNED_LEAD_ORGANISATION"
    assert (reason.param("level"), reason.param("min_level")) == (3, 2)
    assert (reason.param("motivation"), reason.param("legitimacy")) == (4, 2)
    assert reason.param("available") == 4.0
    assert "Mairie" in reason.message_fr and "lead organisation" in reason.message_en


def locked(aid, task_id, person_id, days):
    return Assignment(aid, task_id, person_id, "contributor", days, is_locked=True)


def test_locked_assignments_are_kept_and_their_days_counted():
    # Person 2 fits better, but person 1 is locked on task 1 at 1 day a month. Person 1 then
    # has 2 days left each month, which task 2 uses.
    snap = snapshot(
        people=[person(1, 3.0), person(2, 3.0)],
        assessments=[*holds(1, (A, 2)), Assessment(2, A, 4, 4, 4)],
        tasks=[task(1), task(2)],
        needs=[need(1, 1, A, 1, 1.0), need(2, 2, A, 1, 5.0)],
        assignments=[locked(10, 1, 1, 1.0)],
    )
    options = StaffingOptions(remedies=False)
    result = optimise(snap, options)
    assert_feasible(snap, result, options)
    rows = {(a.person_id, a.task_id, a.locked): a.days for a in result.assignments}
    assert rows[(1, 1, True)] == (1.0,) * 12
    assert (2, 1, False) not in rows
    assert rows[(2, 2, False)] == (3.0,) * 12
    assert rows[(1, 2, False)] == (2.0,) * 12
    assert result.objective == pytest.approx(72.0)
    assert result.bound == pytest.approx(72.0)
    assert result.assignments[0].explanation.code == "STAFF_LOCKED"


@pytest.mark.parametrize(
    ("assignments", "code", "words"),
    [
        ([locked(10, 1, 1, 4.0)], "LOCK_OVER_CAPACITY", ("#10", "Person 1")),
        ([locked(11, 1, 2, 1.0)], "LOCK_PERSON_NOT_QUALIFIED", ("#11", "Person 2", "Task 1")),
        ([locked(12, 1, 9, 1.0)], "LOCK_PERSON_NOT_IN_PROJECT", ("#12", "Person 9")),
        (
            [locked(13, 1, 1, 1.0), locked(14, 1, 3, 1.0)],
            "LOCK_TOO_MANY_PEOPLE",
            ("Task 1", "2 locked people", "limit of 1"),
        ),
    ],
)
def test_an_infeasible_lock_gives_a_clear_message_naming_it(assignments, code, words):
    snap = snapshot(
        people=[person(1, 3.0), person(2, 3.0), person(3, 3.0), person(9, 3.0, in_project=False)],
        assessments=holds(1, (A, 2)) + holds(2, (B, 2)) + holds(3, (A, 2)) + holds(9, (A, 2)),
        tasks=[task(1)],
        needs=[need(1, 1, A, 1, 2.0)],
        assignments=assignments,
    )
    with pytest.raises(InfeasibleLock) as error:
        optimise(snap, StaffingOptions(max_people_per_task=1, remedies=False))
    assert error.value.code == code
    for word in words:
        assert word in error.value.message_en
    assert error.value.message_fr != error.value.message_en
    assert str(error.value) == error.value.message_en


def lock_some(snap, count):
    """Lock up to `count` generated assignments that can be kept (qualified, within capacity)."""
    cap = capacities(snap)
    tasks = {t.id: t for t in snap.tasks}
    levels = {(a.person_id, a.competency_id): a.level for a in snap.assessments}
    needs_of = {}
    for n in snap.needs:
        needs_of.setdefault(n.task_id, []).append(n)
    in_project = {p.id for p in snap.people if p.in_project}
    chosen, used = set(), set()
    for a in snap.assignments:
        if len(chosen) == count:
            break
        if a.days_per_month <= 0 or a.person_id in used or a.person_id not in in_project:
            continue
        if not any(
            levels.get((a.person_id, n.competency_id), 0) >= n.min_level
            for n in needs_of.get(a.task_id, [])
        ):
            continue
        fractions = task_month_fractions(tasks[a.task_id], snap.months)
        if all(a.days_per_month * f <= c for f, c in zip(fractions, cap[a.person_id], strict=True)):
            chosen.add(a.id)
            used.add(a.person_id)
    return dataclasses.replace(
        snap,
        assignments=tuple(
            dataclasses.replace(a, is_locked=a.id in chosen) for a in snap.assignments
        ),
    ), chosen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_hard_rule_holds_on_generated_projects_with_locks(seed):
    snap = generate_project(people=80, tasks=120, competencies=20, seed=seed)
    snap, chosen = lock_some(snap, 8)
    assert len(chosen) == 8
    for k in (2, 6):
        options = StaffingOptions(max_people_per_task=k, exact_max_variables=0, remedies=False)
        result = optimise(snap, options)
        assert_feasible(snap, result, options)
        greedy = greedy_result(snap, options)
        assert_feasible(snap, greedy, options)
        assert greedy.objective <= result.bound + 1e-9
        assert result.objective >= greedy.objective
        assert result.bound <= result.unlocked_bound + 0.05 * len(snap.needs)
        # Locked days show on the needs they cover (a lock on needs already covered by an
        # earlier lock shows none, but still takes the person's time: assert_feasible).
        locked_pairs = {(a.person_id, a.task_id) for a in result.assignments if a.locked}
        chosen_pairs = {(a.person_id, a.task_id) for a in snap.assignments if a.id in chosen}
        assert locked_pairs <= chosen_pairs
        assert len(locked_pairs) >= len(chosen_pairs) // 2


def test_the_plan_is_within_one_percent_of_the_bound_on_a_generated_project():
    snap = generate_project(people=120, tasks=180, competencies=30, seed=5)
    options = StaffingOptions(exact_max_variables=0, remedies=False)
    result = optimise(snap, options)
    assert_feasible(snap, result, options)
    assert result.gap_percent < 1.0
    assert result.bound == pytest.approx(result.unlocked_bound, abs=0.05)


def test_progress_is_reported_and_a_stop_request_cancels():
    snap = generate_project(people=40, tasks=50, competencies=10, seed=2)
    seen = []
    optimise(snap, NO_REMEDIES, progress=lambda fraction, label: seen.append((fraction, label)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and all(isinstance(label, str) for _, label in seen)
    with pytest.raises(StaffingCancelled):
        optimise(snap, NO_REMEDIES, should_stop=lambda: True)


def test_weights_are_configurable():
    # With a heavy motivation weight the motivated person gets the need instead of the expert.
    snap = snapshot(
        people=[person(1, availability=january_only(2)), person(2, availability=january_only(2))],
        assessments=[Assessment(1, A, 4, 1, 1), Assessment(2, A, 2, 4, 1)],
        tasks=[task(1, JAN_1, JAN_31)],
        needs=[need(1, 1, A, 2, 2.0)],
    )
    default = optimise(snap, NO_REMEDIES)
    motivated = optimise(snap, StaffingOptions(weights=FitWeights(motivation=5.0), remedies=False))
    assert [a.person_id for a in default.assignments] == [1]
    assert [a.person_id for a in motivated.assignments] == [2]


def test_result_to_json_is_plain_data():
    snap = generate_project(people=40, tasks=50, competencies=10, seed=3)
    result = optimise(snap, StaffingOptions(remedy_gaps=2))
    data = json.loads(json.dumps(result_to_json(result)))
    assert {"objective", "bound", "gap_percent", "assignments", "unmet", "remedies"} <= set(data)
    assert data["objective"] == round(result.objective, 2)
    assert data["bound"] == round(result.bound, 2)
    assert len(data["assignments"]) == len(result.assignments)
    first = data["assignments"][0]
    assert len(first["days_by_month"]) == len(snap.months)
    assert first["reason"]["message_fr"] and first["reason"]["message_en"]
    assert all(u["reasons"] for u in data["unmet"])


def test_an_empty_project_has_an_empty_plan():
    result = optimise(snapshot(), NO_REMEDIES)
    assert (result.objective, result.bound, result.gap_percent) == (0.0, 0.0, 0.0)
    assert result.assignments == () and result.unmet == ()
