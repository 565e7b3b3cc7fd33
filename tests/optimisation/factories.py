"""Staffing runs for tests: a finished run whose result has the shape of the engine's
`result_to_json`, built from a project's data set so that pages have something to show."""

from __future__ import annotations

from typing import Any

from maillage.optimisation.models import StaffingRun
from maillage.staffing.models import Need

REMEDY_KINDS = ("upskilling", "external_expertise", "recruitment", "widening", "pooling")


def finding(code: str, fr: str, en: str) -> dict[str, Any]:
    return {"code": code, "month": None, "params": {}, "message_fr": fr, "message_en": en}


def proposal_result(project: Any, people: list[Any]) -> dict[str, Any]:
    """Every need staffed by a person of `people` in turn, the last need partly unmet, and one
    remedy of each kind for it."""
    needs = list(Need.objects.filter(task__project=project).order_by("pk"))
    months = len(project.horizon_month_starts())
    assignments = []
    for i, need in enumerate(needs):
        person = people[i % len(people)]
        series = [float(need.days_per_month)] * months
        assignments.append(
            {
                "person_id": person.pk,
                "task_id": need.task_id,
                "need_id": need.pk,
                "competency_id": need.competency_id,
                "locked": False,
                "days": sum(series),
                "days_by_month": series,
                "reason": finding(
                    "STAFF_ASSIGNED",
                    f"{person} : niveau 3, motivation 3/4, disponible",
                    f"{person}: level 3, motivation 3/4, available",
                ),
            }
        )
    last = needs[-1]
    remedies = [
        {
            "kind": kind,
            "competency_id": last.competency_id,
            "min_level": last.min_level,
            "person_id": people[i % len(people)].pk if kind != "recruitment" else -1,
            "cost": 1000.0 * (i + 1),
            "lead_time_months": 5 - i,
            "days": 12.0,
            "fte": 0.5 if kind == "recruitment" else 0.0,
            "gap_before": 10.0,
            "gap_after": 4.0,
            "gap_closed": 6.0,
            "closed_days_per_1000_euros": round(6000 / (1000.0 * (i + 1)), 2),
            "description": finding(f"REMEDY_{kind.upper()}", f"Remède {kind}", f"Remedy {kind}"),
        }
        for i, kind in enumerate(REMEDY_KINDS)
    ]
    return {
        "objective": 40.0,
        "bound": 44.0,
        "gap_percent": 100 * 4 / 44,
        "ratio": 40 / 44,
        "method": "min-cost flow, K repair, merges",
        "fit": 12.5,
        "assignments": assignments,
        "unmet": [
            {
                "need_id": last.pk,
                "task_id": last.task_id,
                "competency_id": last.competency_id,
                "min_level": last.min_level,
                "days": 2.0,
                "days_by_month": [2.0] + [0.0] * (months - 1),
                "reasons": [
                    finding(
                        "STAFF_UNMET_NO_QUALIFIED",
                        "personne n'a le niveau",
                        "no one holds the level",
                    )
                ],
            }
        ],
        "remedies": remedies,
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
