"""Time losses: governance load and its share, crowded tasks, work split into crumbs."""

from __future__ import annotations

import datetime

import pytest

from maillage.engine.analysis.findings import ObjectRef, catalogue_check
from maillage.engine.analysis.time_losses import (
    TIME_LOSS_RULES,
    Crumbs,
    GovernanceLoad,
    TaskCoordination,
    TimeLossThresholds,
    time_losses,
)
from maillage.engine.snapshot import Assignment, Body, Person, ProjectSnapshot, Task

D = datetime.date
MONTHS = tuple(D(2027, m, 1) for m in range(1, 7))
FIRST_DAY, LAST_DAY = D(2027, 1, 1), D(2027, 6, 30)


def person(person_id: int, days: float = 10.0) -> Person:
    return Person(person_id, f"Personne {person_id}", "agent", availability=(days,) * 6)


def project(**fields: object) -> ProjectSnapshot:
    return ProjectSnapshot(1, "PAT", "pat", MONTHS, (1, 2, 3, 4), **fields)  # type: ignore[arg-type]


def task(task_id: int, start: D = FIRST_DAY, end: D = LAST_DAY, **fields: object) -> Task:
    return Task(task_id, f"Tâche {task_id}", start, end, **fields)  # type: ignore[arg-type]


def codes(report) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(f.code, f.object_id) for f in report.findings]


def test_governance_load_and_its_share_of_available_time():
    # COPIL: 4 meetings x 1.5 day a year = 0.5 d/month; COTECH: 12 x 1 day = 1 d/month.
    copil = Body(1, "COPIL", "copil", 4, 1.5, member_ids=(1, 2))
    cotech = Body(2, "COTECH", "cotech", 12, 1.0, member_ids=(1,))
    report = time_losses(
        project(people=(person(1, 5.0), person(2, 4.0), person(3)), bodies=(copil, cotech))
    )
    assert report.governance == (
        GovernanceLoad(1, (1, 2), 1.5, 5.0, pytest.approx(0.3)),  # type: ignore[arg-type]
        GovernanceLoad(2, (1,), 0.5, 4.0, 0.125),
    )
    [finding] = report.findings
    assert (finding.code, finding.object_id) == ("GOVERNANCE_LOAD_HIGH", 1)
    assert finding.message_fr == (
        "Personne 1 passe 1,5 j/mois en instances, soit 30 % de son temps disponible (5 j/mois)."
    )
    assert set(finding.related) == {ObjectRef("body", 1), ObjectRef("body", 2)}
    relaxed = TimeLossThresholds(governance_share=0.3)
    assert (
        time_losses(project(people=(person(1, 5.0),), bodies=(copil, cotech)), relaxed).findings
        == ()
    )


def test_governance_without_any_available_day_is_flagged():
    copil = Body(1, "COPIL", "copil", 4, 0.5, member_ids=(1,))
    report = time_losses(project(people=(person(1, 0.0),), bodies=(copil,)))
    assert report.governance[0].share is None
    assert codes(report) == [("GOVERNANCE_LOAD_HIGH", 1)]


def test_coordination_channels_grow_as_n_n_minus_one_over_two():
    people = tuple(person(i) for i in range(1, 9))
    crowded = [Assignment(i, 1, i, "contributor", 1.0) for i in range(1, 8)]  # 7 people
    duo = [Assignment(20, 2, 1, "lead", 1.0), Assignment(21, 2, 2, "contributor", 1.0)]
    # Consulted and informed people are not counted; nor is someone listed twice.
    extra = [Assignment(30, 2, 3, "informed", 0.0), Assignment(31, 2, 1, "contributor", 1.0)]
    report = time_losses(
        project(people=people, tasks=(task(1), task(2)), assignments=(*crowded, *duo, *extra))
    )
    assert report.coordination == (TaskCoordination(1, 7, 21), TaskCoordination(2, 2, 1))
    assert codes(report) == [("TASK_TOO_MANY_CONTRIBUTORS", 1)]
    assert (
        report.findings[0].message_en
        == '7 people work on task "Tâche 1": 21 coordination channels.'
    )
    assert (
        time_losses(
            project(people=people, tasks=(task(1),), assignments=tuple(crowded)),
            TimeLossThresholds(max_contributors=7),
        ).findings
        == ()
    )


def test_work_split_into_crumbs():
    tasks = (
        task(1),
        task(2),
        task(3),
        task(4, end=D(2027, 2, 28)),  # January and February only
        task(5),  # 1 day a month is not a crumb
    )
    assignments = tuple(
        Assignment(i, i, 1, "contributor", 1.0 if i == 5 else 0.5) for i in range(1, 6)
    )
    report = time_losses(project(people=(person(1),), tasks=tasks, assignments=assignments))
    assert report.crumbs == (Crumbs(1, D(2027, 1, 1), (1, 2, 3, 4), 2),)
    [finding] = report.findings
    assert (finding.code, finding.month) == ("WORK_IN_CRUMBS", D(2027, 1, 1))
    assert finding.message_fr == (
        "Personne 1 a 4 tâches de moins de 1 j/mois en janvier 2027 (2 mois concernés) : "
        "travail en miettes."
    )
    looser = TimeLossThresholds(crumb_tasks=3)
    assert (
        time_losses(project(people=(person(1),), tasks=tasks, assignments=assignments), looser)
        .crumbs[0]
        .months_affected
        == 6
    )
    stricter = TimeLossThresholds(crumb_days=0.5)
    assert (
        time_losses(
            project(people=(person(1),), tasks=tasks, assignments=assignments), stricter
        ).findings
        == ()
    )


def test_cancelled_tasks_and_milestones_are_not_crumbs():
    tasks = (
        task(1),
        task(2),
        task(3, status="cancelled"),
        task(4, is_milestone=True, end=D(2027, 1, 1)),
    )
    assignments = tuple(Assignment(i, i, 1, "contributor", 0.5) for i in range(1, 5))
    report = time_losses(project(people=(person(1),), tasks=tasks, assignments=assignments))
    assert report.crumbs == () and report.findings == ()


def test_catalogue_renders():
    catalogue_check(TIME_LOSS_RULES)
