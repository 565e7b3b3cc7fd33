"""In a real browser, on the demo: the coordinator enters a task's needs in the task form and on
the task page, sees who qualifies while editing, and fills an axis' grid with the keyboard."""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from maillage.demo import load_demo
from maillage.projects.models import Axis, Task, add_months
from maillage.staffing.models import Need
from tests.browser.helpers import accessibility_problems, log_in

SHOTS = Path(os.environ.get("MAILLAGE_SHOTS", "/tmp/shots/needs"))


@pytest.fixture
def demo(transactional_db: None) -> Any:
    return load_demo()


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_coordinator_enters_needs_in_the_form_on_the_page_and_in_the_grid(
    page: Any, demo: Any
) -> None:
    axis = Axis.objects.filter(project=demo).order_by("order", "code").first()
    competencies = list(demo.framework.competencies.filter(children__isnull=True).order_by("code"))
    first, second, third = competencies[:3]
    log_in(page, "coordination")

    # The task form: two lines, the second as a total over the task's three months.
    page.goto(f"/projects/{demo.pk}/tasks/new/")
    page.fill("#id_title", "Cartographier les circuits courts")
    # Three whole months inside the demo's horizon (which starts this month).
    start = add_months(demo.horizon_start, 1)
    end = add_months(start, 3) - datetime.timedelta(days=1)
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    page.select_option("#id_axis", str(axis.pk))
    page.select_option("#id_needs-0-competency", str(first.pk))
    page.select_option("#id_needs-0-min_level", "2")
    page.fill("#id_needs-0-days", "1,5")
    page.locator("#id_needs-0-days").dispatch_event("change")
    preview = page.locator("#need-line-1 .need-preview")
    preview.get_by_text("Compté pour 1,5 jours par mois").wait_for()
    assert "Qui a " in preview.inner_text()
    assert preview.locator("table caption").count() == 1
    _shoot(page, "task-form-preview")

    page.get_by_role("button", name="Ajouter une ligne").click()
    page.locator("#id_needs-1-competency").wait_for()
    assert page.input_value("#id_needs-TOTAL_FORMS") == "2"
    page.select_option("#id_needs-1-competency", str(second.pk))
    page.select_option("#id_needs-1-min_level", "3")
    page.fill("#id_needs-1-days", "6")
    page.select_option("#id_needs-1-unit", "total")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    task = Task.objects.get(project=demo, title="Cartographier les circuits courts")
    assert page.url.endswith(f"/projects/{demo.pk}/tasks/{task.pk}/")
    assert {(n.competency_id, n.min_level, n.days_per_month) for n in task.needs.all()} == {
        (first.pk, 2, Decimal("1.50")),
        (second.pk, 3, Decimal("2.00")),
    }

    # On the task page, in place.
    page.get_by_role("button", name="Ajouter un besoin").click()
    page.locator("#id_need-competency").wait_for()
    page.select_option("#id_need-competency", str(third.pk))
    page.select_option("#id_need-min_level", "1")
    page.fill("#id_need-days", "0,5")
    page.locator("#id_need-days").dispatch_event("change")
    page.locator("#need-new .need-preview").get_by_text("Compté pour 0,5 jours par mois").wait_for()
    _shoot(page, "task-page-preview")
    page.get_by_role("button", name="Enregistrer le besoin").click()
    page.get_by_text(f"Besoin en {third} ajouté.").wait_for()
    need = Need.objects.get(task=task, competency=third)
    assert page.locator(f"#need-{need.pk}").inner_text().count("0,5") == 1
    assert accessibility_problems(page) == []
    _shoot(page, "task-page")

    # Edited in place: the row becomes a form, and a row again once saved.
    page.get_by_role("button", name=f"Modifier le besoin en {first}").click()
    page.locator(f"#need-{task.needs.get(competency=first).pk} form").wait_for()
    page.fill("#id_need-days", "1,25")
    assert accessibility_problems(page) == []
    _shoot(page, "task-page-edit")
    page.get_by_role("button", name="Enregistrer le besoin").click()
    page.locator(".row--saved").get_by_text("1,25").wait_for()
    assert task.needs.get(competency=first).days_per_month == Decimal("1.25")

    # The grid of the axis, with the keyboard only.
    page.goto(f"/projects/{demo.pk}/tasks/")
    page.get_by_role(
        "link", name=re.compile(f"Besoins des tâches de {re.escape(str(axis))}")
    ).click()
    page.wait_for_url(re.compile(rf"/projects/{demo.pk}/needs/\?axis={axis.pk}$"))
    level = page.get_by_label(f"Niveau — tâche {task.title} — compétence {first}")
    assert level.input_value() == "2"
    level = page.get_by_label(f"Niveau — tâche {task.title} — compétence {third}")
    level.focus()
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2,5")
    assert accessibility_problems(page) == []
    _shoot(page, "grid")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    need.refresh_from_db()
    assert (need.min_level, need.days_per_month) == (3, Decimal("2.50"))
    assert page.get_by_text("Les besoins de l’axe ont été enregistrés").is_visible()
