"""A task's dependencies, budget lines per funder and deliverables, edited with the task:
everything is saved or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from maillage.projects.models import BudgetLine, Deliverable, Task, TaskDependency
from tests.factories import make_task

pytestmark = pytest.mark.django_db
D = datetime.date


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _post(project: Any, task: Task | None = None, **rows: list[dict[str, Any]]) -> dict:
    data: dict[str, Any] = {
        "title": task.title if task else "Atelier cantines",
        "start": "2026-03-01",
        "end": "2026-04-30",
        "budget": "0",
        "status": Task.Status.PLANNED,
        "progress": "0",
        "version": task.version if task else "",
    }
    for prefix in ("dependencies", "budget_lines", "deliverables"):
        items = rows.get(prefix, [])
        data.update(_management(prefix, len(items)))
        for index, item in enumerate(items):
            data.update({f"{prefix}-{index}-{key}": value for key, value in item.items()})
    return data


def test_a_task_is_created_with_its_dependency_funding_and_deliverable(
    project: Any, personas: dict
) -> None:
    before = make_task(project, title="Diagnostic", start=D(2026, 1, 1), end=D(2026, 2, 28))
    data = _post(
        project,
        dependencies=[{"predecessor": before.pk, "lag_days": 3}],
        budget_lines=[{"funder": "ademe", "amount": "4500", "label": "Appel à projets"}],
        deliverables=[{"title": "Compte rendu", "due": "2026-04-30"}],
    )

    response = personas["contributor"].post(reverse("task_create", args=[project.pk]), data)

    assert response.status_code == 302
    task = Task.objects.get(title="Atelier cantines")
    link = TaskDependency.objects.get(successor=task)
    assert (link.predecessor, link.lag_days) == (before, 3)
    assert list(BudgetLine.objects.filter(task=task).values_list("funder", "amount")) == [
        ("ademe", Decimal("4500"))
    ]
    assert Deliverable.objects.get(task=task).due == D(2026, 4, 30)


def test_a_dependency_cycle_is_refused_and_nothing_is_saved(project: Any, personas: dict) -> None:
    first = make_task(project, title="Premier", start=D(2026, 3, 1), end=D(2026, 4, 30))
    second = make_task(project, title="Second", start=D(2026, 3, 1), end=D(2026, 4, 30))
    TaskDependency.objects.create(predecessor=first, successor=second)
    data = _post(project, first, dependencies=[{"predecessor": second.pk, "lag_days": 0}])
    data["title"] = "Premier renommé"
    data["budget_lines-TOTAL_FORMS"] = 1
    data.update({"budget_lines-0-funder": "eu", "budget_lines-0-amount": "100"})

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, first.pk]), data)

    assert response.status_code == 200
    # The message names the chain (with the title being saved); then everything is rolled back.
    chain = "« Premier renommé » ← « Second » ← « Premier renommé »"
    assert chain in response.content.decode()
    first.refresh_from_db()
    assert first.title == "Premier"
    assert not TaskDependency.objects.filter(successor=first).exists()
    assert not BudgetLine.objects.filter(task=first).exists()


def test_a_negative_budget_line_is_refused_and_nothing_is_saved(
    project: Any, personas: dict
) -> None:
    task = make_task(project, title="Étude", start=D(2026, 3, 1), end=D(2026, 4, 30))
    data = _post(project, task, budget_lines=[{"funder": "region", "amount": "-5"}])
    data["title"] = "Étude renommée"

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, task.pk]), data)

    assert response.status_code == 200
    assert 'id="id_budget_lines-0-amount"' in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Étude" and task.version == 1


def test_a_predecessor_of_another_project_cannot_be_chosen(
    project: Any, other_project: Any, personas: dict
) -> None:
    foreign = other_project.dataset["tasks"][0]
    data = _post(project, dependencies=[{"predecessor": foreign.pk, "lag_days": 0}])

    response = personas["coordinator"].post(reverse("task_create", args=[project.pk]), data)

    assert response.status_code == 200
    assert not Task.objects.filter(title="Atelier cantines").exists()


def test_details_replace_the_previous_ones_and_deleted_rows_go(
    project: Any, personas: dict
) -> None:
    task = make_task(project, start=D(2026, 3, 1), end=D(2026, 4, 30))
    old = BudgetLine.objects.create(task=task, funder="state", amount=10)
    data = _post(project, task)
    data.update(_management("budget_lines", 2, initial=1))
    data.update(
        {
            "budget_lines-0-id": old.pk,
            "budget_lines-0-task": task.pk,
            "budget_lines-0-funder": "state",
            "budget_lines-0-amount": "10",
            "budget_lines-0-DELETE": "on",
            "budget_lines-1-funder": "own",
            "budget_lines-1-amount": "250",
        }
    )

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, task.pk]), data)

    assert response.status_code == 302
    assert list(BudgetLine.objects.filter(task=task).values_list("funder", "amount")) == [
        ("own", Decimal("250"))
    ]


def test_a_stale_edit_saves_no_detail_either(project: Any, personas: dict) -> None:
    task = make_task(project, start=D(2026, 3, 1), end=D(2026, 4, 30))
    data = _post(project, task, deliverables=[{"title": "Note"}])
    Task.objects.filter(pk=task.pk).update(version=2)  # someone saved meanwhile

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, task.pk]), data)

    assert response.status_code == 409
    assert not Deliverable.objects.filter(task=task).exists()


def _tree_titles(client: Any, project: Any, **filters: Any) -> list[str]:
    import re

    html = client.get(reverse("task_tree", args=[project.pk]), filters).content.decode()
    anchors = re.findall(r'class="tree__title"[^>]*>(.*?)</a>', html)
    without_marks = (re.sub(r'<span class="sr-only">.*?</span>', "", a) for a in anchors)
    return [re.sub(r"<[^>]+>|◆", "", a).strip() for a in without_marks]


def test_tasks_move_up_and_down_among_their_siblings(project: Any, personas: dict) -> None:
    parent = make_task(project, title="Parent", start=D(2026, 1, 1), end=D(2026, 12, 31))
    for title in ("Un", "Deux", "Trois"):
        make_task(project, parent=parent, title=title)
    deux = Task.objects.get(title="Deux")
    url = reverse("planning_task_reorder", args=[project.pk, deux.pk])

    assert personas["contributor"].post(url, {"direction": "up"}).status_code == 302
    children = list(Task.objects.filter(parent=parent).order_by("order", "start", "id"))
    assert [t.title for t in children] == ["Deux", "Un", "Trois"]
    titles = _tree_titles(personas["observer"], project)
    assert titles.index("Deux") < titles.index("Un") < titles.index("Trois")

    personas["contributor"].post(url, {"direction": "up"})  # already first: refused
    personas["contributor"].post(url, {"direction": "down"})
    children = list(Task.objects.filter(parent=parent).order_by("order", "start", "id"))
    assert [t.title for t in children] == ["Un", "Deux", "Trois"]
    assert personas["partner"].post(url, {"direction": "down"}).status_code == 403


def test_the_tree_filters_by_person(project: Any, personas: dict) -> None:
    person = project.dataset["people"][0]
    titles = _tree_titles(personas["observer"], project, person=person.pk)
    assigned = set(Task.objects.filter(assignments__person=person).values_list("title", flat=True))
    assert assigned and assigned <= set(titles)
    others = set(Task.objects.filter(project=project).values_list("title", flat=True))
    assert set(titles) < others
