"""Reads of the planning pages, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from maillage.access import Perm, ProjectAccess
from maillage.engine.plan.diff import PlanDiff, diff_plans
from maillage.engine.plan.model import Plan
from maillage.engine.plan.rolling import add_months, roll_refusal, tasks_in_month
from maillage.planning.models import PlanVersion, Review, Roll
from maillage.planning.snapshot import current_plan
from maillage.projects.models import BudgetLine, Project, Step, Task, TaskDependency
from maillage.staffing.models import Assignment

# --- Task rows in plan order (Gantt, table and exports) -----------------------------------------


@dataclass
class TaskRow:
    task: Task
    depth: int
    leads: list[str] = field(default_factory=list)
    days_per_month: Decimal = Decimal(0)
    lines: dict[str, Decimal] = field(default_factory=dict)
    deliverables: list[str] = field(default_factory=list)
    # Gantt geometry, in days from the window's start (clipped to the window).
    offset: int = 0
    length: int = 1
    in_window: bool = True


@dataclass
class RowGroup:
    step: Step | None
    rows: list[TaskRow]


def _ordered(tasks: list[Task]) -> list[tuple[Task, int]]:
    """Depth-first order of the tree: each task followed by its sub-tasks."""
    children: dict[int | None, list[Task]] = defaultdict(list)
    ids = {task.pk for task in tasks}
    for task in tasks:
        children[task.parent_id if task.parent_id in ids else None].append(task)
    ordered: list[tuple[Task, int]] = []
    stack = [(task, 0) for task in reversed(children[None])]
    while stack:
        task, depth = stack.pop()
        ordered.append((task, depth))
        stack.extend((child, depth + 1) for child in reversed(children[task.pk]))
    return ordered


def plan_rows(project: Project, *, with_means: bool = True) -> list[TaskRow]:
    tasks = list(
        Task.objects.filter(project=project)
        .select_related("step", "axis", "lead_organisation")
        .prefetch_related("deliverables")
        .order_by("order", "start", "id")
    )
    rows = [TaskRow(task, depth) for task, depth in _ordered(tasks)]
    if with_means:
        by_id = {row.task.pk: row for row in rows}
        for assignment in (
            Assignment.objects.filter(task__project=project)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        ):
            row = by_id[assignment.task_id]
            row.days_per_month += assignment.days_per_month
            if assignment.responsibility == Assignment.Responsibility.LEAD:
                row.leads.append(str(assignment.person))
        for line in BudgetLine.objects.filter(task__project=project):
            lines = by_id[line.task_id].lines
            lines[line.funder] = lines.get(line.funder, Decimal(0)) + line.amount
        for row in rows:
            row.deliverables = [str(d) for d in row.task.deliverables.all()]
    return rows


# --- Gantt --------------------------------------------------------------------------------------


@dataclass
class GanttScale:
    label: str
    offset: int
    length: int


class GanttLink(NamedTuple):
    """A dependency arrow, in days from the window's start (x) and rows (y); gantt.js redraws
    it with the same formula when a bar moves, from the two tasks' ids."""

    x1: int
    y1: float
    x2: int
    y2: float
    predecessor: int
    successor: int


@dataclass
class Gantt:
    start: datetime.date
    end: datetime.date
    days: int
    groups: list[RowGroup]
    months: list[GanttScale]
    quarters: list[GanttScale]
    today_offset: int | None
    links: list[GanttLink]
    row_count: int


def gantt(access: ProjectAccess) -> Gantt:
    project = access.project
    start, end = project.horizon_start, project.horizon_end
    days = (end - start).days + 1
    rows = plan_rows(project, with_means=True)
    groups: list[RowGroup] = []
    steps = {step.pk: step for step in Step.objects.filter(project=project)}
    group_of: dict[int | None, RowGroup] = {}
    top_step: dict[int, int | None] = {}
    for row in rows:
        task = row.task
        if row.depth == 0 or task.parent_id not in top_step:
            top_step[task.pk] = task.step_id
        else:
            top_step[task.pk] = task.step_id or top_step[task.parent_id]
        row.in_window = task.end >= start and task.start <= end
        first, last = max(task.start, start), min(task.end, end)
        row.offset = (first - start).days
        row.length = max((last - first).days + 1, 1)
    ordered_steps = sorted(steps.values(), key=lambda s: (s.order, s.start, s.pk))
    for step in [*ordered_steps, None]:
        group = RowGroup(step, [])
        group_of[step.pk if step else None] = group
        groups.append(group)
    for row in rows:
        if row.in_window:
            group_of[top_step[row.task.pk]].rows.append(row)
    groups = [group for group in groups if group.rows]

    index: dict[int, int] = {}
    position = 0
    for group in groups:
        position += 1  # the group's heading row
        for row in group.rows:
            index[row.task.pk] = position
            position += 1
    row_of = {row.task.pk: row for group in groups for row in group.rows}
    links = []
    for predecessor_id, successor_id in TaskDependency.objects.filter(
        successor__project=project
    ).values_list("predecessor_id", "successor_id"):
        if predecessor_id in index and successor_id in index:
            pred, succ = row_of[predecessor_id], row_of[successor_id]
            links.append(
                GanttLink(
                    pred.offset + pred.length,
                    index[predecessor_id] + 0.5,
                    succ.offset,
                    index[successor_id] + 0.5,
                    predecessor_id,
                    successor_id,
                )
            )
    months = []
    for i in range(project.horizon_months):
        month = add_months(start, i)
        length = (add_months(month, 1) - month).days
        months.append(GanttScale(f"{month:%m/%Y}", (month - start).days, length))
    quarters: list[GanttScale] = []
    for scale, month in zip(months, project.horizon_month_starts(), strict=True):
        label = f"T{(month.month - 1) // 3 + 1} {month.year}"
        if quarters and quarters[-1].label == label:
            quarters[-1].length += scale.length
        else:
            quarters.append(GanttScale(label, scale.offset, scale.length))
    today = timezone.localdate()
    return Gantt(
        start=start,
        end=end,
        days=days,
        groups=groups,
        months=months,
        quarters=quarters,
        today_offset=(today - start).days if start <= today <= end else None,
        links=links,
        row_count=position,
    )


# --- Versions -----------------------------------------------------------------------------------

OPEN_STATUSES = (PlanVersion.Status.SUBMITTED, PlanVersion.Status.CHANGES_REQUESTED)


def versions(access: ProjectAccess) -> QuerySet[PlanVersion]:
    return (
        PlanVersion.objects.filter(project=access.project)
        .select_related("created_by")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("decided_by")))
        .defer("data")
    )


def version_detail(access: ProjectAccess, version: PlanVersion) -> dict[str, Any]:
    from maillage.planning.services import reviews_for_user

    plan = Plan.from_json(version.data)
    previous = (
        PlanVersion.objects.filter(project=access.project, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    return {
        "version": version,
        "plan": plan,
        "step_names": plan.step_names(),
        "reviews": version.reviews.select_related("decided_by", "representative"),
        "my_reviews": reviews_for_user(access, version),
        "previous": previous,
        "diff_previous": diff_plans(Plan.from_json(previous.data), plan) if previous else None,
        "changes_since": diff_plans(plan, current_plan(access.project)),
        "can_submit": access.can(Perm.SUBMIT_VERSION)
        and version.status == PlanVersion.Status.FROZEN,
        "can_record": access.can(Perm.SUBMIT_VERSION) and version.status in OPEN_STATUSES,
        "can_download": access.can(Perm.VIEW_CONTACTS),
    }


def reviews_of(*versions: PlanVersion | None) -> list[Review]:
    """The decisions on the compared versions, as the comparison page recalls them."""
    ids = [version.pk for version in versions if version is not None]
    return list(
        Review.objects.filter(version__in=ids)
        .select_related("version")
        .defer("version__data")
        .order_by("-version__number", "sponsor_name")
    )


def awaiting_my_decision(user: Any) -> list[Review]:
    """Across the user's projects, the submitted versions on which the user, as the named
    representative of a sponsor, has not decided yet; soonest deadline first. One query."""
    from maillage.access import ROLE_PERMISSIONS

    deciding_roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.VALIDATE in perms]
    return list(
        Review.objects.filter(
            decision=Review.Decision.PENDING,
            representative__user=user,
            version__status__in=OPEN_STATUSES,
            version__project__memberships__user=user,
            version__project__memberships__role__in=deciding_roles,
        )
        .select_related("version__project")
        .defer("version__data")
        .order_by(F("version__deadline").asc(nulls_last=True), "version__submitted_at", "pk")
    )


def baseline(project: Project) -> PlanVersion | None:
    return PlanVersion.objects.filter(project=project, is_baseline=True).first()


def compare(old: PlanVersion | None, new: PlanVersion | None, project: Project) -> PlanDiff:
    """Differences from `old` to `new`; a missing side is the current plan."""
    old_plan = Plan.from_json(old.data) if old else current_plan(project)
    new_plan = Plan.from_json(new.data) if new else current_plan(project)
    return diff_plans(old_plan, new_plan)


# --- Rolling ------------------------------------------------------------------------------------


@dataclass
class HistoryMonth:
    month: datetime.date
    roll: Roll
    tasks: list[Any]


def roll_page(access: ProjectAccess) -> dict[str, Any]:
    project = access.project
    rolls = list(Roll.objects.filter(project=project).select_related("rolled_by"))
    last = rolls[0] if rolls else None
    history = [
        HistoryMonth(
            roll.from_month, roll, tasks_in_month(Plan.from_json(roll.data), roll.from_month)
        )
        for roll in rolls
    ]
    refusal = roll_refusal(project.horizon_start, timezone.localdate())
    return {
        "rolls": rolls,
        "history": history,
        "last_roll": last,
        "changes": diff_plans(Plan.from_json(last.data), current_plan(project)) if last else None,
        "refusal": refusal,
        "next_start": add_months(project.horizon_start, 1),
        "can_roll": access.can(Perm.SUBMIT_VERSION) and refusal is None,
    }
