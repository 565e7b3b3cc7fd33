"""A throwaway PostgreSQL server for one test run.

`MAILLAGE_TEST_DB=postgres pytest` makes tests/settings.py call `database_settings()`, which
runs `initdb` in a fresh temporary folder and starts the server with its unix socket in that
folder and no TCP listener, so nothing else on the machine can reach it or collide with it.
The server lives as long as the pytest process: conftest.py stops it and removes the folder at
the end of the session, an atexit hook does the same on any other exit (Ctrl-C, SystemExit,
SIGTERM), and a watchdog process does it if pytest is killed outright.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(who owns the folder); otherwise it runs as the current user.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PG_BIN = Path(os.environ.get("MAILLAGE_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
PORT = 5432  # only names the socket file (.s.PGSQL.5432) inside our private folder
# Set once the server runs, so that a child process importing tests.settings (a command run
# by a test, say) reuses this server instead of starting its own.
SOCKET_ENV = "MAILLAGE_TEST_PG_SOCKET_DIR"


class PostgresHarnessError(RuntimeError):
    """The throwaway server could not be started: the test run must fail, not skip."""


@dataclass
class ThrowawayPostgres:
    folder: Path
    run_as: str | None  # system user that owns the server, None for the current user
    owner_pid: int
    version: str = ""
    started_in: float = 0.0

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder

    @property
    def log_file(self) -> Path:
        return self.folder / "server.log"

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(PG_BIN / tool), *args]
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *command]
        return command

    def _run(self, tool: str, *args: str) -> str:
        try:
            child = subprocess.Popen(
                self._command(tool, *args),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=self.folder,  # the server's user may not be allowed in our working folder
            )
        except OSError as error:
            raise PostgresHarnessError(f"{tool} could not run: {error}") from error
        try:
            stdout, stderr = child.communicate(timeout=120)
        except BaseException as error:
            # Interrupted (Ctrl-C) or too slow: SIGTERM lets initdb and pg_ctl clean up after
            # themselves (runuser passes it on), where SIGKILL would leave initdb writing on.
            child.terminate()
            try:
                child.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
            if isinstance(error, subprocess.TimeoutExpired):
                raise PostgresHarnessError(f"{tool} took too long: {error}") from error
            raise
        if child.returncode != 0:
            log = self.log_file.read_text() if self.log_file.exists() else ""
            raise PostgresHarnessError(
                f"{tool} failed with exit code {child.returncode}:\n{stdout}\n{stderr}\n{log}"
            )
        return stdout.strip()

    def start(self) -> None:
        began = time.monotonic()
        self._run(
            "initdb",
            "--pgdata",
            str(self.data_dir),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",  # only reachable through a socket in a folder nobody else may enter
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=''",
                f"-c unix_socket_directories='{self.socket_dir}'",
                f"-c port={PORT}",
                # Durability is pointless for a database deleted at the end of the run.
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        self._run(
            "pg_ctl",
            "--pgdata",
            str(self.data_dir),
            "--log",
            str(self.log_file),
            "--options",
            options,
            "--wait",
            "--timeout",
            "60",
            "start",
        )
        self.version = self._run("postgres", "--version")
        self.started_in = time.monotonic() - began

    def stop(self) -> None:
        if os.getpid() != self.owner_pid or not self.folder.exists():
            return
        if (self.data_dir / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "immediate", "stop")
            except PostgresHarnessError as error:
                print(f"Could not stop the test PostgreSQL server: {error}", file=sys.stderr)
        shutil.rmtree(self.folder, ignore_errors=True)

    def django_database(self) -> dict[str, Any]:
        return django_database(str(self.socket_dir))

    def describe(self) -> str:
        user = self.run_as or pwd.getpwuid(os.getuid()).pw_name
        return (
            f"{self.version}, throwaway server started by this test run in "
            f"{self.started_in:.1f}s, unix socket in {self.socket_dir} (no TCP), run as {user}"
        )


def django_database(socket_dir: str) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "maillage",  # never created: Django makes and drops test_maillage
        "USER": SUPERUSER,
        "HOST": socket_dir,
        "PORT": str(PORT),
    }


_server: ThrowawayPostgres | None = None


def server() -> ThrowawayPostgres | None:
    """The server this process started, if any."""
    return _server


def database_settings() -> dict[str, Any]:
    """Django's DATABASES["default"] for the test run; starts the server on first call."""
    global _server
    inherited = os.environ.get(SOCKET_ENV)
    if inherited:
        return django_database(inherited)
    if _server is None:
        _server = _start()
        os.environ[SOCKET_ENV] = str(_server.socket_dir)
    return _server.django_database()


def stop() -> None:
    if _server is not None:
        _server.stop()


def _start() -> ThrowawayPostgres:
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / tool).is_file():
            raise PostgresHarnessError(
                f"{PG_BIN / tool} is missing: install the Debian package postgresql-15 "
                "(`make test` does it) or set MAILLAGE_PG_BIN."
            )
    run_as = None
    if os.getuid() == 0:
        run_as = "postgres"
        try:
            account = pwd.getpwnam(run_as)
        except KeyError as error:
            raise PostgresHarnessError(
                "Running as root, but there is no `postgres` system user to run PostgreSQL."
            ) from error
        # /tmp, not $TMPDIR: the postgres user must be able to reach the folder.
        folder = Path(tempfile.mkdtemp(prefix="maillage-pg-", dir="/tmp"))
        os.chown(folder, account.pw_uid, account.pw_gid)
    else:
        folder = Path(tempfile.mkdtemp(prefix="maillage-pg-"))
    instance = ThrowawayPostgres(folder=folder, run_as=run_as, owner_pid=os.getpid())
    # All three are in place before initdb, so that a half-started server is cleaned up too.
    atexit.register(instance.stop)
    _stop_on_sigterm()
    _start_watchdog(instance)
    try:
        instance.start()
    except BaseException:
        instance.stop()
        raise
    return instance


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so that pytest's teardown and atexit hooks run."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


_WATCHDOG = """
import os, shutil, subprocess, sys, time
parent, pg_ctl, data_dir, folder, run_as = sys.argv[1:6]
while os.getppid() == int(parent):
    time.sleep(0.5)
# An initdb or server orphaned by the parent's death may still be writing: retry until the
# folder stays gone.
for attempt in range(30):
    if os.path.exists(os.path.join(data_dir, "postmaster.pid")):
        prefix = ["runuser", "-u", run_as, "--"] if run_as else []
        subprocess.run(prefix + [pg_ctl, "-D", data_dir, "-m", "immediate", "stop"],
                       capture_output=True, cwd="/")
    shutil.rmtree(folder, ignore_errors=True)
    time.sleep(1)
    if not os.path.exists(folder):
        break
"""


def _start_watchdog(instance: ThrowawayPostgres) -> None:
    """A tiny process that stops the server if pytest dies without cleaning up (kill -9)."""
    subprocess.Popen(
        [
            sys.executable,
            "-c",
            _WATCHDOG,
            str(os.getpid()),
            str(PG_BIN / "pg_ctl"),
            str(instance.data_dir),
            str(instance.folder),
            instance.run_as or "",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C in the terminal must not kill it before pytest
    )
