"""Writes on responsibilities: allocations (with optimistic locking), axis referents, task
partners and the free texts of mission letters. Each service validates and saves all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.directory.models import Organisation, Person
from maillage.projects.models import Axis, ProjectPerson, Task
from maillage.responsibilities.models import MissionLetter, TaskPartner
from maillage.staffing.models import Assignment

MAX_DAYS_PER_MONTH = Decimal(31)
NEGATIVE_DAYS = _("An allocation cannot be negative.")
TOO_MANY_DAYS = _(
    "%(days)s days per month is not possible: a month has at most 31 days. "
    "Enter the person-days per month the person gives to the task."
)
ALLOCATION_CONFLICT = _(
    "This allocation was changed in the meantime by someone else (now %(days)s days per month, "
    "%(responsibility)s). Your change was not saved: check the current value, then apply your "
    "change again."
)
LETTER_CONFLICT = _(
    "The mission letter was changed in the meantime by someone else. Your text was not saved: "
    "reload the page, then apply your changes again."
)
DUPLICATE_ROLE = _("This person already has this responsibility on this task.")
NOT_IN_PROJECT = _("Choose a person of this project.")
ASSIGNMENT_FIELDS = ("responsibility", "days_per_month", "modalities")
AXIS_FIELDS = ("lead", "lead_organisation", "political_referent", "technical_referent")


class ConflictError(Exception):
    """The object changed since the user loaded it (optimistic locking)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def check_days(days: Any) -> Decimal:
    """The allocation as a number of days per month, or a ValidationError on `days_per_month`."""
    try:
        value = Decimal(str(days))
    except ArithmeticError:
        raise ValidationError({"days_per_month": _("Enter a number of days.")}) from None
    if not value.is_finite():
        raise ValidationError({"days_per_month": _("Enter a number of days.")})
    if value < 0:
        raise ValidationError({"days_per_month": NEGATIVE_DAYS})
    if value > MAX_DAYS_PER_MONTH:
        raise ValidationError({"days_per_month": TOO_MANY_DAYS % {"days": value}})
    return value


def _save_assignment(assignment: Assignment) -> None:
    duplicate = Assignment.objects.filter(
        task_id=assignment.task_id,
        person_id=assignment.person_id,
        responsibility=assignment.responsibility,
    ).exclude(pk=assignment.pk)
    if duplicate.exists():
        raise ValidationError({"responsibility": DUPLICATE_ROLE})
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        raise ValidationError({"responsibility": DUPLICATE_ROLE}) from None


def assignment_update(
    *, assignment: Assignment, data: Mapping[str, Any], expected_version: int
) -> Assignment:
    """Save the change only if nobody saved the allocation since the user loaded it."""
    if "days_per_month" in data:
        data = {**data, "days_per_month": check_days(data["days_per_month"])}
    with transaction.atomic():
        current = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if current.version != expected_version:
            raise ConflictError(
                ALLOCATION_CONFLICT
                % {
                    "days": current.days_per_month,
                    "responsibility": current.get_responsibility_display(),
                }
            )
        for name in ASSIGNMENT_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.version += 1
        _save_assignment(current)
    return current


def assignment_create(
    *, access: ProjectAccess, task: Task, person: Person, data: Mapping[str, Any]
) -> Assignment:
    if not ProjectPerson.objects.filter(project=access.project, person=person).exists():
        raise ValidationError({"person": NOT_IN_PROJECT})
    assignment = Assignment(
        task=task,
        person=person,
        responsibility=data.get("responsibility") or Assignment.Responsibility.CONTRIBUTOR,
        days_per_month=check_days(data.get("days_per_month") or 0),
        modalities=data.get("modalities", ""),
    )
    with transaction.atomic():
        _save_assignment(assignment)
    return assignment


def assignment_delete(*, assignment: Assignment, expected_version: int) -> None:
    with transaction.atomic():
        current = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        if current is None:
            return
        if current.version != expected_version:
            raise ConflictError(
                ALLOCATION_CONFLICT
                % {
                    "days": current.days_per_month,
                    "responsibility": current.get_responsibility_display(),
                }
            )
        current.delete()


def axis_update(*, axis: Axis, data: Mapping[str, Any]) -> Axis:
    """Set an axis's lead, lead organisation and political and technical referents."""
    with transaction.atomic():
        for name in AXIS_FIELDS:
            if name in data:
                setattr(axis, name, data[name])
        axis.full_clean()
        axis.save(update_fields=list(AXIS_FIELDS))
    return axis


def task_partner_add(*, task: Task, organisation: Organisation, contribution: str) -> TaskPartner:
    partner = TaskPartner(task=task, organisation=organisation, contribution=contribution)
    with transaction.atomic():
        try:
            partner.full_clean()
        except ValidationError as error:
            raise ValidationError(
                {"organisation": _("This organisation is already a partner of the task.")}
            ) from error
        partner.save()
    return partner


def task_partner_remove(*, partner: TaskPartner) -> None:
    partner.delete()


def mission_letter_save(
    *,
    access: ProjectAccess,
    person: Person,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> MissionLetter:
    """Create or update the free texts of a person's mission letter (optimistic locking)."""
    fields = ("introduction", "objectives", "means", "closing", "signatory")
    with transaction.atomic():
        letter = (
            MissionLetter.objects.select_for_update()
            .filter(project=access.project, person=person)
            .first()
        )
        if letter is None:
            letter = MissionLetter(project=access.project, person=person)
        elif expected_version is not None and letter.version != expected_version:
            raise ConflictError(LETTER_CONFLICT)
        else:
            letter.version += 1
        for name in fields:
            if name in data:
                setattr(letter, name, data[name])
        letter.full_clean()
        letter.save()
    return letter
