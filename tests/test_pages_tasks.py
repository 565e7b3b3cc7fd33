"""The task tree, a task's page, and task forms: validation, optimistic locking, deletion."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from maillage.projects import services
from maillage.projects.models import BudgetLine, Task
from maillage.staffing.models import Assignment, Need
from tests.factories import make_task


def task_data(project: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Diagnostic agricole",
        "description": "",
        "parent": "",
        "step": "",
        "axis": "",
        "start": "2026-02-01",
        "end": "2026-04-30",
        "modalities": "",
        "lead_organisation": "",
        "budget": "1500",
        "status": Task.Status.PLANNED,
        "progress": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(task: Task, **overrides: Any) -> dict[str, Any]:
    data = task_data(
        task.project,
        title=task.title,
        start=task.start.isoformat(),
        end=task.end.isoformat(),
        parent=task.parent_id or "",
        version=task.version,
    )
    data.update(overrides)
    return data


# --- Tree and detail ----------------------------------------------------------------------------


def test_tree_nests_sub_tasks_under_their_parent(personas: dict, project: Any) -> None:
    parent = make_task(project, title="Animer la gouvernance")
    make_task(project, parent=parent, title="Préparer le COPIL")

    response = personas["observer"].get(reverse("task_tree", args=[project.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    parent_at = html.index("Animer la gouvernance")
    child_at = html.index("Préparer le COPIL")
    nested_list_at = html.index('<ul class="tree', parent_at)
    assert parent_at < nested_list_at < child_at


def test_tree_shows_the_lead_person_of_each_task(personas: dict, project: Any) -> None:
    task = project.dataset["tasks"][-1]
    lead = task.assignments.get(responsibility=Assignment.Responsibility.LEAD).person

    response = personas["partner"].get(reverse("task_tree", args=[project.pk]))

    assert str(lead) in response.content.decode()


def test_tree_filter_by_status_keeps_matching_tasks_and_their_ancestors(
    personas: dict, project: Any
) -> None:
    parent = make_task(project, title="Parent planifié")
    make_task(project, parent=parent, title="Enfant bloqué", status=Task.Status.BLOCKED)
    make_task(project, title="Autre planifiée")

    response = personas["coordinator"].get(
        reverse("task_tree", args=[project.pk]), {"status": Task.Status.BLOCKED}
    )

    html = response.content.decode()
    assert "Enfant bloqué" in html
    assert "Parent planifié" in html
    assert "Autre planifiée" not in html


def test_tree_filter_by_axis_answers_htmx_with_the_fragment_only(
    personas: dict, project: Any
) -> None:
    axis = project.dataset["axes"][0]

    response = personas["coordinator"].get(
        reverse("task_tree", args=[project.pk]), {"axis": axis.pk}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="task-tree">')
    assert "<html" not in html
    shown = Task.objects.filter(project=project, axis=axis, parent=None)
    hidden = Task.objects.filter(project=project, parent=None).exclude(axis=axis)
    assert all(task.title in html for task in shown)
    assert not any(f">{task.title}<" in html for task in hidden)


def test_task_page_shows_needs_assignments_budget_and_sub_tasks(
    personas: dict, project: Any
) -> None:
    task = project.dataset["tasks"][-1]

    response = personas["observer"].get(reverse("task_detail", args=[project.pk, task.pk]))

    html = response.content.decode()
    for need in task.needs.all():
        assert str(need.competency) in html
    for assignment in task.assignments.all():
        assert str(assignment.person) in html
    for child in task.children.all():
        assert child.title in html
    assert task.budget_lines.filter(funder=BudgetLine.Funder.ADEME).exists()
    assert "ADEME" in html


def test_observer_sees_no_edit_buttons_on_a_task(personas: dict, project: Any) -> None:
    task = project.dataset["tasks"][-1]

    response = personas["observer"].get(reverse("task_detail", args=[project.pk, task.pk]))

    assert reverse("task_edit", args=[project.pk, task.pk]) not in response.content.decode()


# --- Creation and validation --------------------------------------------------------------------


def test_contributor_creates_a_task(personas: dict, project: Any) -> None:
    axis = project.dataset["axes"][0]

    response = personas["contributor"].post(
        reverse("task_create", args=[project.pk]), task_data(project, axis=axis.pk)
    )

    task = Task.objects.get(project=project, title="Diagnostic agricole")
    assert response.status_code == 302
    assert response["Location"] == reverse("task_detail", args=[project.pk, task.pk])
    assert task.axis == axis
    assert task.version == 1


def _post_invalid(client: Any, url: str, data: dict[str, Any]) -> Any:
    count = Task.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert Task.objects.count() == count, "nothing may be saved"
    return response


@pytest.mark.french
def test_a_missing_title_is_refused_in_french_on_the_title_field(
    personas: dict, project: Any
) -> None:
    response = _post_invalid(
        personas["coordinator"],
        reverse("task_create", args=[project.pk]),
        task_data(project, title=""),
    )

    form = response.context["form"]
    assert form.errors["title"] == ["Ce champ est obligatoire."]
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_title"' in html  # the error summary links to the field


def test_an_end_before_the_start_is_refused_on_the_end_field(personas: dict, project: Any) -> None:
    response = _post_invalid(
        personas["coordinator"],
        reverse("task_create", args=[project.pk]),
        task_data(project, start="2026-05-01", end="2026-04-01"),
    )

    assert response.context["form"].errors["end"] == [str(services.END_BEFORE_START)]


def test_a_negative_budget_is_refused_on_the_budget_field(personas: dict, project: Any) -> None:
    response = _post_invalid(
        personas["coordinator"],
        reverse("task_create", args=[project.pk]),
        task_data(project, budget="-10"),
    )

    assert "budget" in response.context["form"].errors
    assert set(response.context["form"].errors) == {"budget"}


def test_a_sub_task_must_fit_in_its_parent_dates(personas: dict, project: Any) -> None:
    parent = make_task(project, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 6, 30))

    response = _post_invalid(
        personas["coordinator"],
        reverse("task_create", args=[project.pk]),
        task_data(project, parent=parent.pk, start="2026-03-01", end="2026-07-31"),
    )

    errors = response.context["form"].errors
    assert list(errors) == ["end"]


def test_a_task_cannot_be_moved_under_its_own_sub_task(personas: dict, project: Any) -> None:
    parent = make_task(project, title="Parent")
    child = make_task(project, parent=parent)
    grandchild = make_task(project, parent=child)

    response = personas["coordinator"].post(
        reverse("task_edit", args=[project.pk, parent.pk]),
        edit_data(parent, parent=grandchild.pk),
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    parent.refresh_from_db()
    assert parent.parent_id is None
    assert parent.version == 1


def test_the_parent_choices_exclude_the_task_and_its_descendants(
    personas: dict, project: Any
) -> None:
    parent = make_task(project)
    child = make_task(project, parent=parent)

    response = personas["coordinator"].get(reverse("task_edit", args=[project.pk, parent.pk]))

    choices = response.context["form"].fields["parent"].queryset
    assert parent not in choices
    assert child not in choices
    assert project.dataset["tasks"][0] in choices


def test_choices_of_another_project_are_refused(
    personas: dict, project: Any, other_project: Any
) -> None:
    foreign_axis = other_project.dataset["axes"][0]
    foreign_task = other_project.dataset["tasks"][-1]

    response = _post_invalid(
        personas["coordinator"],
        reverse("task_create", args=[project.pk]),
        task_data(project, axis=foreign_axis.pk, parent=foreign_task.pk),
    )

    assert {"axis", "parent"} <= set(response.context["form"].errors)


# --- Edition and optimistic locking -------------------------------------------------------------


def test_saving_a_task_increments_its_version(personas: dict, project: Any) -> None:
    task = make_task(project, title="Avant")

    response = personas["contributor"].post(
        reverse("task_edit", args=[project.pk, task.pk]), edit_data(task, title="Après")
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Après", 2)


def test_a_save_based_on_an_old_version_is_refused_and_keeps_the_users_input(
    personas: dict, project: Any
) -> None:
    task = make_task(project, title="Version initiale")
    stale = edit_data(task, title="Ma modification")
    services.task_update(task=task, data={"title": "Modifiée par un collègue"}, expected_version=1)

    response = personas["coordinator"].post(reverse("task_edit", args=[project.pk, task.pk]), stale)

    assert response.status_code == 409
    assert str(services.VERSION_CONFLICT) in response.context["form"].non_field_errors()
    assert 'value="Ma modification"' in response.content.decode()
    task.refresh_from_db()
    assert (task.title, task.version) == ("Modifiée par un collègue", 2)


# --- Deletion -----------------------------------------------------------------------------------


def test_delete_confirmation_lists_what_goes_with_the_task(personas: dict, project: Any) -> None:
    task = project.dataset["tasks"][-1]
    subtask = task.children.first()

    response = personas["contributor"].get(reverse("task_delete", args=[project.pk, task.pk]))

    html = response.content.decode()
    assert subtask.title in html
    for assignment in Assignment.objects.filter(task=subtask):
        assert str(assignment.person) in html
    assert Task.objects.filter(pk=task.pk).exists()


def test_deleting_a_task_deletes_its_sub_tasks_needs_and_assignments(
    personas: dict, project: Any
) -> None:
    task = project.dataset["tasks"][-1]
    ids = [task.pk, *task.children.values_list("pk", flat=True)]
    assert Need.objects.filter(task_id__in=ids).exists()

    response = personas["coordinator"].post(reverse("task_delete", args=[project.pk, task.pk]))

    assert response.status_code == 302
    assert not Task.objects.filter(pk__in=ids).exists()
    assert not Need.objects.filter(task_id__in=ids).exists()
    assert not Assignment.objects.filter(task_id__in=ids).exists()


@pytest.mark.parametrize("persona", ["elected", "partner", "observer"])
def test_readers_cannot_edit_tasks(personas: dict, project: Any, persona: str) -> None:
    task = project.dataset["tasks"][-1]

    response = personas[persona].post(
        reverse("task_edit", args=[project.pk, task.pk]), edit_data(task, title="Piraté")
    )

    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title != "Piraté"


def test_all_errors_are_shown_at_once(personas: dict, project: Any) -> None:
    response = _post_invalid(
        personas["coordinator"],
        reverse("task_create", args=[project.pk]),
        task_data(project, title="", start="2026-05-01", end="2026-04-01"),
    )

    assert set(response.context["form"].errors) == {"title", "end"}
