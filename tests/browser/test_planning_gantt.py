"""In a real browser, on the demo: the coordinator drags a Gantt bar; the new dates are saved."""

from __future__ import annotations

import datetime
import re
from typing import Any

from maillage.demo import load_demo
from maillage.projects.models import Task, add_months
from tests.browser.helpers import accessibility_problems, log_in

SHIFT_DAYS = 10


def _movable_task(project: Any) -> Task:
    """A task of a few weeks without sub-tasks, inside the window, with room to move later."""
    first = add_months(project.horizon_start, 1)
    last = add_months(project.horizon_start, project.horizon_months - 2)
    candidates = (
        Task.objects.filter(
            project=project, children=None, is_milestone=False, start__gte=first, end__lte=last
        )
        .select_related("parent")
        .order_by("start", "pk")
    )
    room = datetime.timedelta(days=SHIFT_DAYS)
    task = next(
        (
            t
            for t in candidates
            if (t.end - t.start).days >= 14 and (t.parent is None or t.parent.end >= t.end + room)
        ),
        None,
    )
    assert task is not None, "the demo has a task to move"
    return task


def test_dragging_a_bar_moves_the_task_and_the_dates_survive_a_reload(page: Any) -> None:
    project = load_demo()
    task = _movable_task(project)
    start, end = task.start, task.end

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/plan/gantt/")
    assert accessibility_problems(page) == []
    bar = page.locator(f".gantt__bar[data-task='{task.pk}']")
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    track_width = page.evaluate(
        "(id) => document.querySelector(`.gantt__bar[data-task='${id}']`)"
        ".parentElement.clientWidth",
        task.pk,
    )
    days = int(page.get_attribute("#gantt", "data-days"))
    shift = SHIFT_DAYS * track_width / days
    # Grab the middle of the bar (not its resize handles) and drag it to the right.
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + shift / 2, y, steps=5)
    page.mouse.move(x + shift, y, steps=5)
    with page.expect_response(re.compile(rf"/tasks/{task.pk}/move/$")) as answer:
        page.mouse.up()
    assert answer.value.status == 200, answer.value.text()
    page.locator("#gantt-status").filter(has_text=task.title).wait_for()

    page.reload()

    new_start = start + datetime.timedelta(days=SHIFT_DAYS)
    new_end = end + datetime.timedelta(days=SHIFT_DAYS)
    assert page.input_value(f"#start-{task.pk}") == new_start.isoformat()
    assert page.input_value(f"#end-{task.pk}") == new_end.isoformat()
    assert page.get_attribute(f".gantt__bar[data-task='{task.pk}']", "data-start") == (
        new_start.isoformat()
    )
    task.refresh_from_db()
    assert (task.start, task.end) == (new_start, new_end)


def test_a_stale_drag_is_refused_and_the_bar_returns(page: Any) -> None:
    project = load_demo()
    task = _movable_task(project)

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/plan/gantt/")
    bar = page.locator(f".gantt__bar[data-task='{task.pk}']")
    bar.scroll_into_view_if_needed()
    # Someone else saves the task after the page was loaded.
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)

    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y, steps=8)
    assert bar.bounding_box()["x"] > box["x"] + 40  # the bar follows the pointer
    with page.expect_response(re.compile(rf"/tasks/{task.pk}/move/$")) as answer:
        page.mouse.up()

    assert answer.value.status == 409
    status = page.locator("#gantt-status.is-error")
    status.wait_for()
    assert task.title in status.inner_text()
    assert abs(bar.bounding_box()["x"] - box["x"]) < 1  # back where it was
    assert Task.objects.get(pk=task.pk).start == task.start
