"""Every defect planted in the demo is found by the analysis, as the right finding or gap on the
right object, and the Analyse page shows it with a link to the object to fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maillage.analysis.services import project_analysis
from maillage.competencies.models import Competency
from maillage.demo import PLANTED_DEFECTS
from maillage.directory.models import Organisation
from maillage.engine.analysis import AnalysisReport
from maillage.engine.analysis.findings import Finding
from maillage.projects.models import Axis, Task

pytestmark = pytest.mark.django_db


def task_id(project: Any, title: str) -> int:
    return Task.objects.get(project=project, title=title).pk


def person_id(report: AnalysisReport, name: str) -> int:
    (person,) = [p for p in report.snapshot.people if p.name == name]
    return person.id


def findings(report: AnalysisReport, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def on(report: AnalysisReport, code: str, kind: str, object_id: int) -> Finding:
    matching = [
        f for f in findings(report, code) if (f.object_kind, f.object_id) == (kind, object_id)
    ]
    assert len(matching) == 1, f"{code} on {kind} {object_id}: {findings(report, code)}"
    return matching[0]


def over_allocation(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    finding = on(report, "PERSON_OVERALLOCATED", "person", person_id(report, key["person"]))
    assert finding.month == report.snapshot.months[key["month_offset"]]
    return "person_detail"


def task_without_lead(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    on(report, "TASK_NO_LEAD", "task", task_id(project, key["task"]))
    return "task_detail"


def axis_without_political_referent(
    project: Any, report: AnalysisReport, key: dict[str, Any]
) -> str:
    axis = Axis.objects.get(project=project, code=key["axis"])
    on(report, "AXIS_NO_POLITICAL_REFERENT", "axis", axis.pk)
    return "project_overview"


def duplicate_action(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    a, b = sorted(task_id(project, title) for title in key["tasks"])
    (pair,) = [p for p in report.duplicate_pairs if (p.task_a, p.task_b) == (a, b)]
    assert pair.pooling and pair.score >= 0.7
    organisations = {
        Organisation.objects.get(pk=pk).short_name or Organisation.objects.get(pk=pk).name
        for pk in (pair.organisation_a, pair.organisation_b)
    }
    assert organisations == set(key["organisations"])
    on(report, "POOLING_OPPORTUNITY", "task", a)
    return "task_detail"


def competency_level_unavailable(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    competency = Competency.objects.get(framework=project.framework, code=key["competency"])
    (unheld,) = [u for u in report.gaps.unheld if u.task_id == task_id(project, key["task"])]
    assert (unheld.competency_id, unheld.min_level) == (competency.pk, key["min_level"])
    assert unheld.outside_holder_ids == ()  # nobody in the directory holds it above level 2
    # It is all the structural gap of that need: nobody can cover it.
    (gap,) = [n for n in report.gaps.structural.by_need if n.need_id == unheld.need_id]
    assert gap.total_gap == pytest.approx(unheld.days) and unheld.days > 0
    return "task_detail"


def elected_technical_referent(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    axis = Axis.objects.get(project=project, code=key["axis"])
    finding = on(report, "ELECTED_TECHNICAL_REFERENT", "axis", axis.pk)
    assert key["person"] in finding.message_fr
    return "project_overview"


def lead_without_mandate(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    finding = on(report, "TASK_LEAD_WITHOUT_MANDATE", "task", task_id(project, key["task"]))
    assert person_id(report, key["person"]) in {r.id for r in finding.related if r.kind == "person"}
    return "task_detail"


def work_on_unvalidated_step(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    finding = on(report, "WORK_ON_UNVALIDATED_STEP", "task", task_id(project, key["task"]))
    assert key["step"] in finding.message_fr
    return "task_detail"


def governance_overload(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    on(report, "GOVERNANCE_LOAD_HIGH", "person", person_id(report, key["person"]))
    return "person_detail"


def underfunded_task(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    finding = on(report, "TASK_BUDGET_OVER_FUNDING", "task", task_id(project, key["task"]))
    assert (finding.param("budget"), finding.param("funding")) == (key["budget"], key["funding"])
    return "task_detail"


def subtask_outside_parent(project: Any, report: AnalysisReport, key: dict[str, Any]) -> str:
    finding = on(report, "SUBTASK_OUTSIDE_PARENT", "task", task_id(project, key["task"]))
    assert key["parent"] in finding.message_fr
    return "task_detail"


CHECKS: dict[str, Callable[[Any, AnalysisReport, dict[str, Any]], str]] = {
    check.__name__: check
    for check in (
        over_allocation,
        task_without_lead,
        axis_without_political_referent,
        duplicate_action,
        competency_level_unavailable,
        elected_technical_referent,
        lead_without_mandate,
        work_on_unvalidated_step,
        governance_overload,
        underfunded_task,
        subtask_outside_parent,
    )
}


def test_every_planted_defect_kind_has_a_check() -> None:
    assert {d.kind for d in PLANTED_DEFECTS} <= set(CHECKS)


@pytest.mark.parametrize("defect", PLANTED_DEFECTS, ids=lambda d: d.kind)
def test_the_analysis_finds_the_planted_defect_on_its_object(demo: Any, defect: Any) -> None:
    report = project_analysis(demo).report
    CHECKS[defect.kind](demo, report, defect.key)


def test_the_page_shows_each_planted_finding_with_a_link_to_its_object(demo: Any) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="coordination"))
    html = client.get(reverse("analysis_page", args=[demo.pk])).content.decode()
    report = project_analysis(demo).report
    for defect in PLANTED_DEFECTS:
        page = CHECKS[defect.kind](demo, report, defect.key)
        if page == "person_detail":
            target = person_id(report, defect.key["person"])
        elif page == "task_detail" and "tasks" in defect.key:
            target = min(task_id(demo, t) for t in defect.key["tasks"])
        elif page == "task_detail":
            target = task_id(demo, defect.key["task"])
        else:
            target = None
        url = reverse(page, args=[demo.pk] if target is None else [demo.pk, target])
        assert f'href="{url}"' in html, (defect.kind, url)
