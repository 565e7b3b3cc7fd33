"""In a real browser, on the demo: the coordinator starts a staffing proposal, follows its
progress while the worker computes it, sees the difference, accepts two changes and finds them
saved."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.demo import load_demo
from maillage.optimisation.models import AcceptedChange, StaffingRun
from maillage.staffing.models import Assignment
from tests.browser.helpers import accessibility_problems, log_in


# The worker writes from its own thread while the live server reads: SQLite's in-memory test
# database (shared cache, table locks, no busy timeout) refuses that, PostgreSQL does not. The
# SQLite file a real deployment uses is covered by tests/optimisation/test_worker_process.py.
@pytest.mark.postgres_only
def test_the_coordinator_follows_a_proposal_and_accepts_two_changes(
    page: Any, start_worker: Any
) -> None:
    project = load_demo()
    log_in(page, "coordination")

    page.goto(f"/projects/{project.pk}/optimisation/")
    assert accessibility_problems(page) == []
    page.fill("#id_time_limit", "10")
    with page.expect_navigation():
        page.click(f"form[action='/projects/{project.pk}/optimisation/start/'] button[type=submit]")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/optimisation/runs/\d+/$"))

    # Queued: the page shows the live status and the bar before any worker runs.
    status = page.locator("#run-progress[role=status][aria-live=polite]")
    assert status.is_visible()
    assert page.locator("progress#run-progress-bar").get_attribute("value") == "0"
    assert accessibility_problems(page) == []

    start_worker()
    # htmx polls the progress every second; when the run is over, the page shows the proposal.
    page.locator("#proposal-changes").wait_for(timeout=60_000)
    run = StaffingRun.objects.get(project=project)
    assert run.status == "succeeded"
    assert page.locator("#proposal-bound").inner_text().strip()
    assert accessibility_problems(page) == []

    boxes = page.locator("#proposal-changes input[type=checkbox][name=change]")
    assert boxes.count() >= 2, "the demo's proposal changes at least two assignments"
    chosen = [boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")]
    boxes.nth(0).check()
    boxes.nth(1).check()
    before = {
        (a.task_id, a.person_id): a.days_per_month
        for a in Assignment.objects.filter(task__project=project)
    }
    with page.expect_navigation():
        page.click("form:has(#proposal-changes) button[type=submit]:not([name=all])")

    assert page.locator(".notice--success").is_visible()
    accepted = AcceptedChange.objects.filter(project=project, run=run)
    assert sorted(f"{c.task_id_copy}-{c.person_id_copy}" for c in accepted) == sorted(chosen)
    for change in accepted:
        days = sum(
            a.days_per_month
            for a in Assignment.objects.filter(
                task_id=change.task_id_copy, person_id=change.person_id_copy
            )
        )
        assert days == change.days_after
        assert before.get((change.task_id_copy, change.person_id_copy), 0) == change.days_before
    # The accepted lines are no longer proposed; the others still are.
    remaining = page.locator("#proposal-changes input[type=checkbox][name=change]")
    values = {remaining.nth(i).get_attribute("value") for i in range(remaining.count())}
    assert not set(chosen) & values

    page.goto(f"/projects/{project.pk}/optimisation/history/")
    assert page.locator("#history tbody tr").count() == 2
