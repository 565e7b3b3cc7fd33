"""Writes on the people and organisations of a project.

The directory is shared by every project of the instance: removing a person or an organisation
from a project deletes the row itself only when no other project uses it. Removal is refused,
with the list of what blocks it, while the project still relies on them (assignments, axis
roles, body seats; carrier, employees, led tasks and axes).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess, require_shared_edit
from maillage.directory.models import Employment, Organisation, Person
from maillage.governance.models import Body, BodyMember
from maillage.projects.models import Axis, Project, ProjectOrganisation, ProjectPerson, Task
from maillage.staffing.models import Assignment

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "territory",
    "email",
    "phone",
    "website",
    "address",
)
PERSON_FIELDS = ("kind", "first_name", "last_name", "job_title", "email", "phone")
PROJECT_PERSON_FIELDS = ("mandate", "leeway", "means")
NOT_IN_PROJECT = _("Choose an organisation of this project.")


class RemovalRefused(Exception):
    """The object is still needed by the project; `blockers` says by what."""

    def __init__(self, blockers: list[str]) -> None:
        super().__init__("; ".join(blockers))
        self.blockers = blockers


def _assign(instance: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])


# --- Organisations ------------------------------------------------------------------------------


def organisation_create(*, access: ProjectAccess, data: Mapping[str, Any]) -> Organisation:
    with transaction.atomic():
        organisation = Organisation()
        _assign(organisation, data, ORGANISATION_FIELDS)
        organisation.full_clean()
        organisation.save()
        ProjectOrganisation.objects.create(
            project=access.project,
            organisation=organisation,
            is_sponsor=bool(data.get("is_sponsor")),
        )
    return organisation


def organisation_update(
    *, access: ProjectAccess, organisation: Organisation, data: Mapping[str, Any]
) -> Organisation:
    require_shared_edit(access, organisation)  # other projects show the same row
    with transaction.atomic():
        _assign(organisation, data, ORGANISATION_FIELDS)
        organisation.full_clean()
        organisation.save()
        if "is_sponsor" in data:
            ProjectOrganisation.objects.filter(
                project=access.project, organisation=organisation
            ).update(is_sponsor=bool(data["is_sponsor"]))
    return organisation


def organisation_removal_blockers(*, project: Project, organisation: Organisation) -> list[str]:
    """What in the project still relies on the organisation (empty: it may be removed)."""
    blockers = []
    if project.carrier_id == organisation.pk:
        blockers.append(gettext_now("it carries the project"))
    employees = Employment.objects.filter(
        organisation=organisation, person__project_links__project=project
    ).select_related("person")
    for employment in employees:
        blockers.append(gettext_now("it employs %(person)s") % {"person": employment.person})
    for task in Task.objects.filter(project=project, lead_organisation=organisation):
        blockers.append(gettext_now("it leads the task “%(task)s”") % {"task": task})
    for axis in Axis.objects.filter(project=project, lead_organisation=organisation):
        blockers.append(gettext_now("it leads the axis “%(axis)s”") % {"axis": axis})
    return blockers


def organisation_remove(*, project: Project, organisation: Organisation) -> bool:
    """Remove the organisation from the project; True when the row itself was deleted."""
    with transaction.atomic():
        blockers = organisation_removal_blockers(project=project, organisation=organisation)
        if blockers:
            raise RemovalRefused(blockers)
        ProjectOrganisation.objects.filter(project=project, organisation=organisation).delete()
        still_used = (
            organisation.project_links.exists()
            or organisation.carried_projects.exists()
            or organisation.employments.exists()
        )
        if still_used:
            return False
        organisation.delete()
        return True


# --- People -------------------------------------------------------------------------------------


def _save_main_employment(
    *,
    project: Project,
    person: Person,
    organisation: Organisation | None,
    time_share: Decimal | None,
    previous: Employment | None,
) -> None:
    if organisation is None:
        return
    if not ProjectOrganisation.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError({"organisation": NOT_IN_PROJECT})
    if previous is not None and previous.organisation_id != organisation.pk:
        previous.delete()
    employment = Employment.objects.filter(person=person, organisation=organisation).first()
    if employment is None:
        employment = Employment(person=person, organisation=organisation)
    if time_share is not None:
        employment.time_share = time_share
    employment.full_clean()
    employment.save()


def main_employment(*, project: Project, person: Person) -> Employment | None:
    """The person's largest employment with an organisation of the project."""
    return (
        Employment.objects.filter(person=person, organisation__project_links__project=project)
        .select_related("organisation")
        .order_by("-time_share", "pk")
        .first()
    )


def person_create(*, access: ProjectAccess, data: Mapping[str, Any]) -> Person:
    with transaction.atomic():
        person = Person()
        _assign(person, data, PERSON_FIELDS)
        person.full_clean()
        person.save()
        link = ProjectPerson(project=access.project, person=person)
        _assign(link, data, PROJECT_PERSON_FIELDS)
        link.full_clean()
        link.save()
        _save_main_employment(
            project=access.project,
            person=person,
            organisation=data.get("organisation"),
            time_share=data.get("time_share"),
            previous=None,
        )
    return person


def person_update(*, access: ProjectAccess, person: Person, data: Mapping[str, Any]) -> Person:
    require_shared_edit(access, person)  # other projects show the same record
    with transaction.atomic():
        previous = main_employment(project=access.project, person=person)
        _assign(person, data, PERSON_FIELDS)
        person.full_clean()
        person.save()
        link = ProjectPerson.objects.get(project=access.project, person=person)
        _assign(link, data, PROJECT_PERSON_FIELDS)
        link.full_clean()
        link.save()
        _save_main_employment(
            project=access.project,
            person=person,
            organisation=data.get("organisation"),
            time_share=data.get("time_share"),
            previous=previous,
        )
    return person


def person_removal_blockers(*, project: Project, person: Person) -> list[str]:
    """What in the project still relies on the person (empty: they may be removed)."""
    blockers = []
    assignments = Assignment.objects.filter(person=person, task__project=project).select_related(
        "task"
    )
    for assignment in assignments:
        blockers.append(
            gettext_now("assigned to the task “%(task)s” (%(responsibility)s)")
            % {"task": assignment.task, "responsibility": assignment.get_responsibility_display()}
        )
    axes = Axis.objects.filter(project=project).filter(
        Q(lead=person) | Q(political_referent=person) | Q(technical_referent=person)
    )
    for axis in axes:
        blockers.append(gettext_now("lead or referent of the axis “%(axis)s”") % {"axis": axis})
    seats = BodyMember.objects.filter(person=person, body__project=project).select_related("body")
    for seat in seats:
        blockers.append(gettext_now("member of “%(body)s”") % {"body": seat.body})
    for body in Body.objects.filter(project=project, animator=person):
        blockers.append(gettext_now("animates “%(body)s”") % {"body": body})
    return blockers


def person_remove(*, project: Project, person: Person) -> bool:
    """Remove the person from the project; True when the person row itself was deleted."""
    with transaction.atomic():
        blockers = person_removal_blockers(project=project, person=person)
        if blockers:
            raise RemovalRefused(blockers)
        ProjectPerson.objects.filter(project=project, person=person).delete()
        ProjectOrganisation.objects.filter(project=project, representative=person).update(
            representative=None
        )
        if person.project_links.exists() or person.assignments.exists():
            return False
        person.delete()
        return True
