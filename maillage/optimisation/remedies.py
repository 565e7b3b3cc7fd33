"""A chosen remedy becomes work in the plan, so that the next analysis counts it.

- upskilling: a training task for the person, with its cost as a budget line;
- external expertise: a sub-task of the gap's task with the days bought as a budget line, and a
  placeholder expert (qualified, available those days) assigned to the task;
- recruitment: a placeholder person (a post to fill) of the carrier, available from the end of
  the lead time, qualified at the need's level and assigned to the task;
- widening the circle: the person (and their organisation) invited into the project;
- pooling: the partner's person assigned to the task for the days they can share.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.access import ProjectAccess
from maillage.competencies.models import Assessment, Competency
from maillage.directory.models import Availability, Employment, Organisation, Person
from maillage.optimisation import selectors
from maillage.optimisation.models import AcceptedChange, StaffingRun
from maillage.optimisation.services import rates_for
from maillage.projects.models import (
    BudgetLine,
    ProjectOrganisation,
    ProjectPerson,
    Task,
    add_months,
)
from maillage.projects.services import task_create
from maillage.staffing.models import Assignment, Need

CENT = Decimal("0.01")


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def _start_after(project: Any, lead_months: int) -> datetime.date:
    """First month the remedy works: today's month (inside the horizon) plus the lead time."""
    today = timezone.localdate().replace(day=1)
    first = max(project.horizon_start, today)
    return min(add_months(first, int(lead_months)), add_months(project.horizon_end, 0))


def _link_person(project: Any, person: Person) -> None:
    ProjectPerson.objects.get_or_create(project=project, person=person)


def _link_organisation(project: Any, organisation: Organisation | None) -> None:
    if organisation is not None:
        ProjectOrganisation.objects.get_or_create(project=project, organisation=organisation)


def _assign(task: Task, person: Person, days: Decimal) -> Assignment:
    days = min(max(days, CENT), Decimal(31))
    assignment, created = Assignment.objects.get_or_create(
        task=task,
        person=person,
        responsibility=Assignment.Responsibility.CONTRIBUTOR,
        defaults={"days_per_month": days},
    )
    if not created:
        assignment.days_per_month += days
        assignment.version += 1
        assignment.full_clean(validate_constraints=False)
        assignment.save(update_fields=["days_per_month", "version"])
    return assignment


def _placeholder(
    project: Any,
    *,
    kind: str,
    first_name: str,
    last_name: str,
    need: Need,
    organisation: Organisation | None,
    time_share: Decimal,
    days_per_month: Decimal,
    start: datetime.date,
) -> Person:
    person = Person(kind=kind, first_name=first_name[:100], last_name=last_name[:100])
    person.is_placeholder = True
    person.full_clean()
    person.save()
    _link_person(project, person)
    if organisation is not None:
        Employment.objects.create(
            person=person, organisation=organisation, time_share=min(time_share, Decimal(1))
        )
    Assessment.objects.create(
        person=person,
        competency=need.competency,
        level=need.min_level,
        motivation=3,
        legitimacy=2,
        source=Assessment.Source.COORDINATOR,
    )
    Availability.objects.bulk_create(
        Availability(person=person, month=month, days=days_per_month)
        for month in project.horizon_month_starts()
        if month >= start
    )
    return person


def _gap_months(
    project: Any, result: dict[str, Any], remedy: dict[str, Any], start: datetime.date
) -> list[datetime.date]:
    """Months from `start` where the proposal leaves this competency and level uncovered."""
    months = project.horizon_month_starts()
    open_months: set[int] = set()
    for unmet in result.get("unmet", []):
        if unmet.get("competency_id") == remedy.get("competency_id") and unmet.get(
            "min_level"
        ) == remedy.get("min_level"):
            series = unmet.get("days_by_month") or []
            open_months |= {m for m, days in enumerate(series) if days and m < len(months)}
    chosen = [months[m] for m in sorted(open_months) if months[m] >= start]
    return chosen or [m for m in months if m >= start]


def _add_availability(
    project: Any, person: Person, result: dict[str, Any], remedy: dict[str, Any], start: Any
) -> None:
    months = _gap_months(project, result, remedy, start)
    extra = _decimal(float(remedy.get("days") or 0.0) / max(1, len(months)))
    if extra <= 0:
        return
    existing = {a.month: a for a in Availability.objects.filter(person=person, month__in=months)}
    for month in months:
        current = existing.get(month)
        if current is None:
            Availability.objects.create(person=person, month=month, days=min(extra, Decimal(31)))
        else:
            current.days = min(current.days + extra, Decimal(31))
            current.save(update_fields=["days"])


def _need_of(project: Any, remedy: dict[str, Any]) -> Need:
    needs = Need.objects.filter(task__project=project).select_related("task", "competency")
    if remedy.get("need_id"):
        need = needs.filter(pk=remedy["need_id"]).first()
    else:
        need = (
            needs.filter(competency_id=remedy.get("competency_id"))
            .order_by("-min_level", "-days_per_month", "pk")
            .first()
        )
    if need is None:
        raise ValidationError(_("The need of this remedy no longer exists in the plan."))
    return need


def _gap_days_per_month(
    project: Any, remedy: dict[str, Any], need: Need, start: datetime.date
) -> Decimal:
    """The remedy's days spread over the task's months from its start, at most the need."""
    months = [m for m in project.horizon_month_starts() if m >= start]
    months = [m for m in months if need.task.start <= add_months(m, 1) and m <= need.task.end]
    days = float(remedy.get("days") or 0.0)
    if days <= 0 or not months:
        return _decimal(need.days_per_month)
    return min(_decimal(days / len(months)), _decimal(need.days_per_month)) or CENT


def remedy_apply(*, access: ProjectAccess, run: StaffingRun, index: int) -> AcceptedChange:
    """Add the remedy number `index` of the run to the plan; returns its history line."""
    project = access.project
    rows = {r["index"]: r for r in selectors.remedies_of(project, run)}
    remedy = rows.get(index)
    if remedy is None:
        raise ValidationError(_("This remedy is not part of the proposal."))
    with transaction.atomic():
        need = _need_of(project, remedy)
        task = need.task
        competency: Competency = need.competency
        kind = remedy["kind"]
        cost = _decimal(remedy["cost"])
        start = _start_after(project, remedy["lead_months"])
        days = _gap_days_per_month(project, remedy, need, start)
        person = (
            Person.objects.filter(pk=remedy["person_id"]).first()
            if kind in selectors.PERSON_REMEDIES and remedy.get("person_id")
            else None
        )
        if kind in ("upskilling", "widening", "pooling") and person is None:
            raise ValidationError(_("The person of this remedy no longer exists."))
        organisation = (
            Organisation.objects.filter(pk=remedy["organisation_id"]).first()
            if remedy.get("organisation_id")
            else None
        )
        if kind == "upskilling":
            assert person is not None
            # The training runs from today (inside the horizon) until the remedy takes effect;
            # near the horizon's end the lead time is cut short, so it may be a single day.
            training_start = min(
                max(project.horizon_start, timezone.localdate()), project.horizon_end
            )
            training = task_create(
                access=access,
                data={
                    "title": _("Training: %(competency)s — %(person)s")
                    % {"competency": competency.name, "person": person},
                    "description": _(
                        "Upskilling to level %(level)s so that %(person)s can take on “%(task)s”."
                    )
                    % {"level": need.min_level, "person": person, "task": task.title},
                    "start": training_start,
                    "end": max(training_start, start - datetime.timedelta(days=1)),
                    "axis": task.axis,
                    "step": task.step,
                },
            )
            _assign(training, person, Decimal(1))
            BudgetLine.objects.create(
                task=training, funder=BudgetLine.Funder.OWN, amount=cost, label=_("Training")
            )
            detail = training.title
        elif kind == "external_expertise":
            expertise = task_create(
                access=access,
                data={
                    "title": _("External expertise: %(competency)s") % {"competency": competency},
                    "parent": task,
                    "start": task.start,
                    "end": task.end,
                    "axis": task.axis,
                    "step": task.step,
                },
            )
            BudgetLine.objects.create(
                task=expertise,
                funder=BudgetLine.Funder.OWN,
                amount=cost,
                label=_("External expertise"),
            )
            expert = _placeholder(
                project,
                kind=Person.Kind.OTHER,
                first_name=_("External expert"),
                last_name=str(competency.name),
                need=need,
                organisation=None,
                time_share=Decimal(0),
                days_per_month=days,
                start=start,
            )
            _assign(task, expert, days)
            detail = expertise.title
        elif kind == "recruitment":
            fte = min(_decimal(remedy.get("fte") or 0) or Decimal("0.5"), Decimal(1))
            carrier = project.carrier if project.carrier_id else organisation
            rates = rates_for(project)
            hire = _placeholder(
                project,
                kind=Person.Kind.AGENT,
                first_name=_("Post to fill"),
                last_name=str(competency.name),
                need=need,
                organisation=carrier,
                time_share=fte,
                days_per_month=_decimal(fte * _decimal(rates.working_days_per_month)),
                start=start,
            )
            _assign(task, hire, days)
            detail = _("Post to fill (%(fte)s FTE) from %(month)s") % {
                "fte": fte,
                "month": start.strftime("%m/%Y"),
            }
        elif kind == "widening":
            assert person is not None
            _link_person(project, person)
            employers = Organisation.objects.filter(employments__person=person)
            for employer in [organisation] if organisation else employers:
                _link_organisation(project, employer)
            detail = _("%(person)s invited into the project") % {"person": person}
        else:  # pooling: more of the person's time for the project, where the gap is
            assert person is not None
            _link_person(project, person)
            _link_organisation(project, organisation)
            _add_availability(project, person, run.result or {}, remedy, start)
            _assign(task, person, days)
            detail = _("%(person)s shared with the project") % {"person": person}
        return AcceptedChange.objects.create(
            project=project,
            run=run,
            kind=AcceptedChange.Kind.REMEDY,
            task_id_copy=task.pk,
            task_title=task.title[:300],
            person_id_copy=person.pk if person else None,
            person_name=str(person)[:300] if person else "",
            detail=f"{remedy['kind_label']}: {detail} ({cost} €)"[:2000],
            accepted_by=access.user,
        )
