"""Writes of a task's needs: the lines of the task form, one need edited in place, and the
grid of an axis. Each write is all or nothing; saves and deletions go one row at a time so
that the analysis' change counters (`maillage.analysis.changes`) see every one of them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from maillage.access import Perm, ProjectAccess
from maillage.competencies.models import Competency, Level
from maillage.engine.timeline import days_in_month, month_end
from maillage.numbers import plain_decimal
from maillage.projects import services as project_services
from maillage.projects.models import Axis, Task
from maillage.projects.services import ConflictError
from maillage.staffing.models import Need

PER_MONTH = "month"
TOTAL = "total"
CENT = Decimal("0.01")

LINE_ERROR = _("Line %(number)s — %(field)s: %(message)s")
DUPLICATE_LINE = _(
    "Line %(number)s — competency: “%(competency)s” is already on line %(first)s; a task needs "
    "each competency once."
)
DUPLICATE_NEED = _("The task already needs “%(competency)s”: edit that line instead.")
NOT_IN_FRAMEWORK = _("Choose a competency of the project’s framework.")
LEVEL_NOT_IN_SCALE = _("Choose a level of the framework’s scale (%(levels)s).")
NEGATIVE_DAYS = _("The number of days cannot be negative.")
CELL_ERROR = _("Task “%(task)s”, competency “%(competency)s” — %(field)s: %(message)s")
CELL_INCOMPLETE = _("give both the level and the days per month, or neither")
TOO_MANY_DAYS = _("at most %(max)s days per month")
MAX_DAYS = Decimal("9999.99")
NEED_CONFLICT = _(
    "Someone changed or removed this need in the meantime (it now reads: level %(level)s, "
    "%(days)s days per month). Nothing was saved: look at it again, then make your change."
)
LINE_CONFLICT = _(
    "Line %(number)s: someone changed or removed this need in the meantime. Nothing was saved: "
    "reload the task to see its current needs."
)
CELL_CONFLICT = _(
    "Task “%(task)s”, competency “%(competency)s”: someone changed this need in the meantime. "
    "Nothing was saved: reload the grid to see the current needs."
)


# --- Days: per month, or a total spread over the task's months ----------------------------------


def task_months(start: datetime.date, end: datetime.date) -> Decimal:
    """How many months the task lasts, counting the covered share of each calendar month (as
    the analysis does), so that a need of `total` days counts exactly `total` in the analysis."""
    months = Decimal(0)
    month = start.replace(day=1)
    while month <= end:
        first, last = max(start, month), min(end, month_end(month))
        months += Decimal((last - first).days + 1) / Decimal(days_in_month(month))
        month = (month_end(month) + datetime.timedelta(days=1)).replace(day=1)
    return months


def days_per_month_of(
    days: Decimal, unit: str, start: datetime.date, end: datetime.date
) -> Decimal:
    """Days per month from what the user typed: days per month, or days over the whole task."""
    if unit != TOTAL:
        return days.quantize(CENT, rounding=ROUND_HALF_UP)
    return (days / task_months(start, end)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Checks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """What a need of the project may refer to: its framework's competencies and levels."""

    competencies: dict[int, Competency]
    levels: tuple[int, ...]

    def level_error(self, level: int) -> ValidationError | None:
        if self.levels and level not in self.levels:
            return ValidationError(
                LEVEL_NOT_IN_SCALE, params={"levels": ", ".join(map(str, self.levels))}
            )
        if level < 0:
            return ValidationError(LEVEL_NOT_IN_SCALE, params={"levels": "≥ 0"})
        return None


def project_scale(access: ProjectAccess) -> Scale:
    framework_id = access.project.framework_id
    return Scale(
        competencies={c.pk: c for c in Competency.objects.filter(framework_id=framework_id)},
        levels=tuple(
            Level.objects.filter(framework_id=framework_id)
            .order_by("value")
            .values_list("value", flat=True)
        ),
    )


def _field_label(name: str) -> str:
    return str(Need._meta.get_field(name).verbose_name)


def _need_errors(
    scale: Scale, competency_id: int | None, min_level: int | None, days: Decimal | None
) -> dict[str, ValidationError]:
    errors: dict[str, ValidationError] = {}
    if competency_id not in scale.competencies:
        errors["competency"] = ValidationError(NOT_IN_FRAMEWORK)
    if min_level is None:
        errors["min_level"] = ValidationError(_("This field is required."))
    else:
        problem = scale.level_error(min_level)
        if problem is not None:
            errors["min_level"] = problem
    if days is None:
        errors["days_per_month"] = ValidationError(_("This field is required."))
    elif days < 0:
        errors["days_per_month"] = ValidationError(NEGATIVE_DAYS)
    elif days > MAX_DAYS:
        errors["days_per_month"] = ValidationError(TOO_MANY_DAYS, params={"max": MAX_DAYS})
    return errors


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The lines of the task form -----------------------------------------------------------------


def task_needs_replace(
    *, access: ProjectAccess, task: Task, lines: Sequence[Mapping[str, Any]]
) -> list[Need]:
    """Make the task's needs exactly `lines`: each a mapping with `competency` (id),
    `min_level`, `days` and `unit` ("month" or "total" over the task's dates).

    Lines are matched to the saved needs by competency (so a need keeps its id); a problem on
    any line refuses them all, with messages naming the line and the field.
    """
    access.require(Perm.EDIT_PLAN)
    scale = project_scale(access)
    errors: list[ValidationError] = []
    wanted: dict[int, tuple[int, Decimal]] = {}
    first_line: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        competency_id, min_level = line.get("competency"), line.get("min_level")
        days = line.get("days")
        per_month = (
            days_per_month_of(days, line.get("unit", PER_MONTH), task.start, task.end)
            if days is not None and days >= 0
            else days
        )
        problems = _need_errors(scale, competency_id, min_level, per_month)
        for name, problem in problems.items():
            errors.append(
                ValidationError(
                    LINE_ERROR,
                    params={
                        "number": number,
                        "field": _field_label(name),
                        "message": _message(problem),
                    },
                )
            )
        if problems:
            continue
        assert competency_id is not None and min_level is not None and per_month is not None
        if competency_id in first_line:
            errors.append(
                ValidationError(
                    DUPLICATE_LINE,
                    params={
                        "number": number,
                        "competency": scale.competencies[competency_id],
                        "first": first_line[competency_id],
                    },
                )
            )
            continue
        first_line[competency_id] = number
        wanted[competency_id] = (min_level, per_month)
    if errors:
        raise ValidationError({"needs": errors})

    with transaction.atomic():
        saved = {
            n.competency_id: n
            for n in Need.objects.select_for_update(of=("self",))
            .select_related("task")
            .filter(task=task)
        }
        by_id = {n.pk: n for n in saved.values()}
        for number, line in enumerate(lines, start=1):
            need_id, version = line.get("id"), line.get("version")
            if need_id is None or version is None:
                continue
            if need_id not in by_id or by_id[need_id].version != version:
                raise ConflictError(LINE_CONFLICT % {"number": number})
        for competency_id, need in saved.items():
            if competency_id not in wanted:
                need.delete()
        result = []
        for competency_id, (min_level, per_month) in wanted.items():
            need = saved.get(competency_id) or Need(task=task, competency_id=competency_id)
            if need.pk and need.min_level == min_level and need.days_per_month == per_month:
                result.append(need)
                continue
            need.min_level, need.days_per_month = min_level, per_month
            need.version = need.version + 1 if need.pk else 1
            need.full_clean(exclude=["task", "competency"], validate_constraints=False)
            need.save()
            result.append(need)
    return result


def task_save_with_needs(
    *,
    access: ProjectAccess,
    task: Task | None,
    data: Mapping[str, Any],
    details: Mapping[str, list[dict[str, Any]] | None],
    needs: Sequence[Mapping[str, Any]] | None,
    expected_version: int | None = None,
) -> Task:
    """Save a task, its details and its needs (None: left as they are) all together, or none."""
    with transaction.atomic():
        saved = project_services.task_save(
            access=access,
            task=task,
            data=data,
            details=details,
            expected_version=expected_version,
        )
        if needs is not None:
            task_needs_replace(access=access, task=saved, lines=needs)
    return saved


# --- One need, edited in place on the task page -------------------------------------------------


def need_save(
    *,
    access: ProjectAccess,
    task: Task,
    need: Need | None,
    competency_id: int | None,
    min_level: int | None,
    days: Decimal | None,
    unit: str = PER_MONTH,
    expected_version: int | None = None,
) -> Need:
    """Create (`need` None) or change one need of `task`; errors are keyed by field. A change
    that did not start from the need's current version (`expected_version`) is refused."""
    access.require(Perm.EDIT_PLAN)
    scale = project_scale(access)
    per_month = (
        days_per_month_of(days, unit, task.start, task.end)
        if days is not None and days >= 0
        else days
    )
    errors = _need_errors(scale, competency_id, min_level, per_month)
    if errors:
        if "days_per_month" in errors:
            errors["days"] = errors.pop("days_per_month")
        raise ValidationError(errors)
    assert competency_id is not None and min_level is not None and per_month is not None
    with transaction.atomic():
        if need is not None:
            need = _current(need, expected_version)
        duplicate = Need.objects.filter(task=task, competency_id=competency_id)
        if need is not None:
            duplicate = duplicate.exclude(pk=need.pk)
        if duplicate.exists():
            raise ValidationError(
                {
                    "competency": ValidationError(
                        DUPLICATE_NEED, params={"competency": scale.competencies[competency_id]}
                    )
                }
            )
        need = need or Need(task=task, version=0)
        need.competency_id, need.min_level, need.days_per_month = (
            competency_id,
            min_level,
            per_month,
        )
        need.version += 1
        need.full_clean(exclude=["task"], validate_constraints=False)
        need.save()
    return need


def _current(need: Need, expected_version: int | None) -> Need:
    """The need as saved now, locked; refused when it changed since `expected_version`."""
    current = (
        Need.objects.select_for_update(of=("self",))
        .select_related("task")
        .filter(pk=need.pk)
        .first()
    )
    if current is None or (expected_version is not None and current.version != expected_version):
        shown = current or need
        raise ConflictError(
            NEED_CONFLICT
            % {
                "level": shown.min_level,
                "days": formats.localize(plain_decimal(shown.days_per_month)),
            }
        )
    return current


def need_delete(*, access: ProjectAccess, need: Need, expected_version: int | None = None) -> None:
    """Remove a need (already gone: nothing to do); refused when it changed meanwhile."""
    access.require(Perm.EDIT_PLAN)
    with transaction.atomic():
        if not Need.objects.filter(pk=need.pk).exists():
            return
        _current(need, expected_version).delete()


# --- The grid of an axis ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What the user typed in one cell of the grid (None: left empty)."""

    task_id: int
    competency_id: int
    min_level: int | None
    days_per_month: Decimal | None
    version: int | None = None  # of the need the user started from (None: there was none)


def axis_needs_save(
    *, access: ProjectAccess, axis: Axis, tasks: Sequence[Task], cells: Sequence[Cell]
) -> int:
    """Save the grid of an axis: a filled cell sets the need, an emptied cell removes it.

    All or nothing: a half-filled cell, a level off the scale or negative days refuse the
    whole grid, with messages naming the task (row) and the competency (column). Returns how
    many needs were created, changed or removed.
    """
    access.require(Perm.EDIT_PLAN)
    scale = project_scale(access)
    task_of = {t.pk: t for t in tasks if t.project_id == access.project.pk}
    errors: list[ValidationError] = []
    wanted: dict[tuple[int, int], tuple[int, Decimal] | None] = {}
    for cell in cells:
        task = task_of.get(cell.task_id)
        competency = scale.competencies.get(cell.competency_id)
        if task is None or competency is None:
            raise ValidationError(NOT_IN_FRAMEWORK)
        key = (cell.task_id, cell.competency_id)
        if cell.min_level is None and cell.days_per_month is None:
            wanted[key] = None
            continue
        problems: dict[str, Any] = {}
        if cell.min_level is None or cell.days_per_month is None:
            problems["min_level" if cell.min_level is None else "days_per_month"] = CELL_INCOMPLETE
        else:
            problems = {
                name: _message(problem)
                for name, problem in _need_errors(
                    scale, cell.competency_id, cell.min_level, cell.days_per_month
                ).items()
            }
        for name, message in problems.items():
            errors.append(
                ValidationError(
                    CELL_ERROR,
                    params={
                        "task": task.title,
                        "competency": competency,
                        "field": _field_label(name),
                        "message": message,
                    },
                )
            )
        if not problems:
            assert cell.min_level is not None and cell.days_per_month is not None
            wanted[key] = (cell.min_level, cell.days_per_month.quantize(CENT))
    if errors:
        raise ValidationError(errors)

    changed = 0
    sent_versions = {(c.task_id, c.competency_id): c.version for c in cells}
    with transaction.atomic():
        saved = {
            (n.task_id, n.competency_id): n
            for n in Need.objects.select_for_update(of=("self",))
            .select_related("task")
            .filter(task_id__in=list(task_of))
        }
        stale = [
            key for key, version in sent_versions.items() if _version(saved.get(key)) != version
        ]
        if stale:
            names = {c.pk: c for c in scale.competencies.values()}
            raise ConflictError(
                " ".join(
                    CELL_CONFLICT % {"task": task_of[t].title, "competency": names[c]}
                    for t, c in stale
                )
            )
        for key, value in wanted.items():
            need = saved.get(key)
            if value is None:
                if need is not None:
                    need.delete()
                    changed += 1
                continue
            min_level, per_month = value
            if need is not None and (need.min_level, need.days_per_month) == (min_level, per_month):
                continue
            if need is None:
                need = Need(task=task_of[key[0]], competency_id=key[1], version=0)
            need.min_level, need.days_per_month = min_level, per_month
            need.version += 1
            need.full_clean(exclude=["task", "competency"], validate_constraints=False)
            need.save()
            changed += 1
    return changed


def _version(need: Need | None) -> int | None:
    return need.version if need is not None else None
