"""In a real browser, on the demo: the coordinator creates a COPIL meeting in March, June and
November for half a day, seats three members in their colleges, and the pages stay accessible."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from maillage.demo import load_demo
from maillage.directory.models import Person
from maillage.governance.models import Body, BodyMember
from tests.browser.helpers import accessibility_problems, log_in

SHOTS = Path("/tmp/shots/bodies")
NAME = "Comité de pilotage 2027"


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_coordinator_creates_a_copil_with_its_months_and_members(page: Any) -> None:
    project = load_demo()
    people = list(
        Person.objects.filter(project_links__project=project).order_by("last_name", "first_name")
    )
    animator, *members = people[:4]
    colleges = [
        ("elected", "Élus et collectivités"),
        ("state", "Services de l’État"),
        ("associations", "Associations"),
    ]

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="Gouvernance").first.click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/bodies/$"))
    assert accessibility_problems(page) == []
    _shoot(page, "bodies")

    page.get_by_role("link", name="Créer une instance").first.click()
    page.fill("#id_name", NAME)
    page.select_option("#id_kind", "copil")
    page.select_option("#id_animator", str(animator.pk))
    for month in ("mars", "juin", "novembre"):
        page.get_by_label(month, exact=True).check()
    page.fill("#id_meeting_days", "0,5")
    assert accessibility_problems(page) == []
    _shoot(page, "body-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l’instance").click()

    body = Body.objects.get(project=project, name=NAME)
    assert page.url.endswith(f"/projects/{project.pk}/bodies/{body.pk}/")
    assert (body.months, body.meetings_per_year, body.meeting_days) == (
        [3, 6, 11],
        3,
        Decimal("0.5"),
    )
    assert body.animator_id == animator.pk
    assert page.get_by_text("mars, juin, novembre").first.is_visible()

    for person, (college, label) in zip(members, colleges, strict=True):
        page.select_option("#id_person", str(person.pk))
        page.select_option("#id_college", college)
        with page.expect_response(lambda r: "/members/" in r.url and r.request.method == "POST"):
            page.get_by_role("button", name="Ajouter le membre").click()
        row = page.locator("#body-members tbody tr", has_text=str(person))
        row.wait_for()
        assert label in row.inner_text()
    assert page.evaluate("typeof htmx") == "object"

    seated = dict(BodyMember.objects.filter(body=body).values_list("person_id", "college"))
    assert seated == {p.pk: c for p, (c, _) in zip(members, colleges, strict=True)}
    assert accessibility_problems(page) == []
    _shoot(page, "body-page")
