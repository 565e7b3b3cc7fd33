"""Staffing runs for tests: a finished run whose result follows the engine's JSON contract
(`result_to_json`), built from a project's data set so that pages have something to show."""

from __future__ import annotations

from typing import Any

from maillage.optimisation.models import StaffingRun
from maillage.staffing.models import Need

REMEDY_KINDS = ("upskilling", "external_expertise", "recruitment", "widening", "pooling")


def proposal_result(project: Any, people: list[Any]) -> dict[str, Any]:
    """Every need staffed by a person of `people` in turn, the last need partly unmet, and one
    remedy of each kind for it."""
    needs = list(Need.objects.filter(task__project=project).order_by("pk"))
    months = len(project.horizon_month_starts())
    assignments = []
    for i, need in enumerate(needs):
        person = people[i % len(people)]
        assignments.append(
            {
                "person_id": person.pk,
                "task_id": need.task_id,
                "need_id": need.pk,
                "days": [float(need.days_per_month)] * months,
                "explanation": {
                    "fr": f"{person} : niveau 3, motivation 3, disponible",
                    "en": f"{person}: level 3, motivation 3, available",
                },
            }
        )
    last = needs[-1]
    remedies = [
        {
            "kind": kind,
            "need_id": last.pk,
            "task_id": last.task_id,
            "competency_id": last.competency_id,
            "person_id": people[i % len(people)].pk
            if kind in ("upskilling", "widening", "pooling")
            else None,
            "cost": 1000.0 * (i + 1),
            "lead_months": 5 - i,
            "days_closed": 6.0,
            "fte": 0.5 if kind == "recruitment" else None,
        }
        for i, kind in enumerate(REMEDY_KINDS)
    ]
    return {
        "objective": 40.0,
        "bound": 44.0,
        "gap_percent": 100 * 4 / 44,
        "assignments": assignments,
        "unmet": [
            {
                "need_id": last.pk,
                "task_id": last.task_id,
                "competency_id": last.competency_id,
                "month": 0,
                "days": 2.0,
                "reason": {"fr": "personne n'a le niveau", "en": "no one holds the level"},
            }
        ],
        "remedies": remedies,
        "fit": {"level_above": 1.0},
    }


def finished_run(project: Any, people: list[Any] | None = None) -> StaffingRun:
    """The project's finished run (made once)."""
    run = StaffingRun.objects.filter(project=project, status=StaffingRun.Status.SUCCEEDED).first()
    if run is None:
        people = people or project.dataset["people"]
        run = StaffingRun.objects.create(
            project=project,
            status=StaffingRun.Status.SUCCEEDED,
            progress=1.0,
            result=proposal_result(project, people),
        )
    return run
