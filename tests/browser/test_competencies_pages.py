"""In a real browser, on the demo: the competency pages pass the accessibility checks, and the
map's filters swap the table in place (htmx) and keep the address."""

from __future__ import annotations

from typing import Any

from maillage.access import project_access
from maillage.competencies.framework_copy import framework_copy_for_project
from maillage.competencies.models import Campaign
from maillage.demo import load_demo
from maillage.projects.models import Membership
from tests.browser.helpers import accessibility_problems, log_in

PAGES = {
    "map": "/projects/{project}/competencies/",
    "profiles": "/projects/{project}/competencies/profiles/",
    "validation": "/projects/{project}/competencies/validation/",
    "campaigns": "/projects/{project}/competencies/campaigns/",
    "new campaign": "/projects/{project}/competencies/campaigns/new/",
    "campaign": "/projects/{project}/competencies/campaigns/{campaign}/",
    "compare": "/projects/{project}/competencies/compare/",
    "framework": "/projects/{project}/competencies/framework/",
    "levels": "/projects/{project}/competencies/framework/levels/",
    "import": "/projects/{project}/competencies/import/",
}


def test_the_competency_pages_pass_the_accessibility_checks(page: Any) -> None:
    project = load_demo()
    # The demo uses the shipped framework, edited through a copy (its levels page is refused
    # until then: tests/browser/test_shared_objects_pages.py).
    coordinator = Membership.objects.get(project=project, user__username="coordination").user
    framework_copy_for_project(access=project_access(coordinator, project.pk))
    campaign = Campaign.objects.get(project=project, status=Campaign.Status.OPEN)
    log_in(page, "coordination")

    problems = {}
    for name, pattern in PAGES.items():
        response = page.goto(pattern.format(project=project.pk, campaign=campaign.pk))
        assert response is not None and response.status == 200, name
        found = accessibility_problems(page)
        if found:
            problems[name] = found
    refused = page.goto("/review/" + "A" * 43 + "/")
    assert refused is not None and refused.status == 404
    if accessibility_problems(page):
        problems["refused link"] = accessibility_problems(page)

    assert problems == {}


def test_the_map_filters_in_place(page: Any) -> None:
    project = load_demo()
    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/competencies/")
    rows_before = page.locator("#competency-map tbody tr").count()

    with page.expect_response(lambda r: "kind=elected" in r.url):
        page.select_option("#filter-kind", "elected")
    page.wait_for_url("**kind=elected**")

    rows_after = page.locator("#competency-map tbody tr").count()
    assert 0 < rows_after < rows_before
    assert page.locator("h1").count() == 1
