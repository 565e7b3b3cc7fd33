"""Writes of governance bodies and their members.

Every save or deletion here raises the project's plan counter through the analysis' signals
(`maillage.analysis.changes`: the governance app is analysed, members lead to their body's
project), so the Analyse page sees the new months and members.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess
from maillage.directory.models import Person
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import Axis, Project
from maillage.projects.services import ConflictError

BODY_FIELDS = ("name", "kind", "meetings_per_year", "meeting_days", "animator", "months")
MONTHS_REQUIRED = _("Tick at least one month in which the body meets.")
MONTHS_INVALID = _("Months are numbers from 1 (January) to 12 (December).")
MEETINGS_BELOW_MONTHS = _(
    "At least one meeting in each month ticked: %(months)s months are ticked, so at least "
    "%(months)s meetings a year."
)
NOT_A_PROJECT_PERSON = _("This person is not in the project’s directory.")
NOT_A_PROJECT_AXIS = _("This axis is not one of the project’s.")
COLLEGE_REQUIRED = _("Choose the college this member sits in.")
ALREADY_MEMBER = _("%(person)s is already a member of this body.")
BODY_CONFLICT = _(
    "The body was modified in the meantime by someone else. Your changes were not saved: "
    "reload the page to see the current version, then apply your changes again."
)


def clean_months(values: Iterable[Any]) -> list[int]:
    """The months as sorted distinct numbers 1–12, or a ValidationError on `months`."""
    try:
        months = sorted({int(value) for value in values})
    except (TypeError, ValueError):
        raise ValidationError({"months": MONTHS_INVALID}) from None
    if any(month < 1 or month > 12 for month in months):
        raise ValidationError({"months": MONTHS_INVALID})
    if not months:
        raise ValidationError({"months": MONTHS_REQUIRED})
    return months


def _assign(body: Body, data: Mapping[str, Any]) -> None:
    months = clean_months(data.get("months") or [])
    meetings = data.get("meetings_per_year")
    if meetings is None:
        meetings = len(months)  # one meeting in each month ticked
    if meetings < len(months):
        raise ValidationError(
            {"meetings_per_year": MEETINGS_BELOW_MONTHS % {"months": len(months)}}
        )
    body.name = data["name"]
    body.kind = data["kind"]
    body.meeting_days = data["meeting_days"]
    body.animator = data.get("animator")
    body.months = months
    body.meetings_per_year = meetings


def _check(body: Body, project: Project, axes: Iterable[Axis]) -> list[Axis]:
    errors: dict[str, Any] = {}
    if body.animator is not None and not _in_project(body.animator, project):
        errors["animator"] = NOT_A_PROJECT_PERSON
    axes = list(axes)
    if any(axis.project_id != project.pk for axis in axes):
        errors["axes"] = NOT_A_PROJECT_AXIS
    try:
        body.full_clean(exclude=["project"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return axes


def _in_project(person: Person, project: Project) -> bool:
    return Person.objects.filter(pk=person.pk, project_links__project=project).exists()


def body_create(*, access: ProjectAccess, data: Mapping[str, Any]) -> Body:
    """A new body of the project, with the months it meets and the axes it coordinates."""
    body = Body(project=access.project)
    _assign(body, data)
    axes = _check(body, access.project, data.get("axes") or [])
    with transaction.atomic():
        body.save()
        body.axes.set(axes)
    return body


def body_update(*, body: Body, data: Mapping[str, Any], expected_version: int) -> Body:
    """Save the user's changes only if nobody saved the body since they loaded it."""
    with transaction.atomic():
        current = Body.objects.select_for_update().select_related("project").get(pk=body.pk)
        if current.version != expected_version:
            raise ConflictError(BODY_CONFLICT)
        _assign(current, data)
        axes = _check(current, current.project, data.get("axes") or [])
        current.version += 1
        current.save()
        current.axes.set(axes)
    return current


def body_delete(*, body: Body) -> None:
    """Delete the body with its memberships (the people stay in the directory)."""
    with transaction.atomic():
        body.delete()


def body_member_add(
    *, body: Body, person: Person | None, college: str, role: str = BodyMember.Role.MEMBER
) -> BodyMember:
    """Seat a person of the project in the body, in a college, with a role."""
    errors: dict[str, Any] = {}
    if person is None or not _in_project(person, body.project):
        errors["person"] = NOT_A_PROJECT_PERSON
    elif BodyMember.objects.filter(body=body, person=person).exists():
        errors["person"] = ALREADY_MEMBER % {"person": person}
    if not college:
        errors["college"] = COLLEGE_REQUIRED
    if errors:
        raise ValidationError(errors)
    membership = BodyMember(body=body, person=person, college=college, role=role)
    membership.full_clean(exclude=["body", "person"], validate_unique=False)
    with transaction.atomic():
        membership.save()
    return membership


def body_member_remove(*, membership: BodyMember) -> None:
    with transaction.atomic():
        membership.delete()
