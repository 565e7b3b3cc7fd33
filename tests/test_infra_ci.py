"""CI runs `make test`, and `make test` runs every check, in order, on both databases."""

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ci_runs_make_test_and_stops_at_the_first_error() -> None:
    script = (REPO / ".ci" / "run").read_text()

    assert os.access(REPO / ".ci" / "run", os.X_OK)
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in script
    assert script.rstrip().endswith("\nmake test")


def test_make_test_installs_then_runs_every_check_in_order() -> None:
    plan = subprocess.run(
        ["make", "--dry-run", "test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    steps = [
        "scripts/system-packages.sh test",
        ".venv/.installed-dev",
        "node_modules/.installed",
        "ruff check .",
        "ruff format --check .",
        "mypy",
        "makemigrations --check --dry-run",
        "compile-translations",
        "MAILLAGE_TEST_DB=sqlite MAILLAGE_TEST_STRICT=1",
        "MAILLAGE_TEST_DB=postgres MAILLAGE_TEST_STRICT=1",
    ]

    positions = [plan.find(step) for step in steps]

    assert -1 not in positions, dict(zip(steps, positions, strict=True))
    assert positions == sorted(positions)
    sqlite_pass = plan[positions[-2] : positions[-1]]
    assert '-m "not browser and not postgres_only"' in sqlite_pass
    assert " -m " not in plan[positions[-1] :], "the PostgreSQL pass runs every test"
