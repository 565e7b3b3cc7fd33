"""Real-browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Every test in this folder is marked `browser`. A missing chromium or Playwright is an error,
never a skip: `make test` runs these tests in its PostgreSQL pass and must prove they ran.
The live server serves static files through Django's StaticFilesHandler, so the app's CSS and
htmx (from node_modules) load as they would behind whitenoise.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# Playwright's sync API keeps an event loop in the main thread; Django would then refuse
# ORM calls made by the test itself (SynchronousOnlyOperation) although nothing is async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# 127.0.0.1 rather than "localhost", which chromium may try first on ::1.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path(os.environ.get("MAILLAGE_CHROMIUM", "/usr/bin/chromium"))
# Without the networking switches, chromium keeps calling home, which this machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m "not browser"` deselects.
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (make test does it).",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -e '.[dev]'.", pytrace=False)
    with sync_playwright() as playwright:
        # launch() gives chromium a fresh, temporary user-data dir that Playwright deletes.
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in a new browser context (no cookies), whose relative URLs go to the live server.

    The context asks for French first, as a browser in France does.
    """
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        folder = Path(os.environ.get("MAILLAGE_BROWSER_ARTIFACTS", _artifact_dir(item)))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (re.sub(r"[^\w.-]+", "_", item.nodeid) + ".png")
        try:
            page.screenshot(path=str(path), full_page=True)
            report.sections.append(("browser", f"screenshot of {page.url}: {path}"))
        except Exception as error:  # the browser itself may be what failed
            report.sections.append(("browser", f"no screenshot of {page.url}: {error}"))
    return report


def _artifact_dir(item: pytest.Item) -> Path:
    factory = item.config._tmp_path_factory  # type: ignore[attr-defined]
    return Path(factory.getbasetemp()) / "browser-failures"


@pytest.fixture
def start_worker() -> Iterator[Any]:
    """Starts django-tasks' database worker (the loop `maillage worker` runs) in a thread of the
    live server's process, which shares its test database."""
    from django_tasks_db.management.commands.db_worker import Worker

    workers: list[tuple[Any, threading.Thread]] = []

    def start() -> None:
        worker = Worker(
            queue_names=["default"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test",
            excluded_queue_names=[],
        )

        def run() -> None:
            try:
                worker.run()
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        workers.append((worker, thread))

    yield start
    for worker, thread in workers:
        worker.running = False
        thread.join(timeout=30)
