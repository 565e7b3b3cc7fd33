"""Writes on the people and organisations of a project.

The directory is shared by every project of the instance: removing a person or an organisation
from a project deletes the row itself only when no other project uses it. Removal is refused,
with the list of what blocks it, while the project still relies on them (assignments, axis
roles, body seats; carrier, employees, led tasks and axes).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from maillage.access import ProjectAccess, require_shared_edit
from maillage.directory.models import Availability, Employment, Organisation, Person
from maillage.directory.selectors import month_field
from maillage.engine.calendar_fr import working_days
from maillage.governance.models import Body, BodyMember
from maillage.numbers import percent, plain_decimal
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
    others = Employment.objects.filter(person=person).exclude(organisation=organisation)
    _refuse_over_full_time(
        sum(others.values_list("time_share", flat=True), Decimal(employment.time_share))
    )
    employment.full_clean()
    employment.save()
    _touch(person)


def employment_save(
    *,
    project: Project,
    person: Person,
    organisation: Organisation,
    time_share: Decimal | None,
) -> None:
    """Add or update the person's employment with `organisation` (a share of None keeps the
    current one, 1 for a new employment); their other employments are kept, and all of them
    may not pass 100 % (ValidationError on `time_share`)."""
    with transaction.atomic():
        _save_main_employment(
            project=project,
            person=person,
            organisation=organisation,
            time_share=time_share,
            previous=None,
        )


def _refuse_over_full_time(total: Decimal) -> None:
    """A person's employments may not add up to more than a full-time post."""
    if total > 1:
        raise ValidationError(
            {
                "time_share": gettext(
                    "Time share: the employments add up to %(total)s, more than 100 %%."
                )
                % {"total": percent(total)}
            }
        )


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
        # Only the form's fields: `time_version` belongs to the time page's writes.
        person.save(update_fields=list(PERSON_FIELDS))
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


# --- Time: employments, share of time for the project, monthly availability -------------------
#
# A person's time is read by the analysis (`maillage.projects.snapshot`): their employments,
# their share of time for each project, and per month either a row of `Availability` (a value
# set by hand, or validated from a review) or, without a row, the default computed from the
# month's working days and the project share (`maillage.directory.selectors.default_days`).
# Every write below raises `Person.time_version` (the time page's optimistic lock); the saves
# raise the `people` change counter through `maillage.analysis.changes`' signals.


class StaleTime(Exception):
    """The person's time was saved by someone else since the page was loaded."""


def _days_text(days: Decimal) -> str:
    return formats.number_format(plain_decimal(days), use_l10n=True)


def _month_text(month: datetime.date) -> str:
    return formats.date_format(month, "F Y")


def _lock_person(person: Person, expected_version: int | None) -> Person:
    current = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and current.time_version != expected_version:
        raise StaleTime(
            gettext(
                "Someone saved %(person)s’s time since you opened this page. "
                "Here is what they saved: make your change again."
            )
            % {"person": current}
        )
    return current


def _touch(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(time_version=F("time_version") + 1)
    person.refresh_from_db(fields=["time_version"])


def _write_employments(
    *, project: Project, person: Person, employments: Sequence[Mapping[str, Any]]
) -> None:
    links = ProjectOrganisation.objects.filter(project=project)
    project_organisations = set(links.values_list("organisation_id", flat=True))
    wanted: dict[int, Mapping[str, Any]] = {}
    for row in employments:
        organisation = row["organisation"]
        if organisation.pk not in project_organisations:
            raise ValidationError({"organisation": NOT_IN_PROJECT})
        if organisation.pk in wanted:
            raise ValidationError(
                {
                    "organisation": gettext(
                        "Organisation: %(organisation)s is given twice; give it once."
                    )
                    % {"organisation": organisation}
                }
            )
        share = Decimal(row["time_share"])
        if not Decimal(0) <= share <= Decimal(1):
            raise ValidationError(
                {
                    "time_share": gettext(
                        "Time share with %(organisation)s: give a percentage between 0 and 100."
                    )
                    % {"organisation": organisation}
                }
            )
        wanted[organisation.pk] = row
    existing = {
        e.organisation_id: e
        for e in Employment.objects.filter(person=person).select_related("organisation")
    }
    elsewhere = sum(
        (e.time_share for pk, e in existing.items() if pk not in project_organisations),
        Decimal(0),
    )
    _refuse_over_full_time(
        elsewhere + sum((Decimal(r["time_share"]) for r in wanted.values()), Decimal(0))
    )
    for pk, employment in existing.items():
        if pk in project_organisations and pk not in wanted:
            employment.delete()
    for pk, row in wanted.items():
        employment = existing.get(pk) or Employment(person=person, organisation=row["organisation"])
        employment.time_share = Decimal(row["time_share"])
        employment.role = row.get("role") or ""
        employment.manager = row.get("manager")
        if employment.manager is not None and employment.manager.pk == person.pk:
            raise ValidationError(
                {"manager": gettext("Line manager: a person cannot be their own manager.")}
            )
        employment.full_clean()
        employment.save()


def _write_project_share(*, project: Project, person: Person, time_share: Decimal) -> None:
    share = Decimal(time_share)
    employed = sum(
        Employment.objects.filter(person=person).values_list("time_share", flat=True),
        Decimal(0),
    )
    if share < 0 or share > 1:
        raise ValidationError(
            {"project_share": gettext("Share of time for the project: between 0 and 100 %.")}
        )
    if share > employed:
        raise ValidationError(
            {
                "project_share": gettext(
                    "Share of time for the project: %(share)s is more than the time shares "
                    "of the employments (%(employed)s)."
                )
                % {"share": percent(share), "employed": percent(employed)}
            }
        )
    link = ProjectPerson.objects.get(project=project, person=person)
    if link.time_share != share:
        link.time_share = share
        try:
            link.full_clean()
        except ValidationError as error:
            messages = error.message_dict.get("time_share", error.messages)
            raise ValidationError({"project_share": messages}) from None
        link.save(update_fields=["time_share"])


def check_month_days(month: datetime.date, days: Any, *, field: str | None = None) -> Decimal:
    """A number of days for `month`, between 0 and its working days; refused naming the month."""
    name = field or month_field(month)
    try:
        value = Decimal(days)
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite():
        message = gettext("%(month)s: enter a number of days.")
        raise ValidationError({name: message % {"month": _month_text(month)}})
    if value < 0:
        raise ValidationError(
            {
                name: gettext("%(month)s: a number of days cannot be negative.")
                % {"month": _month_text(month)}
            }
        )
    available = working_days(month.year, month.month)
    if value > available:
        raise ValidationError(
            {
                name: gettext(
                    "%(month)s: %(days)s days is more than the month’s %(working)s working days."
                )
                % {"month": _month_text(month), "days": _days_text(value), "working": available}
            }
        )
    return value


def _write_availability(*, person: Person, months: Mapping[datetime.date, Decimal | None]) -> None:
    errors: dict[str, list[str]] = {}
    checked: dict[datetime.date, Decimal | None] = {}
    for month, days in months.items():
        if month.day != 1:
            raise ValueError(f"{month} is not the first day of a month")
        if days is None:
            checked[month] = None
            continue
        try:
            checked[month] = check_month_days(month, days)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    rows = {a.month: a for a in Availability.objects.filter(person=person, month__in=list(checked))}
    for month, days in checked.items():
        row = rows.get(month)
        if days is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = Availability(person=person, month=month, days=days)
        elif row.days == days:
            continue
        row.days = days
        row.full_clean()
        row.save()


def employment_set(
    *,
    project: Project,
    person: Person,
    employments: Sequence[Mapping[str, Any]],
    expected_version: int | None = None,
) -> None:
    """Make the person's employments with the project's organisations exactly `employments`.

    Each row is a mapping with `organisation` (an Organisation of the project), `time_share`
    (Decimal 0–1) and optionally `role` and `manager`. Employments with organisations of other
    projects are kept and count in the total, which must not pass 100 %. All or nothing:
    a ValidationError (keys `organisation`, `time_share`, `manager`) writes nothing.
    """
    with transaction.atomic():
        person = _lock_person(person, expected_version)
        _write_employments(project=project, person=person, employments=employments)
        _touch(person)


def project_share_set(
    *,
    project: Project,
    person: Person,
    time_share: Decimal,
    expected_version: int | None = None,
) -> None:
    """Set the share of the person's working time given to `project` (Decimal 0–1).

    It may not pass the sum of the person's employment shares (ValidationError on
    `project_share`). Months without a value of their own follow it in the analysis.
    """
    with transaction.atomic():
        person = _lock_person(person, expected_version)
        _write_project_share(project=project, person=person, time_share=time_share)
        _touch(person)


def availability_set(
    *,
    person: Person,
    months: Mapping[datetime.date, Decimal | None],
    expected_version: int | None = None,
) -> None:
    """Set the person's available days for the given months (first days of months).

    A value overrides the month's default; None removes the override (the month goes back to
    the default computed from working days and project share). Values must lie between 0 and
    the month's working days: a ValidationError keyed by `month_field(month)` names every
    refused month, and nothing is written. Other months are left as they are.
    """
    with transaction.atomic():
        person = _lock_person(person, expected_version)
        _write_availability(person=person, months=months)
        _touch(person)


def availability_from_review(
    *,
    person: Person,
    months: Sequence[datetime.date],
    declared: Decimal | None,
    validated: Decimal,
) -> None:
    """Write a review's validated availability (days per month) on the given months, keeping
    what the person declared beside it. Refused, naming the month, above its working days."""
    with transaction.atomic():
        person = _lock_person(person, None)
        values = {month: check_month_days(month, validated, field="days") for month in months}
        rows = {a.month: a for a in Availability.objects.filter(person=person, month__in=months)}
        for month, days in values.items():
            row = rows.get(month) or Availability(person=person, month=month)
            row.days = days
            row.declared_days = declared
            row.full_clean()
            row.save()
        _touch(person)


def person_time_set(
    *,
    access: ProjectAccess,
    person: Person,
    expected_version: int,
    employments: Sequence[Mapping[str, Any]],
    project_share: Decimal,
    months: Mapping[datetime.date, Decimal | None],
) -> None:
    """Save the whole time page at once (employments, project share, monthly availability):
    refused with StaleTime if someone saved since `expected_version`, all or nothing."""
    with transaction.atomic():
        person = _lock_person(person, expected_version)
        _write_employments(project=access.project, person=person, employments=employments)
        _write_project_share(project=access.project, person=person, time_share=project_share)
        _write_availability(person=person, months=months)
        _touch(person)
