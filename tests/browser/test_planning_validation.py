"""In a real browser, on the demo: a whole validation round of the guiding thread.

The coordinator freezes and submits a version; one sponsor's representative asks for changes;
the coordinator changes the plan and submits a new version; every representative validates it;
the versions page then shows it as the baseline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model

from maillage.demo import load_demo
from maillage.planning.models import PlanVersion
from maillage.projects.models import Membership, ProjectOrganisation
from tests.browser.helpers import DEMO_PASSWORD, accessibility_problems, log_in


@contextmanager
def _session(browser: Any, live_server: Any, username: str) -> Iterator[Any]:
    """A separate browser session logged in as `username` (each person on their own computer)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, username)
    try:
        yield page
    finally:
        context.close()


def _representatives(project: Any) -> list[str]:
    """Usernames of every sponsor's representative, giving an account to those without one."""
    usernames = []
    for sponsor in ProjectOrganisation.objects.filter(
        project=project, is_sponsor=True, representative__isnull=False
    ).select_related("representative__user"):
        person = sponsor.representative
        if person.user is None:
            person.user = get_user_model().objects.create_user(
                username=f"elu-{person.pk}", password=DEMO_PASSWORD
            )
            person.save(update_fields=["user"])
            Membership.objects.create(
                project=project, user=person.user, role=Membership.Role.ELECTED
            )
        usernames.append(person.user.username)
    return usernames


def _freeze_and_submit(page: Any, project: Any, label: str) -> str:
    page.goto(f"/projects/{project.pk}/plan/versions/")
    page.click(f"a[href='/projects/{project.pk}/plan/versions/new/']")
    page.fill("#id_label", label)
    with page.expect_navigation():
        page.click("form:has(#id_label) button[type=submit]")
    page.click("a[href$='/submit/']")
    page.fill("#id_deadline", "2099-12-31")
    with page.expect_navigation():
        page.click("form:has(#id_deadline) button[type=submit]")
    match = re.search(r"/plan/versions/(\d+)/$", page.url)
    assert match, page.url
    return page.url


def _decide(page: Any, url: str, decision: str, comment: str = "") -> None:
    page.goto(url)
    page.check(f"input[name=decision][value={decision}]")
    if comment:
        page.fill("#id_comment", comment)
    with page.expect_navigation():
        page.click("form[action$='/decide/'] button[type=submit]")
    assert page.locator("form[action$='/decide/']").count() == 0  # nothing left to decide


def test_a_whole_validation_round(page: Any, browser: Any, live_server: Any) -> None:
    project = load_demo()
    representatives = _representatives(project)
    assert len(representatives) >= 2, "the demo has several sponsors"
    first = representatives[0]

    log_in(page, "coordination")
    first_url = _freeze_and_submit(page, project, "Feuille de route pour le COPIL de printemps")
    assert accessibility_problems(page) == []
    first_version = PlanVersion.objects.get(project=project, label__contains="printemps")
    assert first_version.status == PlanVersion.Status.SUBMITTED

    with _session(browser, live_server, first) as elected:
        _decide(elected, first_url, "changes_requested", "Ajouter les cantines scolaires.")
        assert "Ajouter les cantines scolaires." in elected.content()
    first_version.refresh_from_db()
    assert first_version.status == PlanVersion.Status.CHANGES_REQUESTED

    # The coordinator sees the request in the history, changes the plan and resubmits.
    page.goto(f"/projects/{project.pk}/plan/versions/")
    assert "Ajouter les cantines scolaires." in page.content()
    page.goto(f"/projects/{project.pk}/tasks/new/")
    page.fill("#id_title", "Approvisionnement local des cantines scolaires")
    page.fill("#id_start", project.horizon_start.isoformat())
    page.fill("#id_end", project.horizon_end.isoformat())
    with page.expect_navigation():
        page.click("form:has(#id_title) button[type=submit]")
    second_url = _freeze_and_submit(page, project, "Feuille de route révisée")
    assert "Approvisionnement local des cantines scolaires" in page.content()  # in the diff

    for username in representatives:
        with _session(browser, live_server, username) as elected:
            _decide(elected, second_url, "validated")

    page.goto(f"/projects/{project.pk}/plan/versions/")
    baseline = page.locator("#baseline")
    assert "Feuille de route révisée" in baseline.inner_text()
    assert accessibility_problems(page) == []
    second = PlanVersion.objects.get(project=project, label="Feuille de route révisée")
    assert second.is_baseline and second.status == PlanVersion.Status.VALIDATED
    assert list(PlanVersion.objects.filter(project=project, is_baseline=True)) == [second]
