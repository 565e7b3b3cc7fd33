"""Time losses: governance load, coordination overhead of crowded tasks, work split into crumbs.

Thresholds are configurable (`TimeLossThresholds`); defaults are documented in
docs/algorithms/analysis.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from maillage.engine.analysis.findings import Finding, ObjectRef, Rule, sorted_findings
from maillage.engine.snapshot import ProjectSnapshot
from maillage.engine.timeline import body_people, governance_days_per_month, task_month_fractions

WORKING_RESPONSIBILITIES = frozenset({"lead", "contributor"})


@dataclass(frozen=True, slots=True)
class TimeLossThresholds:
    governance_share: float = 0.25  # governance above this share of a person's available days
    max_contributors: int = 6  # more people working on one task than this (15 channels)
    crumb_days: float = 1.0  # an assignment under this many days a month is a crumb
    crumb_tasks: int = 4  # this many crumbs running in the same month is fragmented work


@dataclass(frozen=True, slots=True)
class GovernanceLoad:
    """A person's days per month in governance bodies and their share of the days available."""

    person_id: int
    body_ids: tuple[int, ...]
    days_per_month: float
    available_per_month: float  # mean over the horizon
    share: float | None  # days_per_month / available_per_month; None when nothing is available


@dataclass(frozen=True, slots=True)
class TaskCoordination:
    """People working on a task and the pairwise channels between them, n(n-1)/2."""

    task_id: int
    people: int
    channels: int


@dataclass(frozen=True, slots=True)
class Crumbs:
    """A person's month with the most tasks of under `crumb_days` days a month."""

    person_id: int
    month: datetime.date
    task_ids: tuple[int, ...]
    months_affected: int  # months reaching the threshold


@dataclass(frozen=True, slots=True)
class TimeLossReport:
    governance: tuple[GovernanceLoad, ...]  # everyone who sits in a body, heaviest share first
    coordination: tuple[TaskCoordination, ...]  # tasks with two people or more, most channels first
    crumbs: tuple[Crumbs, ...]  # people reaching the crumb threshold in at least one month
    findings: tuple[Finding, ...]


TIME_LOSS_RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "GOVERNANCE_LOAD_HIGH",
            "warning",
            "person",
            "Governance meetings take more than the threshold share (default 25 %) of the days "
            "a person has for the project, or some of them while none is available.",
            "{person} passe {days} j/mois en instances, soit {percent} % de son temps disponible "
            "({available} j/mois).",
            "{person} spends {days} d/month in governance bodies, {percent} % of their available "
            "time ({available} d/month).",
            ("available", "days", "percent", "person"),
        ),
        Rule(
            "TASK_TOO_MANY_CONTRIBUTORS",
            "warning",
            "task",
            "More people work on a task (leads and contributors) than the threshold (default 6): "
            "coordination channels grow as n(n-1)/2.",
            "{people} personnes travaillent sur la tâche « {task} » : {channels} canaux de "
            "coordination.",
            '{people} people work on task "{task}": {channels} coordination channels.',
            ("channels", "people", "task"),
        ),
        Rule(
            "WORK_IN_CRUMBS",
            "warning",
            "person",
            "In a month, a person has at least the threshold number (default 4) of tasks of under "
            "the threshold days (default 1) a month: work split into crumbs.",
            "{person} a {count} tâches de moins de {days} j/mois en {month} ({months} mois "
            "concernés) : travail en miettes.",
            "{person} has {count} tasks of under {days} d/month in {month} ({months} months "
            "affected): work split into crumbs.",
            ("count", "days", "months", "person"),
        ),
    )
}


def governance_loads(snapshot: ProjectSnapshot) -> list[GovernanceLoad]:
    load = governance_days_per_month(snapshot.bodies)
    bodies: dict[int, list[int]] = defaultdict(list)
    for body in snapshot.bodies:
        for person_id in sorted(body_people(body)):
            bodies[person_id].append(body.id)
    months = len(snapshot.months)
    result = []
    for person in snapshot.people:
        if person.id not in bodies:
            continue
        available = sum(person.availability[:months]) / months if months else 0.0
        days = load.get(person.id, 0.0)
        share = days / available if available > 0 else None
        result.append(
            GovernanceLoad(person.id, tuple(sorted(bodies[person.id])), days, available, share)
        )
    result.sort(key=lambda g: (-(g.share if g.share is not None else float("inf")), g.person_id))
    return result


def task_coordination(snapshot: ProjectSnapshot) -> list[TaskCoordination]:
    people: dict[int, set[int]] = defaultdict(set)
    for assignment in snapshot.assignments:
        if assignment.responsibility in WORKING_RESPONSIBILITIES:
            people[assignment.task_id].add(assignment.person_id)
    result = [
        TaskCoordination(
            task.id, len(people[task.id]), len(people[task.id]) * (len(people[task.id]) - 1) // 2
        )
        for task in snapshot.tasks
        if task.status != "cancelled" and len(people[task.id]) >= 2
    ]
    result.sort(key=lambda c: (-c.channels, c.task_id))
    return result


def crumbs(snapshot: ProjectSnapshot, thresholds: TimeLossThresholds) -> list[Crumbs]:
    """Per person, months in which `crumb_tasks` or more of their tasks are under `crumb_days`."""
    tasks = {t.id: t for t in snapshot.tasks if t.status != "cancelled" and not t.is_milestone}
    rate: dict[tuple[int, int], float] = defaultdict(float)
    for assignment in snapshot.assignments:
        if assignment.task_id in tasks:
            rate[(assignment.person_id, assignment.task_id)] += assignment.days_per_month
    fractions = {task_id: task_month_fractions(t, snapshot.months) for task_id, t in tasks.items()}
    small: dict[int, list[int]] = defaultdict(list)
    for (person_id, task_id), days in rate.items():
        if 0 < days < thresholds.crumb_days:
            small[person_id].append(task_id)
    result = []
    for person_id in sorted(small):
        per_month = [
            tuple(sorted(t for t in small[person_id] if fractions[t][index] > 0))
            for index in range(len(snapshot.months))
        ]
        flagged = [
            index for index, ids in enumerate(per_month) if len(ids) >= thresholds.crumb_tasks
        ]
        if flagged:
            worst = max(flagged, key=lambda index: (len(per_month[index]), -index))
            result.append(Crumbs(person_id, snapshot.months[worst], per_month[worst], len(flagged)))
    return result


def time_losses(
    snapshot: ProjectSnapshot, thresholds: TimeLossThresholds | None = None
) -> TimeLossReport:
    thresholds = thresholds or TimeLossThresholds()
    names = {p.id: p.name for p in snapshot.people}
    titles = {t.id: t.title for t in snapshot.tasks}
    findings: list[Finding] = []

    governance = governance_loads(snapshot)
    for load in governance:
        too_much = (load.share is None and load.days_per_month > 0) or (
            load.share is not None and load.share > thresholds.governance_share + 1e-9
        )
        if too_much:
            findings.append(
                TIME_LOSS_RULES["GOVERNANCE_LOAD_HIGH"].finding(
                    load.person_id,
                    person=names[load.person_id],
                    days=round(load.days_per_month, 2),
                    available=round(load.available_per_month, 2),
                    percent=100 if load.share is None else round(100 * load.share),
                    related=[ObjectRef("body", body_id) for body_id in load.body_ids],
                )
            )

    coordination = task_coordination(snapshot)
    for item in coordination:
        if item.people > thresholds.max_contributors:
            findings.append(
                TIME_LOSS_RULES["TASK_TOO_MANY_CONTRIBUTORS"].finding(
                    item.task_id,
                    task=titles[item.task_id],
                    people=item.people,
                    channels=item.channels,
                )
            )

    fragmented = crumbs(snapshot, thresholds)
    for piece in fragmented:
        findings.append(
            TIME_LOSS_RULES["WORK_IN_CRUMBS"].finding(
                piece.person_id,
                month=piece.month,
                person=names.get(piece.person_id, f"#{piece.person_id}"),
                count=len(piece.task_ids),
                days=thresholds.crumb_days,
                months=piece.months_affected,
                related=[ObjectRef("task", task_id) for task_id in piece.task_ids],
            )
        )

    return TimeLossReport(
        tuple(governance), tuple(coordination), tuple(fragmented), tuple(sorted_findings(findings))
    )
