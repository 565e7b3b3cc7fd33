"""The `maillage` console command: demo, serve, migrate, manage, compile-translations, and
the project files: analyze, generate, bench analyze and staff (no database needed), bench
refresh (its own throwaway SQLite database), export, import.

Django is imported only once the settings have been chosen from the command and the
environment. A wrong setting at start (no secret key in production, unreachable database, port
in use) stops with one line on stderr and exit code 2. Those lines are in French and not
translated: they are printed when Django, and so its translation machinery, cannot start.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

EXIT_BAD_SETTINGS = 2
BENCH_ANALYZE_REPEATS = 5
BENCH_REFRESH_REPEATS = 15
DEMO_HOSTS = "127.0.0.1,localhost"


class StartupError(Exception):
    """A wrong setting at start, reported as one line."""


def fail(message: str) -> NoReturn:
    raise StartupError(message)


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:300] or error.__class__.__name__


# -- settings and environment ----------------------------------------------------------------


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def require_secret_key() -> None:
    if not os.environ.get("MAILLAGE_SECRET_KEY") and not env_flag("MAILLAGE_DEBUG"):
        fail(
            "MAILLAGE_SECRET_KEY est obligatoire en production : définissez-la avec une "
            "longue chaîne aléatoire (ou MAILLAGE_DEBUG=1 pour le développement)."
        )


def demo_secret_key(data_dir: Path) -> str:
    """The demo's secret key, generated once and kept in the data folder."""
    path = data_dir / "secret_key"
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key


def setup_django(settings_module: str | None = None) -> None:
    if settings_module:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        if "MAILLAGE_SECRET_KEY" in str(error):
            require_secret_key()
        fail(f"configuration invalide : {one_line(error)}")
    except ModuleNotFoundError as error:
        fail(f"module introuvable au démarrage : {one_line(error)}")
    from django.conf import settings
    from django.utils import translation

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        try:
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            fail(f"impossible de créer le dossier de données : {one_line(error)}")
    translation.activate(settings.LANGUAGE_CODE)


def describe_database() -> str:
    from django.db import connection

    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {params['NAME']}"
    host = params.get("HOST") or "localhost"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"{connection.vendor} {host}{port}/{params.get('NAME') or ''}"


def check_database(*, migrated: bool = True) -> None:
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as error:
        fail(f"la base de données est injoignable ({describe_database()}) : {one_line(error)}")
    if not migrated:
        return
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        fail(
            f"la base de données n'est pas à jour ({len(pending)} migrations en attente) : "
            "lancez « maillage migrate »."
        )


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            fail(f"le port {port} est déjà utilisé ou interdit sur {host} ({error.strerror}).")


def parse_bind(bind: str) -> tuple[str, int]:
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit():
        fail(f"adresse d'écoute invalide « {bind} » : attendu HÔTE:PORT, par ex. 0.0.0.0:8000.")
    return host.strip("[]") or "0.0.0.0", int(port)


# -- steps shared by the commands -------------------------------------------------------------


def compile_translations(*, quiet: bool = False) -> None:
    from maillage.i18n import compile_catalogues

    try:
        compiled = compile_catalogues()
    except (OSError, ValueError) as error:
        fail(f"impossible de compiler les traductions : {one_line(error)}")
    if not quiet:
        print(f"Traductions compilées : {len(compiled)} catalogue(s).", flush=True)


def collect_static() -> None:
    from django.core.management import call_command

    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except OSError as error:
        fail(f"impossible de rassembler les fichiers statiques : {one_line(error)}")


def gunicorn_argv(bind: str, workers: int) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "maillage.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    from gunicorn.config import KNOWN_SETTINGS

    # Recent gunicorn opens a control socket in ~/.gunicorn; two servers would share it.
    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        argv.append("--no-control-socket")
    return argv


def exec_gunicorn(bind: str, workers: int) -> NoReturn:
    from django.db import connections

    connections.close_all()
    argv = gunicorn_argv(bind, workers)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, argv)


def run_server_and_worker(bind: str, workers: int) -> int:
    """Gunicorn and the task worker side by side; Ctrl-C (or SIGTERM) stops both."""
    import signal
    import subprocess
    import time

    from django.db import connections

    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    processes = [
        subprocess.Popen([sys.executable, "-m", "maillage", "worker"]),
        subprocess.Popen(gunicorn_argv(bind, workers)),
    ]
    code = 0
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        code = next(process.returncode for process in processes if process.poll() is not None)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return code


def progress_bar(label: str, done: int, total: int, width: int = 24) -> None:
    filled = round(width * done / total) if total else width
    print(f"  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}", flush=True)


# -- commands -------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir or os.environ.get("MAILLAGE_DATA_DIR") or "var").resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"impossible de créer le dossier de données {data_dir} : {one_line(error)}")
    check_port_free("127.0.0.1", args.port)
    os.environ["MAILLAGE_DATA_DIR"] = str(data_dir)
    if not os.environ.get("MAILLAGE_SECRET_KEY"):
        os.environ["MAILLAGE_SECRET_KEY"] = demo_secret_key(data_dir)
    os.environ["MAILLAGE_DEBUG"] = "0"
    os.environ["MAILLAGE_ALLOWED_HOSTS"] = DEMO_HOSTS
    os.environ.pop("DATABASE_URL", None)  # the demo never touches a production database
    setup_django("maillage.settings")

    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from maillage.demo import (
        DEMO_PASSWORD,
        DEMO_USERS,
        OTHER_PROJECT_USER,
        ensure_demo_users,
        load_demo,
    )
    from maillage.projects.models import Membership, Project

    compile_translations()
    check_database(migrated=False)
    print(_("Preparing the database in %(dir)s…") % {"dir": data_dir}, flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    collect_static()
    if not Project.objects.exists():
        print(_("Loading the demo project:"), flush=True)
        load_demo(progress=progress_bar)
    ensure_demo_users()

    url = f"http://127.0.0.1:{args.port}/"
    roles = dict(Membership.Role.choices)
    print("", flush=True)
    print(_("Maillage demo: %(url)s") % {"url": url})
    print(_("Logins (username / password):"))
    for username, role, name in [*DEMO_USERS, OTHER_PROJECT_USER]:
        print(f"  {username:<14} / {DEMO_PASSWORD}   {roles[role]} — {name}")
    print(_("Staffing proposals are computed by a worker process started with the server."))
    print(_("Press Ctrl-C to stop."), flush=True)
    return run_server_and_worker(f"127.0.0.1:{args.port}", workers=2)


def cmd_serve(args: argparse.Namespace) -> int:
    require_secret_key()
    host, port = parse_bind(args.bind)
    setup_django()
    compile_translations(quiet=True)
    check_database()
    collect_static()
    check_port_free(host, port)
    exec_gunicorn(args.bind, args.workers)


def cmd_worker(args: argparse.Namespace) -> int:
    """The task worker: takes queued staffing runs from the database and computes them."""
    require_secret_key()
    setup_django()
    check_database()
    from django.core.management import call_command

    from maillage.optimisation.services import runs_fail_stale

    failed = runs_fail_stale()
    if failed:
        print(f"{failed} calcul(s) abandonné(s) par un worker arrêté marqué(s) en échec.")
    print(f"Worker Maillage prêt ({describe_database()}) : en attente de calculs.", flush=True)
    call_command(
        "db_worker",
        reload=False,
        interval=args.interval,
        startup_delay=False,
        verbosity=1,
    )
    return 0


def cmd_compile_translations(args: argparse.Namespace) -> int:
    compile_translations()
    return 0


def run_manage(argv: Sequence[str]) -> int:
    require_secret_key()
    setup_django()
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["maillage manage", *argv])
    except OperationalError as error:
        fail(f"la base de données est injoignable ({describe_database()}) : {one_line(error)}")
    return 0


# -- project files and the analysis (no database for analyze, generate, bench) ----------------


def read_project_file(path: str) -> object:
    """The snapshot of a project file; a malformed file stops with one line naming the path."""
    from maillage.engine.fileformat import ProjectFileError, loads_project

    try:
        text = Path(path).read_bytes()
    except OSError as error:
        fail(f"impossible de lire {path} : {error.strerror}")
    try:
        return loads_project(text)
    except ProjectFileError as error:
        fail(file_error_line(path, error))


def file_error_line(path: str, error: Exception) -> str:
    """One line: the first error's JSON path and message in French, and how many others."""
    errors = getattr(error, "errors", [])
    if not errors:
        return f"fichier de projet invalide {path} : {one_line(error)}"
    first = errors[0]
    more = f" (et {len(errors) - 1} autre(s) erreur(s))" if len(errors) > 1 else ""
    return f"fichier de projet invalide {path} : {first.path} {first.message_fr}{more}"


def read_thresholds_file(path: str) -> object:
    """The analysis options of a thresholds file (a JSON object of threshold names to numbers,
    see docs/algorithms/analysis.md); a wrong file stops with one line naming it and the key."""
    import json

    from maillage.engine.analysis.thresholds import ThresholdError, options_with

    try:
        values = json.loads(Path(path).read_bytes())
    except OSError as error:
        fail(f"impossible de lire {path} : {error.strerror}")
    except ValueError as error:
        fail(f"fichier de seuils invalide {path} : JSON illisible ({one_line(error)})")
    if not isinstance(values, dict):
        fail(f"fichier de seuils invalide {path} : un objet JSON {{nom: valeur}} est attendu")
    try:
        return options_with(values)
    except ThresholdError as error:
        fail(f"fichier de seuils invalide {path} : {error.message('fr')}")


def cmd_analyze(args: argparse.Namespace) -> int:
    import json

    from maillage.engine.analysis import analyse_project, format_text, report_to_json

    options = read_thresholds_file(args.thresholds) if args.thresholds else None
    snapshot = read_project_file(args.file)
    report = analyse_project(snapshot, options)  # type: ignore[arg-type]
    if args.json:
        json.dump(report_to_json(report), sys.stdout, ensure_ascii=False, indent=2)
        print(flush=True)
    else:
        print(format_text(report, args.lang), end="", flush=True)
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from maillage.engine.staffing import optimise, result_to_json
    from maillage.engine.staffing.model import InfeasibleLock, StaffingOptions

    if args.time_limit <= 0:
        fail("--time-limit doit être positif.")
    snapshot = read_project_file(args.file)
    options = dataclasses.replace(StaffingOptions(), time_limit=args.time_limit)
    last = [-1]

    def progress(fraction: float, label: str) -> None:
        percent = round(100 * fraction)
        if percent // 10 != last[0] // 10 or fraction >= 1:
            last[0] = percent
            filled = round(24 * fraction)
            print(
                f"  [{'#' * filled}{'.' * (24 - filled)}] {percent:3d} % {label}",
                file=sys.stderr,
                flush=True,
            )

    try:
        result = optimise(snapshot, options, progress=progress, should_stop=lambda: False)
    except InfeasibleLock as error:
        fail(error.message_fr)
    data = result_to_json(result)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print(flush=True)
    else:
        print(
            f"Objectif {data['objective']:.2f} j, borne {data['bound']:.2f} j, écart "
            f"{data['gap_percent']:.2f} % ; {len(data['assignments'])} affectations proposées, "
            f"{len(data['unmet'])} besoins non couverts, {len(data.get('remedies', []))} remèdes.",
            flush=True,
        )
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from maillage.engine.fileformat import dumps_project
    from maillage.engine.generate import generate_project

    for name in ("people", "tasks", "competencies"):
        if getattr(args, name) < 1:
            fail(f"--{name} doit être au moins 1.")
    snapshot = generate_project(
        people=args.people, tasks=args.tasks, competencies=args.competencies, seed=args.seed
    )
    try:
        Path(args.output).write_text(dumps_project(snapshot), encoding="utf-8")
    except OSError as error:
        fail(f"impossible d'écrire {args.output} : {error.strerror}")
    print(
        f"Projet généré dans {args.output} : {len(snapshot.people)} personnes, "
        f"{len(snapshot.tasks)} tâches, {len(snapshot.competencies)} compétences, "
        f"{len(snapshot.needs)} besoins, {len(snapshot.assignments)} affectations.",
        flush=True,
    )
    return 0


def whole_analysis_seconds(scenario: object, repeats: int) -> float:
    """Median time of `analyse_project` (everything the Analyse page shows) on a generated
    project."""
    import statistics
    import time

    from maillage.engine.analysis import analyse_project
    from maillage.engine.generate import generate_project

    snapshot = generate_project(
        people=scenario.people,  # type: ignore[attr-defined]
        tasks=scenario.tasks,  # type: ignore[attr-defined]
        competencies=scenario.competencies,  # type: ignore[attr-defined]
        seed=1,
    )
    timings = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        analyse_project(snapshot)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "staff":
        return cmd_bench_staff(args)
    if args.what == "refresh":
        return cmd_bench_refresh(args)
    if args.repeats is None:
        args.repeats = BENCH_ANALYZE_REPEATS
    from maillage.engine.analysis.duplicates import duplicates_quality
    from maillage.engine.bench import LARGE, TYPICAL, bench_analysis, format_report
    from maillage.engine.generate import generate_project_with_truth

    scenarios = (TYPICAL,) if args.quick else (TYPICAL, LARGE)
    steps = len(scenarios) * 2 + 1
    step = 0
    results = []
    for scenario in scenarios:
        progress_bar(
            f"analyses : projet {scenario.name} (médiane de plusieurs passes)", step, steps
        )
        results.append(bench_analysis(scenarios=(scenario,), repeats=args.repeats))
        step += 1
    qualities = []
    for scenario in scenarios:
        progress_bar(f"doublons : projet {scenario.name}", step, steps)
        snapshot, truth = generate_project_with_truth(
            people=scenario.people,
            tasks=scenario.tasks,
            competencies=scenario.competencies,
            seed=1,
        )
        qualities.append((scenario, duplicates_quality(snapshot, truth.duplicate_task_pairs)))
        step += 1
    progress_bar("analyse complète : projet typical", step, steps)
    whole = whole_analysis_seconds(TYPICAL, args.repeats)
    step += 1
    progress_bar("terminé", step, steps)
    print("", flush=True)
    for report in results:
        print(format_report(report), flush=True)
    print(
        f"whole analysis (typical: gaps, rules, duplicates, time losses, mesh, all departures): "
        f"median {whole * 1000:.1f} ms",
        flush=True,
    )
    for scenario, quality in qualities:
        print(
            f"duplicates ({scenario.name}): recall {quality.recall:.3f}, precision "
            f"{quality.precision:.3f}, {quality.found} pairs found / {quality.planted} planted, "
            f"{quality.seconds * 1000:.1f} ms",
            flush=True,
        )
    return 0


def cmd_bench_staff(args: argparse.Namespace) -> int:
    """Solve time, objective, bound, gap and the greedy baseline on the typical and large
    projects."""
    from maillage.engine import staffing

    progress_bar("optimiseur d'affectation : projets type et grand", 0, 1)
    report = staffing.bench_staffing()
    progress_bar("terminé", 1, 1)
    print("", flush=True)
    print(staffing.format_report(report), flush=True)
    return 0


def milliseconds(values: Sequence[float]) -> tuple[float, float, float]:
    """Median, min and max of `values` (seconds), in ms."""
    import statistics

    return (
        statistics.median(values) * 1000,
        min(values) * 1000,
        max(values) * 1000,
    )


def cmd_bench_refresh(args: argparse.Namespace) -> int:
    """What the Analyse page costs after one edit, on the typical project in a throwaway SQLite
    database (or an empty PostgreSQL database given with --database-url): first analysis, cached
    analysis, then the refresh after editing one assignment (plan side re-read) and one person's
    availability (people side re-read)."""
    import tempfile

    repeats = max(1, BENCH_REFRESH_REPEATS if args.repeats is None else args.repeats)
    steps = 6
    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as data_dir:
        # This process only: a database of its own, never the user's (DATABASE_URL ignored), a
        # throwaway key, production settings (DEBUG would record every query and slow it down).
        os.environ["MAILLAGE_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        os.environ["MAILLAGE_SECRET_KEY"] = secrets.token_urlsafe(50)
        os.environ["MAILLAGE_DEBUG"] = "0"
        where = "base PostgreSQL donnée" if args.database_url else "base SQLite jetable"
        progress_bar(f"{where} : migrations", 0, steps)
        setup_django("maillage.settings")
        from django.core.management import call_command
        from django.db import connection, connections

        try:
            if args.database_url:
                check_database(migrated=False)
                if connection.introspection.table_names():
                    fail(
                        "--database-url doit désigner une base vide : le banc d'essai y crée "
                        "ses tables et ses données, et ne touche pas à une base déjà remplie."
                    )
            call_command("migrate", interactive=False, verbosity=0)
            return _bench_refresh(repeats, steps)
        finally:
            connections.close_all()  # before the folder and its database are removed


def _bench_refresh(repeats: int, steps: int) -> int:
    import resource
    import statistics
    import time
    from decimal import Decimal

    from django.db import connection

    from maillage.analysis.services import data_version, forget_cached_analyses, project_analysis
    from maillage.directory.models import Availability
    from maillage.engine.bench import TYPICAL
    from maillage.engine.fileformat import dumps_project
    from maillage.engine.generate import generate_project
    from maillage.projects.transfer import import_project
    from maillage.staffing.models import Assignment

    scenario = TYPICAL
    progress_bar(f"projet {scenario.name} : génération et import", 1, steps)
    snapshot = generate_project(
        people=scenario.people,
        tasks=scenario.tasks,
        competencies=scenario.competencies,
        seed=1,
    )
    project = import_project(dumps_project(snapshot)).project
    assignments = list(Assignment.objects.filter(task__project=project).order_by("id"))
    months = project.horizon_month_starts()
    availabilities = list(
        Availability.objects.filter(
            person__project_links__project=project, month__gte=months[0], month__lte=months[-1]
        )
        .distinct()
        .order_by("id")
    )
    warnings: list[str] = []

    progress_bar("première analyse (cache vide)", 2, steps)
    forget_cached_analyses()
    started = time.perf_counter()
    first = project_analysis(project)
    first_seconds = time.perf_counter() - started
    if not first.computed:
        warnings.append("the first analysis came from the cache (expected: computed)")

    progress_bar("projet inchangé : analyse en cache", 3, steps)
    cached_timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = project_analysis(project)
        cached_timings.append(time.perf_counter() - started)
        if result.computed:
            warnings.append("an unchanged project was analysed again (expected: from the cache)")

    def edited(days: Decimal) -> Decimal:
        return days + 1 if days + 1 <= 31 else days - 1

    def refresh(rows: list[Any], field: str, label: str) -> dict[str, Any]:
        """Edit one row per round (autocommit: the counter is raised at once), then time the
        page's refresh and, separately, the data version check alone."""
        totals, versions, rereads = [], [], []
        for i in range(repeats):
            row = rows[i % len(rows)]
            setattr(row, field, edited(getattr(row, field)))
            if connection.in_atomic_block:  # the counter would wait for a commit
                fail("la modification doit être enregistrée hors transaction (autocommit).")
            row.save()
            started = time.perf_counter()
            result = project_analysis(project)
            totals.append(time.perf_counter() - started)
            started = time.perf_counter()
            data_version(project)
            versions.append(time.perf_counter() - started)
            rereads.append(result.reread)
            if not result.computed:
                warnings.append(f"{label} #{i + 1}: served from the cache, not analysed again")
        return {"totals": totals, "versions": versions, "rereads": rereads}

    def measured(
        rows: list[Any], field: str, label: str, expected: str, missing: str
    ) -> dict[str, Any] | None:
        if not rows:
            warnings.append(missing)
            return None
        figures = refresh(rows, field, label)
        for i, reread in enumerate(figures["rereads"]):
            if expected not in reread or (expected == "plan" and reread != ("plan",)):
                warnings.append(
                    f"{label} #{i + 1}: re-read {reread or 'nothing'} (expected: {expected})"
                )
        return figures

    progress_bar(f"après modification d'une affectation ({repeats} fois)", 4, steps)
    plan = measured(
        assignments,
        "days_per_month",
        "assignment edit",
        "plan",
        "the project has no assignment: nothing to edit",
    )
    progress_bar(f"après modification d'une disponibilité ({repeats} fois)", 5, steps)
    people = measured(
        availabilities,
        "days",
        "availability edit",
        "people",
        "no availability of a project person: nothing to edit",
    )
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    progress_bar("terminé", steps, steps)

    def sides(rereads: list[tuple[str, ...]]) -> str:
        seen = sorted({"+".join(r) or "nothing" for r in rereads})
        return ", ".join(seen)

    target = scenario.target_seconds * 1000
    where = (
        f"{scenario.name} project, {scenario.people} people, {scenario.tasks} tasks, "
        f"{len(assignments)} assignments, {connection.display_name}"
    )
    print("", flush=True)
    print(f"first analysis ({where}): {first_seconds * 1000:.1f} ms", flush=True)
    median, low, high = milliseconds(cached_timings)
    print(
        f"unchanged project, from the cache: median {median:.1f} ms, min {low:.1f}, "
        f"max {high:.1f} over {repeats} requests",
        flush=True,
    )
    for name, figures, rest_label in (
        ("one assignment", plan, "plan re-read and analysis"),
        ("one person's availability", people, "people re-read and analysis"),
    ):
        if figures is None:
            continue
        median, low, high = milliseconds(figures["totals"])
        version = statistics.median(figures["versions"]) * 1000
        rests = [t - v for t, v in zip(figures["totals"], figures["versions"], strict=True)]
        rest = statistics.median(rests) * 1000
        print(
            f"refresh after editing {name} ({where}): median {median:.1f} ms, min {low:.1f}, "
            f"max {high:.1f} (data version {version:.1f} ms, {rest_label} {rest:.1f} ms) "
            f"over {repeats} edits, re-read: {sides(figures['rereads'])}; "
            f"target < {target:.0f} ms",
            flush=True,
        )
    print(f"{'process peak resident size':<36}{max_rss_mb:10.1f} MB", flush=True)
    for warning in warnings:
        print(f"WARNING: {warning}", flush=True)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    require_secret_key()
    setup_django()
    check_database()
    from maillage.projects.models import Project
    from maillage.projects.transfer import export_project

    project = Project.objects.filter(pk=args.project_id).first()
    if project is None:
        fail(f"aucun projet n° {args.project_id}.")
    try:
        Path(args.output).write_text(export_project(project), encoding="utf-8")
    except OSError as error:
        fail(f"impossible d'écrire {args.output} : {error.strerror}")
    print(f"Projet « {project.name} » exporté dans {args.output}.", flush=True)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    require_secret_key()
    setup_django()
    check_database()
    from maillage.engine.fileformat import ProjectFileError
    from maillage.projects.transfer import import_project

    try:
        text = Path(args.file).read_bytes()
    except OSError as error:
        fail(f"impossible de lire {args.file} : {error.strerror}")
    try:
        result = import_project(text, owner_username=args.owner)
    except ProjectFileError as error:
        fail(file_error_line(args.file, error) + " Rien n'a été importé.")
    project = result.project
    print(f"Projet « {project.name} » importé (n° {project.pk}). Créé :", flush=True)
    for label, count in result.created.items():
        print(f"  {count:>7}  {label}", flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage",
        description="Maillage : organiser le maillage de l'ingénierie territoriale.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    demo = commands.add_parser("demo", help="lancer la démonstration sur http://127.0.0.1:PORT/")
    demo.add_argument("--port", type=int, default=8000, help="port d'écoute (8000)")
    demo.add_argument("--data-dir", help="dossier de données (MAILLAGE_DATA_DIR, sinon ./var)")
    demo.set_defaults(func=cmd_demo)

    serve = commands.add_parser("serve", help="servir l'application en production (gunicorn)")
    serve.add_argument("--bind", default="0.0.0.0:8000", help="HÔTE:PORT (0.0.0.0:8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("MAILLAGE_WORKERS", "3")),
        help="nombre de processus (MAILLAGE_WORKERS, sinon 3)",
    )
    serve.set_defaults(func=cmd_serve)

    commands.add_parser("migrate", help="mettre à jour la base de données", add_help=False)
    commands.add_parser("manage", help="commandes d'administration de Django", add_help=False)
    translations = commands.add_parser(
        "compile-translations", help="compiler les catalogues de traduction (.po → .mo)"
    )
    translations.set_defaults(func=cmd_compile_translations)

    analyze = commands.add_parser(
        "analyze", help="analyser un fichier de projet (écarts, incohérences, doublons…)"
    )
    analyze.add_argument("file", metavar="FICHIER", help="fichier de projet (JSON)")
    analyze.add_argument("--json", action="store_true", help="sortie JSON au lieu du texte")
    analyze.add_argument(
        "--lang", choices=("fr", "en"), default="fr", help="langue du rapport texte (fr)"
    )
    analyze.add_argument(
        "--thresholds",
        metavar="SEUILS",
        help="fichier JSON des seuils d'analyse à changer, par exemple "
        '{"max_contributors": 8, "governance_share": 0.3} (défauts : docs/algorithms/analysis.md)',
    )
    analyze.set_defaults(func=cmd_analyze)

    staff = commands.add_parser(
        "staff", help="proposer une affectation pour un fichier de projet (optimiseur)"
    )
    staff.add_argument("file", metavar="FICHIER", help="fichier de projet (JSON)")
    staff.add_argument("--json", action="store_true", help="sortie JSON au lieu du résumé")
    staff.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="limite de temps en s (60)"
    )
    staff.set_defaults(func=cmd_staff)

    worker = commands.add_parser(
        "worker", help="calculer en arrière-plan les propositions d'affectation (file d'attente)"
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="secondes entre deux lectures de la file (1)"
    )
    worker.set_defaults(func=cmd_worker)

    generate = commands.add_parser(
        "generate", help="générer un projet synthétique déterministe (fichier de projet)"
    )
    generate.add_argument("--people", type=int, required=True, help="nombre de personnes")
    generate.add_argument("--tasks", type=int, required=True, help="nombre de tâches")
    generate.add_argument("--competencies", type=int, required=True, help="nombre de compétences")
    generate.add_argument("--seed", type=int, default=1, help="graine (1)")
    generate.add_argument("-o", "--output", required=True, metavar="FICHIER", help="fichier écrit")
    generate.set_defaults(func=cmd_generate)

    bench = commands.add_parser("bench", help="mesurer la vitesse des analyses")
    bench.add_argument(
        "what",
        choices=("analyze", "staff", "refresh"),
        help=(
            "ce qui est mesuré : analyze (les analyses, sans base), staff (l'optimiseur), "
            "refresh (la page Analyse après une modification, base SQLite jetable)"
        ),
    )
    bench.add_argument(
        "--repeats",
        type=int,
        default=None,
        help=f"passes par projet ({BENCH_ANALYZE_REPEATS} ; refresh : {BENCH_REFRESH_REPEATS})",
    )
    bench.add_argument(
        "--quick", action="store_true", help="le projet type seulement (sans le grand projet)"
    )
    bench.add_argument(
        "--database-url",
        metavar="URL",
        help="refresh : mesurer sur cette base PostgreSQL vide plutôt que sur une base SQLite "
        "jetable (le banc d'essai y crée ses tables et ses données)",
    )
    bench.set_defaults(func=cmd_bench)

    export = commands.add_parser("export", help="exporter un projet dans un fichier de projet")
    export.add_argument("project_id", type=int, metavar="PROJET", help="numéro du projet")
    export.add_argument("-o", "--output", required=True, metavar="FICHIER", help="fichier écrit")
    export.set_defaults(func=cmd_export)

    import_ = commands.add_parser("import", help="importer un fichier de projet (tout ou rien)")
    import_.add_argument("file", metavar="FICHIER", help="fichier de projet (JSON)")
    import_.add_argument(
        "--owner", metavar="IDENTIFIANT", help="utilisateur qui en devient coordinateur"
    )
    import_.set_defaults(func=cmd_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        # `manage` and `migrate` pass everything after them to Django untouched.
        if argv and argv[0] == "manage":
            return run_manage(argv[1:])
        if argv and argv[0] == "migrate":
            return run_manage(argv)
        args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except StartupError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
