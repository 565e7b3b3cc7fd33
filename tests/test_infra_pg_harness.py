"""The throwaway PostgreSQL server leaves nothing behind, whatever way the run ends."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import pg

pytestmark = pytest.mark.postgres_only

REPO = Path(__file__).resolve().parent.parent

# A child Python that starts its own server through the harness (no inherited socket), prints
# the server folder and then ends in the way given as its first argument.
CHILD = """
import os, signal, sys, time
from tests import pg
pg.database_settings()
print(pg.server().folder, flush=True)
how = sys.argv[1]
if how == "exit":
    sys.exit(0)
if how == "sigterm":
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
if how == "sigkill":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _child_server_folder(how: str) -> Path:
    environment = {key: value for key, value in os.environ.items() if key != pg.SOCKET_ENV}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, how],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    folder = done.stdout.strip()
    assert folder, done.stderr
    return Path(folder)


def _gone_within(folder: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not folder.exists():
            return True
        time.sleep(0.2)
    return not folder.exists()


@pytest.mark.parametrize("how", ["exit", "sigterm", "sigkill"])
def test_the_server_and_its_folder_are_removed_when_the_process_ends(how: str) -> None:
    folder = _child_server_folder(how)
    # After a kill -9 the watchdog notices within about a second.
    assert _gone_within(folder, 20), f"{folder} survived a child ending by {how}"


def test_a_child_process_reuses_the_running_server_instead_of_starting_one() -> None:
    assert pg.database_settings()["HOST"] == os.environ[pg.SOCKET_ENV]
    code = "from tests import pg; print(pg.database_settings()['HOST'], pg.server())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == [os.environ[pg.SOCKET_ENV], "None"]
