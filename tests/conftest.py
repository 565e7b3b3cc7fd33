"""Test-run plumbing: which database ran, the throwaway PostgreSQL's end, and strict mode.

MAILLAGE_TEST_STRICT=1 (set by `make test`) turns any skipped test into a failed run: the
PostgreSQL and browser tests must really run there, never quietly skip.
"""

import datetime
import os
import zoneinfo

import pytest
import time_machine

from tests import pg

pytest_plugins = ["tests.personas"]

STRICT = os.environ.get("MAILLAGE_TEST_STRICT") == "1"
TRACKED_MARKERS = ("browser", "postgres_only")
# Every test runs on this day, the clock ticking from 10:00 in Paris: no result may depend on the
# day the suite happens to run. A test about another day travels there itself.
FROZEN_TODAY = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


@pytest.fixture(autouse=True)
def frozen_today() -> object:
    with time_machine.travel(FROZEN_TODAY, tick=True) as traveller:
        yield traveller


def pytest_report_header(config: pytest.Config) -> list[str]:
    server = pg.server()
    if server is not None:
        database = f"PostgreSQL: {server.describe()}"
    elif os.environ.get("MAILLAGE_TEST_DB") == "postgres":
        database = f"PostgreSQL server of the parent run, socket in {os.environ[pg.SOCKET_ENV]}"
    else:
        database = "SQLite in memory (MAILLAGE_TEST_DB=postgres runs a throwaway PostgreSQL)"
    lines = [f"database: {database}"]
    if STRICT:
        lines.append("strict mode: a skipped test fails the run")
    return lines


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("MAILLAGE_TEST_DB") == "postgres":
        return
    needs_postgres = pytest.mark.skip(reason="needs MAILLAGE_TEST_DB=postgres")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(needs_postgres)


class _Outcomes:
    def __init__(self) -> None:
        self.skipped: dict[str, str] = {}
        self.passed_by_marker: dict[str, int] = dict.fromkeys(TRACKED_MARKERS, 0)

    def record(self, report: pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            self.skipped[report.nodeid] = str(reason)
        elif report.when == "call" and report.passed:
            for marker in TRACKED_MARKERS:
                if marker in report.keywords:
                    self.passed_by_marker[marker] += 1


_outcomes = _Outcomes()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _outcomes.record(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if STRICT and _outcomes.skipped and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    from django.db import connection

    write = terminalreporter.write_line
    terminalreporter.section("Maillage test run")
    write(f"database vendor: {connection.vendor}")
    for marker, count in _outcomes.passed_by_marker.items():
        write(f"tests marked {marker} that passed: {count}")
    if _outcomes.skipped:
        write(f"skipped tests: {len(_outcomes.skipped)}")
        if STRICT:
            for nodeid, reason in _outcomes.skipped.items():
                write(f"  {nodeid}: {reason}", red=True)
            write(
                "ERROR: strict mode (make test) forbids skipped tests: a missing chromium or "
                "PostgreSQL must fail the run. Mark PostgreSQL-only tests postgres_only "
                "(make test deselects them on SQLite) instead of skipping them.",
                red=True,
                bold=True,
            )


def pytest_unconfigure(config: pytest.Config) -> None:
    pg.stop()


@pytest.fixture(autouse=True)
def _language_of_the_test(request: pytest.FixtureRequest, settings: object) -> object:
    """Tests read English source texts; those marked `french` see the product's French pages."""
    from django.utils import translation

    language = "fr" if request.node.get_closest_marker("french") else "en"
    settings.LANGUAGE_CODE = language  # type: ignore[attr-defined]
    with translation.override(language):
        yield


@pytest.fixture(autouse=True)
def _no_analysis_kept_from_another_test() -> object:
    """The Analyse page's cache lives in the process; each test's database is rolled back, and
    ids and counters come again, so an analysis kept from another test would describe data that
    no longer exists."""
    from maillage.analysis import services

    services.forget_cached_analyses()
    yield
    services.forget_cached_analyses()
