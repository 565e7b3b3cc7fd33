"""Rolling the window, and moving tasks from the Gantt chart (drag or keyboard table)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maillage.engine.plan.rolling import PastEdit, RollRefusal
from maillage.planning import services
from maillage.planning.models import Roll
from maillage.projects.models import Project, Task, TaskDependency
from maillage.projects.services import (
    END_BEFORE_START,
    OUTSIDE_PARENT,
    PAST_EDIT,
    VERSION_CONFLICT,
    task_update,
)
from tests.factories import make_task
from tests.planning.conftest import access_of

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = {"HTTP_ACCEPT": "application/json"}


def test_rolling_moves_the_window_one_month_and_keeps_the_plan_as_history(
    project: Any, persona_users: dict
) -> None:
    access = access_of(persona_users["coordinator"], project)
    roll = services.roll_forward(access=access, today=D(2026, 3, 10))

    project.refresh_from_db()
    assert project.horizon_start == D(2026, 2, 1)
    assert (roll.from_month, roll.to_month) == (D(2026, 1, 1), D(2026, 2, 1))
    assert len(roll.data["tasks"]) == Task.objects.filter(project=project).count()
    services.roll_forward(access=access, today=D(2026, 3, 10))
    with pytest.raises(ValidationError) as refused:
        services.roll_forward(access=access, today=D(2026, 3, 10))
    assert refused.value.messages == [str(services.ROLL_REFUSALS[RollRefusal.ALREADY_CURRENT])]
    assert Project.objects.get(pk=project.pk).horizon_start == D(2026, 3, 1)
    assert Roll.objects.filter(project=project).count() == 2


def test_only_the_coordinator_rolls_the_window(project: Any, persona_users: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.roll_forward(access=access_of(persona_users["contributor"], project))
    assert not Roll.objects.exists()


def test_the_roll_page_shows_what_changed_since_the_last_roll_and_the_history(
    project: Any, persona_users: dict, personas: dict
) -> None:
    january = make_task(
        project, title="Réunion de lancement", start=D(2026, 1, 5), end=D(2026, 1, 20)
    )
    services.roll_forward(access=access_of(persona_users["coordinator"], project))
    make_task(project, title="Atelier ajouté après le roulement")

    page = personas["observer"].get(reverse("planning_roll", args=[project.pk])).content.decode()

    changes = page.split('id="since-title"')[1].split('id="history-title"')[0]
    assert "Atelier ajouté après le roulement" in changes
    history = page.split('id="history-title"')[1]
    assert january.title in history


def test_dates_in_months_that_left_the_window_are_read_only(project: Any) -> None:
    finished = make_task(project, start=D(2026, 1, 5), end=D(2026, 1, 20))
    Project.objects.filter(pk=project.pk).update(horizon_start=D(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        task_update(task=finished, data={"end": D(2026, 2, 10)}, expected_version=1)
    assert refused.value.message_dict == {"start": [str(PAST_EDIT[PastEdit.FINISHED_IN_HISTORY])]}
    # What is not a date stays editable: the progress of a finished task can still be recorded.
    task_update(task=finished, data={"progress": 100}, expected_version=1)
    finished.refresh_from_db()
    assert (finished.end, finished.progress) == (D(2026, 1, 20), 100)


def _move(client: Any, project: Any, task: Task, start: str, end: str, version: int, **extra):
    return client.post(
        reverse("planning_task_move", args=[project.pk, task.pk]),
        {"start": start, "end": end, "version": version},
        **extra,
    )


def test_a_drag_saves_the_new_dates_and_answers_json(project: Any, personas: dict) -> None:
    task = make_task(project, start=D(2026, 3, 1), end=D(2026, 3, 31))
    response = _move(personas["contributor"], project, task, "2026-04-01", "2026-05-15", 1, **JSON)

    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] and answer["version"] == 2
    task.refresh_from_db()
    assert (task.start, task.end) == (D(2026, 4, 1), D(2026, 5, 15))


def test_a_stale_drag_is_refused_and_reports_the_current_dates(
    project: Any, personas: dict
) -> None:
    task = make_task(project, start=D(2026, 3, 1), end=D(2026, 3, 31))
    task_update(task=task, data={"title": "Changée par quelqu'un d'autre"}, expected_version=1)

    response = _move(personas["contributor"], project, task, "2026-06-01", "2026-06-30", 1, **JSON)

    assert response.status_code == 409
    answer = response.json()
    assert not answer["ok"]
    assert str(VERSION_CONFLICT) in answer["message"]
    assert (answer["start"], answer["end"], answer["version"]) == ("2026-03-01", "2026-03-31", 2)
    task.refresh_from_db()
    assert task.start == D(2026, 3, 1)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-05-01", "2026-04-01", END_BEFORE_START),
        ("2026-01-01", "2026-12-31", OUTSIDE_PARENT),
        ("pas une date", "2026-04-01", forms.DateField.default_error_messages["invalid"]),
    ],
)
def test_a_drag_gets_the_same_validation_as_the_form(
    start: str, end: str, message: Any, project: Any, personas: dict
) -> None:
    parent = make_task(project, start=D(2026, 3, 1), end=D(2026, 6, 30))
    child = make_task(project, parent=parent, start=D(2026, 4, 1), end=D(2026, 4, 30))

    response = _move(personas["coordinator"], project, child, start, end, 1, **JSON)

    assert response.status_code == 400
    assert str(message).split("(")[0] in response.json()["message"]
    child.refresh_from_db()
    assert (child.start, child.end, child.version) == (D(2026, 4, 1), D(2026, 4, 30), 1)


def test_the_keyboard_table_saves_dates_and_returns_to_the_gantt(
    project: Any, personas: dict
) -> None:
    task = make_task(project, start=D(2026, 3, 1), end=D(2026, 3, 31))
    response = _move(personas["contributor"], project, task, "2026-03-02", "2026-04-02", 1)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/plan/gantt/#task-{task.pk}")
    page = personas["contributor"].get(reverse("planning_gantt", args=[project.pk]))
    assert 'value="2026-04-02"' in page.content.decode()


def test_the_gantt_groups_tasks_by_step_and_shows_today_and_dependencies(
    project: Any, personas: dict
) -> None:
    page = personas["partner"].get(reverse("planning_gantt", args=[project.pk]))
    html = page.content.decode()
    for step in project.dataset["steps"]:
        assert f'<div class="gantt__label">{step.name}</div>' in html
    assert html.count("<path ") == len(project.dataset["steps"]) - 1  # chained top tasks
    assert 'class="gantt__today"' in html
    # A partner sees the chart without the drag script nor the date inputs.
    assert "gantt.js" not in html and 'type="date"' not in html
    quarter = personas["partner"].get(
        reverse("planning_gantt", args=[project.pk]), {"zoom": "quarter"}
    )
    assert "T1 2026" in quarter.content.decode()


def test_the_gantt_names_the_tasks_of_each_link_and_tells_editors_the_keys(
    project: Any, personas: dict
) -> None:
    html = personas["coordinator"].get(reverse("planning_gantt", args=[project.pk])).content
    html = html.decode()
    links = TaskDependency.objects.filter(successor__project=project)
    assert links.exists()
    for link in links:  # gantt.js redraws each arrow from its two bars after a move
        assert f'<path data-from="{link.predecessor_id}" data-to="{link.successor_id}" d="M' in (
            html
        )
    # The keys are a visible paragraph, which describes every bar.
    assert '<p id="gantt-keys">' in html
    bars = Task.objects.filter(project=project).count()
    assert html.count('aria-describedby="gantt-keys"') == bars
    assert 'data-title="' in html and "{title}" in html  # the refusal said by the script
    partner = personas["partner"].get(reverse("planning_gantt", args=[project.pk]))
    assert "gantt-keys" not in partner.content.decode()


def test_the_gantt_shows_every_one_of_150_tasks_in_the_same_number_of_queries(
    project: Any, personas: dict
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("planning_gantt", args=[project.pk])
    with CaptureQueriesContext(connection) as small:
        personas["coordinator"].get(url)
    steps = project.dataset["steps"]
    for index in range(150):
        make_task(
            project,
            title=f"Action {index}",
            step=steps[index % len(steps)],
            start=D(2026, 1 + index % 12, 1),
            end=D(2026, 1 + index % 12, 20),
        )
    with CaptureQueriesContext(connection) as large:
        html = personas["coordinator"].get(url).content.decode()

    assert html.count('class="gantt__bar') == Task.objects.filter(project=project).count()
    assert html.count('<tr data-task-row="') == Task.objects.filter(project=project).count()
    assert len(large.captured_queries) == len(small.captured_queries)
