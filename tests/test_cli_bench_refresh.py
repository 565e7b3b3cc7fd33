"""`maillage bench refresh`, run in a subprocess as a user would: it makes its own throwaway
SQLite database (whatever DATABASE_URL or MAILLAGE_DATA_DIR say), needs no configuration, prints
measured figures and leaves no file behind. No timing target is asserted."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest

from tests import pg
from tests.commands import clean_env, run_cli

NUMBER = r"(\d+(?:\.\d+)?)"


def refresh_line(out: str, edited: str, database: str = "SQLite") -> re.Match[str]:
    pattern = (
        rf"^refresh after editing {edited} \(typical project, 200 people, 300 tasks, "
        rf"\d+ assignments, {database}\): median {NUMBER} ms, min {NUMBER}, max {NUMBER} "
        rf"\(data version {NUMBER} ms, \w+ re-read and analysis {NUMBER} ms\) over 2 edits, "
        rf"re-read: (.+); target < 100 ms$"
    )
    match = re.search(pattern, out, re.MULTILINE)
    assert match, out
    return match


def test_bench_refresh_measures_both_edits_in_a_database_of_its_own(tmp_path: Path) -> None:
    temporary, data_dir = tmp_path / "tmp", tmp_path / "data"
    temporary.mkdir()
    environment = clean_env(
        TMPDIR=str(temporary),  # where its throwaway database goes
        MAILLAGE_DATA_DIR=str(data_dir),  # the user's data folder: never touched
        DATABASE_URL="postgres://nobody@127.0.0.1:9/never",  # ignored, never reached
    )
    result = run_cli("bench", "refresh", "--repeats", "2", env=environment)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[########################] " in out  # progress in the terminal
    assert "WARNING" not in out, out

    assignment = refresh_line(out, "one assignment")
    availability = refresh_line(out, "one person's availability")
    for match in (assignment, availability):
        figures = [float(match.group(i)) for i in range(1, 6)]
        assert all(value > 0 for value in figures), match.group(0)
        median, low, high = figures[:3]
        assert low <= median <= high
    assert assignment.group(6) == "plan"  # the people side is reused
    assert "people" in availability.group(6)
    assert re.search(rf"^first analysis \(.*\): {NUMBER} ms$", out, re.MULTILINE), out
    assert re.search(rf"^unchanged project, from the cache: median {NUMBER} ms", out, re.M), out
    assert re.search(rf"process peak resident size +{NUMBER} MB$", out, re.MULTILINE), out

    assert list(temporary.iterdir()) == []  # its database is gone
    assert not data_dir.exists()


@pytest.mark.postgres_only
def test_bench_refresh_measures_on_an_empty_postgresql_database_and_refuses_a_full_one() -> None:
    server = pg.database_settings()
    admin = {"host": server["HOST"], "port": server["PORT"], "user": server["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
        connection.execute("DROP DATABASE IF EXISTS bench_refresh")
        connection.execute("CREATE DATABASE bench_refresh")
    url = f"postgres://{server['USER']}@/bench_refresh?host={server['HOST']}&port={server['PORT']}"
    command = ("bench", "refresh", "--repeats", "2", "--database-url", url)
    try:
        result = run_cli(*command, env=clean_env())
        assert result.returncode == 0, result.stderr
        assert refresh_line(result.stdout, "one assignment", "PostgreSQL").group(6) == "plan"
        # The database now holds the bench's tables: a second run refuses to write into it.
        again = run_cli(*command, env=clean_env())
        assert again.returncode == 2 and "base vide" in again.stderr, again.stderr
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as connection:
            connection.execute("DROP DATABASE IF EXISTS bench_refresh WITH (FORCE)")
