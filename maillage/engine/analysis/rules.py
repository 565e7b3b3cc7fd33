"""Inconsistencies: a catalogue of rules, each a small function over the snapshot.

Every rule has a stable code, a severity and a message template in French and English
(see docs/algorithms/analysis.md for the catalogue). Cancelled tasks are ignored by every rule:
they need no lead, no staff and take no time.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from maillage.engine.analysis.findings import (
    Finding,
    ObjectRef,
    Rule,
    Severity,
    sorted_findings,
)
from maillage.engine.snapshot import (
    Assessment,
    Assignment,
    Axis,
    Need,
    Person,
    ProjectSnapshot,
    Task,
)
from maillage.engine.timeline import governance_days_by_month, month_end, task_month_fractions

EPSILON = 1e-9
WORKING_RESPONSIBILITIES = frozenset({"lead", "contributor"})
STARTED_STATUSES = frozenset({"in_progress", "done"})


@dataclass(frozen=True, slots=True)
class RuleThresholds:
    low_motivation: int = 1  # a lead's motivation at or below this is "very low" (scale 1..4)
    overallocation_tolerance_days: float = 0.0  # days per month tolerated above availability
    # Working days of a month for the time-share rule; None counts Monday to Friday.
    working_days_per_month: float | None = None


class Context:
    """Indexes of the snapshot shared by the rules, built once per analysis."""

    def __init__(self, snapshot: ProjectSnapshot, thresholds: RuleThresholds) -> None:
        self.snapshot = snapshot
        self.thresholds = thresholds
        self.people = {p.id: p for p in snapshot.people}
        self.tasks = {t.id: t for t in snapshot.tasks}
        self.steps = {s.id: s for s in snapshot.steps}
        self.organisations = {o.id: o for o in snapshot.organisations}
        self.active_tasks = [t for t in snapshot.tasks if t.status != "cancelled"]
        self.assignments_by_task: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in snapshot.assignments:
            self.assignments_by_task[assignment.task_id].append(assignment)
        self.needs_by_task: dict[int, list[Need]] = defaultdict(list)
        for need in snapshot.needs:
            self.needs_by_task[need.task_id].append(need)
        self.assessments: dict[tuple[int, int], Assessment] = {
            (a.person_id, a.competency_id): a for a in snapshot.assessments
        }

    @cached_property
    def fractions(self) -> dict[int, tuple[float, ...]]:
        by_span: dict[tuple[datetime.date, datetime.date], tuple[float, ...]] = {}
        result = {}
        for task in self.active_tasks:
            span = (task.start, task.end)
            if span not in by_span:
                by_span[span] = task_month_fractions(task, self.snapshot.months)
            result[task.id] = by_span[span]
        return result

    @cached_property
    def working_days(self) -> tuple[float, ...]:
        fixed = self.thresholds.working_days_per_month
        if fixed is not None:
            return (fixed,) * len(self.snapshot.months)
        return tuple(_weekdays(month) for month in self.snapshot.months)

    @cached_property
    def governance(self) -> dict[int, tuple[float, ...]]:
        """Per person: their governance days in each month of the horizon."""
        return governance_days_by_month(self.snapshot.bodies, self.snapshot.months)

    @cached_property
    def task_days(self) -> dict[int, list[tuple[Task, tuple[float, ...]]]]:
        """Per person: each active task they work on and their days on it in each month."""
        result: dict[int, list[tuple[Task, tuple[float, ...]]]] = defaultdict(list)
        for task in self.active_tasks:
            fractions = self.fractions[task.id]
            for assignment in self.assignments_by_task[task.id]:
                if assignment.days_per_month > 0:
                    days = tuple(assignment.days_per_month * f for f in fractions)
                    result[assignment.person_id].append((task, days))
        return result

    def person_name(self, person_id: int | None) -> str:
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person else f"#{person_id}"

    def leads(self, task_id: int) -> list[Assignment]:
        return [a for a in self.assignments_by_task[task_id] if a.responsibility == "lead"]

    def qualified(self, person_id: int, need: Need) -> bool:
        assessment = self.assessments.get((person_id, need.competency_id))
        return assessment is not None and assessment.level >= need.min_level

    @property
    def horizon(self) -> tuple[datetime.date, datetime.date]:
        months = self.snapshot.months
        return months[0], month_end(months[-1])


Check = Callable[[Context], Iterator[Finding]]
RULES: dict[str, Rule] = {}
CHECKS: dict[str, Check] = {}


def rule(
    code: str,
    severity: Severity,
    object_kind: str,
    summary_en: str,
    template_fr: str,
    template_en: str,
    params: tuple[str, ...],
) -> Callable[[Callable[[Context, Rule], Iterator[Finding]]], Check]:
    """Register a check in the catalogue under its code."""
    entry = Rule(code, severity, object_kind, summary_en, template_fr, template_en, params)

    def register(function: Callable[[Context, Rule], Iterator[Finding]]) -> Check:
        def check(context: Context) -> Iterator[Finding]:
            return function(context, entry)

        check.__name__ = function.__name__
        check.__doc__ = function.__doc__
        RULES[code] = entry
        CHECKS[code] = check
        return check

    return register


# --- Leads and referents -----------------------------------------------------------------------


@rule(
    "TASK_NO_LEAD",
    "error",
    "task",
    "A task (not a milestone) has no assignee with the lead responsibility.",
    "La tâche « {task} » n'a pas de chef de file.",
    'Task "{task}" has no lead.',
    ("task",),
)
def task_without_lead(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        if not task.is_milestone and not context.leads(task.id):
            yield entry.finding(task.id, task=task.title)


def _axis_role_missing(
    context: Context, entry: Rule, role: Callable[[Axis], int | None]
) -> Iterator[Finding]:
    for axis in context.snapshot.axes:
        if role(axis) is None:
            yield entry.finding(axis.id, axis=axis.name)


@rule(
    "AXIS_NO_LEAD",
    "warning",
    "axis",
    "An axis has no lead person.",
    "L'axe « {axis} » n'a pas de chef de file.",
    'Axis "{axis}" has no lead.',
    ("axis",),
)
def axis_without_lead(context: Context, entry: Rule) -> Iterator[Finding]:
    yield from _axis_role_missing(context, entry, lambda axis: axis.lead_id)


@rule(
    "AXIS_NO_POLITICAL_REFERENT",
    "warning",
    "axis",
    "An axis has no political referent.",
    "L'axe « {axis} » n'a pas de référent politique.",
    'Axis "{axis}" has no political referent.',
    ("axis",),
)
def axis_without_political_referent(context: Context, entry: Rule) -> Iterator[Finding]:
    yield from _axis_role_missing(context, entry, lambda axis: axis.political_referent_id)


@rule(
    "AXIS_NO_TECHNICAL_REFERENT",
    "warning",
    "axis",
    "An axis has no technical referent.",
    "L'axe « {axis} » n'a pas de référent technique.",
    'Axis "{axis}" has no technical referent.',
    ("axis",),
)
def axis_without_technical_referent(context: Context, entry: Rule) -> Iterator[Finding]:
    yield from _axis_role_missing(context, entry, lambda axis: axis.technical_referent_id)


@rule(
    "ELECTED_TECHNICAL_REFERENT",
    "warning",
    "axis",
    "The technical referent of an axis is an elected official.",
    "Le référent technique de l'axe « {axis} », {person}, est un·e élu·e.",
    'The technical referent of axis "{axis}", {person}, is an elected official.',
    ("axis", "person"),
)
def elected_technical_referent(context: Context, entry: Rule) -> Iterator[Finding]:
    for axis in context.snapshot.axes:
        person = context.people.get(axis.technical_referent_id or -1)
        if person is not None and person.kind == "elected":
            yield entry.finding(
                axis.id,
                axis=axis.name,
                person=person.name,
                related=[ObjectRef("person", person.id)],
            )


@rule(
    "POLITICAL_REFERENT_NOT_ELECTED",
    "warning",
    "axis",
    "The political referent of an axis is not an elected official.",
    "Le référent politique de l'axe « {axis} », {person}, n'est pas un·e élu·e.",
    'The political referent of axis "{axis}", {person}, is not an elected official.',
    ("axis", "person"),
)
def political_referent_not_elected(context: Context, entry: Rule) -> Iterator[Finding]:
    for axis in context.snapshot.axes:
        person = context.people.get(axis.political_referent_id or -1)
        if person is not None and person.kind != "elected":
            yield entry.finding(
                axis.id,
                axis=axis.name,
                person=person.name,
                related=[ObjectRef("person", person.id)],
            )


def _without_mandate(person: Person) -> bool:
    return person.mandate in (None, "none")


@rule(
    "TASK_LEAD_WITHOUT_MANDATE",
    "warning",
    "task",
    "The lead of a task has no mandate in the project (none recorded, or not in the project).",
    "{person}, chef de file de la tâche « {task} », n'a pas de mandat.",
    '{person}, lead of task "{task}", has no mandate.',
    ("person", "task"),
)
def task_lead_without_mandate(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        for lead in context.leads(task.id):
            person = context.people.get(lead.person_id)
            if person is not None and _without_mandate(person):
                yield entry.finding(
                    task.id,
                    task=task.title,
                    person=person.name,
                    related=[ObjectRef("person", person.id)],
                )


@rule(
    "AXIS_LEAD_WITHOUT_MANDATE",
    "warning",
    "axis",
    "The lead of an axis has no mandate in the project.",
    "{person}, chef de file de l'axe « {axis} », n'a pas de mandat.",
    '{person}, lead of axis "{axis}", has no mandate.',
    ("axis", "person"),
)
def axis_lead_without_mandate(context: Context, entry: Rule) -> Iterator[Finding]:
    for axis in context.snapshot.axes:
        person = context.people.get(axis.lead_id or -1)
        if person is not None and _without_mandate(person):
            yield entry.finding(
                axis.id,
                axis=axis.name,
                person=person.name,
                related=[ObjectRef("person", person.id)],
            )


@rule(
    "LEAD_LOW_MOTIVATION",
    "warning",
    "task",
    "The lead's best motivation over the competencies the task needs is at or below the "
    "threshold (default 1 on 1..4); not raised when none of them is assessed.",
    "{person}, chef de file de la tâche « {task} », a une motivation très faible "
    "({motivation}/4) pour les compétences qu'elle demande.",
    '{person}, lead of task "{task}", has a very low motivation ({motivation}/4) '
    "for the competencies it needs.",
    ("motivation", "person", "task"),
)
def lead_low_motivation(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        competencies = {need.competency_id for need in context.needs_by_task[task.id]}
        for lead in context.leads(task.id):
            motivations = [
                context.assessments[(lead.person_id, c)].motivation
                for c in sorted(competencies)
                if (lead.person_id, c) in context.assessments
            ]
            if motivations and max(motivations) <= context.thresholds.low_motivation:
                yield entry.finding(
                    task.id,
                    task=task.title,
                    person=context.person_name(lead.person_id),
                    motivation=max(motivations),
                    related=[ObjectRef("person", lead.person_id)],
                )


# --- Staffing ----------------------------------------------------------------------------------


@rule(
    "PERSON_OVERALLOCATED",
    "error",
    "person",
    "In a month, the person's task days (monthly rate times the share of the month the task "
    "covers) plus governance days exceed their availability.",
    "{person} est sur-affecté·e en {month} : {tasks} j de tâches + {governance} j de "
    "gouvernance pour {availability} j disponibles ({excess} j de trop).",
    "{person} is over-allocated in {month}: {tasks} d of tasks + {governance} d of governance "
    "for {availability} d available ({excess} d too many).",
    ("availability", "excess", "governance", "person", "tasks"),
)
def person_overallocated(context: Context, entry: Rule) -> Iterator[Finding]:
    tolerance = context.thresholds.overallocation_tolerance_days
    for person in context.snapshot.people:
        work = context.task_days.get(person.id, [])
        monthly_governance = context.governance.get(person.id, ())
        if not work and not any(monthly_governance):
            continue
        for index, month in enumerate(context.snapshot.months):
            tasks = sum(days[index] for _, days in work)
            available = person.availability[index] if index < len(person.availability) else 0.0
            governance = monthly_governance[index] if monthly_governance else 0.0
            load = tasks + governance
            if load > available + tolerance + EPSILON:
                yield entry.finding(
                    person.id,
                    month=month,
                    person=person.name,
                    tasks=round(tasks, 2),
                    governance=round(governance, 2),
                    availability=round(available, 2),
                    excess=round(load - available, 2),
                )


def _weekdays(month: datetime.date) -> float:
    weeks = calendar.monthcalendar(month.year, month.month)
    return float(sum(1 for week in weeks for day in week[:5] if day))


@rule(
    "TIME_SHARE_EXCEEDED",
    "warning",
    "person",
    "In a month, the project days a person gives under one employment exceed the time share "
    "agreed with that organisation times the working days of the month. Days on a task led by "
    "one of the person's employers count for that employer; other task days and governance days "
    "are shared among the employers in proportion to their time shares.",
    "{person} dépasse en {month} le temps convenu avec {organisation} : {days} j pour "
    "{allowed} j ({share} de {working_days} jours ouvrés).",
    "{person} exceeds in {month} the time agreed with {organisation}: {days} d for "
    "{allowed} d ({share} of {working_days} working days).",
    ("allowed", "days", "organisation", "person", "share", "working_days"),
)
def time_share_exceeded(context: Context, entry: Rule) -> Iterator[Finding]:
    for person in context.snapshot.people:
        shares = {e.organisation_id: e.time_share for e in person.employments}
        total_share = sum(shares.values())
        if not shares:
            continue
        work = context.task_days.get(person.id, [])
        governance = context.governance.get(person.id, ())
        for index, month in enumerate(context.snapshot.months):
            attributed = dict.fromkeys(shares, 0.0)
            unattributed = governance[index] if governance else 0.0
            for task, monthly in work:
                lead_organisation = task.lead_organisation_id
                if lead_organisation is not None and lead_organisation in attributed:
                    attributed[lead_organisation] += monthly[index]
                else:
                    unattributed += monthly[index]
            working_days = context.working_days[index]
            for organisation_id, share in sorted(shares.items()):
                weight = share / total_share if total_share > 0 else 1.0 / len(shares)
                days = attributed[organisation_id] + unattributed * weight
                allowed = share * working_days
                if days > allowed + EPSILON:
                    organisation = context.organisations.get(organisation_id)
                    yield entry.finding(
                        person.id,
                        month=month,
                        person=person.name,
                        organisation=organisation.name if organisation else f"#{organisation_id}",
                        days=round(days, 2),
                        allowed=round(allowed, 2),
                        share=share,
                        working_days=working_days,
                        related=[ObjectRef("organisation", organisation_id)],
                    )


@rule(
    "ASSIGNEE_UNQUALIFIED",
    "warning",
    "assignment",
    "A lead or contributor of a task that has needs reaches the minimum level of none of them.",
    "{person} est affecté·e à la tâche « {task} » sans le niveau requis pour aucun de ses besoins.",
    '{person} is assigned to task "{task}" without the required level for any of its needs.',
    ("person", "task"),
)
def assignee_unqualified(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        needs = context.needs_by_task[task.id]
        if not needs:
            continue
        for assignment in context.assignments_by_task[task.id]:
            if assignment.responsibility not in WORKING_RESPONSIBILITIES:
                continue
            if not any(context.qualified(assignment.person_id, need) for need in needs):
                yield entry.finding(
                    assignment.id,
                    person=context.person_name(assignment.person_id),
                    task=task.title,
                    related=[ObjectRef("task", task.id), ObjectRef("person", assignment.person_id)],
                )


@rule(
    "NEED_UNASSIGNED",
    "error",
    "need",
    "No lead or contributor of the task holds the needed competency at the minimum level.",
    "Personne n'est affecté·e au besoin « {competency} » (niveau {level}) de la tâche « {task} ».",
    'Nobody is assigned to the need "{competency}" (level {level}) of task "{task}".',
    ("competency", "level", "task"),
)
def need_unassigned(context: Context, entry: Rule) -> Iterator[Finding]:
    competencies = {c.id: c for c in context.snapshot.competencies}
    for task in context.active_tasks:
        workers = [
            a.person_id
            for a in context.assignments_by_task[task.id]
            if a.responsibility in WORKING_RESPONSIBILITIES
        ]
        for need in context.needs_by_task[task.id]:
            if not any(context.qualified(person_id, need) for person_id in workers):
                competency = competencies.get(need.competency_id)
                yield entry.finding(
                    need.id,
                    task=task.title,
                    competency=competency.name if competency else f"#{need.competency_id}",
                    level=need.min_level,
                    related=[ObjectRef("task", task.id)],
                )


@rule(
    "ASSIGNMENT_OUTSIDE_TASK_DATES",
    "warning",
    "assignment",
    "An assignment plans days on a task whose dates leave no room for them: a milestone, or a "
    "task with no day inside the horizon (assignments carry no dates of their own).",
    "{person} a {days} j/mois sur « {task} », dont les dates ne laissent aucun jour de travail "
    "dans l'horizon du projet.",
    '{person} has {days} d/month on "{task}", whose dates leave no working day inside the '
    "project horizon.",
    ("days", "person", "task"),
)
def assignment_outside_task_dates(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        no_room = task.is_milestone or not any(context.fractions[task.id])
        if not no_room:
            continue
        for assignment in context.assignments_by_task[task.id]:
            if assignment.days_per_month > 0:
                yield entry.finding(
                    assignment.id,
                    person=context.person_name(assignment.person_id),
                    task=task.title,
                    days=assignment.days_per_month,
                    related=[ObjectRef("task", task.id), ObjectRef("person", assignment.person_id)],
                )


# --- Dates -------------------------------------------------------------------------------------


@rule(
    "TASK_OUTSIDE_HORIZON",
    "warning",
    "task",
    "A task starts before the first month or ends after the last month of the horizon.",
    "La tâche « {task} » ({start} → {end}) dépasse l'horizon du projet ({horizon_start} → "
    "{horizon_end}).",
    'Task "{task}" ({start} → {end}) goes beyond the project horizon ({horizon_start} → '
    "{horizon_end}).",
    ("end", "horizon_end", "horizon_start", "start", "task"),
)
def task_outside_horizon(context: Context, entry: Rule) -> Iterator[Finding]:
    first, last = context.horizon
    for task in context.active_tasks:
        if task.start < first or task.end > last:
            yield entry.finding(
                task.id,
                task=task.title,
                start=task.start.isoformat(),
                end=task.end.isoformat(),
                horizon_start=first.isoformat(),
                horizon_end=last.isoformat(),
            )


@rule(
    "STEP_OUTSIDE_HORIZON",
    "warning",
    "step",
    "A step starts before the first month or ends after the last month of the horizon.",
    "L'étape « {step} » ({start} → {end}) dépasse l'horizon du projet ({horizon_start} → "
    "{horizon_end}).",
    'Step "{step}" ({start} → {end}) goes beyond the project horizon ({horizon_start} → '
    "{horizon_end}).",
    ("end", "horizon_end", "horizon_start", "start", "step"),
)
def step_outside_horizon(context: Context, entry: Rule) -> Iterator[Finding]:
    first, last = context.horizon
    for step in context.snapshot.steps:
        if step.start < first or step.end > last:
            yield entry.finding(
                step.id,
                step=step.name,
                start=step.start.isoformat(),
                end=step.end.isoformat(),
                horizon_start=first.isoformat(),
                horizon_end=last.isoformat(),
            )


@rule(
    "TASK_END_BEFORE_START",
    "error",
    "task",
    "A task ends before it starts.",
    "La tâche « {task} » se termine ({end}) avant de commencer ({start}).",
    'Task "{task}" ends ({end}) before it starts ({start}).',
    ("end", "start", "task"),
)
def task_end_before_start(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        if task.end < task.start:
            yield entry.finding(
                task.id, task=task.title, start=task.start.isoformat(), end=task.end.isoformat()
            )


@rule(
    "STEP_END_BEFORE_START",
    "error",
    "step",
    "A step ends before it starts.",
    "L'étape « {step} » se termine ({end}) avant de commencer ({start}).",
    'Step "{step}" ends ({end}) before it starts ({start}).',
    ("end", "start", "step"),
)
def step_end_before_start(context: Context, entry: Rule) -> Iterator[Finding]:
    for step in context.snapshot.steps:
        if step.end < step.start:
            yield entry.finding(
                step.id, step=step.name, start=step.start.isoformat(), end=step.end.isoformat()
            )


@rule(
    "SUBTASK_OUTSIDE_PARENT",
    "warning",
    "task",
    "A sub-task starts before or ends after its parent task.",
    "La sous-tâche « {task} » ({start} → {end}) sort des dates de sa tâche parente « {parent} » "
    "({parent_start} → {parent_end}).",
    'Sub-task "{task}" ({start} → {end}) lies outside its parent "{parent}" '
    "({parent_start} → {parent_end}).",
    ("end", "parent", "parent_end", "parent_start", "start", "task"),
)
def subtask_outside_parent(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        parent = context.tasks.get(task.parent_id) if task.parent_id is not None else None
        if parent is None:
            continue
        if task.start < parent.start or task.end > parent.end:
            yield entry.finding(
                task.id,
                task=task.title,
                start=task.start.isoformat(),
                end=task.end.isoformat(),
                parent=parent.title,
                parent_start=parent.start.isoformat(),
                parent_end=parent.end.isoformat(),
                related=[ObjectRef("task", parent.id)],
            )


@rule(
    "DEPENDENCY_ORDER_BROKEN",
    "error",
    "task",
    "A task starts before its predecessor ends (finish-to-start; starting on the day the "
    "predecessor ends is accepted).",
    "La tâche « {task} » commence le {start}, avant la fin de « {predecessor} » dont elle "
    "dépend ({predecessor_end}).",
    'Task "{task}" starts on {start}, before "{predecessor}", which it depends on, ends '
    "({predecessor_end}).",
    ("predecessor", "predecessor_end", "start", "task"),
)
def dependency_order_broken(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        for predecessor_id in sorted(set(task.predecessor_ids)):
            predecessor = context.tasks.get(predecessor_id)
            if predecessor is None or predecessor.status == "cancelled":
                continue
            if task.start < predecessor.end:
                yield entry.finding(
                    task.id,
                    task=task.title,
                    start=task.start.isoformat(),
                    predecessor=predecessor.title,
                    predecessor_end=predecessor.end.isoformat(),
                    related=[ObjectRef("task", predecessor.id)],
                )


@rule(
    "WORK_ON_UNVALIDATED_STEP",
    "warning",
    "task",
    "A task is in progress or done while its step is not validated (unless the project allows "
    "work on unvalidated steps).",
    "La tâche « {task} » a démarré alors que l'étape « {step} » n'est pas validée.",
    'Task "{task}" has started although step "{step}" is not validated.',
    ("step", "task"),
)
def work_on_unvalidated_step(context: Context, entry: Rule) -> Iterator[Finding]:
    if context.snapshot.allow_work_on_unvalidated_steps:
        return
    for task in context.active_tasks:
        step = context.steps.get(task.step_id) if task.step_id is not None else None
        if step is not None and step.status != "validated" and task.status in STARTED_STATUSES:
            yield entry.finding(
                task.id, task=task.title, step=step.name, related=[ObjectRef("step", step.id)]
            )


# --- Governance and money ----------------------------------------------------------------------


@rule(
    "BODY_WITHOUT_MEMBERS",
    "error",
    "body",
    "A governance body has no member.",
    "L'instance « {body} » n'a aucun membre.",
    'Governance body "{body}" has no member.',
    ("body",),
)
def body_without_members(context: Context, entry: Rule) -> Iterator[Finding]:
    for body in context.snapshot.bodies:
        if not body.member_ids:
            yield entry.finding(body.id, body=body.name)


@rule(
    "COPIL_WITHOUT_ELECTED",
    "warning",
    "body",
    "A steering committee (COPIL) with members counts no elected official among them.",
    "Le comité de pilotage « {body} » ne compte aucun·e élu·e.",
    'Steering committee "{body}" has no elected official.',
    ("body",),
)
def copil_without_elected(context: Context, entry: Rule) -> Iterator[Finding]:
    for body in context.snapshot.bodies:
        if body.kind != "copil" or not body.member_ids:
            continue
        members = [context.people.get(person_id) for person_id in body.member_ids]
        if not any(person is not None and person.kind == "elected" for person in members):
            yield entry.finding(body.id, body=body.name)


@rule(
    "TASK_BUDGET_OVER_FUNDING",
    "warning",
    "task",
    "The budget of a task is above the total of its funding lines.",
    "Le budget de la tâche « {task} » ({budget} €) dépasse ses financements ({funding} €).",
    'The budget of task "{task}" ({budget} €) is above its funding ({funding} €).',
    ("budget", "funding", "task"),
)
def task_budget_over_funding(context: Context, entry: Rule) -> Iterator[Finding]:
    for task in context.active_tasks:
        if task.budget > task.funding + 0.005:
            yield entry.finding(task.id, task=task.title, budget=task.budget, funding=task.funding)


def check_all(
    snapshot: ProjectSnapshot,
    thresholds: RuleThresholds | None = None,
    *,
    codes: frozenset[str] | None = None,
) -> list[Finding]:
    """Run every rule of the catalogue (or only `codes`); findings sorted deterministically."""
    context = Context(snapshot, thresholds or RuleThresholds())
    findings: list[Finding] = []
    for code, check in CHECKS.items():
        if codes is None or code in codes:
            findings.extend(check(context))
    return sorted_findings(findings)
