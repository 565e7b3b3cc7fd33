"""In a real browser, on the demo: the main pages pass basic accessibility checks (RGAA basics).

Every form control is labelled, images have alt, one h1 per page, html has a lang, and the
first focusable element is a skip link to the main content.
"""

from __future__ import annotations

from typing import Any

import pytest

from maillage.demo import load_demo
from maillage.projects.models import Task
from tests.browser.helpers import accessibility_problems, log_in

PAGES = {
    "home": "/",
    "overview": "/projects/{project}/",
    "task tree": "/projects/{project}/tasks/",
    "task detail": "/projects/{project}/tasks/{task}/",
    "task edit form": "/projects/{project}/tasks/{task}/edit/",
    "new task form": "/projects/{project}/tasks/new/",
    "directory": "/projects/{project}/directory/",
    "people import": "/projects/{project}/people/import/",
    "analysis": "/projects/{project}/analysis/",
    "analysis thresholds form": "/projects/{project}/analysis/thresholds/",
}


@pytest.fixture
def demo(transactional_db: None) -> Any:
    return load_demo()


def test_the_main_pages_of_the_demo_pass_the_accessibility_checks(page: Any, demo: Any) -> None:
    task = Task.objects.filter(project=demo).order_by("pk").first()
    assert task is not None
    log_in(page, "coordination")

    problems = {}
    for name, pattern in PAGES.items():
        response = page.goto(pattern.format(project=demo.pk, task=task.pk))
        assert response is not None and response.status == 200, f"{name}: {response}"
        assert page.get_attribute("html", "lang") == "fr", name
        found = accessibility_problems(page)
        if found:
            problems[name] = found

    assert problems == {}
