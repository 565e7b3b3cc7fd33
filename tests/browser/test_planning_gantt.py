"""In a real browser, on the demo: the coordinator moves a Gantt bar with the mouse or the
keyboard; the new dates are saved and the dependency links follow."""

from __future__ import annotations

import datetime
import re
from typing import Any

from maillage.demo import load_demo
from maillage.projects.models import Task, TaskDependency, add_months
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


def _move_requests(page: Any) -> list[Any]:
    """The move requests the page sends from now on."""
    sent: list[Any] = []

    def record(request: Any) -> None:
        if request.method == "POST" and "/move/" in request.url:
            sent.append(request)

    page.on("request", record)
    return sent


def _saved(page: Any, task: Task) -> None:
    """Wait until the status region says the task's new dates (not a refusal)."""
    page.locator("#gantt-status:not(.is-error)").filter(has_text=task.title).wait_for()
    # A burst of key presses sends its request after a delay: leave time for a stray second one.
    page.wait_for_timeout(1000)


def test_alt_arrows_on_a_focused_bar_move_the_task_with_one_request(page: Any) -> None:
    project = load_demo()
    task = _movable_task(project)
    start, end = task.start, task.end

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/plan/gantt/")
    url = page.url
    bar = page.locator(f".gantt__bar[data-task='{task.pk}']")
    keys = page.locator("#gantt-keys")
    assert "Alt" in keys.inner_text() and keys.is_visible()
    assert bar.get_attribute("aria-describedby") == "gantt-keys"
    sent = _move_requests(page)
    bar.focus()
    box = bar.bounding_box()
    for _ in range(3):
        page.keyboard.press("Alt+ArrowRight")
    page.keyboard.press("Alt+Shift+ArrowRight")
    assert bar.bounding_box()["x"] > box["x"]  # the bar moved before anything was saved
    _saved(page, task)

    assert page.url == url  # Alt+→ is not the browser's Forward on a bar
    assert len(sent) == 1, [request.post_data for request in sent]
    new_start = start + datetime.timedelta(days=SHIFT_DAYS)
    new_end = end + datetime.timedelta(days=SHIFT_DAYS)
    task.refresh_from_db()
    assert (task.start, task.end) == (new_start, new_end)
    assert page.input_value(f"#start-{task.pk}") == new_start.isoformat()
    assert page.input_value(f"#end-{task.pk}") == new_end.isoformat()
    version = f"#move-{task.pk} input[name=version]"
    assert page.input_value(version) == str(task.version)
    assert page.evaluate("() => document.activeElement.dataset.task") == str(task.pk)
    label = bar.get_attribute("aria-label")

    page.reload()
    assert bar.get_attribute("aria-label") == label  # as the server names the bar


def test_ctrl_alt_arrows_change_only_the_end_and_a_stale_table_is_avoided(page: Any) -> None:
    project = load_demo()
    task = _movable_task(project)
    start, end = task.start, task.end

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/plan/gantt/")
    bar = page.locator(f".gantt__bar[data-task='{task.pk}']")
    sent = _move_requests(page)
    bar.focus()
    width = bar.bounding_box()["width"]
    page.keyboard.press("Control+Alt+ArrowRight")
    page.keyboard.press("Control+Alt+Shift+ArrowRight")
    assert bar.bounding_box()["width"] > width
    _saved(page, task)

    assert len(sent) == 1
    task.refresh_from_db()
    assert (task.start, task.end) == (start, end + datetime.timedelta(days=8))
    # The table's form now posts the new version: its own change is saved, not refused.
    page.fill(f"#end-{task.pk}", (end + datetime.timedelta(days=9)).isoformat())
    with page.expect_navigation():
        page.click(f"#move-{task.pk} button[type=submit]")
    task.refresh_from_db()
    assert (task.start, task.end) == (start, end + datetime.timedelta(days=9))


def test_an_end_before_the_start_is_refused_at_once_without_a_request(page: Any) -> None:
    project = load_demo()
    first = add_months(project.horizon_start, 1)
    milestone = Task.objects.filter(project=project, is_milestone=True, start__gte=first).first()
    assert milestone is not None and milestone.start == milestone.end

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/plan/gantt/")
    bar = page.locator(f".gantt__bar[data-task='{milestone.pk}']")
    sent = _move_requests(page)
    bar.focus()
    style = bar.get_attribute("style")
    page.keyboard.press("Control+Alt+ArrowLeft")

    status = page.locator("#gantt-status.is-error")
    status.wait_for()
    assert milestone.title in status.inner_text()
    page.wait_for_timeout(1000)
    assert sent == []
    assert bar.get_attribute("style") == style  # the bar did not move
    assert Task.objects.get(pk=milestone.pk).version == milestone.version


def _linked_task(project: Any) -> tuple[Task, TaskDependency]:
    """A task with a dependency link drawn on the chart, that may start a day later."""
    first = add_months(project.horizon_start, 1)
    for link in TaskDependency.objects.filter(successor__project=project).select_related(
        "predecessor", "successor__parent"
    ):
        task = link.successor
        day = datetime.timedelta(days=1)
        if (
            link.predecessor.end >= project.horizon_start
            and task.start >= first
            and task.end + day <= project.horizon_end
            and (task.parent is None or task.parent.end >= task.end + day)
        ):
            return task, link
    raise AssertionError("the demo has a dependency whose successor can move")


def test_the_dependency_links_follow_a_moved_bar_without_a_reload(page: Any) -> None:
    project = load_demo()
    task, link = _linked_task(project)

    log_in(page, "coordination")
    page.goto(f"/projects/{project.pk}/plan/gantt/")
    page.evaluate("() => { window.notReloaded = true; }")
    path = page.locator(
        f".gantt__links path[data-from='{link.predecessor_id}'][data-to='{link.successor_id}']"
    )
    before = path.get_attribute("d")
    page.locator(f".gantt__bar[data-task='{task.pk}']").focus()
    page.keyboard.press("Alt+ArrowRight")
    _saved(page, task)

    after = path.get_attribute("d")
    assert after != before
    assert page.evaluate("() => window.notReloaded") is True
    # The arrow is drawn where the server draws it for the saved dates.
    page.reload()
    assert path.get_attribute("d") == after
