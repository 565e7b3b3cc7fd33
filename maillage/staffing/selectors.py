"""Reads of the needs pages: the live preview of a need being edited, and the grid of an axis.

The preview asks the engine (`maillage.engine.analysis.need_class`) on the snapshot the Analyse
page's cache already holds, with the edited need put in: who qualifies, and per month of the
task the days needed by the class against the days its qualified people have. Who qualifies
at which level is personal data when the level is an unvalidated self-assessment (the analysis
counts it): a validated level is shown to every editor, as on the competency map, a declared
one only to those who may see the person's personal data; the others are only counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch

from maillage.access import ProjectAccess, scoped
from maillage.analysis.services import project_analysis
from maillage.competencies.models import Assessment, Competency
from maillage.engine import snapshot as engine
from maillage.engine.analysis.need_class import PREVIEW_ID, class_balance, with_need
from maillage.engine.timeline import task_month_fractions
from maillage.projects.models import Axis, Task
from maillage.staffing.models import Need
from maillage.staffing.services import days_per_month_of

# --- The preview -----------------------------------------------------------------------------


@dataclass
class PreviewMonth:
    month: datetime.date
    needed: float
    available: float
    covered: float
    gap: float


@dataclass
class Preview:
    competency: str
    min_level: int
    days_per_month: Decimal
    count: int
    people: list[tuple[str, int, bool]] = field(default_factory=list)  # (name, level, validated)
    unnamed: int = 0  # qualified through a level the viewer may not see
    months: list[PreviewMonth] = field(default_factory=list)

    @property
    def total_gap(self) -> float:
        return sum(m.gap for m in self.months)


def need_preview(
    access: ProjectAccess,
    *,
    competency_id: int,
    min_level: int,
    days: Decimal | None,
    unit: str,
    task: Task | None,
    start: datetime.date | None,
    end: datetime.date | None,
    need_id: int | None = None,
) -> Preview | None:
    """What the edited need would mean, or None when the dates are not known yet."""
    start = start or (task.start if task else None)
    end = end or (task.end if task else None)
    if start is None or end is None or end < start:
        return None
    competency = Competency.objects.filter(
        framework_id=access.project.framework_id, pk=competency_id
    ).first()
    if competency is None:
        return None
    per_month = days_per_month_of(days or Decimal(0), unit, start, end)
    snapshot = project_analysis(access.project).report.snapshot
    task_id = task.pk if task is not None and task.pk else PREVIEW_ID
    saved = next((t for t in snapshot.tasks if t.id == task_id), None)
    edited_task = (
        replace(saved, start=start, end=end)
        if saved is not None
        else engine.Task(task_id, "", start, end)
    )
    own_need = need_id if need_id and any(n.id == need_id for n in snapshot.needs) else None
    edited = with_need(
        snapshot,
        engine.Need(own_need or PREVIEW_ID, task_id, competency_id, min_level, float(per_month)),
        edited_task,
    )
    fractions = task_month_fractions(edited_task, snapshot.months)
    months = [m for m, f in enumerate(fractions) if f > 0]
    balance = class_balance(edited, competency_id, min_level, months)
    preview = Preview(
        competency=str(competency),
        min_level=min_level,
        days_per_month=per_month,
        count=len(balance.qualified_ids),
        months=[
            PreviewMonth(
                snapshot.months[m.month],
                round(m.needed, 2),
                round(m.available, 2),
                round(m.covered, 2),
                round(m.gap, 2),
            )
            for m in balance.months
        ],
    )
    rows = (
        Assessment.objects.filter(person_id__in=balance.qualified_ids, competency=competency)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    for assessment in rows:
        validated = assessment.validated_level is not None
        if validated or access.can_view_personal_data_of(assessment.person):
            preview.people.append((str(assessment.person), assessment.effective_level, validated))
    preview.unnamed = preview.count - len(preview.people)
    return preview


# --- The grid of an axis ---------------------------------------------------------------------


@dataclass
class GridRow:
    task: Task
    depth: int
    cells: dict[int, Need | None] = field(default_factory=dict)  # competency id -> need


@dataclass
class Grid:
    axis: Axis
    axes: list[Axis]
    rows: list[GridRow]
    columns: list[Competency]
    addable: list[Competency]  # competencies of the framework not yet a column


def axis_tasks(access: ProjectAccess, axis: Axis) -> list[tuple[Task, int]]:
    """The tasks of an axis in tree order, with their depth: those of the axis and, below them,
    their sub-tasks that name no axis of their own."""
    tasks = list(Task.objects.filter(project=access.project).order_by("order", "start", "id"))
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    result: list[tuple[Task, int]] = []

    def walk(branch: list[Task], depth: int, inherited: bool) -> None:
        for task in branch:
            in_axis = task.axis_id == axis.pk or (inherited and task.axis_id is None)
            if in_axis:
                result.append((task, depth))
            walk(children.get(task.pk, []), depth + 1 if in_axis else depth, in_axis)

    walk(children.get(None, []), 0, False)
    return result


def needs_grid(access: ProjectAccess, axis: Axis, extra_columns: Sequence[int] = ()) -> Grid:
    """Rows: the axis' tasks; columns: the competencies they need, and those being added."""
    tasks = axis_tasks(access, axis)
    needs = Need.objects.filter(task_id__in=[t.pk for t, _ in tasks]).select_related("competency")
    by_cell = {(n.task_id, n.competency_id): n for n in needs}
    framework = list(
        Competency.objects.filter(framework_id=access.project.framework_id)
        .prefetch_related(Prefetch("children", queryset=Competency.objects.only("id", "parent_id")))
        .order_by("code")
    )
    leaves = [c for c in framework if not c.children.all()]
    wanted = {n.competency_id for n in by_cell.values()} | set(extra_columns)
    columns = [c for c in framework if c.pk in wanted]
    columns += sorted(
        {n.competency for n in by_cell.values() if n.competency_id not in {c.pk for c in columns}},
        key=lambda c: c.code,
    )
    column_ids = {c.pk for c in columns}
    rows = [
        GridRow(task, depth, {c.pk: by_cell.get((task.pk, c.pk)) for c in columns})
        for task, depth in tasks
    ]
    return Grid(
        axis=axis,
        axes=list(scoped(access, Axis).order_by("order", "code")),
        rows=rows,
        columns=columns,
        addable=[c for c in leaves if c.pk not in column_ids],
    )


__all__ = ["Grid", "GridRow", "Preview", "axis_tasks", "need_preview", "needs_grid"]
