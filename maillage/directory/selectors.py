"""Reads of a person's time: employments, share of time for the project, monthly availability.

A month's available days are the `Availability` row's when there is one (set by hand, or
validated from a review), else the default: the month's working days in France (weekdays
minus public holidays, August halved for summer leave — `maillage.engine.calendar_fr`) times
the person's share of time for the project. The analysis reads the same values
(`maillage.projects.snapshot`), so the grid and the Analyse page always agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from maillage.directory.models import Availability, Employment, Person
from maillage.engine.calendar_fr import default_available_days, working_days
from maillage.projects.models import Project, ProjectOrganisation, ProjectPerson


def default_days(month: datetime.date, project_share: Decimal) -> Decimal:
    """The days a person gives the project in `month` when nobody set a value."""
    return default_available_days(month.year, month.month, Decimal(project_share))


def month_field(month: datetime.date) -> str:
    """The name of a month's input in forms and error dictionaries: "month_2026_05"."""
    return f"month_{month:%Y_%m}"


def months_from(project: Project, day: datetime.date) -> list[datetime.date]:
    """The horizon's months from the month of `day` on (all of them once the horizon is past):
    the months a review's declared availability speaks for."""
    months = project.horizon_month_starts()
    first = day.replace(day=1)
    return [m for m in months if m >= first] or months


@dataclass(frozen=True)
class MonthTime:
    month: datetime.date
    working_days: int
    default: Decimal
    override: Decimal | None  # the row's days: set by hand or validated from a review
    declared: Decimal | None  # what the person declared in a review, when kept

    @property
    def days(self) -> Decimal:
        """What the analysis counts."""
        return self.override if self.override is not None else self.default

    @property
    def declared_differs(self) -> bool:
        return self.declared is not None and self.declared != self.override

    @property
    def field_name(self) -> str:
        return month_field(self.month)


@dataclass(frozen=True)
class PersonTime:
    person: Person
    link: ProjectPerson
    employments: list[Employment]
    months: list[MonthTime]
    project_organisation_ids: frozenset[int]

    @property
    def employed_share(self) -> Decimal:
        return sum((e.time_share for e in self.employments), Decimal(0))

    @property
    def has_declared(self) -> bool:
        return any(m.declared is not None for m in self.months)

    @property
    def total_days(self) -> Decimal:
        return sum((m.days for m in self.months), Decimal(0))


def availability_months(
    *, project: Project, person: Person, project_share: Decimal
) -> list[MonthTime]:
    """The person's availability over the project's horizon, month by month (one query)."""
    months = project.horizon_month_starts()
    rows = {
        a.month: a
        for a in Availability.objects.filter(
            person=person, month__gte=months[0], month__lte=months[-1]
        )
    }
    result = []
    for month in months:
        row = rows.get(month)
        result.append(
            MonthTime(
                month=month,
                working_days=working_days(month.year, month.month),
                default=default_days(month, project_share),
                override=row.days if row is not None else None,
                declared=row.declared_days if row is not None else None,
            )
        )
    return result


def person_time(*, project: Project, person: Person) -> PersonTime:
    """Everything the time page shows about one person of the project."""
    link = ProjectPerson.objects.get(project=project, person=person)
    employments = list(
        Employment.objects.filter(person=person)
        .select_related("organisation", "manager")
        .order_by("-time_share", "organisation__name")
    )
    return PersonTime(
        person=person,
        link=link,
        employments=employments,
        months=availability_months(project=project, person=person, project_share=link.time_share),
        project_organisation_ids=frozenset(
            ProjectOrganisation.objects.filter(project=project).values_list(
                "organisation_id", flat=True
            )
        ),
    )
