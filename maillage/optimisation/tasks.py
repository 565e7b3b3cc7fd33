"""The background task: one staffing run, executed by the worker (`maillage worker`).

The run's row is the channel between the page and the worker: the worker writes the progress and
a heartbeat, the page writes `cancel_requested`, which the engine's `should_stop` reads. Nothing
of the project is written here: accepting a proposal is the user's act (services.py).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from maillage.optimisation.models import StaffingRun

try:  # django-tasks' backport on Django 5.2; the framework itself from Django 6 on
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:
    from django_tasks import task

# The engine is called at most this often back (seconds) for progress and cancellation reads.
WRITE_EVERY = 0.5


class _Channel:
    """Progress writes and cancellation reads through the run's row, throttled."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last_write = 0.0
        self.last_read = 0.0
        self.cancelled = False

    def progress(self, fraction: float, label: str) -> None:
        now = time.monotonic()
        if now - self.last_write < WRITE_EVERY and fraction < 1.0:
            return
        self.last_write = now
        fraction = max(0.0, min(1.0, float(fraction)))
        StaffingRun.objects.filter(pk=self.run_id, status=StaffingRun.Status.RUNNING).update(
            progress=fraction, progress_label=str(label)[:200], heartbeat=timezone.now()
        )
        # The worker's terminal shows the progress too.
        print(f"[staffing run {self.run_id}] {round(100 * fraction):3d} % {label}", flush=True)

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self.cancelled and now - self.last_read >= WRITE_EVERY:
            self.last_read = now
            self.cancelled = StaffingRun.objects.filter(
                pk=self.run_id, cancel_requested=True
            ).exists()
        return self.cancelled


class _Heartbeat(threading.Thread):
    """Signs of life while the engine works, even in a long solver call without callbacks."""

    def __init__(self, run_id: int) -> None:
        super().__init__(daemon=True, name=f"heartbeat-{run_id}")
        self.run_id = run_id
        self.stopped = threading.Event()
        self.every = max(1.0, settings.MAILLAGE_RUN_STALE_SECONDS / 6)

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                StaffingRun.objects.filter(
                    pk=self.run_id, status=StaffingRun.Status.RUNNING
                ).update(heartbeat=timezone.now())
        finally:
            connection.close()


def _finish(run_id: int, status: str, **fields: Any) -> None:
    StaffingRun.objects.filter(pk=run_id).exclude(
        status__in=[StaffingRun.Status.SUCCEEDED, StaffingRun.Status.FAILED]
    ).update(status=status, finished_at=timezone.now(), heartbeat=timezone.now(), **fields)


def execute_run(run_id: int) -> str:
    """Run the optimiser for one queued run; returns the run's final status."""
    from maillage.optimisation import engine_bridge

    claimed = StaffingRun.objects.filter(pk=run_id, status=StaffingRun.Status.QUEUED).update(
        status=StaffingRun.Status.RUNNING,
        started_at=timezone.now(),
        heartbeat=timezone.now(),
        progress_label="snapshot",
    )
    if not claimed:  # cancelled before it started, or already taken
        return StaffingRun.objects.get(pk=run_id).status
    run = StaffingRun.objects.select_related("project").get(pk=run_id)
    channel = _Channel(run_id)
    if channel.should_stop():
        _finish(run_id, StaffingRun.Status.CANCELLED)
        return StaffingRun.Status.CANCELLED
    heartbeat = _Heartbeat(run_id)
    if not connection.in_atomic_block:  # another connection could not see an uncommitted run
        heartbeat.start()
    try:
        result = engine_bridge.run_optimiser(
            run, progress=channel.progress, should_stop=channel.should_stop
        )
    except engine_bridge.Cancelled:
        _finish(run_id, StaffingRun.Status.CANCELLED)
    except engine_bridge.RunError as error:
        _finish(
            run_id,
            StaffingRun.Status.FAILED,
            error_message=str(error),
            result={"error": error.data},
        )
    except Exception as error:
        _finish(run_id, StaffingRun.Status.FAILED, error_message=f"{type(error).__name__}: {error}")
    else:
        _finish(run_id, StaffingRun.Status.SUCCEEDED, result=result, progress=1.0)
    finally:
        heartbeat.stopped.set()
        if heartbeat.is_alive():
            heartbeat.join()
    return StaffingRun.objects.get(pk=run_id).status


@task()
def run_staffing(run_id: int) -> str:
    """The queued task: the worker process calls this with the run's id."""
    close_old_connections()
    return execute_run(run_id)
