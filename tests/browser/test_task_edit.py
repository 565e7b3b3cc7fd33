"""In a real browser, on the demo: the coordinator renames a task through the pages and keeps it."""

from __future__ import annotations

import re
from typing import Any

from maillage.demo import load_demo
from maillage.projects.models import Task
from tests.browser.helpers import log_in


def test_the_coordinator_renames_a_task_of_the_demo_project(page: Any) -> None:
    project = load_demo()
    task = Task.objects.filter(project=project).order_by("pk").first()
    assert task is not None, "the demo project has tasks"
    new_title = f"{task.title} (revu en comité technique)"

    log_in(page, "coordination")
    assert page.get_attribute("html", "lang") == "fr"

    page.goto("/")
    page.get_by_role("link", name=project.name).first.click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))

    page.locator(f"a[href='/projects/{project.pk}/tasks/']").first.click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/tasks/$"))
    assert page.evaluate("typeof htmx") == "object"

    detail_url = f"/projects/{project.pk}/tasks/{task.pk}/"
    page.locator(f"a[href='{detail_url}']").first.click()
    page.wait_for_url(re.compile(rf"{re.escape(detail_url)}$"))

    page.locator(f"a[href='{detail_url}edit/']").first.click()
    title_field = page.locator("#id_title")
    title_field.wait_for()
    assert title_field.input_value() == task.title
    title_field.fill(new_title)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click("form:has(#id_title) button[type=submit]")
    assert answer.value.status < 400
    page.wait_for_load_state("load")

    page.goto(detail_url)
    page.reload()

    assert page.get_attribute("html", "lang") == "fr"
    assert page.get_by_text(new_title).first.is_visible()
    task.refresh_from_db()
    assert task.title == new_title
