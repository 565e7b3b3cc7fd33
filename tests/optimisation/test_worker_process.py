"""The real worker process (`maillage worker`) on a real database file: it computes a queued
proposal, and when it is killed (kill -9) during a run, today's assignments are untouched and the
run is marked failed by the next worker."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli import clean_env, run_cli

# Under a second without sign of life and the run counts as abandoned (default 30 s).
STALE_SECONDS = "1"

ENQUEUE = """
from maillage.projects.models import Project
from maillage.optimisation.models import StaffingRun
from maillage.optimisation.tasks import run_staffing
run = StaffingRun.objects.create(project=Project.objects.get(), time_limit=30)
queued = run_staffing.enqueue(run.pk)
StaffingRun.objects.filter(pk=run.pk).update(task_id=str(queued.id))
print(run.pk)
"""


@pytest.fixture(scope="module")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file holding a generated project of 200 people and 300 tasks."""
    folder = tmp_path_factory.mktemp("template")
    env = clean_env(MAILLAGE_SECRET_KEY="k" * 50, MAILLAGE_DATA_DIR=str(folder / "data"))
    for args in (
        ["migrate", "--noinput"],
        ["generate", "--people", "200", "--tasks", "300", "--competencies", "30", "-o", "p.json"],
        ["import", "p.json"],
    ):
        result = run_cli(*args, env=env, cwd=folder, timeout=300)
        assert result.returncode == 0, result.stderr
    return folder / "data" / "maillage.sqlite3"


@pytest.fixture
def database(template_database: Path, tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A copy of the template database for one test, and the environment to use it."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(template_database, data / "maillage.sqlite3")
    env = clean_env(
        MAILLAGE_SECRET_KEY="k" * 50,
        MAILLAGE_DATA_DIR=str(data),
        MAILLAGE_RUN_STALE_SECONDS=STALE_SECONDS,
    )
    return env, data / "maillage.sqlite3"


def _enqueue(env: dict[str, str], cwd: Path) -> int:
    result = run_cli("manage", "shell", "-c", ENQUEUE, env=env, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def _query(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path, timeout=20) as connection:
        return connection.execute(sql, params).fetchall()


def _status(path: Path, run_id: int) -> str:
    return _query(path, "SELECT status FROM optimisation_staffingrun WHERE id = ?", run_id)[0][0]


def _assignments(path: Path) -> list[tuple]:
    return _query(
        path, "SELECT id, days_per_month, is_locked, version FROM staffing_assignment ORDER BY id"
    )


def _start_worker(env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "maillage", "worker", "--interval", "0.1"],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_during_a_run_leaves_the_plan_untouched_and_the_run_failed(
    database, tmp_path
):
    env, path = database
    run_id = _enqueue(env, tmp_path)
    before = _assignments(path)
    worker = _start_worker(env, tmp_path, tmp_path / "worker.log")
    try:
        _wait_for(lambda: _status(path, run_id) == "running", 60, "the worker to take the run")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert _status(path, run_id) == "running"  # killed in the middle: nobody finished it
    assert _assignments(path) == before

    time.sleep(float(STALE_SECONDS) + 0.5)
    log = tmp_path / "next.log"
    next_worker = _start_worker(env, tmp_path, log)
    try:
        _wait_for(lambda: "en attente" in log.read_text(), 60, "the next worker")
    finally:
        next_worker.send_signal(signal.SIGTERM)
        next_worker.wait(timeout=20)

    ((status, message, result),) = _query(
        path,
        "SELECT status, error_message, result FROM optimisation_staffingrun WHERE id = ?",
        run_id,
    )
    assert status == "failed"
    assert message  # says the worker stopped and that nothing was changed
    assert result is None
    assert _assignments(path) == before


def test_the_worker_process_computes_a_queued_proposal(database, tmp_path):
    env, path = database
    run_id = _enqueue(env, tmp_path)
    log = tmp_path / "worker.log"
    worker = _start_worker(env, tmp_path, log)
    try:
        _wait_for(lambda: _status(path, run_id) == "succeeded", 120, "the run to finish")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)

    ((progress, result),) = _query(
        path, "SELECT progress, result FROM optimisation_staffingrun WHERE id = ?", run_id
    )
    assert progress == 1.0 and '"bound"' in result
    assert f"[staffing run {run_id}] 100 %" in log.read_text()  # progress in the terminal
