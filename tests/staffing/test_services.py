"""Writes of needs: days spread over the task's months, one competency per task, all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.access import project_access
from maillage.projects.models import Task
from maillage.projects.services import ConflictError
from maillage.staffing import services
from maillage.staffing.models import Need
from tests.factories import make_axis, make_competency, make_framework, make_need, make_task

D = Decimal


@pytest.fixture
def access(persona_users: dict, project: Any) -> Any:
    return project_access(persona_users["coordinator"], project.pk)


@pytest.fixture
def competencies(project: Any) -> list[Any]:
    return list(project.framework.competencies.order_by("code"))


def line(competency: Any, level: int = 2, days: str = "2", unit: str = "month") -> dict:
    return {"competency": competency.pk, "min_level": level, "days": D(days), "unit": unit}


# --- Days per month from a total ---------------------------------------------------------------


def test_it_spreads_a_total_over_the_whole_months_of_the_task() -> None:
    start, end = datetime.date(2026, 2, 1), datetime.date(2026, 4, 30)
    assert services.task_months(start, end) == 3
    assert services.days_per_month_of(D("6"), services.TOTAL, start, end) == D("2.00")


def test_it_counts_a_part_of_a_month_as_the_analysis_does() -> None:
    # Half of January (16 of 31 days) and all of February: 1.516… months.
    start, end = datetime.date(2026, 1, 16), datetime.date(2026, 2, 28)
    assert services.days_per_month_of(D("10"), services.TOTAL, start, end) == D("6.60")


def test_days_per_month_are_kept_as_typed() -> None:
    day = datetime.date(2026, 1, 1)
    assert services.days_per_month_of(D("1.5"), services.PER_MONTH, day, day) == D("1.50")


def test_a_total_is_stored_as_days_per_month(access: Any, project: Any, competencies: list) -> None:
    task = make_task(project, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 6, 30))

    services.task_needs_replace(
        access=access, task=task, lines=[line(competencies[0], days="10", unit="total")]
    )

    assert Need.objects.get(task=task).days_per_month == D("2.50")


# --- The lines of the task form ----------------------------------------------------------------


def test_it_replaces_the_needs_and_keeps_the_id_of_a_need_still_there(
    access: Any, project: Any, competencies: list
) -> None:
    task = make_task(project)
    kept = make_need(task, competencies[0], min_level=1, days_per_month=D("1"))
    gone = make_need(task, competencies[1])

    services.task_needs_replace(
        access=access,
        task=task,
        lines=[line(competencies[0], 3, "4"), line(competencies[2], 2, "0.5")],
    )

    needs = {n.competency_id: n for n in Need.objects.filter(task=task)}
    assert set(needs) == {competencies[0].pk, competencies[2].pk}
    assert needs[competencies[0].pk].pk == kept.pk
    assert (needs[competencies[0].pk].min_level, needs[competencies[0].pk].days_per_month) == (
        3,
        D("4.00"),
    )
    assert not Need.objects.filter(pk=gone.pk).exists()


def test_it_refuses_the_same_competency_twice_naming_the_line(
    access: Any, project: Any, competencies: list
) -> None:
    task = make_task(project)
    make_need(task, competencies[1])
    before = list(Need.objects.filter(task=task).values())

    with pytest.raises(ValidationError) as error:
        services.task_needs_replace(
            access=access,
            task=task,
            lines=[line(competencies[0]), line(competencies[2]), line(competencies[0], 3)],
        )

    (message,) = error.value.message_dict["needs"]
    assert message.startswith("Line 3 — competency:")
    assert "line 1" in message
    assert list(Need.objects.filter(task=task).values()) == before


def test_one_bad_line_saves_none_of_them(access: Any, project: Any, competencies: list) -> None:
    task = make_task(project)
    outside = make_competency(make_framework(competencies=0))

    with pytest.raises(ValidationError) as error:
        services.task_needs_replace(
            access=access,
            task=task,
            lines=[line(competencies[0]), line(competencies[1], level=9), line(outside)],
        )

    messages = error.value.message_dict["needs"]
    assert messages[0].startswith("Line 2 — minimum level:")
    assert messages[1].startswith("Line 3 — competency:")
    assert not Need.objects.filter(task=task).exists()


def test_a_refused_line_undoes_the_task_saved_with_it(
    access: Any, project: Any, competencies: list
) -> None:
    data = {
        "title": "Tâche refusée",
        "start": datetime.date(2026, 2, 1),
        "end": datetime.date(2026, 3, 31),
        "status": Task.Status.PLANNED,
        "progress": 0,
        "budget": 0,
    }
    with pytest.raises(ValidationError):
        services.task_save_with_needs(
            access=access,
            task=None,
            data=data,
            details={},
            needs=[line(competencies[0]), line(competencies[0])],
        )
    assert not Task.objects.filter(title="Tâche refusée").exists()


# --- The grid of an axis -----------------------------------------------------------------------


def test_the_grid_sets_changes_and_removes_needs(
    access: Any, project: Any, competencies: list
) -> None:
    axis = make_axis(project)
    first, second = make_task(project, axis=axis), make_task(project, axis=axis)
    removed = make_need(first, competencies[0])
    changed = make_need(second, competencies[0], min_level=1)
    a, b = competencies[0].pk, competencies[1].pk

    count = services.axis_needs_save(
        access=access,
        axis=axis,
        tasks=[first, second],
        cells=[
            services.Cell(first.pk, a, None, None, removed.version),
            services.Cell(second.pk, a, 3, D("1.5"), changed.version),
            services.Cell(first.pk, b, 2, D("0.25")),
            services.Cell(second.pk, b, None, None),
        ],
    )

    assert count == 3
    assert not Need.objects.filter(pk=removed.pk).exists()
    changed.refresh_from_db()
    assert (changed.min_level, changed.days_per_month) == (3, D("1.50"))
    assert Need.objects.get(task=first, competency_id=b).days_per_month == D("0.25")
    assert not Need.objects.filter(task=second, competency_id=b).exists()


def test_the_grid_is_saved_whole_or_not_at_all(
    access: Any, project: Any, competencies: list
) -> None:
    axis = make_axis(project)
    first = make_task(project, axis=axis, title="Animer le réseau")
    second = make_task(project, axis=axis, title="Diagnostic")
    before = list(Need.objects.order_by("pk").values())

    with pytest.raises(ValidationError) as error:
        services.axis_needs_save(
            access=access,
            axis=axis,
            tasks=[first, second],
            cells=[
                services.Cell(first.pk, competencies[0].pk, 2, D("1")),
                services.Cell(second.pk, competencies[1].pk, 2, None),
                services.Cell(second.pk, competencies[0].pk, 7, D("1")),
            ],
        )

    messages = error.value.messages
    assert (
        f"Task “Diagnostic”, competency “{competencies[1]}” — person-days per month"
        in (messages[0])
    )
    assert f"Task “Diagnostic”, competency “{competencies[0]}” — minimum level" in messages[1]
    assert list(Need.objects.order_by("pk").values()) == before


def test_only_those_who_edit_the_plan_write_needs(
    persona_users: dict, project: Any, competencies: list
) -> None:
    task = make_task(project)
    observer = project_access(persona_users["observer"], project.pk)
    with pytest.raises(PermissionDenied):
        services.task_needs_replace(access=observer, task=task, lines=[line(competencies[0])])
    assert not Need.objects.filter(task=task).exists()


# --- Optimistic locking -------------------------------------------------------------------------


def test_a_need_changed_meanwhile_is_not_overwritten(
    access: Any, project: Any, competencies: list
) -> None:
    task = make_task(project)
    need = make_need(task, competencies[0], min_level=2)
    loaded = need.version
    services.need_save(
        access=access,
        task=task,
        need=need,
        competency_id=competencies[0].pk,
        min_level=3,
        days=D("1"),
        expected_version=loaded,
    )

    with pytest.raises(ConflictError):
        services.need_save(
            access=access,
            task=task,
            need=need,
            competency_id=competencies[0].pk,
            min_level=1,
            days=D("9"),
            expected_version=loaded,
        )
    with pytest.raises(ConflictError):
        services.need_delete(access=access, need=need, expected_version=loaded)

    need.refresh_from_db()
    assert (need.min_level, need.days_per_month, need.version) == (3, D("1.00"), loaded + 1)


def test_a_task_form_line_of_a_need_changed_meanwhile_refuses_the_lines(
    access: Any, project: Any, competencies: list
) -> None:
    task = make_task(project)
    need = make_need(task, competencies[0])
    stale = {**line(competencies[0], 4), "id": need.pk, "version": need.version}
    Need.objects.filter(pk=need.pk).update(version=need.version + 1)

    with pytest.raises(ConflictError):
        services.task_needs_replace(access=access, task=task, lines=[stale])

    need.refresh_from_db()
    assert need.min_level == 2


def test_a_grid_cell_changed_meanwhile_refuses_the_grid(
    access: Any, project: Any, competencies: list
) -> None:
    axis = make_axis(project)
    task = make_task(project, axis=axis, title="Animer")
    need = make_need(task, competencies[0])
    other = competencies[1].pk
    Need.objects.filter(pk=need.pk).update(version=need.version + 1)

    with pytest.raises(ConflictError, match="Task “Animer”"):
        services.axis_needs_save(
            access=access,
            axis=axis,
            tasks=[task],
            cells=[
                services.Cell(task.pk, other, 1, D("1"), None),
                services.Cell(task.pk, competencies[0].pk, 4, D("1"), need.version),
            ],
        )

    assert list(Need.objects.filter(task=task).values_list("pk", "min_level")) == [(need.pk, 2)]
