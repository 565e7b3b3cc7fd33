"""Running the `maillage` command in a subprocess as a user would, without the test run's
own settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Variables the test run sets for itself, which the command must not inherit.
SCRUBBED = (
    "MAILLAGE_SECRET_KEY",
    "MAILLAGE_DEBUG",
    "MAILLAGE_PLAIN_STATIC",
    "MAILLAGE_DATA_DIR",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(extra)
    return env


def run_cli(
    *args: str, env: dict[str, str], cwd: Path | str = REPO, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maillage", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
