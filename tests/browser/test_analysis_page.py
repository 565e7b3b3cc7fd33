"""In a real browser, on the demo: the coordinator opens the Analyse page, sees a planted
finding, follows its link to the task, and the page follows an edit without a reload."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.demo import defects, load_demo
from maillage.projects.models import Task
from maillage.staffing.models import Assignment
from tests.browser.helpers import accessibility_problems, log_in


@pytest.fixture
def demo(transactional_db: None) -> Any:
    return load_demo()


def test_a_planted_finding_links_to_its_task_and_the_page_follows_edits(
    page: Any, demo: Any
) -> None:
    task = Task.objects.get(project=demo, title=defects.TASK_WITHOUT_LEAD)
    log_in(page, "coordination")

    page.goto(f"/projects/{demo.pk}/")
    page.locator(f"a[href='/projects/{demo.pk}/analysis/']").first.click()
    page.wait_for_url(re.compile(rf"/projects/{demo.pk}/analysis/$"))
    assert page.get_attribute("html", "lang") == "fr"
    assert accessibility_problems(page) == []

    message = f"La tâche « {defects.TASK_WITHOUT_LEAD} » n'a pas de chef de file."
    row = page.locator("#findings-table tbody tr", has_text=message)
    assert row.count() == 1 and row.is_visible()

    # Another tab gives the task a lead: the page drops the finding without being reloaded.
    page.evaluate("window.notReloaded = true")
    contributor = Assignment.objects.filter(task=task).first()
    Assignment.objects.create(
        task=task, person=contributor.person, responsibility="lead", days_per_month=0
    )
    page.locator("#findings-table tbody tr", has_text=message).wait_for(
        state="detached", timeout=15_000
    )
    assert page.evaluate("window.notReloaded") is True

    # The filter by severity swaps the results in place too.
    page.select_option("#filter-severity", "error")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#findings-table tbody .badge')]"
        ".every((b) => b.classList.contains('badge--error'))"
    )

    # Follow a finding's link to the object to fix.
    underfunded = Task.objects.get(project=demo, title=defects.UNDERFUNDED_TASK[0])
    page.select_option("#filter-severity", "")
    link = page.locator("#findings-table tbody tr", has_text="Légumerie intercommunale").locator(
        f"a[href='/projects/{demo.pk}/tasks/{underfunded.pk}/']"
    )
    link.first.click()
    page.wait_for_url(re.compile(rf"/projects/{demo.pk}/tasks/{underfunded.pk}/$"))
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .strip()
        .startswith(defects.UNDERFUNDED_TASK[0])
    )
