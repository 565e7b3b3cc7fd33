"""Demo data of the planning: a validated baseline, a later version on which one sponsor asked
for changes, and two rolls of the window with the plan as it stood then."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.utils import timezone

from maillage.engine.plan.model import Plan
from maillage.engine.plan.rolling import add_months
from maillage.planning.models import PlanVersion, Review, Roll
from maillage.planning.snapshot import current_plan
from maillage.projects.models import Membership, Project, ProjectOrganisation


def _earlier(plan: Plan, *, drop_last: int, shift_days: int) -> Plan:
    """The plan as it was a little earlier: the last tasks not there yet, a few ending sooner."""
    tasks = list(plan.tasks[: len(plan.tasks) - drop_last] if drop_last else plan.tasks)
    for index in range(0, len(tasks), 7):
        task = tasks[index]
        earlier_end = task.end - datetime.timedelta(days=shift_days)
        if earlier_end >= task.start and not task.parent:
            tasks[index] = replace(task, end=earlier_end)
    return replace(plan, tasks=tuple(tasks))


def add_demo_data(project: Project) -> None:
    now = timezone.now()
    plan = current_plan(project)
    coordinator = (
        Membership.objects.filter(project=project, role=Membership.Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    author = coordinator.user if coordinator else None
    sponsors = list(
        ProjectOrganisation.objects.filter(
            project=project, is_sponsor=True, representative__isnull=False
        ).select_related("organisation", "representative", "representative__user")
    )

    baseline_plan = _earlier(plan, drop_last=3, shift_days=14)
    baseline = PlanVersion.objects.create(
        project=project,
        number=1,
        label="Feuille de route validée en COPIL",
        note="Première feuille de route du PAT, présentée au comité de pilotage.",
        data=baseline_plan.to_json(),
        created_by=author,
        status=PlanVersion.Status.VALIDATED,
        submitted_at=now - datetime.timedelta(days=40),
        deadline=(now - datetime.timedelta(days=25)).date(),
        is_baseline=True,
    )
    later = PlanVersion.objects.create(
        project=project,
        number=2,
        label="Feuille de route après le diagnostic",
        note="Ajout des actions issues des ateliers et report de deux échéances.",
        data=plan.to_json(),
        created_by=author,
        status=PlanVersion.Status.CHANGES_REQUESTED,
        submitted_at=now - datetime.timedelta(days=6),
        deadline=(now + datetime.timedelta(days=10)).date(),
    )
    reviews: list[Review] = []
    for index, sponsor in enumerate(sponsors):
        person: Any = sponsor.representative
        common = {
            "sponsor": sponsor,
            "sponsor_name": str(sponsor.organisation),
            "representative": person,
            "representative_name": str(person),
        }
        reviews.append(
            Review(
                version=baseline,
                decision=Review.Decision.VALIDATED,
                comment="Validé en séance." if index == 0 else "",
                decided_at=now - datetime.timedelta(days=30 - index),
                decided_by=person.user,
                **common,
            )
        )
        # The last sponsor asks for changes; the first one (the elected account's) still has to
        # decide, so the demo's elected official finds a decision waiting.
        asks = index == len(sponsors) - 1 and index > 0
        reviews.append(
            Review(
                version=later,
                decision=Review.Decision.CHANGES_REQUESTED if asks else Review.Decision.PENDING,
                comment=(
                    "Le calendrier des ateliers chevauche la période des foins : décaler "
                    "les ateliers agricoles à l'automne."
                    if asks
                    else ""
                ),
                decided_at=now - datetime.timedelta(days=2) if asks else None,
                decided_by=person.user if asks else None,
                **common,
            )
        )
    Review.objects.bulk_create(reviews)
    # Frozen before they were submitted (created_at is set on creation: dated afterwards).
    PlanVersion.objects.filter(pk=baseline.pk).update(created_at=now - datetime.timedelta(days=42))
    PlanVersion.objects.filter(pk=later.pk).update(created_at=now - datetime.timedelta(days=7))

    start = project.horizon_start
    older = _earlier(plan, drop_last=5, shift_days=21)
    last = _earlier(plan, drop_last=2, shift_days=7)
    for months_ago, snapshot in ((2, older), (1, last)):
        from_month = add_months(start, -months_ago)
        roll = Roll.objects.create(
            project=project,
            from_month=from_month,
            to_month=add_months(from_month, 1),
            rolled_by=author,
            data=replace(
                snapshot, horizon_start=from_month, horizon_months=project.horizon_months
            ).to_json(),
        )
        rolled_at = now - datetime.timedelta(days=30 * months_ago - 27)
        Roll.objects.filter(pk=roll.pk).update(rolled_at=rolled_at)
