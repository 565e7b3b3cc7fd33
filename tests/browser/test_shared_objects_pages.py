"""In a real browser, on the demo: the shipped framework is edited through a copy, a shared
organisation's page explains why it cannot be edited, and these pages pass the accessibility
checks at a desktop and a phone width."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from maillage.demo import load_demo
from maillage.projects.models import Membership
from tests.browser.helpers import accessibility_problems, log_in
from tests.factories import make_project

SHOTS = Path(os.environ.get("MAILLAGE_SHOTS", "/tmp/shots/trust"))
WIDTHS = {"desktop": 1366, "phone": 390}


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_coordinator_edits_a_copy_of_the_shipped_framework(page: Any) -> None:
    project = load_demo()
    log_in(page, "coordination")
    problems = {}

    page.goto(f"/projects/{project.pk}/competencies/framework/")
    assert page.locator("#framework-copy").is_visible()
    assert page.locator("a[href$='/framework/levels/']").count() == 0
    problems["framework, shared"] = accessibility_problems(page)
    _shoot(page, "framework-shared")

    refused = page.goto(f"/projects/{project.pk}/competencies/framework/levels/")
    assert refused is not None and refused.status == 403
    problems["levels refused"] = accessibility_problems(page)
    _shoot(page, "framework-levels-refused")

    with page.expect_navigation():
        page.click("#framework-copy button[type=submit]")
    assert page.url.endswith(f"/projects/{project.pk}/competencies/framework/")
    assert page.locator("#framework-copy").count() == 0
    _shoot(page, "framework-own-copy")
    levels = page.goto(f"/projects/{project.pk}/competencies/framework/levels/")
    assert levels is not None and levels.status == 200

    assert {name: found for name, found in problems.items() if found} == {}


def test_a_shared_organisation_explains_why_it_cannot_be_edited(page: Any) -> None:
    project = load_demo()
    partner = Membership.objects.get(project=project, user__username="partenaire").user
    own = make_project("Projet de la partenaire", coordinator=partner, carrier=project.carrier)
    log_in(page, "partenaire")

    page.goto(f"/projects/{own.pk}/organisations/{project.carrier_id}/")
    assert page.locator(f"a[href$='/organisations/{project.carrier_id}/edit/']").count() == 0
    problems = accessibility_problems(page)
    _shoot(page, "organisation-shared")
    refused = page.goto(f"/projects/{own.pk}/organisations/{project.carrier_id}/edit/")
    assert refused is not None and refused.status == 403
    assert "seules les personnes habilitées sur tous ces projets" in page.content()
    problems += accessibility_problems(page)
    _shoot(page, "organisation-edit-refused")

    assert problems == []


def test_a_contributor_reads_the_history_and_a_person_page_without_personal_values(
    page: Any,
) -> None:
    from maillage.competencies.models import Assessment
    from maillage.engine.staffing import explain
    from maillage.optimisation.models import AcceptedChange
    from maillage.projects.models import ProjectPerson

    project = load_demo()
    link = (
        ProjectPerson.objects.filter(project=project, person__user__isnull=True)
        .exclude(person__assessments=None)
        .select_related("person")
        .first()
    )
    assert link is not None
    person = link.person
    assessment = Assessment.objects.filter(person=person).select_related("competency").first()
    finding = explain.RULES["STAFF_ASSIGNED_PARTNER"].finding(
        0,
        person=str(person),
        task="Diagnostic agricole",
        competency=assessment.competency.name,
        level=3,
        min_level=2,
        motivation=2,
        legitimacy=3,
        days=2.0,
        available=7.5,
        organisation="CC Brocéliande",
    )
    AcceptedChange.objects.create(
        project=project,
        kind="added",
        person_id_copy=person.pk,
        person_name=str(person),
        task_title="Diagnostic agricole",
        days_before=0,
        days_after=2,
        reasons=[{"code": finding.code, "params": dict(finding.params), "month": None}],
    )
    log_in(page, "contribution")

    page.goto(f"/projects/{project.pk}/optimisation/history/")
    text = page.locator("#history").inner_text()
    assert "motivation" not in text and "7,5" not in text
    assert "a le niveau demandé" in text
    problems = accessibility_problems(page)
    _shoot(page, "history-contributor")

    page.goto(f"/projects/{project.pk}/people/{person.pk}/")
    problems += accessibility_problems(page)
    _shoot(page, "person-contributor")

    assert problems == []
