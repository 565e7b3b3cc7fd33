"""The needs pages: the task form's lines, a need edited in place, the preview and the grid."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.analysis.services import project_analysis
from maillage.competencies.models import Assessment
from maillage.projects.models import Membership, Task
from maillage.staffing.models import Need
from tests.factories import (
    make_assessment,
    make_axis,
    make_dataset,
    make_membership,
    make_need,
    make_person,
    make_project,
    make_task,
    make_user,
)
from tests.test_pages_tasks import task_data

HTMX = {"HTTP_HX_REQUEST": "true"}
WRITERS = ("coordinator", "contributor")
READERS = ("elected", "partner", "observer")


@pytest.fixture
def competencies(project: Any) -> list[Any]:
    return list(project.framework.competencies.order_by("code"))


def lines(*rows: dict[str, str], initial: int = 0) -> dict[str, str]:
    data = {"needs-TOTAL_FORMS": str(len(rows)), "needs-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"needs-{i}-{key}": value for key, value in row.items()})
    return data


def need_line(competency: Any, level: str = "2", days: str = "2", unit: str = "month") -> dict:
    return {"competency": str(competency.pk), "min_level": level, "days": days, "unit": unit}


# --- The task form --------------------------------------------------------------------------


@pytest.mark.french
def test_the_task_form_creates_a_task_with_its_needs_in_french_decimals(
    personas: dict, project: Any, competencies: list
) -> None:
    data = task_data(project, start="2026-02-01", end="2026-04-30") | lines(
        need_line(competencies[0], "2", "1,5"),
        need_line(competencies[1], "3", "4,5", unit="total"),
    )

    response = personas["contributor"].post(reverse("task_create", args=[project.pk]), data)

    assert response.status_code == 302
    task = Task.objects.get(project=project, title="Diagnostic agricole")
    needs = {n.competency_id: n for n in task.needs.all()}
    assert needs[competencies[0].pk].days_per_month == Decimal("1.50")
    assert needs[competencies[1].pk].days_per_month == Decimal("1.50")  # 4,5 over 3 months
    assert needs[competencies[1].pk].min_level == 3


def test_the_task_form_shows_the_needs_of_the_task(
    personas: dict, project: Any, competencies: list
) -> None:
    task = make_task(project)
    make_need(task, competencies[2], min_level=4, days_per_month=Decimal("2.25"))

    response = personas["coordinator"].get(reverse("task_edit", args=[project.pk, task.pk]))

    formset = response.context["needs"]
    assert formset.forms[0].initial["competency"] == competencies[2].pk
    assert 'name="needs-0-days" value="2.25"' in response.content.decode()
    assert 'name="needs-TOTAL_FORMS" value="2"' in response.content.decode()  # and a blank line


def test_the_task_form_refuses_a_competency_twice_and_saves_nothing(
    personas: dict, project: Any, competencies: list
) -> None:
    task = make_task(project, title="Avant")
    data = {
        "title": "Après",
        "start": task.start.isoformat(),
        "end": task.end.isoformat(),
        "status": Task.Status.PLANNED,
        "progress": "0",
        "budget": "0",
        "version": str(task.version),
    } | lines(need_line(competencies[0]), need_line(competencies[0], "3"))

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, task.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 2 — competency:" in html
    task.refresh_from_db()
    assert task.title == "Avant"
    assert not task.needs.exists()


def test_a_bad_line_is_named_with_its_field(
    personas: dict, project: Any, competencies: list
) -> None:
    data = task_data(project) | lines(
        need_line(competencies[0]), need_line(competencies[1], "", "-1")
    )

    response = personas["coordinator"].post(reverse("task_create", args=[project.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2 — Minimum level — This field is required." in html
    assert "Line 2 — Days —" in html
    assert not Task.objects.filter(title="Diagnostic agricole").exists()


def test_removing_a_line_removes_the_need(personas: dict, project: Any, competencies: list) -> None:
    task = make_task(project)
    need = make_need(task, competencies[0])
    data = {
        "title": task.title,
        "start": task.start.isoformat(),
        "end": task.end.isoformat(),
        "status": task.status,
        "progress": "0",
        "budget": "0",
        "version": str(task.version),
    } | lines(need_line(competencies[0]) | {"id": str(need.pk), "DELETE": "on"}, initial=1)

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, task.pk]), data)

    assert response.status_code == 302
    assert not Need.objects.filter(pk=need.pk).exists()


def test_an_added_line_takes_the_next_number(personas: dict, project: Any) -> None:
    response = personas["contributor"].get(
        reverse("staffing_need_line", args=[project.pk]), {"needs-TOTAL_FORMS": "3"}, **HTMX
    )

    html = response.content.decode()
    assert 'name="needs-3-competency"' in html
    assert 'name="needs-TOTAL_FORMS" value="4"' in html and 'hx-swap-oob="true"' in html


# --- On the task page -----------------------------------------------------------------------


@pytest.mark.french
def test_a_need_added_on_the_task_page_comes_back_as_a_row(
    personas: dict, project: Any, competencies: list
) -> None:
    task = make_task(project)
    url = reverse("staffing_need_create", args=[project.pk, task.pk])

    response = personas["contributor"].post(
        url,
        {
            "need-competency": competencies[1].pk,
            "need-min_level": "3",
            "need-days": "0,5",
            "need-unit": "month",
        },
        **HTMX,
    )

    need = Need.objects.get(task=task)
    assert (need.competency, need.min_level, need.days_per_month) == (
        competencies[1],
        3,
        Decimal("0.50"),
    )
    html = response.content.decode()
    assert f'id="need-{need.pk}"' in html and "0,5" in html


def test_a_need_twice_on_the_task_page_is_refused_on_its_field(
    personas: dict, project: Any, competencies: list
) -> None:
    task = make_task(project)
    make_need(task, competencies[0])
    url = reverse("staffing_need_create", args=[project.pk, task.pk])

    response = personas["coordinator"].post(
        url,
        {
            "need-competency": competencies[0].pk,
            "need-min_level": "1",
            "need-days": "1",
            "need-unit": "month",
        },
        **HTMX,
    )

    assert response["HX-Retarget"] == "#need-new"
    assert "The task already needs" in response.content.decode()
    assert task.needs.count() == 1


def test_a_need_is_edited_and_removed_in_place(
    personas: dict, project: Any, competencies: list
) -> None:
    task = make_task(project)
    need = make_need(task, competencies[0])
    client = personas["coordinator"]

    client.post(
        reverse("staffing_need_edit", args=[project.pk, need.pk]),
        {
            "need-competency": competencies[0].pk,
            "need-min_level": "4",
            "need-days": "3",
            "need-unit": "month",
        },
        **HTMX,
    )
    need.refresh_from_db()
    assert (need.min_level, need.days_per_month) == (4, Decimal("3.00"))

    response = client.post(reverse("staffing_need_delete", args=[project.pk, need.pk]), **HTMX)
    assert response.status_code == 200 and response.content == b""
    assert not Need.objects.filter(pk=need.pk).exists()


def test_an_edit_started_from_an_older_version_is_refused_with_a_conflict(
    personas: dict, project: Any, competencies: list
) -> None:
    task = make_task(project)
    need = make_need(task, competencies[0], min_level=2)
    Need.objects.filter(pk=need.pk).update(version=5, min_level=3)

    response = personas["coordinator"].post(
        reverse("staffing_need_edit", args=[project.pk, need.pk]),
        {
            "need-competency": competencies[0].pk,
            "need-min_level": "1",
            "need-days": "1",
            "need-unit": "month",
            "need-version": "1",
        },
        **HTMX,
    )

    assert response.status_code == 409
    assert "Someone changed or removed this need in the meantime" in response.content.decode()
    need.refresh_from_db()
    assert need.min_level == 3


@pytest.mark.parametrize("persona", READERS)
def test_members_who_do_not_edit_the_plan_cannot_write_needs(
    personas: dict, project: Any, competencies: list, persona: str
) -> None:
    task = make_task(project)
    need = make_need(task, competencies[0])
    client = personas[persona]
    data = {"need-competency": competencies[1].pk, "need-min_level": "1", "need-days": "1"}

    answers = [
        client.post(reverse("staffing_need_create", args=[project.pk, task.pk]), data),
        client.post(reverse("staffing_need_edit", args=[project.pk, need.pk]), data),
        client.post(reverse("staffing_need_delete", args=[project.pk, need.pk])),
        client.post(reverse("staffing_needs_grid", args=[project.pk]), {"axis": ""}),
    ]

    assert [a.status_code for a in answers] == [403] * 4
    assert list(task.needs.values_list("pk", "competency_id")) == [(need.pk, competencies[0].pk)]


def test_an_outsider_does_not_find_the_needs(
    personas: dict, project: Any, competencies: list
) -> None:
    need = project.dataset["tasks"][0].needs.first()
    client = personas["outsider"]
    assert client.get(reverse("staffing_need_row", args=[project.pk, need.pk])).status_code == 404
    assert client.get(reverse("staffing_needs_grid", args=[project.pk])).status_code == 404
    response = client.post(reverse("staffing_need_delete", args=[project.pk, need.pk]))
    assert response.status_code == 404
    assert Need.objects.filter(pk=need.pk).exists()


def test_the_task_page_offers_to_add_a_need_to_editors_only(personas: dict, project: Any) -> None:
    task = make_task(project)
    url = reverse("task_detail", args=[project.pk, task.pk])
    add = reverse("staffing_need_create", args=[project.pk, task.pk])

    assert add in personas["contributor"].get(url).content.decode()
    assert add not in personas["observer"].get(url).content.decode()


def test_the_analysis_sees_a_need_added_on_the_task_page(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Everything is set up as if committed, so that the change counters are as in production.
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project()
        project.dataset = make_dataset(project)
        user = make_user()
        make_membership(project, user, Membership.Role.CONTRIBUTOR)
        task = make_task(project)
    competency = project.dataset["competencies"][0]
    client = Client()
    client.force_login(user)
    before = project_analysis(project)
    assert not any(n.task_id == task.pk for n in before.report.snapshot.needs)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("staffing_need_create", args=[project.pk, task.pk]),
            {
                "need-competency": competency.pk,
                "need-min_level": "2",
                "need-days": "3",
                "need-unit": "month",
            },
            **HTMX,
        )

    after = project_analysis(project)
    assert after.computed and after.reread == ("plan",)
    assert [
        (n.competency_id, n.days_per_month)
        for n in after.report.snapshot.needs
        if n.task_id == task.pk
    ] == [(competency.pk, 3.0)]


# --- The preview ----------------------------------------------------------------------------


def _preview(client: Any, project: Any, task: Any, competency: Any, level: str) -> str:
    response = client.get(
        reverse("staffing_need_preview", args=[project.pk]),
        {
            "prefix": "need",
            "task": task.pk,
            "need-competency": competency.pk,
            "need-min_level": level,
            "need-days": "3",
            "need-unit": "month",
        },
        **HTMX,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_preview_hides_declared_levels_from_those_who_may_not_see_them(
    personas: dict, project: Any, competencies: list
) -> None:
    competency = competencies[0]
    Assessment.objects.filter(competency=competency).delete()
    validated = make_person(project, first_name="Valérie", last_name="Validée")
    declared = make_person(project, first_name="Denis", last_name="Déclaré")
    make_assessment(validated, competency, level=3, validated_level=3)
    make_assessment(declared, competency, level=4, validated_level=None)
    task = make_task(project, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))

    coordinator = _preview(personas["coordinator"], project, task, competency, "3")
    contributor = _preview(personas["contributor"], project, task, competency, "3")

    assert "Valérie Validée (3)" in coordinator
    assert "Denis Déclaré (4, not validated)" in coordinator
    assert "Valérie Validée (3)" in contributor
    assert "and 1 other person whose level is not validated yet" in contributor
    assert "Denis" not in contributor
    assert "March 2026" in coordinator and "February 2026" not in coordinator


def test_the_preview_shows_the_missing_days_of_the_class(
    personas: dict, project: Any, competencies: list
) -> None:
    competency = competencies[0]
    Assessment.objects.filter(competency=competency).delete()
    task = make_task(project, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))

    html = _preview(personas["coordinator"], project, task, competency, "4")

    assert "nobody in the project" in html
    row = html[html.index("March 2026") :].split("</tr>")[0]
    assert '<strong class="missing">3</strong>' in row


# --- The grid -------------------------------------------------------------------------------


def _grid_project(project: Any, tasks: int) -> tuple[Any, list[Any]]:
    axis = make_axis(project, name="Alimentation durable")
    parent = make_task(project, axis=axis, title="Tâche parente")
    made = [parent] + [
        make_task(project, parent=parent, title=f"Sous-tâche {i}") for i in range(tasks - 1)
    ]
    return axis, made


def test_the_grid_lists_the_tasks_of_the_axis_with_their_needs(
    personas: dict, project: Any, competencies: list
) -> None:
    axis, tasks = _grid_project(project, 3)
    make_need(tasks[1], competencies[1], min_level=3, days_per_month=Decimal("1.5"))

    response = personas["observer"].get(
        reverse("staffing_needs_grid", args=[project.pk]), {"axis": axis.pk}
    )

    html = response.content.decode()
    assert [row.task for row in response.context["grid"].rows] == tasks
    assert [c.pk for c in response.context["grid"].columns] == [competencies[1].pk]
    assert "level 3, 1.5 d/month" in html
    assert "<select" not in html.split("<table")[1]  # read only


@pytest.mark.french
def test_the_grid_labels_every_input_with_its_task_and_competency(
    personas: dict, project: Any, competencies: list
) -> None:
    axis, tasks = _grid_project(project, 2)
    make_need(tasks[0], competencies[0])

    response = personas["contributor"].get(
        reverse("staffing_needs_grid", args=[project.pk]), {"axis": axis.pk}
    )

    html = response.content.decode()
    assert f'aria-label="Niveau — tâche Sous-tâche 0 — compétence {competencies[0]}"' in html


@pytest.mark.french
def test_the_grid_saves_every_cell_at_once(
    personas: dict, project: Any, competencies: list
) -> None:
    axis, tasks = _grid_project(project, 2)
    old = make_need(tasks[0], competencies[0])
    a, b = competencies[0].pk, competencies[1].pk
    data = {
        "axis": axis.pk,
        "column": [a, b],
        f"level-{tasks[0].pk}-{a}": "",
        f"days-{tasks[0].pk}-{a}": "",
        f"version-{tasks[0].pk}-{a}": str(old.version),
        f"level-{tasks[1].pk}-{a}": "2",
        f"days-{tasks[1].pk}-{a}": "0,75",
        f"level-{tasks[0].pk}-{b}": "4",
        f"days-{tasks[0].pk}-{b}": "2",
        f"level-{tasks[1].pk}-{b}": "",
        f"days-{tasks[1].pk}-{b}": "",
    }

    response = personas["contributor"].post(reverse("staffing_needs_grid", args=[project.pk]), data)

    assert response.status_code == 302
    assert not Need.objects.filter(pk=old.pk).exists()
    saved = set(
        Need.objects.filter(task__in=tasks).values_list(
            "task_id", "competency_id", "min_level", "days_per_month"
        )
    )
    assert saved == {(tasks[1].pk, a, 2, Decimal("0.75")), (tasks[0].pk, b, 4, Decimal("2.00"))}


def test_a_refused_grid_names_row_and_column_and_saves_nothing(
    personas: dict, project: Any, competencies: list
) -> None:
    axis, tasks = _grid_project(project, 2)
    a = competencies[0].pk
    before = list(Need.objects.order_by("pk").values())
    data = {
        "axis": axis.pk,
        "column": [a],
        f"level-{tasks[0].pk}-{a}": "2",
        f"days-{tasks[0].pk}-{a}": "1",
        f"level-{tasks[1].pk}-{a}": "3",
        f"days-{tasks[1].pk}-{a}": "",
    }

    response = personas["coordinator"].post(reverse("staffing_needs_grid", args=[project.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Task “Sous-tâche 0”, competency “{competencies[0]}” — person-days per month" in html
    assert list(Need.objects.order_by("pk").values()) == before


def test_adding_a_column_keeps_what_was_typed_without_saving(
    personas: dict, project: Any, competencies: list
) -> None:
    axis, tasks = _grid_project(project, 1)
    a, b = competencies[0].pk, competencies[1].pk
    data = {
        "axis": axis.pk,
        "column": [a],
        f"level-{tasks[0].pk}-{a}": "2",
        f"days-{tasks[0].pk}-{a}": "1",
        "new_column": b,
        "add_column": "1",
    }

    response = personas["coordinator"].post(reverse("staffing_needs_grid", args=[project.pk]), data)

    assert response.status_code == 200
    assert [c.pk for c in response.context["grid"].columns] == [a, b]
    assert f'name="days-{tasks[0].pk}-{a}" value="1"' in response.content.decode()
    assert not Need.objects.filter(task__in=tasks).exists()


@time_machine.travel("2026-12-03 10:00 +0100", tick=False)
def test_the_grid_runs_as_many_queries_for_many_tasks_as_for_few(
    personas: dict, project: Any, competencies: list
) -> None:
    def queries(tasks: int) -> int:
        axis, made = _grid_project(project, tasks)
        for task in made:
            make_need(task, competencies[0])
            make_need(task, competencies[1])
        url = reverse("staffing_needs_grid", args=[project.pk])
        with CaptureQueriesContext(connection) as context:
            response = personas["coordinator"].get(url, {"axis": axis.pk})
        assert response.status_code == 200
        return len(context.captured_queries)

    # The first request of a minute records the session's activity; the clock is stopped.
    personas["coordinator"].get(reverse("project_overview", args=[project.pk]))
    assert queries(2) == queries(20)


def test_the_navigation_lists_the_needs_after_the_tasks(personas: dict, project: Any) -> None:
    response = personas["partner"].get(reverse("task_tree", args=[project.pk]))

    html = response.content.decode()
    tasks_at = html.index(f'href="{reverse("task_tree", args=[project.pk])}"')
    needs_at = html.index(f'href="{reverse("staffing_needs_grid", args=[project.pk])}"')
    assert tasks_at < needs_at
    assert f"{reverse('staffing_needs_grid', args=[project.pk])}?axis=" in html
