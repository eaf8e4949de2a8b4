"""OpPlan's one settings module, read from the environment.

Every external value is read in the block below; a bad value stops start-up
with ImproperlyConfigured naming the variable. README.md lists the variables.
"""

import os
from datetime import timedelta
from email.utils import parseaddr
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name, default, minimum=0):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite for one office (docs/adr/0025-sqlite-concurrency-and-bounded-uploads.md):
# - every write transaction takes the write lock when it begins: a deferred one that
#   reads, then writes after another has written, fails at once with "database is
#   locked" (no waiting can save it), where an immediate one waits its turn and then
#   reads what the other wrote (the workflow's "status already changed");
# - a writer waits up to SQLITE_BUSY_SECONDS for the lock instead of failing;
# - WAL: readers never wait for the writer, nor the writer for readers.
SQLITE_BUSY_SECONDS = 20
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_SECONDS,
    "init_command": "PRAGMA journal_mode=WAL;",
}


def database_from_url(name, url):
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(
            f"{name} is not a usable database URL ({exc}); got {url!r}"
        ) from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database; got {url!r}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.pop("CONN_MAX_AGE", None)
        config.pop("CONN_HEALTH_CHECKS", None)
        config["OPTIONS"] = SQLITE_OPTIONS | config.get("OPTIONS", {})
    return config


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
}


def mailer_from_url(name, url):
    """A MAILERS entry from console:// , smtp+tls://user:pass@host:587 , file:///dir …"""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_BACKENDS:
        known = ", ".join(sorted(EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"{name} must start with one of {known}; got {url!r}")
    options = {}
    if parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(f"{name} must name a directory, e.g. file:///var/mail")
        options["file_path"] = parts.path
    if parts.scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name} must name the SMTP host; got {url!r}")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name} has an invalid port; got {url!r}") from None
        options.update(
            host=parts.hostname,
            port=port or {"smtp+ssl": 465, "smtp+tls": 587}.get(parts.scheme, 25),
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_tls=parts.scheme == "smtp+tls",
            use_ssl=parts.scheme == "smtp+ssl",
            timeout=30,
        )
    return {"BACKEND": EMAIL_BACKENDS[parts.scheme], "OPTIONS": options}


def cache_from_url(name, url):
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if parts.scheme in {"redis", "rediss"}:
        # Django imports redis-py only at the first cache call: check now, not mid-request.
        if find_spec("redis") is None:
            raise ImproperlyConfigured(
                f"{name} asks for Redis but the redis package is not installed "
                "(make install, or pip install -e .)"
            )
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(
        f"{name} must start with locmem://, dummy:// or redis://; got {url!r}"
    )


def init_sentry(name, dsn):
    """Report errors to Sentry; sentry-sdk (the `sentry` extra) is imported only then."""
    try:
        import sentry_sdk
        from sentry_sdk.utils import BadDsn
    except ModuleNotFoundError:
        raise ImproperlyConfigured(
            f"{name} is set but sentry-sdk is not installed: pip install -e '.[sentry]'"
        ) from None
    try:
        # No personal data (names, e-mail, IP addresses) leaves the server.
        sentry_sdk.init(dsn=dsn, send_default_pii=False)
    except BadDsn as exc:  # the DSN holds a key: name the problem, not the value
        raise ImproperlyConfigured(f"{name} is not a usable Sentry DSN ({exc})") from None


# --- Everything read from the environment ------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            "DJANGO_CSRF_TRUSTED_ORIGINS entries must start with http:// or https://; "
            f"got {_origin!r}"
        )

DATABASES = {
    "default": database_from_url(
        "DATABASE_URL",
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'opplan.sqlite3'}",
    )
}

MAILERS = {"default": mailer_from_url("EMAIL_URL", env_str("EMAIL_URL") or "console://")}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "OpPlan <opplan@localhost>")
if not parseaddr(DEFAULT_FROM_EMAIL)[1]:
    raise ImproperlyConfigured(
        f"DJANGO_DEFAULT_FROM_EMAIL must be an e-mail address; got {DEFAULT_FROM_EMAIL!r}"
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {"default": cache_from_url("CACHE_URL", env_str("CACHE_URL") or "locmem://")}

MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "static")
# Uploaded and generated files are served only by views that check permissions (ADR 0027).
# OPPLAN_FILE_ACCEL hands the sending to the proxy once the view has said yes: "nginx"
# answers with X-Accel-Redirect to OPPLAN_FILE_ACCEL_PREFIX + the file's name (an
# `internal` location aliased to MEDIA_ROOT), "apache" with X-Sendfile (mod_xsendfile).
OPPLAN_FILE_ACCEL = env_str("OPPLAN_FILE_ACCEL").lower()
if OPPLAN_FILE_ACCEL not in {"", "nginx", "apache"}:
    raise ImproperlyConfigured(
        f"OPPLAN_FILE_ACCEL must be nginx, apache or empty; got {OPPLAN_FILE_ACCEL!r}"
    )
OPPLAN_FILE_ACCEL_PREFIX = env_str("OPPLAN_FILE_ACCEL_PREFIX", "/protected-files/")
if not (OPPLAN_FILE_ACCEL_PREFIX.startswith("/") and OPPLAN_FILE_ACCEL_PREFIX.endswith("/")):
    raise ImproperlyConfigured(
        "OPPLAN_FILE_ACCEL_PREFIX must start and end with /, e.g. /protected-files/; "
        f"got {OPPLAN_FILE_ACCEL_PREFIX!r}"
    )

# HTTPS hardening is on whenever DEBUG is off; DJANGO_HTTPS=0 turns it off for
# a plain-HTTP office LAN. DJANGO_PROXY_SSL_HEADER=1 trusts X-Forwarded-Proto
# from a TLS-terminating proxy (only set it behind such a proxy).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is hard to undo for a whole domain (often a shared .go.th one): opt in.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_bool("DJANGO_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz over plain HTTP on the app's own port.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Sign-in throttling (accounts/logins.py): failed sign-ins allowed per account and per
# address (an office behind one public address shares it), and for how long sign-in is
# refused after the limit. OPPLAN_TRUSTED_PROXIES: how many proxies of ours stand in front,
# each appending the address it received from to X-Forwarded-For; 0 trusts no header.
OPPLAN_LOGIN_FAILURES = env_int("OPPLAN_LOGIN_FAILURES", 5, minimum=1)
OPPLAN_LOGIN_FAILURES_PER_ADDRESS = env_int("OPPLAN_LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
OPPLAN_LOGIN_LOCKOUT_MINUTES = env_int("OPPLAN_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
OPPLAN_TRUSTED_PROXIES = env_int("OPPLAN_TRUSTED_PROXIES", 0)
# Accounts: a sign-in lasts OPPLAN_SESSION_HOURS (a working day), or until the browser
# closes when OPPLAN_SESSION_EXPIRE_AT_BROWSER_CLOSE (shared office computers); an
# e-mailed reset link works for OPPLAN_PASSWORD_RESET_HOURS.
OPPLAN_SESSION_HOURS = env_int("OPPLAN_SESSION_HOURS", 12, minimum=1)
OPPLAN_SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("OPPLAN_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
OPPLAN_PASSWORD_RESET_HOURS = env_int("OPPLAN_PASSWORD_RESET_HOURS", 24, minimum=1)
OPPLAN_PASSWORD_MIN_LENGTH = env_int("OPPLAN_PASSWORD_MIN_LENGTH", 8, minimum=8)
# An e-mailed invitation (invitations/tokens.py) works for OPPLAN_INVITATION_DAYS.
OPPLAN_INVITATION_DAYS = env_int("OPPLAN_INVITATION_DAYS", 7, minimum=1)

# Days from a budget event's announcement to the plan's deadline (domain.md §2).
OPPLAN_PLAN_DEADLINE_DAYS = env_int("OPPLAN_PLAN_DEADLINE_DAYS", 30, minimum=1)
# Posting (ปิดประกาศ) starts within this many days of the announcement ...
OPPLAN_POSTING_WITHIN_DAYS = env_int("OPPLAN_POSTING_WITHIN_DAYS", 15, minimum=0)
# ... and ends no earlier than this many days after it starts.
OPPLAN_POSTING_MIN_DAYS = env_int("OPPLAN_POSTING_MIN_DAYS", 30, minimum=1)

# Errors with their tracebacks also go to Sentry when SENTRY_DSN is set (lower case: the
# DSN holds a key and is not kept as a setting).
if _sentry_dsn := env_str("SENTRY_DSN"):
    init_sentry("SENTRY_DSN", _sentry_dsn)

# Background work (ADR 0023): Django's Tasks with django-tasks-db, which works on SQLite
# for one office and on PostgreSQL with any number of workers (`manage.py worker`).
# "immediate" runs each task at once in the process that queues it (tests, scripts).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("OPPLAN_TASKS", "database")
if _task_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"OPPLAN_TASKS must be one of {', '.join(TASK_BACKENDS)}; got {_task_backend!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_task_backend]}}
# A worker that has not reported for this long is gone: /healthz fails (ADR 0020) and its
# running tasks are run again, up to OPPLAN_TASK_ATTEMPTS claims in all, then failed.
OPPLAN_WORKER_STALE_SECONDS = env_int("OPPLAN_WORKER_STALE_SECONDS", 60, minimum=15)
OPPLAN_TASK_ATTEMPTS = env_int("OPPLAN_TASK_ATTEMPTS", 3, minimum=1)
# A PDF of a plan with at least this many projects, and every book, is made by the worker
# while the page waits; smaller ones in the request (a 200-row ผด.02 takes about 3 s here).
OPPLAN_BACKGROUND_ROWS = env_int("OPPLAN_BACKGROUND_ROWS", 200, minimum=1)
# The open data API (api/, docs/adr/0039-open-data-api.md): rows per page; at most
# OPPLAN_API_RATE_LIMIT requests per OPPLAN_API_RATE_WINDOW seconds from one address
# (counted in the cache: set CACHE_URL to Redis when several processes serve); bodies
# kept and allowed to be kept by clients for OPPLAN_API_CACHE_SECONDS.
OPPLAN_API_PAGE_SIZE = env_int("OPPLAN_API_PAGE_SIZE", 100, minimum=1)
OPPLAN_API_RATE_LIMIT = env_int("OPPLAN_API_RATE_LIMIT", 240, minimum=1)
OPPLAN_API_RATE_WINDOW = env_int("OPPLAN_API_RATE_WINDOW", 60, minimum=1)
OPPLAN_API_CACHE_SECONDS = env_int("OPPLAN_API_CACHE_SECONDS", 300, minimum=0)

# --- Application ---------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    # Their own apps under Thai names in the admin (opplan/apps.py).
    "opplan.apps.TaskQueueConfig",
    "opplan.apps.SignInThrottlingConfig",
    "worker",
    "files",
    "thai",
    "accounts",
    "budget",
    "projects",
    "approvals",
    "results",
    "reports",
    "public",
    "api",
    "ops",
    "invitations",
    "oversight",
]

MIDDLEWARE = [
    "ops.middleware.RequestLogMiddleware",  # first: its duration covers every layer below
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "opplan.middleware.FileContentSecurityPolicyMiddleware",
    "opplan.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML pages are gzipped here: after WhiteNoise (static files are compressed at
    # collectstatic and never get this far), before any middleware that reads or
    # changes the body (docs/adr/0021-light-plan-page.md).
    "opplan.middleware.HtmlGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.CurrentOrganizationMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An announced edition's record that cannot be printed: a page, not a 500.
    "reports.middleware.RecordBrokenMiddleware",
    # Last, as axes asks: turns a refused sign-in into 429 (accounts/logins.py).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy, enforced (docs/adr/0026-logins-csp-and-passwords.md): scripts,
# styles, fonts and images from OpPlan itself only, no inline script, style or event
# attribute (behaviour is wired by data- attributes in static/js/opplan.js). Bootstrap's
# CSS draws its checkboxes and arrows as data: SVG images. No page may be framed.
# (Django's own debug pages opt out themselves.)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Files shown in the browser (photos, the meeting letters' PDFs) carry no markup of ours:
# nothing may load, and the browser's own viewer may style itself.
OPPLAN_FILE_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [CSP.SELF],
    "style-src": [CSP.UNSAFE_INLINE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# Browser features OpPlan never uses, turned off (opplan.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

ROOT_URLCONF = "opplan.urls"
WSGI_APPLICATION = "opplan.wsgi.application"
ASGI_APPLICATION = "opplan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.organization",
                "approvals.context_processors.inbox",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
# axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.logins.LoginThrottle"
AXES_FAILURE_LIMIT = OPPLAN_LOGIN_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=OPPLAN_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "accounts.logins.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.logins.lockout_response"
# A success clears the account's failures; tries during a lockout do not extend it, so the
# time the refusal names holds.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# accounts.logins logs each refusal with its details; axes' start-up banner stays out of
# every command's output.
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "projects:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password rules (messages in locale/th): not like the account's names, at least
# OPPLAN_PASSWORD_MIN_LENGTH characters, not a common password, not only digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": OPPLAN_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = OPPLAN_PASSWORD_RESET_HOURS * 60 * 60

SESSION_COOKIE_AGE = OPPLAN_SESSION_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = OPPLAN_SESSION_EXPIRE_AT_BROWSER_CLOSE

LANGUAGE_CODE = "th"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "static/"
# Nothing serves MEDIA_URL (not even in DEBUG): files go through the views of ADR 0027.
MEDIA_URL = "media/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
# Sarabun's TTF files come from the pinned fontpkg-sarabun wheel (requirements/fonts.txt).
try:
    SARABUN_DIR = Path(str(files("fontpkg_sarabun") / "files"))
except ModuleNotFoundError:
    raise ImproperlyConfigured(
        "The Sarabun font is not installed: run `make install` "
        "(pip install --require-hashes --no-deps -r requirements/fonts.txt)"
    ) from None
STATICFILES_DIRS.append(("vendor/sarabun", SARABUN_DIR))
STATICFILES_FINDERS = [
    "opplan.staticfiles.Finder",  # STATICFILES_DIRS without unused Bootstrap builds
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Files browsers ask for at the site's root (/favicon.ico, e.g. from the PDF viewer).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Widgets render through TEMPLATES, so templates/ can hold custom widgets (the month picker).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}"
    )
# Everything goes to standard error, one line per record: gunicorn and systemd's journal
# keep it. ops.middleware writes one line per request; django.request logs every 5xx with
# its traceback, and only errors keep theirs (ops.logs; README "Operating").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"tracebacks_for_errors_only": {"()": "ops.logs.TracebacksForErrorsOnly"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["tracebacks_for_errors_only"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers print only with DEBUG on and mail ADMINS: use the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # WeasyPrint narrates every layout step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
