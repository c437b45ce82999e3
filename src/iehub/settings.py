"""Settings read from the environment, so one build runs on a laptop (SQLite) and in a province (PostgreSQL).

Every knob a deployment needs is an environment variable; see docs/deployment.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("IEHUB_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("IEHUB_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything but an explicit false word counts as true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable into a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "django-insecure-iehub-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Without a key, management commands (migrations, imports, checks) still run with a throwaway key;
# serving is refused by iehub.wsgi / iehub.asgi and `check --deploy` reports it (iehub.core.checks).
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    SECRET_KEY = _DEV_SECRET
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "iehub.core",
    "iehub.accounts",
    "iehub.curriculum",
    "iehub.practice",
    "iehub.evaluation",
    "iehub.matching",
    "iehub.partnership",
    "iehub.surveys",
    "iehub.taxonomy",
    "iehub.demand",
    "iehub.web",
    "iehub.demo",
]

MIDDLEWARE = [
    "iehub.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "iehub.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "iehub.core.middleware.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "iehub.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "iehub.core.middleware.AuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iehub.urls"
WSGI_APPLICATION = "iehub.wsgi.application"

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
                "iehub.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'iehub.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/ yet; SQLite creates the file but not its folder.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the task worker and the web server write the same file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default cost of a random read (4) is a spinning disk's: with the data in memory or
    # on SSD it scans all 100,000 users rather than probe the key for the few hundred a scope names
    # (35 ms against 2 ms for a college's people list; decision 104). DB_RANDOM_PAGE_COST=4 restores it.
    DATABASES["default"]["OPTIONS"] = {
        "options": f"-c random_page_cost={float(os.environ.get('DB_RANDOM_PAGE_COST', '1.1'))}"
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes): by username and IP together, so one attacker
# cannot lock out a whole classroom behind one NAT address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Pages kept whole per user under the data versions they read (core.kept_pages, decision 116); an
# operator can turn them off without a deploy (IEHUB_KEEP_PAGES=0), and the bench does to count queries.
KEEP_PAGES = env_bool("IEHUB_KEEP_PAGES", True)
# How many reverse proxies in front of the app append to X-Forwarded-For and are trusted (0: none, the
# peer address is the client). The lockout and the audit log read the client address the same way.
IEHUB_TRUSTED_PROXIES = int(os.environ.get("IEHUB_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "iehub.core.audit.client_address"
AXES_LOCKOUT_CALLABLE = "iehub.core.errors.locked_out"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; keep the default.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Embedding models distilled here and skill indexes built by `iehub skills build-index`.
# How many postings one head of an enterprise-stated skill need counts as in the demand series.
IEHUB_NEED_WEIGHT = float(os.environ.get("IEHUB_NEED_WEIGHT", "1.0"))
IEHUB_CACHE_DIR = Path(os.environ.get("IEHUB_CACHE_DIR", VAR_DIR / "cache"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads (imports): a size cap, a row cap and a time budget for checking one file (docs/security.md).
IEHUB_UPLOAD_MAX_BYTES = int(os.environ.get("IEHUB_UPLOAD_MAX_MB", "20")) * 1024 * 1024
IEHUB_IMPORT_MAX_ROWS = int(os.environ.get("IEHUB_IMPORT_MAX_ROWS", "200000"))
IEHUB_IMPORT_MAX_SECONDS = float(os.environ.get("IEHUB_IMPORT_MAX_SECONDS", "600"))
# A placement problem unanswered this long goes to the college's administrators (see practice).
IEHUB_PROBLEM_ESCALATE_DAYS = int(os.environ.get("IEHUB_PROBLEM_ESCALATE_DAYS", "2"))
# The share (%) of enterprise-side evaluators a scheme needs where a college sets no policy of its own.
IEHUB_MIN_ENTERPRISE_WEIGHT = int(os.environ.get("IEHUB_MIN_ENTERPRISE_WEIGHT", "30"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "iehub <noreply@iehub.local>")
# The public address of the site, for links in e-mails (invitations, e-mail changes).
IEHUB_BASE_URL = os.environ.get("IEHUB_BASE_URL", "http://127.0.0.1:8000")

# A background import whose worker shows no sign of life for this long is marked failed (the worker
# died); see docs/deployment.md.
IEHUB_TASK_STALL_MINUTES = float(os.environ.get("IEHUB_TASK_STALL_MINUTES", "5"))
# An upload still queued after this long says that no task worker seems to be running.
IEHUB_TASK_WAIT_WARNING_SECONDS = float(os.environ.get("IEHUB_TASK_WAIT_WARNING_SECONDS", "60"))
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Page sizes for lists and the API; the API caps what a client may ask for.
PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 500

# What is cached is keyed by data versions read from the database on every request, so nothing in it
# outlives a change (iehub.core.data_versions). By default each worker process keeps its own cache in
# memory (nothing to run on a laptop); with CACHE_URL (redis://host:port/db) every worker and every
# machine shares one, so a value one worker computed serves the others (docs/deployment.md).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL")
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "iehub",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "50000"))},
        }
    )
}
