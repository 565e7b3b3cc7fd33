"""The test run uses the database it announces: `make test` runs every test on both."""

import os
from pathlib import Path

import pytest
from django.db import connection

from tests import pg

pytestmark = pytest.mark.django_db


def test_it_runs_on_the_database_named_by_maillage_test_db() -> None:
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[
        os.environ.get("MAILLAGE_TEST_DB", "sqlite")
    ]
    assert connection.vendor == expected


@pytest.mark.postgres_only
def test_it_talks_to_the_throwaway_postgresql_15_server_through_its_socket() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
        cursor.execute("SHOW unix_socket_directories")
        (socket_dirs,) = cursor.fetchone()
        cursor.execute("SHOW listen_addresses")
        (listen_addresses,) = cursor.fetchone()
        cursor.execute("SHOW fsync")
        (fsync,) = cursor.fetchone()
    assert 150000 <= int(version) < 160000
    assert socket_dirs == os.environ[pg.SOCKET_ENV] == connection.settings_dict["HOST"]
    assert listen_addresses == ""
    assert fsync == "off"
    assert connection.settings_dict["NAME"].startswith("test_")


@pytest.mark.postgres_only
def test_the_server_folder_is_private_to_the_run() -> None:
    # From the environment, not pg.server(): pytest-xdist workers share the server their
    # parent process started.
    folder = Path(os.environ[pg.SOCKET_ENV])
    assert folder.name.startswith("maillage-pg-")
    assert (folder / "data" / "postmaster.pid").is_file()
    assert folder.stat().st_mode & 0o077 == 0
