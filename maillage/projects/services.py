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
from maillage.directory.models import Organisation, Person, Territory
from maillage.engine.plan.dependencies import dependency_cycle
from maillage.engine.plan.rolling import PastEdit, past_edit_problem
from maillage.projects.models import (
    Axis,
    BudgetLine,
    Deliverable,
    ExpectedResult,
    Membership,
    Objective,
    Project,
    ProjectOrganisation,
    ProjectPerson,
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


# --- Framing: identity, axes, objectives and results, sponsors ----------------------------------

IDENTITY_FIELDS = (
    "pat_identifier",
    "pat_url",
    "pat_administrative_name",
    "pat_usual_name",
    "carrier_siret",
    "epci_siren",
    "communes",
    "recognition_level",
    "recognition_date",
)
AXIS_FIELDS = ("code", "name", "description", "pat_fields")
OBJECTIVE_FIELDS = ("title", "description")
RESULT_FIELDS = ("title", "indicator", "unit", "baseline", "target", "target_date", "target_note")

FRAMING_CONFLICT = _(
    "Someone else saved this item in the meantime. Your changes were not saved: reload the page "
    "to see the current version, then apply your changes again."
)
AXIS_CODE_TAKEN = _("Another axis of the project already has the code “%(code)s”.")
RECOGNITION_DATE_MISSING = _("Give the recognition date: the recognition’s expiry follows from it.")
SPONSOR_ORGANISATION_MISSING = _(
    "Choose an organisation of the project, or give the name of a new one."
)
SPONSOR_ALREADY = _("This organisation is already a sponsor of the project.")
REPRESENTATIVE_NOT_IN_PROJECT = _("Choose a person of this project.")
NEW_PERSON_INCOMPLETE = _("Give both the first and the last name of the new representative.")
SPONSOR_HAS_DECISIONS = _(
    "%(sponsor)s has already decided on versions of the guiding thread (%(versions)s): it stays "
    "a sponsor so that these decisions keep their author."
)


def project_identity_update(*, project: Project, data: Mapping[str, Any]) -> Project:
    """The PAT's identity: France PAT identifier, names, SIRET, communes, recognition."""
    with transaction.atomic():
        _assign(project, data, IDENTITY_FIELDS)
        if project.recognition_level and project.recognition_date is None:
            raise ValidationError({"recognition_date": RECOGNITION_DATE_MISSING})
        _check_project(project)
        project.save()
    return project


def _next_order(queryset: Any) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def _move(items: list[Any], item: Any, direction: str) -> list[Any]:
    """`items` in their new order after moving `item` one place up or down (renumbered)."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return []
    items[index], items[target] = items[target], items[index]
    changed = []
    for order, other in enumerate(items, start=1):
        if other.order != order:
            other.order = order
            changed.append(other)
    return changed


def _check_axis(axis: Axis) -> None:
    errors: dict[str, list[Any]] = {}
    try:
        axis.full_clean(exclude=["project"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    taken = Axis.objects.filter(project_id=axis.project_id, code=axis.code).exclude(pk=axis.pk)
    if axis.code and taken.exists():
        errors.setdefault("code", []).append(
            ValidationError(AXIS_CODE_TAKEN, params={"code": axis.code})
        )
    if errors:
        raise ValidationError(errors)


def axis_create(*, access: ProjectAccess, data: Mapping[str, Any]) -> Axis:
    with transaction.atomic():
        project = access.project
        axis = Axis(project=project, order=_next_order(Axis.objects.filter(project=project)))
        _assign(axis, data, AXIS_FIELDS)
        _check_axis(axis)
        axis.save()
    return axis


def axis_update(*, axis: Axis, data: Mapping[str, Any], expected_version: int) -> Axis:
    """Rename the axis and change its PAT fields, unless someone saved it since it was loaded."""
    with transaction.atomic():
        current = Axis.objects.select_for_update().get(pk=axis.pk)
        if current.version != expected_version:
            raise ConflictError(FRAMING_CONFLICT)
        _assign(current, data, AXIS_FIELDS)
        _check_axis(current)
        current.version += 1
        current.save()
    return current


def axis_move(*, axis: Axis, direction: str) -> None:
    """Move the axis one place up or down among the project's axes (archived ones included)."""
    with transaction.atomic():
        axes = list(Axis.objects.select_for_update().filter(project_id=axis.project_id))
        changed = _move(axes, axis, direction)
        Axis.objects.bulk_update(changed, ["order"])
        if changed:
            data_changed(plan_scope(axis.project_id))  # bulk_update() sends no signal


def axis_set_archived(*, axis: Axis, archived: bool) -> Axis:
    """Archive the axis (its tasks keep it; pickers no longer offer it), or bring it back."""
    with transaction.atomic():
        axis.is_archived = archived
        axis.save(update_fields=["is_archived"])
    return axis


def objective_create(*, access: ProjectAccess, data: Mapping[str, Any]) -> Objective:
    with transaction.atomic():
        project = access.project
        objective = Objective(
            project=project, order=_next_order(Objective.objects.filter(project=project))
        )
        _assign(objective, data, OBJECTIVE_FIELDS)
        objective.full_clean(exclude=["project"])
        objective.save()
    return objective


def objective_update(
    *, objective: Objective, data: Mapping[str, Any], expected_version: int
) -> Objective:
    with transaction.atomic():
        current = Objective.objects.select_for_update().get(pk=objective.pk)
        if current.version != expected_version:
            raise ConflictError(FRAMING_CONFLICT)
        _assign(current, data, OBJECTIVE_FIELDS)
        current.full_clean(exclude=["project"])
        current.version += 1
        current.save()
    return current


def objective_move(*, objective: Objective, direction: str) -> None:
    with transaction.atomic():
        objectives = list(
            Objective.objects.select_for_update().filter(project_id=objective.project_id)
        )
        Objective.objects.bulk_update(_move(objectives, objective, direction), ["order"])


def objective_delete(*, objective: Objective) -> None:
    """Delete the objective with its expected results."""
    with transaction.atomic():
        objective.delete()


def result_create(*, objective: Objective, data: Mapping[str, Any]) -> ExpectedResult:
    with transaction.atomic():
        result = ExpectedResult(
            objective=objective,
            order=_next_order(ExpectedResult.objects.filter(objective=objective)),
        )
        _assign(result, data, RESULT_FIELDS)
        result.full_clean(exclude=["objective"])
        result.save()
    return result


def result_update(*, result: ExpectedResult, data: Mapping[str, Any]) -> ExpectedResult:
    with transaction.atomic():
        _assign(result, data, RESULT_FIELDS)
        result.full_clean(exclude=["objective"])
        result.save()
    return result


def result_move(*, result: ExpectedResult, direction: str) -> None:
    with transaction.atomic():
        results = list(
            ExpectedResult.objects.select_for_update().filter(objective_id=result.objective_id)
        )
        ExpectedResult.objects.bulk_update(_move(results, result, direction), ["order"])


def result_delete(*, result: ExpectedResult) -> None:
    with transaction.atomic():
        result.delete()


def _representative(project: Project, data: Mapping[str, Any]) -> Person | None:
    """The chosen person of the project, or a new one (who needs no user account), or None."""
    person: Person | None = data.get("representative")
    if person is not None:
        if not ProjectPerson.objects.filter(project=project, person=person).exists():
            raise ValidationError({"representative": REPRESENTATIVE_NOT_IN_PROJECT})
        return person
    first, last = data.get("new_first_name", ""), data.get("new_last_name", "")
    if not first and not last:
        return None
    if not first or not last:
        field = "new_first_name" if not first else "new_last_name"
        raise ValidationError({field: NEW_PERSON_INCOMPLETE})
    person = Person(
        first_name=first,
        last_name=last,
        email=data.get("new_email", ""),
        kind=data.get("new_person_kind") or Person.Kind.ELECTED,
    )
    person.full_clean()
    person.save()
    link = ProjectPerson(project=project, person=person)
    link.full_clean()
    link.save()
    return person


def sponsor_add(*, access: ProjectAccess, data: Mapping[str, Any]) -> ProjectOrganisation:
    """Make an organisation of the project (or a new one) a sponsor, with its representative."""
    project = access.project
    with transaction.atomic():
        organisation: Organisation | None = data.get("organisation")
        if organisation is None and data.get("new_organisation_name"):
            organisation = Organisation(
                name=data["new_organisation_name"],
                kind=data.get("new_organisation_kind") or Organisation.Kind.OTHER,
                territory=data.get("new_organisation_territory") or project.territory,
            )
            try:
                organisation.full_clean()
            except ValidationError as error:
                prefixed = {f"new_organisation_{k}": v for k, v in error.message_dict.items()}
                raise ValidationError(prefixed) from None
            organisation.save()
        if organisation is None:
            raise ValidationError({"organisation": SPONSOR_ORGANISATION_MISSING})
        link, _created = ProjectOrganisation.objects.get_or_create(
            project=project, organisation=organisation
        )
        if link.is_sponsor:
            raise ValidationError({"organisation": SPONSOR_ALREADY})
        link.is_sponsor = True
        link.representative = _representative(project, data)
        link.save()
    return link


def sponsor_update(*, link: ProjectOrganisation, data: Mapping[str, Any]) -> ProjectOrganisation:
    """Change the sponsor's representative (a person of the project, a new one, or nobody)."""
    with transaction.atomic():
        link.representative = _representative(link.project, data)
        link.save(update_fields=["representative"])
    return link


def sponsor_remove(*, link: ProjectOrganisation) -> None:
    """The organisation stays in the project but no longer sponsors it; refused while plan
    versions carry decisions it made."""
    from maillage.planning.models import Review

    with transaction.atomic():
        decided = (
            Review.objects.filter(sponsor=link)
            .exclude(decision=Review.Decision.PENDING)
            .select_related("version")
            .order_by("version__number")
        )
        labels = [str(review.version.label or review.version.number) for review in decided]
        if labels:
            raise ValidationError(
                SPONSOR_HAS_DECISIONS,
                params={"sponsor": link.organisation, "versions": ", ".join(labels)},
            )
        link.is_sponsor = False
        link.save(update_fields=["is_sponsor"])
