"""Writes on projects and their task tree: each service owns its transaction and validation.

A service either saves everything or nothing; it raises `ValidationError` (with errors keyed by
field when a field is at fault) so that forms can show the message next to the right input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.analysis.changes import data_changed, plan_scope
from maillage.competencies.frameworks import load_framework
from maillage.directory.models import Organisation, Territory
from maillage.engine.plan.dependencies import dependency_cycle
from maillage.engine.plan.rolling import PastEdit, past_edit_problem
from maillage.projects.models import (
    BudgetLine,
    Deliverable,
    Membership,
    Project,
    ProjectOrganisation,
    Task,
    TaskDependency,
)

PROJECT_FIELDS = (
    "name",
    "kind",
    "description",
    "territory",
    "carrier",
    "framework",
    "horizon_start",
    "horizon_months",
    "allow_work_on_unvalidated_steps",
)
TASK_FIELDS = (
    "title",
    "description",
    "parent",
    "step",
    "axis",
    "start",
    "end",
    "is_milestone",
    "modalities",
    "lead_organisation",
    "budget",
    "status",
    "progress",
)

HORIZON_NOT_FIRST_DAY = _("The horizon starts on the first day of a month.")
END_BEFORE_START = _("The end date must be on or after the start date.")
OUTSIDE_PARENT = _("A sub-task must fit within its parent task's dates (%(start)s to %(end)s).")
PARENT_CYCLE = _("A task cannot be placed under itself or one of its own sub-tasks.")
NOT_IN_PROJECT = _("Choose an item of this project.")
PAST_EDIT = {
    PastEdit.FINISHED_IN_HISTORY: _(
        "This task ended before the current window: past months are kept as history and can no "
        "longer change."
    ),
    PastEdit.START_IN_HISTORY: _(
        "A start date in a month before the current window cannot be set or changed: past months "
        "are kept as history."
    ),
    PastEdit.END_IN_HISTORY: _("The end date cannot be in a month before the current window."),
}
DEPENDENCY_CYCLE = _(
    "These dependencies would make the task wait for itself: %(chain)s. Remove one of them."
)
DEPENDENCY_SELF = _("A task cannot depend on itself.")
VERSION_CONFLICT = _(
    "The task was modified in the meantime by someone else. Your changes were not saved: "
    "reload the task to see the current version, then apply your changes again."
)


class ConflictError(Exception):
    """The object changed since the user loaded it (optimistic locking)."""

    def __init__(self, message: Any = VERSION_CONFLICT) -> None:
        super().__init__(str(message))
        self.message = message


def _assign(instance: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])


# --- Projects -----------------------------------------------------------------------------------


def _check_project(project: Project) -> None:
    project.full_clean()
    if project.horizon_start.day != 1:
        raise ValidationError({"horizon_start": HORIZON_NOT_FIRST_DAY})


def _link_carrier(project: Project) -> None:
    ProjectOrganisation.objects.get_or_create(project=project, organisation=project.carrier)


def project_create(*, user: Any, data: Mapping[str, Any]) -> Project:
    """A new project; its creator becomes its coordinator and the carrier takes part in it.

    When `data` has no `carrier` but a `new_carrier_name`, the carrying organisation is created
    in the project's territory (a new user has no organisation to choose from yet); likewise a
    `new_territory_name` creates the territory on an instance that has none that fits, and no
    framework means the shipped PAT framework.
    """
    with transaction.atomic():
        data = dict(data)
        if not data.get("territory") and data.get("new_territory_name"):
            territory = Territory(
                name=data["new_territory_name"],
                level=data.get("new_territory_level") or "",
                code=data.get("new_territory_code") or "",
            )
            territory.full_clean()
            territory.save()
            data["territory"] = territory
        if not data.get("framework"):
            data["framework"] = load_framework("pat")
        if not data.get("carrier") and data.get("new_carrier_name"):
            territory: Territory = data["territory"]
            carrier = Organisation(
                name=data["new_carrier_name"],
                kind=data.get("new_carrier_kind") or Organisation.Kind.OTHER,
                territory=territory,
            )
            carrier.full_clean()
            carrier.save()
            data["carrier"] = carrier
        project = Project()
        _assign(project, data, PROJECT_FIELDS)
        _check_project(project)
        project.save()
        _link_carrier(project)
        Membership.objects.create(project=project, user=user, role=Membership.Role.COORDINATOR)
    return project


def project_update(*, project: Project, data: Mapping[str, Any]) -> Project:
    with transaction.atomic():
        _assign(project, data, PROJECT_FIELDS)
        _check_project(project)
        project.save()
        _link_carrier(project)
    return project


def project_delete(*, project: Project) -> None:
    """Delete the project and its whole plan; directory people and organisations stay.

    Tasks go first: they protect the steps and axes they belong to.
    """
    with transaction.atomic():
        Task.objects.filter(project=project).delete()
        project.delete()


# --- Tasks --------------------------------------------------------------------------------------


def descendant_ids(task: Task) -> set[int]:
    """Ids of every task under `task`, found level by level (one query per level)."""
    found: set[int] = set()
    frontier = {task.pk}
    while frontier:
        children = set(Task.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = children - found
        found |= frontier
    return found


def _check_task(task: Task, project: Project) -> None:
    errors: dict[str, list[Any]] = {}
    try:
        # Constraints are checked below, with messages on the right field.
        task.full_clean(exclude=["project"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    for field in ("parent", "step", "axis"):
        related = getattr(task, field)
        if related is not None and related.project_id != project.pk:
            errors.setdefault(field, []).append(NOT_IN_PROJECT)
    if (
        task.lead_organisation is not None
        and not ProjectOrganisation.objects.filter(
            project=project, organisation=task.lead_organisation
        ).exists()
    ):
        errors.setdefault("lead_organisation", []).append(NOT_IN_PROJECT)
    if task.start and task.end and task.end < task.start:
        errors.setdefault("end", []).append(END_BEFORE_START)
    parent = task.parent
    if (
        parent is not None
        and task.pk is not None
        and (parent.pk == task.pk or parent.pk in descendant_ids(task))
    ):
        errors.setdefault("parent", []).append(PARENT_CYCLE)
    outside_parent = (
        parent is not None
        and "parent" not in errors
        and task.start
        and task.end
        and (task.start < parent.start or task.end > parent.end)
    )
    if outside_parent:
        assert parent is not None
        message = ValidationError(
            OUTSIDE_PARENT,
            params={
                "start": date_format(parent.start, "SHORT_DATE_FORMAT"),
                "end": date_format(parent.end, "SHORT_DATE_FORMAT"),
            },
        )
        field = "start" if task.start < parent.start else "end"
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def task_create(*, access: ProjectAccess, data: Mapping[str, Any]) -> Task:
    with transaction.atomic():
        task = Task(project=access.project)
        _assign(task, data, TASK_FIELDS)
        _check_task(task, access.project)
        task.save()
    return task


def task_update(*, task: Task, data: Mapping[str, Any], expected_version: int) -> Task:
    """Save the user's changes only if nobody saved the task since they loaded it."""
    with transaction.atomic():
        current = Task.objects.select_for_update().select_related("project").get(pk=task.pk)
        if current.version != expected_version:
            raise ConflictError
        before = (current.start, current.end)
        _assign(current, data, TASK_FIELDS)
        _check_task(current, current.project)
        problem = past_edit_problem(
            current.project.horizon_start, before, (current.start, current.end)
        )
        if problem is not None:
            field = "end" if problem == PastEdit.END_IN_HISTORY else "start"
            raise ValidationError({field: PAST_EDIT[problem]})
        current.version += 1
        current.save()
    return current


def task_delete(*, task: Task) -> None:
    """Delete the task with its sub-tasks, needs, assignments, budget lines and deliverables."""
    with transaction.atomic():
        task.delete()


# --- A task's details -------------------------------------------------------------------------


def _check_rows(model: type, rows: list[dict[str, Any]], task: Task, key: str) -> list[Any]:
    objects, errors = [], []
    for number, row in enumerate(rows, start=1):
        instance = model(task=task, **row) if model is not TaskDependency else model(**row)
        if model is TaskDependency:
            instance.successor = task
        try:
            instance.full_clean(exclude=["task", "successor"], validate_constraints=False)
        except ValidationError as error:
            for message in error.messages:
                errors.append(
                    ValidationError(
                        _("Row %(number)s: %(message)s"),
                        params={"number": number, "message": message},
                    )
                )
        objects.append(instance)
    if errors:
        raise ValidationError({key: errors})
    return objects


def task_details_replace(
    *,
    task: Task,
    dependencies: list[dict[str, Any]] | None = None,
    budget_lines: list[dict[str, Any]] | None = None,
    deliverables: list[dict[str, Any]] | None = None,
) -> None:
    """Replace the task's predecessors, budget lines and deliverables (None: left as they are).

    Refuses a predecessor of another project, the task itself, a cycle, a negative amount.
    """
    with transaction.atomic():
        if dependencies is not None:
            links = _check_rows(TaskDependency, dependencies, task, "dependencies")
            predecessor_ids = []
            for link in links:
                if link.predecessor.project_id != task.project_id:
                    raise ValidationError({"dependencies": NOT_IN_PROJECT})
                if link.predecessor.pk == task.pk:
                    raise ValidationError({"dependencies": DEPENDENCY_SELF})
                predecessor_ids.append(link.predecessor.pk)
            others: dict[int, list[int]] = {}
            for predecessor_id, successor_id in TaskDependency.objects.filter(
                successor__project_id=task.project_id
            ).values_list("predecessor_id", "successor_id"):
                others.setdefault(successor_id, []).append(predecessor_id)
            cycle = dependency_cycle(task.pk, predecessor_ids, others)
            if cycle is not None:
                titles = dict(Task.objects.filter(pk__in=set(cycle)).values_list("pk", "title"))
                chain = " ← ".join(f"« {titles[pk]} »" for pk in cycle)
                raise ValidationError(
                    {"dependencies": ValidationError(DEPENDENCY_CYCLE, params={"chain": chain})}
                )
            TaskDependency.objects.filter(successor=task).delete()
            TaskDependency.objects.bulk_create(links)
        if budget_lines is not None:
            lines = _check_rows(BudgetLine, budget_lines, task, "budget_lines")
            BudgetLine.objects.filter(task=task).delete()
            BudgetLine.objects.bulk_create(lines)
        if deliverables is not None:
            items = _check_rows(Deliverable, deliverables, task, "deliverables")
            Deliverable.objects.filter(task=task).delete()
            Deliverable.objects.bulk_create(items)
        data_changed(plan_scope(task.project_id))  # bulk_create() sends no signal


def task_save(
    *,
    access: ProjectAccess,
    task: Task | None,
    data: Mapping[str, Any],
    details: Mapping[str, list[dict[str, Any]] | None],
    expected_version: int | None = None,
) -> Task:
    """Create or update a task together with its details: everything is saved, or nothing."""
    with transaction.atomic():
        if task is None:
            saved = task_create(access=access, data=data)
        else:
            saved = task_update(
                task=task,
                data=data,
                expected_version=task.version if expected_version is None else expected_version,
            )
        task_details_replace(task=saved, **details)
    return saved
