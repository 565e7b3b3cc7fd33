"""Writes: start and cancel runs, notice dead workers, accept proposals, set locks, edit costs.

Remedies added to the plan are in remedies.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.access import ProjectAccess
from maillage.analysis.changes import data_changed, plan_scope
from maillage.optimisation import selectors
from maillage.optimisation.models import AcceptedChange, RemedyRates, StaffingRun
from maillage.staffing.models import Assignment

Status = StaffingRun.Status


def run_start(
    *, access: ProjectAccess, max_people_per_task: int, time_limit: int, enqueue: bool = True
) -> StaffingRun:
    """Queue a staffing run of the project for the worker (one active run per project)."""
    with transaction.atomic():
        active = (
            StaffingRun.objects.select_for_update()
            .filter(project=access.project, status__in=[Status.QUEUED, Status.RUNNING])
            .first()
        )
        if active is not None and not _is_stale(active):
            raise ValidationError(
                _("A proposal is already being computed for this project (run %(run)s).")
                % {"run": active.pk}
            )
        run = StaffingRun(
            project=access.project,
            max_people_per_task=max_people_per_task,
            time_limit=time_limit,
            created_by=access.user,
        )
        run.full_clean(exclude=["project", "created_by"])
        run.save()
    if enqueue:
        from maillage.optimisation.tasks import run_staffing

        result = run_staffing.enqueue(run.pk)
        StaffingRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
        run.refresh_from_db()
    return run


def run_cancel(*, run: StaffingRun) -> StaffingRun:
    """Ask the worker to stop; a run no worker has taken yet is cancelled at once."""
    StaffingRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
        status=Status.CANCELLED, cancel_requested=True, finished_at=timezone.now()
    )
    StaffingRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(cancel_requested=True)
    run.refresh_from_db()
    return run


def _is_stale(run: StaffingRun, now: datetime.datetime | None = None) -> bool:
    if run.status != Status.RUNNING:
        return False
    limit = datetime.timedelta(seconds=settings.MAILLAGE_RUN_STALE_SECONDS)
    last = run.heartbeat or run.started_at or run.created_at
    return (now or timezone.now()) - last > limit


def run_refresh(*, run: StaffingRun) -> StaffingRun:
    """Mark failed a run whose worker died: no heartbeat for a while, or the queue says so."""
    if run.status == Status.RUNNING and _is_stale(run):
        StaffingRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error_message=_(
                "The worker stopped answering during the computation (no sign of life for "
                "%(seconds)s seconds). Nothing was changed in the plan; start a new proposal."
            )
            % {"seconds": settings.MAILLAGE_RUN_STALE_SECONDS},
        )
        run.refresh_from_db()
    elif run.status == Status.QUEUED and run.task_id and _queue_says_failed(run.task_id):
        StaffingRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error_message=_("The worker could not run the computation."),
        )
        run.refresh_from_db()
    return run


def runs_fail_stale() -> int:
    """Mark failed every run whose worker died (called when a worker starts)."""
    count = 0
    for run in StaffingRun.objects.filter(status=Status.RUNNING):
        if run_refresh(run=run).status == Status.FAILED:
            count += 1
    return count


def _queue_says_failed(task_id: str) -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: nothing to read
        return False
    return DBTaskResult.objects.filter(pk=task_id, status="FAILED").exists()


def _conflict(change: selectors.Change) -> ValidationError:
    return ValidationError(
        _(
            "The assignments of %(person)s on “%(task)s” changed since the proposal was shown. "
            "Nothing was saved: look at the proposal again."
        )
        % {"person": change.person_name, "task": change.task_title}
    )


def _update(assignment: Assignment, days: Decimal, change: selectors.Change) -> None:
    """Set the days of one assignment if nobody saved it meanwhile (optimistic locking)."""
    updated = Assignment.objects.filter(pk=assignment.pk, version=assignment.version).update(
        days_per_month=days, version=F("version") + 1
    )
    if not updated:
        raise _conflict(change)


def _apply(change: selectors.Change, rows: list[Assignment]) -> None:
    if change.kind == "added":
        target = next((a for a in rows if a.responsibility == "contributor"), None)
        if target is not None:
            _update(target, change.after, change)
            return
        assignment = Assignment(
            task_id=change.task_id,
            person_id=change.person_id,
            responsibility=Assignment.Responsibility.CONTRIBUTOR,
            days_per_month=change.after,
        )
        assignment.full_clean(validate_constraints=False)
        assignment.save()
    elif change.kind == "changed":
        # The days go to the contributor line, else the busiest line; the others keep theirs.
        target = next(
            (a for a in rows if a.responsibility == "contributor"),
            max(rows, key=lambda a: (a.days_per_month, -a.pk)),
        )
        others = sum((a.days_per_month for a in rows if a.pk != target.pk), Decimal(0))
        if others > change.after:
            for a in rows:
                if a.pk != target.pk and a.days_per_month:
                    _update(a, Decimal(0), change)
            others = Decimal(0)
        _update(target, change.after - others, change)
    else:  # removed: a mere contribution goes; a role (lead, validator…) stays, without days
        for a in rows:
            if a.responsibility == "contributor":
                if not Assignment.objects.filter(pk=a.pk, version=a.version).delete()[0]:
                    raise _conflict(change)
            elif a.days_per_month:
                _update(a, Decimal(0), change)


def proposal_accept(
    *,
    access: ProjectAccess,
    run: StaffingRun,
    keys: Iterable[str],
    states: Mapping[str, str],
) -> list[AcceptedChange]:
    """Save the chosen changes of a proposal in one transaction (all or nothing) and log them.

    `states` are the assignments' versions the user saw: a change whose assignments were saved
    by someone else since then refuses the whole acceptance.
    """
    keys = list(dict.fromkeys(keys))
    if run.status != Status.SUCCEEDED:
        raise ValidationError(_("Only a finished proposal can be accepted."))
    if not keys:
        raise ValidationError(_("Choose at least one change to accept."))
    with transaction.atomic():
        proposal = selectors.proposal_for(access.project, run, lock=True)
        by_key = {change.key: change for change in proposal.changes}
        rows: dict[tuple[int, int], list[Assignment]] = {}
        for a in Assignment.objects.filter(task__project=access.project):
            rows.setdefault((a.task_id, a.person_id), []).append(a)
        history = []
        for key in keys:
            change = by_key.get(key)
            if change is None:
                raise ValidationError(
                    _(
                        "A chosen change is no longer part of the proposal (%(key)s): nothing was "
                        "saved."
                    )
                    % {"key": key}
                )
            if states.get(key, change.state) != change.state:
                raise _conflict(change)
            _apply(change, rows.get((change.task_id, change.person_id), []))
            history.append(
                AcceptedChange(
                    project=access.project,
                    run=run,
                    kind=change.kind,
                    task_id_copy=change.task_id,
                    task_title=change.task_title[:300],
                    person_id_copy=change.person_id,
                    person_name=change.person_name[:300],
                    days_before=change.before,
                    days_after=change.after,
                    # The engine's reasons hold personal values (motivation, time): they are
                    # kept as codes and parameters, never as text. A removal's reason holds none.
                    detail=(
                        " ; ".join(change.explanations)[:2000] if change.kind == "removed" else ""
                    ),
                    reasons=change.reasons,
                    accepted_by=access.user,
                )
            )
        AcceptedChange.objects.bulk_create(history)
        data_changed(plan_scope(access.project.pk))  # the updates sent no signal
    return history


def locks_update(
    *,
    access: ProjectAccess,
    shown: Iterable[int],
    locked: Iterable[int],
    versions: Mapping[int, int] | None = None,
) -> int:
    """Lock the checked assignments among those shown, unlock the others; returns changes."""
    shown_ids = set(shown)
    locked_ids = set(locked) & shown_ids
    versions = versions or {}
    changed = 0
    with transaction.atomic():
        assignments = (
            Assignment.objects.select_for_update(of=("self",))
            .filter(task__project=access.project, pk__in=shown_ids)
            .select_related("task", "person")
        )
        history = []
        for a in assignments:
            wanted = a.pk in locked_ids
            if a.is_locked == wanted:
                continue
            if a.pk in versions and versions[a.pk] != a.version:
                raise ValidationError(
                    _(
                        "The assignment of %(person)s on “%(task)s” changed since the page was "
                        "shown. Nothing was saved."
                    )
                    % {"person": a.person, "task": a.task.title}
                )
            Assignment.objects.filter(pk=a.pk).update(is_locked=wanted, version=F("version") + 1)
            data_changed(plan_scope(access.project.pk))  # update() sends no signal
            changed += 1
            history.append(
                AcceptedChange(
                    project=access.project,
                    kind=AcceptedChange.Kind.LOCKED if wanted else AcceptedChange.Kind.UNLOCKED,
                    task_id_copy=a.task_id,
                    task_title=a.task.title[:300],
                    person_id_copy=a.person_id,
                    person_name=str(a.person)[:300],
                    days_before=a.days_per_month,
                    days_after=a.days_per_month,
                    accepted_by=access.user,
                )
            )
        AcceptedChange.objects.bulk_create(history)
    return changed


RATE_FIELDS = (
    "training_cost",
    "training_lead_months",
    "expert_day_rate",
    "expert_lead_months",
    "recruitment_yearly_cost_per_fte",
    "recruitment_lead_months",
    "working_days_per_month",
    "widening_cost",
    "widening_lead_months",
    "pooling_day_rate",
    "pooling_lead_months",
)


def rates_for(project: Any) -> RemedyRates:
    """The project's remedy costs, or unsaved ones holding the engine's defaults."""
    rates = RemedyRates.objects.filter(project=project).first()
    if rates is not None:
        return rates
    from maillage.optimisation.engine_bridge import default_costs

    defaults = default_costs()
    return RemedyRates(project=project, **{name: getattr(defaults, name) for name in RATE_FIELDS})


def rates_update(*, access: ProjectAccess, data: Mapping[str, Any]) -> RemedyRates:
    with transaction.atomic():
        rates = rates_for(access.project)
        for name in RATE_FIELDS:
            setattr(rates, name, data[name])
        rates.full_clean(exclude=["project"])
        rates.save()
    return rates
