"""Test settings: SQLite in memory by default; PostgreSQL when the test run started one."""

import os

os.environ.setdefault("MAILLAGE_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("MAILLAGE_PLAIN_STATIC", "1")

from maillage.settings import *  # noqa: E402,F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
