"""Database → `Plan` (the engine's frozen form of a plan), in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from maillage.engine.plan.model import Plan, PlannedStep, PlannedTask, Staffing
from maillage.projects.models import BudgetLine, Project, Step, Task, TaskDependency
from maillage.staffing.models import Assignment


def current_plan(project: Project) -> Plan:
    """The plan of `project` as it stands now: steps, tasks, dates, means, responsibilities.

    Ids and codes only (names kept beside for display): nothing depends on the active language.
    """
    people: dict[int, list[Staffing]] = defaultdict(list)
    person_names: dict[int, str] = {}
    days: dict[int, Decimal] = defaultdict(Decimal)
    assignments = (
        Assignment.objects.filter(task__project=project)
        .select_related("person")
        .order_by("task_id", "person__last_name", "person__first_name", "responsibility")
    )
    for assignment in assignments:
        people[assignment.task_id].append(Staffing(assignment.person_id, assignment.responsibility))
        person_names[assignment.person_id] = str(assignment.person)
        days[assignment.task_id] += assignment.days_per_month
    lines: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for line in BudgetLine.objects.filter(task__project=project).order_by("task_id", "funder"):
        funders = lines[line.task_id]
        funders[line.funder] = funders.get(line.funder, Decimal(0)) + line.amount
    predecessors: dict[int, list[int]] = defaultdict(list)
    for predecessor_id, successor_id in TaskDependency.objects.filter(
        successor__project=project
    ).values_list("predecessor_id", "successor_id"):
        predecessors[successor_id].append(predecessor_id)
    tasks = list(
        Task.objects.filter(project=project)
        .select_related("axis", "lead_organisation")
        .order_by("order", "start", "id")
    )
    organisation_names = {
        task.lead_organisation_id: str(task.lead_organisation)
        for task in tasks
        if task.lead_organisation_id is not None
    }
    return Plan(
        horizon_start=project.horizon_start,
        horizon_months=project.horizon_months,
        steps=tuple(
            PlannedStep(step.pk, step.name, step.start, step.end)
            for step in Step.objects.filter(project=project).order_by("order", "start", "id")
        ),
        tasks=tuple(
            PlannedTask(
                key=task.pk,
                title=task.title,
                start=task.start,
                end=task.end,
                parent=task.parent_id,
                step=task.step_id,
                axis=task.axis.code if task.axis else "",
                is_milestone=task.is_milestone,
                lead_organisation=task.lead_organisation_id,
                people=tuple(sorted(people[task.pk])),
                days_per_month=days[task.pk],
                budget=task.budget,
                budget_lines=tuple(sorted(lines[task.pk].items())),
                status=task.status,
                progress=task.progress,
                predecessors=tuple(sorted(predecessors[task.pk])),
            )
            for task in tasks
        ),
        person_names=person_names,
        organisation_names=organisation_names,
    )
