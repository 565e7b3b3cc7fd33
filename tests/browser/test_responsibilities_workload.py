"""In a real browser, on the demo: editing an allocation in the who-does-what table updates the
workload heat map in place, without reloading the page; over-allocation stands out at once."""

from __future__ import annotations

import re
from typing import Any

from maillage.demo import load_demo
from maillage.staffing.models import Assignment
from tests.browser.helpers import log_in


def test_editing_an_allocation_updates_the_heat_map_without_a_reload(page: Any) -> None:
    project = load_demo()
    assignment = (
        Assignment.objects.filter(task__project=project, days_per_month__gt=0)
        .select_related("task", "person")
        .order_by("task__start", "pk")
        .first()
    )
    assert assignment is not None
    month = f"{assignment.task.start:%Y-%m}"
    cell = page.locator(f"#load-{assignment.person_id} td[data-month='{month}']")

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/responsibilities/")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/responsibilities/$"))
    before = cell.get_attribute("data-load")
    assert before is not None and cell.get_attribute("data-over") is None
    page.evaluate("window.notReloaded = true")

    row = page.locator(f"#assignment-{assignment.pk}")
    row.get_by_role("button").click()
    days = page.locator(f"#id_days_per_month-{assignment.pk}")
    days.wait_for()
    days.fill("30")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.locator(f"#assignment-{assignment.pk} button[type=submit]").click()
    assert answer.value.status == 200
    page.wait_for_selector(f"#assignment-{assignment.pk}-notice")

    # The heat map was fetched again by htmx and now shows the new load, over capacity.
    page.wait_for_function(
        "([selector, before]) => { const c = document.querySelector(selector);"
        " return c && c.dataset.load !== before; }",
        arg=[f"#load-{assignment.person_id} td[data-month='{month}']", before],
    )
    assert cell.get_attribute("data-over") == "true"
    assert page.evaluate("window.notReloaded") is True
    assert page.locator(f"#assignment-{assignment.pk} td[data-days]").inner_text() == "30"
    link = cell.locator("a")
    assert f"person={assignment.person_id}" in (link.get_attribute("href") or "")
    assignment.refresh_from_db()
    assert assignment.days_per_month == 30


def test_the_scheme_draws_the_demo_network(page: Any) -> None:
    project = load_demo()
    log_in(page, "partenaire")
    page.goto(f"/projects/{project.pk}/responsibilities/scheme/")
    page.wait_for_function(
        "() => window.maillageScheme && window.maillageScheme.nodes().length > 0"
    )
    counts = page.evaluate(
        "() => ({nodes: maillageScheme.nodes().length, edges: maillageScheme.edges().length,"
        " svg: maillageScheme.svg({full: true}).startsWith('<svg') ||"
        " maillageScheme.svg({full: true}).includes('<svg'),"
        " png: maillageScheme.png({output: 'base64uri'}).startsWith('data:image/png')})"
    )
    assert counts["nodes"] > 30 and counts["edges"] > counts["nodes"]
    assert counts["svg"] and counts["png"]
    axis = page.locator("#scheme-axis option").nth(1).get_attribute("value")
    page.select_option("#scheme-axis", axis)
    visible = page.evaluate("() => maillageScheme.nodes().not('.hidden').length")
    assert 0 < visible < counts["nodes"]
