"""The `maillage` console command, run as a user would run it: in a subprocess."""

import contextlib
import datetime
import gettext
import http.cookiejar
import io
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from maillage.i18n import compile_catalogues
from maillage.projects.models import Project
from tests.commands import clean_env, run_cli


def assert_one_clear_line(result, *words):
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Erreur : ")
    for word in words:
        assert word in lines[0]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_without_secret_key_stops_with_one_line(tmp_path):
    result = run_cli("serve", env=clean_env(), cwd=tmp_path)
    assert_one_clear_line(result, "MAILLAGE_SECRET_KEY", "production")


def test_manage_without_secret_key_stops_with_one_line(tmp_path):
    result = run_cli("manage", "check", env=clean_env(), cwd=tmp_path)
    assert_one_clear_line(result, "MAILLAGE_SECRET_KEY")


@pytest.mark.parametrize("command", [["serve"], ["migrate"]])
def test_an_unreachable_database_stops_with_one_line(tmp_path, command):
    env = clean_env(MAILLAGE_SECRET_KEY="k" * 50, DATABASE_URL="postgresql://x@127.0.0.1:1/x")
    result = run_cli(*command, env=env, cwd=tmp_path)
    assert_one_clear_line(result, "base de données", "127.0.0.1")


def test_serve_refuses_a_database_that_is_not_migrated(tmp_path):
    env = clean_env(MAILLAGE_SECRET_KEY="k" * 50, MAILLAGE_DATA_DIR=str(tmp_path / "data"))
    result = run_cli("serve", env=env, cwd=tmp_path)
    assert_one_clear_line(result, "maillage migrate")


def test_demo_on_a_port_in_use_stops_with_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli(
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "data"),
            env=clean_env(),
            cwd=tmp_path,
        )
    assert_one_clear_line(result, str(port))


def test_compile_translations_command_succeeds(tmp_path):
    result = run_cli("compile-translations", env=clean_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traductions compilées" in result.stdout


def test_catalogues_compile_without_gettext_and_leave_fuzzy_entries_out(tmp_path):
    messages = tmp_path / "fr" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Task"\nmsgstr "Tâche"\n\n'
        '#, fuzzy\nmsgid "Step"\nmsgstr "Étape"\n',
        encoding="utf-8",
    )
    compiled = compile_catalogues(tmp_path)
    assert compiled == [messages / "django.mo"]
    with open(compiled[0], "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Task") == "Tâche"
    assert catalogue.gettext("Step") == "Step"


@pytest.mark.django_db
def test_load_demo_management_command_prints_progress():
    out = io.StringIO()
    call_command("load_demo", today=datetime.date(2026, 11, 26), stdout=out)
    output = out.getvalue()
    assert Project.objects.filter(name="PAT du Pays de Brocéliande").exists()
    assert re.search(r"\[#+\.*\] \d+/\d+ ", output)
    assert "coordination / maillage-demo" in output
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())


def wait_for(path, pattern, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if re.search(pattern, text):
            return text
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"no {pattern!r} in output:\n{text}")


def get(opener, url, data=None, attempts=50, log=None):
    for _attempt in range(attempts):
        try:
            with opener.open(urllib.request.Request(url, data=data), timeout=10) as response:
                return response.status, response.geturl(), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            server_log = log.read_text(encoding="utf-8") if log else ""
            raise AssertionError(f"{url}: HTTP {error.code}\n{server_log}") from None
        except urllib.error.URLError:
            time.sleep(0.2)  # gunicorn is still binding
    raise AssertionError(f"{url} never answered")


@contextlib.contextmanager
def running(args, tmp_path, env):
    """Start the command in the background; yield its output files; stop it gracefully.

    SIGTERM rather than Ctrl-C's SIGINT: gunicorn's quick shutdown may interrupt a worker still
    closing a response, which it logs with a traceback that says nothing about Maillage.
    """
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "maillage", *args],
            env=env,
            cwd=tmp_path,
            stdout=stdout,
            stderr=stderr,
        )
    try:
        yield process, out, err
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in err.read_text(encoding="utf-8")


def test_migrate_then_serve_runs_gunicorn_on_the_migrated_database(tmp_path):
    env = clean_env(MAILLAGE_SECRET_KEY="k" * 50, MAILLAGE_DATA_DIR=str(tmp_path / "data"))
    migrated = run_cli("migrate", "--noinput", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    with running(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], tmp_path, env) as (
        process,
        _out,
        err,
    ):
        wait_for(err, "Listening at", process, timeout=60)
        opener = urllib.request.build_opener()
        status, _url, page = get(opener, f"http://127.0.0.1:{port}/accounts/login/", log=err)
        assert status == 200 and 'id="id_username"' in page


def test_demo_serves_the_demo_project_and_its_logins(tmp_path):
    port = free_port()
    data_dir = tmp_path / "data"
    args = ["demo", "--port", str(port), "--data-dir", str(data_dir)]
    with running(args, tmp_path, clean_env()) as (process, out, err):
        base = f"http://127.0.0.1:{port}/"
        printed = wait_for(out, re.escape(base), process, timeout=180)
        assert "coordination" in printed and "maillage-demo" in printed
        assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0
        assert (data_dir / "maillage.sqlite3").exists()

        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        status, _url, page = get(opener, base + "accounts/login/", log=err)
        assert status == 200
        assert "Connexion" in page or 'id="id_username"' in page
        for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
            assert get(opener, f"http://127.0.0.1:{port}{asset}", log=err)[0] == 200

        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": "coordination",
                "password": "maillage-demo",
            }
        ).encode()
        status, landed, home = get(opener, base + "accounts/login/", data=form, log=err)
        assert status == 200
        assert not landed.endswith("/accounts/login/"), "login refused"
        assert "PAT du Pays de Brocéliande" in home
