"""`maillage staff FILE`, and `maillage demo` running the task worker beside the web server."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.test_cli import clean_env, free_port, run_cli, running, wait_for


@pytest.fixture(scope="module")
def project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("staff")
    args = ["generate", "--people", "40", "--tasks", "60", "--competencies", "10", "-o", "p.json"]
    result = run_cli(*args, env=clean_env(), cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "p.json"


def test_staff_prints_the_proposal_as_json_and_its_progress_on_stderr(project_file):
    result = run_cli(
        "staff",
        str(project_file),
        "--json",
        "--time-limit",
        "5",
        env=clean_env(),
        cwd=project_file.parent,
    )

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"objective", "bound", "gap_percent", "assignments", "unmet", "remedies"} <= set(data)
    assert data["bound"] >= data["objective"] > 0
    assert "100 %" in result.stderr


def test_staff_names_a_lock_that_cannot_be_kept(project_file, tmp_path):
    data = json.loads(project_file.read_text())
    qualified = {(a["person_id"], a["competency_id"]): a["level"] for a in data["assessments"]}
    needs = {}
    for need in data["needs"]:
        needs.setdefault(need["task_id"], []).append(need)
    person = data["people"][0]["id"]
    task = next(
        t["id"]
        for t in data["tasks"]
        if t["id"] in needs
        and all(
            qualified.get((person, n["competency_id"]), -1) < n["min_level"] for n in needs[t["id"]]
        )
    )
    data["assignments"].append(
        {
            "id": 999999,
            "task_id": task,
            "person_id": person,
            "responsibility": "contributor",
            "days_per_month": 1.0,
            "is_locked": True,
        }
    )
    broken = tmp_path / "locked.json"
    broken.write_text(json.dumps(data))

    result = run_cli("staff", str(broken), env=clean_env(), cwd=tmp_path)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Erreur : ") and "999999" in lines[-1]
    assert "Traceback" not in result.stderr


def test_the_demo_runs_the_worker_and_stops_it_with_the_server(tmp_path):
    port = free_port()
    data_dir = tmp_path / "data"
    args = ["demo", "--port", str(port), "--data-dir", str(data_dir)]
    with running(args, tmp_path, clean_env()) as (process, out, _err):
        wait_for(out, re.escape(f"http://127.0.0.1:{port}/"), process, timeout=180)
        env = clean_env(MAILLAGE_SECRET_KEY="k" * 50, MAILLAGE_DATA_DIR=str(data_dir))
        enqueue = run_cli(
            "manage",
            "shell",
            "-c",
            "from maillage.projects.models import Project\n"
            "from maillage.optimisation.models import StaffingRun\n"
            "from maillage.optimisation.tasks import run_staffing\n"
            "run = StaffingRun.objects.create(project=Project.objects.order_by('pk').first(),"
            " time_limit=10)\n"
            "run_staffing.enqueue(run.pk)\n"
            "print(run.pk)",
            env=env,
            cwd=tmp_path,
        )
        assert enqueue.returncode == 0, enqueue.stderr
        run_id = int(enqueue.stdout.split()[-1])
        database = data_dir / "maillage.sqlite3"
        deadline = time.monotonic() + 120
        status = ""
        while time.monotonic() < deadline and status not in ("succeeded", "failed"):
            time.sleep(0.2)
            with sqlite3.connect(database, timeout=20) as connection:
                ((status,),) = connection.execute(
                    "SELECT status FROM optimisation_staffingrun WHERE id = ?", (run_id,)
                ).fetchall()
        assert status == "succeeded"
        worker_pids = [
            p.name
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _is_demo_worker(p, data_dir)
        ]
        assert worker_pids
    process.wait(timeout=30)
    time.sleep(0.5)
    assert not [p for p in Path("/proc").iterdir() if p.name in worker_pids and _alive(p)]


def _is_demo_worker(proc: Path, data_dir: Path) -> bool:
    try:
        command = (proc / "cmdline").read_bytes().split(b"\0")
        environ = (proc / "environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"worker" in command and f"MAILLAGE_DATA_DIR={data_dir}".encode() in environ


def _alive(proc: Path) -> bool:
    try:
        return "State:\tZ" not in (proc / "status").read_text()
    except OSError:
        return False
