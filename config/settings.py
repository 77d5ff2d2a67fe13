"""Settings for Mindful Path: one module, every deployment choice read from the environment.

See the README for what each variable does. Defaults suit a developer's laptop
(`make run` asks for DEBUG); production is switched on by environment variables
alone.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DJANGO_DEBUG=1 on a development machine."
        )
    # A fixed development key is fine only because DEBUG never serves real people.
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    # Before the admin, so that its translated fields (English and Spanish side by side)
    # reach every ModelAdmin.
    "modeltranslation",
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "phonenumber_field",
    "config.clinic.apps.ClinicConfig",
    "programs",
    "providers",
    "advisor",
]

MIDDLEWARE = [
    # Outermost, so that every response carries these headers: error pages made by any
    # middleware further in (a bad host, an undecodable form, a database outage) too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RejectPublicUploads",
    "config.middleware.RejectUndecodableForms",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL: /es/... is Spanish, every other path English (the admin
    # included). The browser's Accept-Language is read only on a first visit to /
    # (config/language.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.StaffSessionTimeout",
    "config.middleware.ClinicTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which staff user made each change in an intake's history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.DatabaseUnavailable",
    # Last, so that it sees a failed login whichever view handled it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.clinic.context_processors.clinic_context",
                "config.language.language_context",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=60,
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from exc


def _whole(name: str, default: int, *, least: int = 0, unit: str = "seconds") -> int:
    value = env_int(name, default)
    if value < least:
        raise ImproperlyConfigured(f"{name} must be a whole number of {unit}, at least {least}.")
    return value


# PostgreSQL that stops answering (a partition, a stuck failover) must cost seconds, not a
# worker: every wait has a limit (README, "Environment"). SQLite, on the same disk, has none
# of these waits.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _statement = _whole("DATABASE_STATEMENT_TIMEOUT", 5)
    _idle_in_transaction = _whole("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", 30)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # What DATABASE_URL's own query string sets (?connect_timeout=...) stands.
    _given = dict(_options)
    _options.update(
        # Our side's deadline on each answer, a second past the server's, so that a slow
        # query is cancelled by PostgreSQL (the connection kept) before we give up on the
        # socket; none when the statement timeout is off.
        stall_timeout=_statement + 1 if _statement else 0,
        connect_timeout=_whole("DATABASE_CONNECT_TIMEOUT", 3, least=1),
        # A peer gone silent on a kept connection is noticed by the kernel...
        keepalives=1,
        keepalives_idle=_whole("DATABASE_KEEPALIVES_IDLE", 10, least=1),
        keepalives_interval=_whole("DATABASE_KEEPALIVES_INTERVAL", 5, least=1),
        keepalives_count=_whole("DATABASE_KEEPALIVES_COUNT", 3, least=1, unit="probes"),
        # ...and data sent but never acknowledged (a real partition) fails the socket.
        tcp_user_timeout=_whole("DATABASE_TCP_USER_TIMEOUT", 10) * 1000,
    )
    _options.update(_given)
    # The server's own limits, in milliseconds (0: none). The URL's own options come
    # last, so that its -c settings win.
    _options["options"] = " ".join(
        filter(
            None,
            (
                f"-c statement_timeout={_statement * 1000}",
                f"-c idle_in_transaction_session_timeout={_idle_in_transaction * 1000}",
                _given.get("options", ""),
            ),
        )
    )
    # Django's backend, with a deadline on each call that waits for an answer.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    del _statement, _idle_in_transaction, _options, _given


# Caches every worker shares: the database by default, Redis where CACHE_URL names one.
# "default" holds copies of public pages; "counters" holds the rate limits, in a store of
# their own so that no amount of page traffic can evict (and so reset) a count.
CACHE_URL = env_str("CACHE_URL")


def _cache_seconds(name: str, default: float) -> float:
    raw = env_str(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = -1
    if not 0 < value <= 60:
        raise ImproperlyConfigured(
            f"{name} must be a number of seconds above 0 and up to 60 (such as 0.5), not {raw!r}."
        )
    return value


if CACHE_URL.startswith(("redis://", "rediss://")):
    from config.redis_cache import redis_caches

    # A Redis that refuses or hangs must cost a page a fraction of a second (it is then
    # served uncached) and a questionnaire its honest 503, never a worker's wait. Also a
    # "template_fragments" alias: a {% cache %} fragment is a miss while Redis is away.
    CACHES = redis_caches(
        CACHE_URL,
        socket_timeout=_cache_seconds("CACHE_SOCKET_TIMEOUT", 0.5),
        connect_timeout=_cache_seconds("CACHE_CONNECT_TIMEOUT", 0.5),
    )
elif CACHE_URL in ("", "db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mindfulpath_cache",
            # Copies of public pages: a fixed number of them, whatever the traffic.
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        },
        "counters": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mindfulpath_counters",
            # One count per client network and hour; Django's default of 300 would evict
            # counts during a busy hour.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
elif CACHE_URL == "locmem://":
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "counters")
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://..., db:// or locmem://, not {CACHE_URL!r}."
    )
del CACHE_URL
# Each process's own memory, for template fragments that change only with the code.
CACHES["this_process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "this-process",
}

AUTHENTICATION_BACKENDS = [
    # Refuses logins while an account is locked out, before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "config.passwords.UnlikeUsernameValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff accounts: lockout after repeated failures, cooling off by itself. Failures count
# per username whatever the address (one account guessed at from many places) and per
# address whatever the username (one password tried on many accounts). A wrong sign-in
# code counts like a wrong password (config.admin_site.StaffLoginForm).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_VERBOSE = False

# Two-factor sign-in (TOTP) for staff: on in production, off while developing.
STAFF_2FA_REQUIRED = env_bool("DJANGO_STAFF_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Mindful Path"
# The lockout above counts wrong codes; the device's own throttle would let anyone who
# knows the password make the owner's next right code fail.
OTP_TOTP_THROTTLE_FACTOR = 0
# An authenticator's key is shown only once, by `manage.py enrol_totp`; never in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff sessions end after 30 minutes idle and after 12 hours in all.
STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_COOKIE_AGE = int(timedelta(hours=12).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS: on by default in production; DJANGO_HTTPS=0 serves plain HTTP on a trusted network.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies stand in front and append to X-Forwarded-For (0: none).
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # Load balancers check health over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(timedelta(days=365).total_seconds())
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only ever sent over HTTPS, to this host, for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
# Django's defaults stand for the rest: HttpOnly, SameSite=Lax session cookies,
# X-Frame-Options DENY, nosniff, COOP same-origin, and Referrer-Policy same-origin (so a
# click from the recommendation page to a provider's site carries no private link).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Features a page could ask the browser for; the site uses none of them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
}

# The intake form is a few kilobytes; nothing posted here needs more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
INTAKE_RATE_LIMIT = env_int("INTAKE_RATE_LIMIT", 30)  # submissions per client network
INTAKE_RATE_WINDOW = timedelta(hours=1)
# "Lost your link?": requests per client network, and e-mails to one address, per window.
LINK_REQUEST_LIMIT = env_int("LINK_REQUEST_LIMIT", 5)
LINK_EMAILS_PER_ADDRESS = env_int("LINK_EMAILS_PER_ADDRESS", 3)
LINK_REQUEST_WINDOW = timedelta(hours=1)
INTAKE_RETENTION_DAYS = env_int("INTAKE_RETENTION_DAYS", 365)

TIME_ZONE = "America/New_York"
# Participants read the site in English or Spanish (US Spanish: usted, neutral Latin
# American wording); staff work in English. Catalogues: locale/ and each app's locale/,
# compiled files committed (tests/config/test_translations.py fails when one is stale).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "mp_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Program pages, providers and courses keep English and Spanish text in the same row
# (django-modeltranslation); a missing Spanish text shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# One way of writing a date and a time everywhere staff read one: "28 Nov 2026 15:33 EST".
FORMAT_MODULE_PATH = ["config.formats"]
# Django's CSRF refusal page, with the clinic's details (config/error_pages.py).
CSRF_FAILURE_VIEW = "config.error_pages.csrf_failure"
PHONENUMBER_DEFAULT_REGION = "US"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    # runserver serves files straight from the apps; no collectstatic needed while developing.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Where links in e-mails to staff point (the admin), e.g. https://intake.example.org
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Who hears about each new intake (comma separated); empty sends nothing.
INTAKE_NOTIFY_EMAILS = env_list("INTAKE_NOTIFY_EMAILS", [])
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mindful Path <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST or not DEBUG:
    # In production without EMAIL_HOST: the machine's own mail server on port 25.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 587 if EMAIL_HOST else 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST)),
                "timeout": 10,
            },
        }
    }
else:
    # `make run`: print e-mails to the console.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST

# Background work (e-mails): django.tasks. TASK_QUEUE=database keeps the queue in a table
# of this database, run by `manage.py db_worker`: a task enqueued with an intake commits
# or rolls back with it, and a notice whose worker died is sent again, so the clinic always
# hears of a crisis intake. That is the default whenever DEBUG is off. `make run` (DEBUG
# on) runs each task at once, in the request, after the commit: nothing more to start.
TASK_QUEUES = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_QUEUE = env_str("TASK_QUEUE", "immediate" if DEBUG else "database")
if TASK_QUEUE not in TASK_QUEUES:
    raise ImproperlyConfigured(
        f"TASK_QUEUE must be one of {', '.join(TASK_QUEUES)}, not {TASK_QUEUE!r}."
    )
TASKS = {"default": {"BACKEND": TASK_QUEUES[TASK_QUEUE]}}
# A failed e-mail is tried this many times in all, waiting longer each time, then left
# for a superuser in the admin ("Notifications").
NOTIFICATION_ATTEMPTS = env_int("NOTIFICATION_ATTEMPTS", 5)

# History is a record, not an undo button.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Logs carry no answers, names or e-mail addresses: nothing here logs request bodies,
# and the recommendation token is cut out of any logged path.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "config.logging.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
