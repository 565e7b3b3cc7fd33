"""Settings: SQLite in a data folder by default, everything else from environment variables."""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("MAILLAGE_DEBUG", "0")
DATA_DIR = Path(os.environ.get("MAILLAGE_DATA_DIR", REPO_DIR / "var")).resolve()

SECRET_KEY = os.environ.get("MAILLAGE_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "MAILLAGE_SECRET_KEY is required when MAILLAGE_DEBUG is off "
            "(set it to a long random string)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("MAILLAGE_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("MAILLAGE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "maillage.directory",
    "maillage.competencies",
    "maillage.projects",
    "maillage.staffing",
    "maillage.governance",
    "maillage.analysis",  # the Analyse page: gaps, findings, fragility (cached per data version)
    "maillage.responsibilities",  # who does what: RACI, workload, scheme, mission letters
    "maillage.planning",  # plan versions, sponsor validation, rolling window, Gantt, exports
    "django_tasks",  # Django 6's tasks framework, backported to 5.2 (the task queue's API)
    "django_tasks_db",  # its database backend and `db_worker`: a queue without Redis
    "maillage.optimisation",  # staffing proposals run by the worker, remedies, accepted changes
    "maillage.members",  # members and roles, invitations by e-mail, membership history
    "axes",  # login throttling: failed logins counted per user name and address
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maillage.middleware.SessionIdleMiddleware",  # after auth, inside the session middleware
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "maillage.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the lockout page (last)
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the data folder unless DATABASE_URL names another database (PostgreSQL in production).
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=int(os.environ.get("MAILLAGE_DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "maillage.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("MAILLAGE_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Uploaded files (decision letters…) are never served at a public address: only views that
# check the reader's access send them, so MEDIA_URL is left unset on purpose.
MEDIA_ROOT = Path(os.environ.get("MAILLAGE_MEDIA_ROOT", DATA_DIR / "media")).resolve()
STATIC_ROOT = DATA_DIR / "static"
# Front-end libraries come from npm (package.json + lock); only their dist folders are served.
STATICFILES_DIRS = [
    ("vendor/htmx", REPO_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/cytoscape", REPO_DIR / "node_modules" / "cytoscape" / "dist"),  # organisation scheme
    ("vendor/cytoscape-svg", REPO_DIR / "node_modules" / "cytoscape-svg"),  # its SVG export
    # fCoSE: readable layout of 50-200 people grouped by organisation, and its two engines
    ("vendor/cytoscape-fcose", REPO_DIR / "node_modules" / "cytoscape-fcose"),
    ("vendor/cose-base", REPO_DIR / "node_modules" / "cose-base"),
    ("vendor/layout-base", REPO_DIR / "node_modules" / "layout-base"),
    BASE_DIR / "static",  # the project's own CSS and scripts (maillage is not an installed app)
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or envbool("MAILLAGE_PLAIN_STATIC", "0")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = envbool("MAILLAGE_SECURE_COOKIES", "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A session left idle this long ends (each request pushes the end back).
MAILLAGE_SESSION_IDLE_MINUTES = max(1, int(os.environ.get("MAILLAGE_SESSION_IDLE_MINUTES", "480")))
SESSION_COOKIE_AGE = MAILLAGE_SESSION_IDLE_MINUTES * 60
# Activity pushes a session's end back at most this often (one session write, not one a request).
MAILLAGE_SESSION_REFRESH_SECONDS = 60
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("MAILLAGE_BEHIND_PROXY", "0") else None
)

# Outgoing email (competency review links and reminders). The console backend prints messages in
# development; set MAILLAGE_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the
# MAILLAGE_EMAIL_* variables for a real server. Tests use Django's in-memory (locmem) backend.
EMAIL_BACKEND = os.environ.get(
    "MAILLAGE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("MAILLAGE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("MAILLAGE_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("MAILLAGE_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MAILLAGE_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("MAILLAGE_EMAIL_USE_TLS", "0")
EMAIL_USE_SSL = envbool("MAILLAGE_EMAIL_USE_SSL", "0")
DEFAULT_FROM_EMAIL = os.environ.get("MAILLAGE_DEFAULT_FROM_EMAIL", "maillage@localhost")

# The task queue: staffing proposals run in a worker process (`maillage worker`), which takes
# tasks from the database. MAILLAGE_TASKS_BACKEND=immediate runs them inside the request instead
# (no worker needed; a long run then blocks the page). A run whose worker stops sending its
# heartbeat for MAILLAGE_RUN_STALE_SECONDS is marked failed.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("MAILLAGE_TASKS_BACKEND", "database")],
        "QUEUES": ["default"],
    }
}
MAILLAGE_RUN_STALE_SECONDS = int(os.environ.get("MAILLAGE_RUN_STALE_SECONDS", "30"))
# Projects whose last analysis each app process keeps in memory (about 3 MB for a project of
# 200 people and 300 tasks); beyond, the least recently shown is computed again when needed.
MAILLAGE_ANALYSIS_CACHE_PROJECTS = max(
    1, int(os.environ.get("MAILLAGE_ANALYSIS_CACHE_PROJECTS", "32"))
)
# Who may create projects: "open" (anyone with an account) or "staff" (staff users and members
# of the "Créateurs de projets" group).
MAILLAGE_PROJECT_CREATION = os.environ.get("MAILLAGE_PROJECT_CREATION", "open").strip().lower()
if MAILLAGE_PROJECT_CREATION not in ("open", "staff"):
    raise ImproperlyConfigured("MAILLAGE_PROJECT_CREATION must be 'open' or 'staff'.")

# Login throttling (django-axes), the admin's login included: after MAILLAGE_LOGIN_FAILURE_LIMIT
# wrong passwords for one user name from one address, that pair is refused for
# MAILLAGE_LOGIN_LOCKOUT_MINUTES (a new failure meanwhile restarts the delay); a success resets
# the count. Its backend comes first: it refuses a locked pair before any password is checked.
AUTHENTICATION_BACKENDS = [
    "maillage.members.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = max(1, int(os.environ.get("MAILLAGE_LOGIN_FAILURE_LIMIT", "5")))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=max(1, int(os.environ.get("MAILLAGE_LOGIN_LOCKOUT_MINUTES", "15")))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "maillage.members.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "maillage.members.throttling.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # failures are counted; successful logins are not recorded
AXES_VERBOSE = False

# Days an invitation to join a project stays valid (the link in its e-mail works once).
MAILLAGE_INVITATION_DAYS = max(1, int(os.environ.get("MAILLAGE_INVITATION_DAYS", "14")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MAILLAGE_LOG_LEVEL", "WARNING")},
}
