"""Staffing runs: queued for the worker, computed by the real engine, followed live, cancelled,
failed with a clear message, and never touching today's assignments by themselves."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from maillage.access import project_access
from maillage.optimisation import selectors, services
from maillage.optimisation.models import StaffingRun
from maillage.optimisation.tasks import execute_run
from maillage.optimisation.views import progress_label
from maillage.staffing.models import Assignment
from tests.factories import (
    make_assignment,
    make_competency,
    make_need,
    make_person,
    make_task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def access(project, persona_users):
    return project_access(persona_users["coordinator"], project.pk)


def _assignments(project):
    return list(
        Assignment.objects.filter(task__project=project)
        .order_by("pk")
        .values_list("pk", "days_per_month", "is_locked", "version")
    )


def test_starting_a_proposal_queues_it_for_the_worker(project, personas):
    from django_tasks_db.models import DBTaskResult

    response = personas["coordinator"].post(
        reverse("optimisation_start", args=[project.pk]),
        {"max_people_per_task": 4, "time_limit": 20},
    )

    run = StaffingRun.objects.get(project=project)
    assert response.status_code == 302
    assert response["Location"] == reverse("optimisation_run", args=[project.pk, run.pk])
    assert (run.status, run.max_people_per_task, run.time_limit) == ("queued", 4, 20)
    queued = DBTaskResult.objects.get(pk=run.task_id)
    assert queued.args_kwargs["args"] == [run.pk]


def test_a_second_proposal_waits_for_the_first(project, access):
    first = services.run_start(access=access, max_people_per_task=6, time_limit=10)

    with pytest.raises(ValidationError) as error:
        services.run_start(access=access, max_people_per_task=6, time_limit=10)

    assert f"{first.pk}" in error.value.messages[0]  # names the run in progress
    assert StaffingRun.objects.filter(project=project).count() == 1


def test_the_worker_computes_a_proposal_without_changing_the_plan(project, access):
    run = services.run_start(access=access, max_people_per_task=6, time_limit=10, enqueue=False)
    before = _assignments(project)

    status = execute_run(run.pk)

    run.refresh_from_db()
    assert status == run.status == "succeeded"
    assert run.progress == 1.0 and run.finished_at is not None
    assert run.result["bound"] >= run.result["objective"] > 0
    assert _assignments(project) == before
    proposal = selectors.proposal_for(project, run)
    assert proposal.summary["ratio_percent"] is not None
    assert all(change.after <= 31 for change in proposal.changes)


def test_a_lock_that_cannot_be_kept_fails_the_run_with_a_message_naming_it(project, access):
    competency = make_competency(project.framework)
    task = make_task(project, title="Plateforme logistique")
    make_need(task, competency, min_level=4)
    novice = make_person(project, first_name="Noé", last_name="Novice")
    lock = make_assignment(task, novice, days_per_month=Decimal("2"), is_locked=True)
    run = services.run_start(access=access, max_people_per_task=6, time_limit=10, enqueue=False)

    execute_run(run.pk)

    run.refresh_from_db()
    assert run.status == "failed"
    assert "Noé Novice" in run.error_message and "Plateforme logistique" in run.error_message
    assert f"{lock.pk}" in run.error_message
    page = access_page(project, run)
    assert "Noé Novice" in page


def access_page(project, run):
    from django.test import Client

    client = Client()
    client.force_login(project.memberships.get(role="coordinator").user)
    return client.get(reverse("optimisation_run", args=[project.pk, run.pk])).content.decode()


def test_cancelling_a_queued_run_stops_it_before_it_starts(project, access):
    run = services.run_start(access=access, max_people_per_task=6, time_limit=10, enqueue=False)

    services.run_cancel(run=run)
    status = execute_run(run.pk)

    assert status == "cancelled"
    assert StaffingRun.objects.get(pk=run.pk).result is None


def test_the_engine_reads_the_cancel_flag_through_the_database(project, access):
    run = services.run_start(access=access, max_people_per_task=6, time_limit=10, enqueue=False)
    StaffingRun.objects.filter(pk=run.pk).update(cancel_requested=True)

    status = execute_run(run.pk)

    assert status == "cancelled"


def test_a_run_whose_worker_went_silent_is_marked_failed_when_viewed(project, personas):
    run = StaffingRun.objects.create(
        project=project,
        status="running",
        started_at=timezone.now() - datetime.timedelta(minutes=5),
        heartbeat=timezone.now() - datetime.timedelta(minutes=5),
    )

    page = personas["contributor"].get(reverse("optimisation_run", args=[project.pk, run.pk]))

    run.refresh_from_db()
    assert run.status == "failed"
    assert "Nothing was changed" in run.error_message or "Rien" in run.error_message
    assert page.status_code == 200


def test_the_next_worker_marks_silent_runs_failed(project):
    old = timezone.now() - datetime.timedelta(minutes=5)
    silent = StaffingRun.objects.create(project=project, status="running", heartbeat=old)
    alive = StaffingRun.objects.create(project=project, status="running", heartbeat=timezone.now())

    assert services.runs_fail_stale() == 1

    assert StaffingRun.objects.get(pk=silent.pk).status == "failed"
    assert StaffingRun.objects.get(pk=alive.pk).status == "running"


@pytest.mark.french
def test_the_progress_fragment_has_an_accessible_bar_and_reloads_the_page_when_done(
    project, personas
):
    run = StaffingRun.objects.create(
        project=project,
        status="running",
        progress=0.42,
        progress_label="bound",
        heartbeat=timezone.now(),
    )
    url = reverse("optimisation_run_progress", args=[project.pk, run.pk])

    page = personas["coordinator"].get(reverse("optimisation_run", args=[project.pk, run.pk]))
    running = personas["coordinator"].get(url)
    StaffingRun.objects.filter(pk=run.pk).update(status="succeeded", progress=1.0, result={})
    finished = personas["coordinator"].get(url)

    assert 'role="status" aria-live="polite"' in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()
    cancel = reverse("optimisation_run_cancel", args=[project.pk, run.pk])
    assert f'action="{cancel}"' in page.content.decode()
    text = running.content.decode()
    assert '<progress id="run-progress-bar" max="100" value="42"' in text
    with translation.override("fr"):
        assert progress_label("bound") in text
    assert "HX-Refresh" not in running
    assert finished["HX-Refresh"] == "true"
