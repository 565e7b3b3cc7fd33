"""Steps of the plan: created, edited (a validated step goes back to draft), deleted when empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from maillage.projects.models import Step
from maillage.projects.services import END_BEFORE_START
from tests.factories import make_step

pytestmark = pytest.mark.django_db


def _data(**overrides: Any) -> dict[str, Any]:
    data = {"name": "Diagnostic", "start": "2026-01-01", "end": "2026-03-31", "order": 1}
    data.update(overrides)
    return data


def test_a_contributor_adds_a_step(project: Any, personas: dict) -> None:
    response = personas["contributor"].post(
        reverse("planning_step_create", args=[project.pk]), _data(name="Co-construction")
    )
    assert response.status_code == 302
    step = Step.objects.get(project=project, name="Co-construction")
    assert step.status == Step.Status.DRAFT
    page = personas["partner"].get(reverse("planning_steps", args=[project.pk]))
    assert "Co-construction" in page.content.decode()
    assert reverse("planning_step_create", args=[project.pk]) not in page.content.decode()


def test_dates_out_of_order_are_refused_on_the_end_field(project: Any, personas: dict) -> None:
    response = personas["coordinator"].post(
        reverse("planning_step_create", args=[project.pk]),
        _data(start="2026-05-01", end="2026-04-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [str(END_BEFORE_START)]
    assert not Step.objects.filter(project=project, name="Diagnostic").exists()


def test_changing_a_validated_step_makes_it_a_draft_again(project: Any, personas: dict) -> None:
    step = make_step(project, name="Plan d'actions", status=Step.Status.VALIDATED)
    url = reverse("planning_step_edit", args=[project.pk, step.pk])
    unchanged = {
        "name": step.name,
        "start": step.start.isoformat(),
        "end": step.end.isoformat(),
        "order": step.order,
    }
    personas["coordinator"].post(url, unchanged)
    step.refresh_from_db()
    assert step.status == Step.Status.VALIDATED  # saving without change keeps the validation

    personas["coordinator"].post(url, {**unchanged, "end": "2026-10-31"})
    step.refresh_from_db()
    assert step.status == Step.Status.DRAFT


def test_a_step_with_tasks_is_not_deleted(project: Any, personas: dict) -> None:
    step = project.dataset["steps"][0]
    response = personas["coordinator"].post(
        reverse("planning_step_delete", args=[project.pk, step.pk])
    )
    assert response.status_code == 409
    assert Step.objects.filter(pk=step.pk).exists()

    empty = make_step(project)
    response = personas["coordinator"].post(
        reverse("planning_step_delete", args=[project.pk, empty.pk])
    )
    assert response.status_code == 302
    assert not Step.objects.filter(pk=empty.pk).exists()
