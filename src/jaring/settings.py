"""Django settings for Jaring.

Everything that differs between a clerk's laptop, CI and production comes from the
environment: ``DATABASE_URL`` picks the database (SQLite under ``./var/`` when unset),
``JARING_VAR_DIR`` the folder for the database, uploads and cached reference data.
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("JARING_VAR_DIR", PROJECT_DIR / "var")).resolve()

DEBUG = os.environ.get("JARING_DEBUG", "") == "1"
# The default key is only for the embedded demo; production sets JARING_SECRET_KEY.
# (``jaring check --deploy`` refuses this default: jaring/accounts/checks.py.)
DEMO_SECRET_KEY = "jaring-demo-key-not-for-production-use"  # noqa: S105
SECRET_KEY = os.environ.get("JARING_SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("JARING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its own copy of the API documentation's scripts, served here (no CDN)
    "axes",
    # The second factor: time-based codes from an authenticator app, and recovery codes
    # (jaring/accounts/second_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "jaring.accounts",
    "jaring.riwayat",
    "jaring.jobs",
    "jaring.wilayah",
    "jaring.registry",
    "jaring.intake",
    "jaring.programs",
    "jaring.matching",
    "jaring.enrollment",
    "jaring.contributions",
    "jaring.claims",
    "jaring.pengaduan",
    "jaring.dashboard",
    "jaring.beranda",
    "jaring.backup",
    "jaring.pdp",
    "jaring.cek",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy headers (see "Headers" below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews an idle session at most once a minute (not a write per page), see there.
    "jaring.accounts.sessions.SessionRenewalMiddleware",
    "jaring.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # /api/: a query parameter named twice is refused (422), not read as its last value.
    "jaring.api.middleware.OneValuePerParameter",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which device (if any) confirmed the signed-in user's second factor in this
    # session; then Jaring's rule: a user who owes a code or an enrolment sees only
    # those pages (jaring/accounts/second_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "jaring.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who and from where, for the change history (jaring/riwayat).
    "jaring.riwayat.middleware.HistoryMiddleware",
    # After authentication, so a refusal page has the user's menu.
    "jaring.refusals.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A database that cannot be reached answers "busy, try again" (503), see jaring/busy.py.
    "jaring.busy.DatabaseBusyMiddleware",
    # Last, as django-axes requires: it turns locked-out logins into a refusal page.
    "axes.middleware.AxesMiddleware",
]

# The change history (jaring/riwayat): django-auditlog writes entries of our own model,
# which chains them by hash; changes are stored as JSON.
AUDITLOG_LOGENTRY_MODEL = "riwayat.Entri"
AUDITLOG_STORE_JSON_CHANGES = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
DATABASE_ROUTERS = ["jaring.riwayat.routers.NoAuditlogTables"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jaring.accounts.backends.PasswordBackend",
]
# Login throttling: 5 failed attempts for one username from one address lock it for
# 15 minutes; a successful login resets the counter.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session ends after 30 minutes without a request (a request renews it, at most once a
# minute: jaring.accounts.sessions) and when the browser closes: an office computer left
# signed in does not stay open all day.
SESSION_COOKIE_AGE = int(os.environ.get("JARING_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Retention of personal data (UU 27/2022; `jaring retensi`, jaring.pdp.retention): original
# import files are kept BERKAS_TAHUN years; a worker never selected and not named in any
# list for PEKERJA_TAHUN years is deleted, or anonymised where a selection or complaint
# refers to them.
JARING_RETENSI = {
    "BERKAS_TAHUN": int(os.environ.get("JARING_RETENSI_BERKAS_TAHUN", "5")),
    "PEKERJA_TAHUN": int(os.environ.get("JARING_RETENSI_PEKERJA_TAHUN", "10")),
}
# API keys end after this many days unless made with another term (jaring token create).
JARING_API_KEY_DAYS = int(os.environ.get("JARING_API_KEY_DAYS", "365"))
# The second factor (a 6-digit code from an authenticator app) is required of
# administrators, programme managers and finance officers (accounts.policy); a
# deployment that cannot yet sets JARING_OTP_REQUIRED=0 (``jaring check --deploy``
# warns). Other roles may turn it on from their account page.
JARING_OTP_REQUIRED = os.environ.get("JARING_OTP_REQUIRED", "1") != "0"
# Wrong codes (authenticator or recovery) per user: LIMIT in WINDOW_SECONDS, counted in
# the access log (accounts.audit.too_often); beyond it no code is checked until the
# window has passed.
JARING_OTP_LIMITS = {
    "LIMIT": int(os.environ.get("JARING_OTP_LIMIT", "5")),
    "WINDOW_SECONDS": int(os.environ.get("JARING_OTP_WINDOW", "900")),
}
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = os.environ.get("JARING_OTP_ISSUER", "Jaring")
# One limit on wrong codes (above), not django-otp's own per-device back-off as well.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Codes are accepted one step (30 s) either side of the server's clock, a fixed window:
# a phone keeps network time, and the window is not moved by a code from the future.
OTP_TOTP_SYNC = False
# The admin never shows a device's secret or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The two-person rule for money: a payment above this many rupiah (and every payment
# from a file) counts only once a second finance officer confirms it
# (``contributions.payments.confirm_payment``). 0 = every payment needs a second person.
JARING_PAYMENT_CONFIRM_ABOVE = int(os.environ.get("JARING_PAYMENT_CONFIRM_ABOVE", "50000000"))

# Long work (intake of large files) runs in `jaring worker`, a database-backed queue:
# no broker to install, the same on SQLite and PostgreSQL.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("JARING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Searches by NIK (or any run of digits) per user: at most LIMIT in WINDOW_SECONDS, then
# 429 (accounts.audit.log_nik_search). The access log keeps each searched NIK as an
# HMAC-SHA256 keyed with LOG_KEY (default: derived from SECRET_KEY).
# Complaints from workers (jaring/pengaduan): the office answers within DEADLINE_DAYS;
# the worker's door (form and API, no login) takes LIMIT requests per client address in
# WINDOW_SECONDS, counted in the access log so the limit holds across processes.
JARING_PENGADUAN = {
    "DEADLINE_DAYS": int(os.environ.get("JARING_PENGADUAN_DEADLINE_DAYS", "14")),
    "LIMIT": int(os.environ.get("JARING_PENGADUAN_LIMIT", "10")),
    "WINDOW_SECONDS": int(os.environ.get("JARING_PENGADUAN_WINDOW", "900")),
}

JARING_NIK_SEARCH = {
    "LIMIT": int(os.environ.get("JARING_NIK_SEARCH_LIMIT", "60")),
    "WINDOW_SECONDS": int(os.environ.get("JARING_NIK_SEARCH_WINDOW", "600")),
    "LOG_KEY": os.environ.get("JARING_NIK_LOG_KEY", ""),
}
# The worker's own status check (/cek/, POST /api/v1/cek), open without login: at most
# LIMIT checks per client address in WINDOW_SECONDS (counted in the access log, so the
# limit holds across processes). PUBLIC_URL is the address printed on participant cards
# (their QR code); empty: the address the card was downloaded from.
JARING_CEK = {
    "LIMIT": int(os.environ.get("JARING_CEK_LIMIT", "10")),
    "WINDOW_SECONDS": int(os.environ.get("JARING_CEK_WINDOW", "900")),
    "PUBLIC_URL": os.environ.get("JARING_CEK_PUBLIC_URL", ""),
}

# A running job or file renews its lease every quarter of LEASE_SECONDS; one whose lease
# ran out was left by a worker that died and is queued again, or failed with a reason
# after MAX_ATTEMPTS tries (jaring/jobs/leases.py). On SQLite the lease must be longer
# than the longest transaction.
JARING_JOBS = {
    "LEASE_SECONDS": float(os.environ.get("JARING_JOB_LEASE", "120")),
    "MAX_ATTEMPTS": int(os.environ.get("JARING_JOB_ATTEMPTS", "3")),
}

ROOT_URLCONF = "jaring.urls"
WSGI_APPLICATION = "jaring.wsgi.application"

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

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'jaring.sqlite3'}"
# Connections are kept for a minute and checked before each request reuses one, so a
# database restarted (or a connection ended by the server) costs no failed request.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database's folder exists before anything connects (a fresh
    # JARING_VAR_DIR, or ./var before `make install`).
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while a worker loads a file; IMMEDIATE avoids
    # "database is locked" upgrades in the middle of a write transaction.
    DATABASES["default"]["OPTIONS"] = {
        # A 256 MB page cache keeps the unique-NIK index of a million-row load in memory.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; "
        "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Shown times: WITA (Kalimantan Timur, Sulawesi) unless the province sets its own
# (Asia/Jakarta for WIB, Asia/Jayapura for WIT).
TIME_ZONE = os.environ.get("JARING_TIME_ZONE", "Asia/Makassar")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Static files are served from the packages themselves (no collectstatic step needed
# for a one-machine install; `jaring serve` still collects them for speed).
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Uploaded worker lists can be large; they are streamed to disk, never held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Bounds of every file an import reads (``jaring.sheet_guard.Limits``: rows, columns,
# cells, xml_bytes, file_bytes, seconds), as JSON; the defaults suit production.
JARING_SHEET_LIMITS = json.loads(os.environ.get("JARING_SHEET_LIMITS") or "{}")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Behind TLS in production set JARING_SECURE=1: cookies only over HTTPS, HSTS.
SECURE = os.environ.get("JARING_SECURE", "") == "1"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Headers ---------------------------------------------------------------------------
# Everything a page loads comes from Jaring itself: no inline script or style, no
# eval, no CDN, no frames (tests/web/test_headers.py holds every page to it, and the
# browser tests fail on any policy violation the console reports). Charts are inline
# SVG drawn with presentation attributes, which style-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# No page needs a device: every powerful feature is switched off for the page and any
# frame (django-permissions-policy).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "fullscreen",
    )
}  # fmt: skip

# Reference data that `jaring init` loads; see jaring/wilayah/sources.py.
REFERENCE_CACHE_DIR = VAR_DIR / "reference"
# The province this installation serves (Kemendagri code): what `jaring demo` builds and
# which regencies a user without a region of their own is offered in lists. Defaults to
# East Kalimantan, where Jaring began; a province that adopts it sets its own code.
JARING_PROVINSI = os.environ.get("JARING_PROVINSI", "64")

# A refused (403) or missing (404) page is logged as one line, without the traceback
# Django attaches (jaring/errors.py); server errors keep theirs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_error_traceback": {"()": "jaring.logfilters.NoClientErrorTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "jaring": {"level": "INFO"},
        "django.request": {"filters": ["no_client_error_traceback"]},
    },
}

# --- Matching ------------------------------------------------------------------------
# Pairs at or above MERGE_THRESHOLD (match probability) are the same person without
# review (`jaring dedupe` clusters there); between REVIEW_THRESHOLD and it a verifier
# decides. Defaults and the other keys: jaring/matching/linkage/config.py.
JARING_MATCHING = {
    "MERGE_THRESHOLD": float(os.environ.get("JARING_MATCH_MERGE", "0.95")),
    "REVIEW_THRESHOLD": float(os.environ.get("JARING_MATCH_REVIEW", "0.50")),
    # "spark" links the registry on Spark too (`make install-spark`; matching.linkage.engine).
    "ENGINE": os.environ.get("JARING_MATCH_ENGINE", "duckdb"),
    "SPARK_MASTER": os.environ.get("JARING_SPARK_MASTER", "local[*]"),
    # On a cluster: a folder every executor reaches (hdfs://…) for intermediate tables.
    "SPARK_CHECKPOINT_DIR": os.environ.get("JARING_SPARK_CHECKPOINT_DIR", ""),
}
# --- end matching --------------------------------------------------------------------
