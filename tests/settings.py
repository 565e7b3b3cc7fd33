"""Test settings: SQLite in memory by default, a throwaway PostgreSQL if MAILLAGE_TEST_DB=postgres.

Why the server is started from here: pytest-django imports these settings in its
`pytest_load_initial_conftests` hook, before any conftest.py is loaded, and reads DATABASES
right away. Starting the server at the moment the settings are read is the one place that is
always early enough, whatever the pytest invocation or plugin order; tests/pg.py makes it
start once per process and tests/conftest.py stops it at the end of the session.
"""

import os

os.environ.setdefault("MAILLAGE_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("MAILLAGE_PLAIN_STATIC", "1")

from maillage.settings import *  # noqa: F403

TEST_DB = os.environ.get("MAILLAGE_TEST_DB", "sqlite")
if TEST_DB == "postgres":
    from tests import pg

    DATABASES = {"default": pg.database_settings()}
elif TEST_DB == "sqlite":
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
else:
    raise ValueError(f"MAILLAGE_TEST_DB must be 'sqlite' or 'postgres', not {TEST_DB!r}")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Static files come from the finders in tests; without this whitenoise warns that STATIC_ROOT
# (filled only by collectstatic) does not exist.
WHITENOISE_AUTOREFRESH = True
# Tests read the English source texts, which do not change when a French wording is improved;
# the product's default stays French (checked in tests/test_translations.py), and browsers that
# ask for French (the browser tests) still get French pages.
LANGUAGE_CODE = "en"
# Tests run on a frozen day (tests/conftest.py) while chromium lives on the real one: cookies
# without an expiry date cannot look expired to it, whatever the distance between the two.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_AGE = None
# Files uploaded by tests (decision letters…) go to a throwaway folder, not the data directory.
MEDIA_ROOT = __import__("tempfile").mkdtemp(prefix="maillage-test-media-")
# Query counts measure the pages, not the session's once-a-minute refresh, which would land on
# whichever request of a slow test comes a minute after the login; tests/test_cache_and_session.py
# sets the production value back to test the refresh itself.
MAILLAGE_SESSION_REFRESH_SECONDS = 10**9
