"""Settings, all from the environment (see README.md "Configuration").

Defaults suit development: SQLite, a local Redis, DEBUG on. Production sets
DJANGO_SETTINGS_MODULE=config.settings_production (or DEBUG=false plus the secrets).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from accounts.lockout import DEFAULT as LOCKOUT_DEFAULT
from accounts.lockout import lockout_parameters
from ops.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-development-key-not-for-production-use-0123456789abcdef",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # pg_trgm look-ups and indexes; harmless on SQLite
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "accounts",
    "licensing",
]

MIDDLEWARE = [
    # First: every later log line, task and audit event of the request carries its id.
    "ops.request_id.RequestIdMiddleware",
    "ops.logs.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the visitor's cookie or Accept-Language (the API honours it), then
    # LANGUAGE_CODE; a signed-in user's saved choice wins on the web pages (below).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.OfficialsNeedSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "licensing.middleware.AuditContextMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]
# How many reverse proxies in front of the web processes append to X-Forwarded-For: the
# client address (audit trail, sign-in lock-out, every rate limit) is the address the
# outermost of them saw (config/client_address.py). 0: ignore X-Forwarded-For.
# TRUST_X_FORWARDED_FOR=true, the older switch, means one proxy.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if TRUST_X_FORWARDED_FOR else 0)

# Content-Security-Policy on every response (django-csp): scripts only from our own static
# files, never inline; styles may be inline (the API docs pages and WeasyPrint templates use
# style attributes); nothing framed, no plugins, forms post only to us. Report-only with
# CSP_REPORT_ONLY=true while trying a change.
_CSP = {"DIRECTIVES": {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

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
                "accounts.context_processors.policy",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Each web thread and Celery worker keeps its connection between requests and tasks
    # (checked before reuse) instead of opening one per request: a new PostgreSQL
    # connection costs a server process and a few milliseconds of CPU (docs/performance.md).
    # 0 closes it after every request, as Django does by default.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=300)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Celery workers and the web server write concurrently; wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE"
    )
    # Tests share the database with a real Celery worker process, so it must be a file.
    # TEST_SQLITE_NAME lets concurrent test runs (several checkouts, CI jobs) use their own file.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_SQLITE_NAME", default=str(BASE_DIR / "var" / "test.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
# django-axes first: it refuses a locked-out account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lock-out (django-axes): after AXES_FAILURE_LIMIT failed attempts on one account the
# account is locked for AXES_COOLOFF_MINUTES; a successful sign-in resets the count.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# By the account, and by the account from one address; never by an address alone, which
# would lock out every colleague behind the same office address (accounts/lockout.py).
AXES_LOCKOUT_PARAMETERS = lockout_parameters(
    env.list("AXES_LOCKOUT_PARAMETERS", default=LOCKOUT_DEFAULT.split(",")))
# The client's address as TRUSTED_PROXY_COUNT says (config/client_address.py).
AXES_CLIENT_IP_CALLABLE = "config.client_address.axes_client_ip"
AXES_USERNAME_FORM_FIELD = "username"  # what LoginView and the API token view pass
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# TOTP second factor (django-otp) for officials; the issuer is what authenticator apps show.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Export Licensing")
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_TOTP_THROTTLE_FACTOR", default=1)

# Three locales (README "Languages"): Serbian in Cyrillic (the authority's own), Serbian in
# Latin script (its catalogue is transliterated from the Cyrillic one at build time:
# `manage.py transliterate_catalogue`), and English (the source strings).
LANGUAGES = [
    ("sr", "Српски (ћирилица)"),
    ("sr-latn", "Srpski (latinica)"),
    ("en", "English"),
]
# What a visitor gets whose browser asks for none of LANGUAGES and who chose nothing.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="en")
# What seed_demo and a new official account (admin) get: the authority's staff work in
# Serbian Cyrillic; each user may change it with the switcher on every page.
STAFF_LANGUAGE = env("STAFF_LANGUAGE", default="sr")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per locale: config/formats/<locale>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Uploaded documents are never served by URL: views stream them after a permission check.
MEDIA_URL = "/media-not-served/"
# Uploaded documents and licence PDFs: local disk (MEDIA_ROOT), or with STORAGE_BACKEND=s3 an
# S3-compatible bucket that every web and worker machine shares (docs/deployment.md).
STORAGE_BACKEND = env("STORAGE_BACKEND", default="local")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env("S3_BUCKET"),
        "endpoint_url": env("S3_ENDPOINT_URL", default=None),  # MinIO, Ceph, ...: their URL
        "region_name": env("S3_REGION", default=None),
        # Empty: boto3 finds credentials itself (instance role, ~/.aws, AWS_* variables).
        "access_key": env("S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
        "location": env("S3_PREFIX", default=""),
        "addressing_style": env("S3_ADDRESSING_STYLE", default=None),  # "path" for MinIO
        # Documents are private: never public objects, never overwritten in place.
        "default_acl": None, "querystring_auth": True, "file_overwrite": False,
    }}
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# An uploaded PDF whose streams decompress to more than this is refused (a decompression
# bomb); so is one with JavaScript, launch actions or embedded files (services/uploads.py).
PDF_MAX_DECOMPRESSED_BYTES = env.int("PDF_MAX_DECOMPRESSED_BYTES", default=50 * 1024 * 1024)
# Stored files no row refers to are removed by a beat job once older than this.
ORPHAN_UPLOAD_GRACE_SECONDS = env.int("ORPHAN_UPLOAD_GRACE_SECONDS", default=3600)

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A publish to a dead broker must fail fast: the sweep re-queues from the database.
# A message a worker took but never acknowledged (the worker was killed) is delivered again
# after the visibility timeout: longer than the longest task, or Redis would hand a task
# still running to a second worker. Screening does not wait for it: the stale-run sweep
# below re-sends a run that stopped within SCREENING_STALE_SECONDS + SCREENING_SWEEP_SECONDS
# (under a minute). docs/operations.md explains how the three numbers fit together.
CELERY_VISIBILITY_TIMEOUT_SECONDS = env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=900)
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                   "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS}
CELERY_TASK_PUBLISH_RETRY = False
# Lists with a configured source are re-imported this often (docs/screening.md).
LIST_REIMPORT_HOURS = env.int("LIST_REIMPORT_HOURS", default=24)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # The outbox (licensing/services/background.py): work owed while the broker was down.
    "send-owed-background-work": {
        "task": "licensing.tasks.send_owed_background_work",
        "schedule": timedelta(minutes=1),
    },
    "sweep-unscreened-requests": {
        "task": "licensing.tasks.sweep_unscreened_requests",
        "schedule": timedelta(seconds=env.int("SCREENING_SWEEP_SECONDS", default=20)),
    },
    "expire-overdue-licences": {
        "task": "licensing.tasks.expire_overdue_licences",
        "schedule": timedelta(hours=24),
    },
    "reimport-denied-party-lists": {
        "task": "licensing.tasks.reimport_denied_party_lists",
        "schedule": timedelta(hours=LIST_REIMPORT_HOURS),
    },
    "flag-overdue-delivery-verifications": {
        "task": "licensing.tasks.flag_overdue_delivery_verifications",
        "schedule": timedelta(hours=24),
    },
    "anchor-audit-chain": {  # issue 12: docs/audit-trail.md
        "task": "licensing.anchor_audit_chain",
        "schedule": timedelta(hours=env.int("AUDIT_ANCHOR_HOURS", default=24)),
    },
    "erase-expired-personal-data": {
        "task": "licensing.tasks.erase_expired_personal_data",
        "schedule": timedelta(hours=24),
    },
    "apply-referral-silence": {
        "task": "licensing.tasks.apply_referral_silence",
        "schedule": timedelta(hours=24),
    },
    "remove-orphan-uploads": {
        "task": "licensing.tasks.remove_orphan_uploads",
        "schedule": timedelta(hours=1),
    },
    "apply-export-halts-in-force": {
        "task": "licensing.tasks.apply_export_halts_in_force",
        "schedule": timedelta(hours=24),
    },
    # The case clock (licensing/case_clock.py): remind whoever holds a case past a target.
    "send-clock-reminders": {
        "task": "licensing.tasks.send_clock_reminders",
        "schedule": timedelta(hours=24),
    },
}
# The case clock's targets, in working days (DESIGN.md: 20 overall).
CLOCK_TARGETS = {
    "screening": env.int("CLOCK_TARGET_SCREENING", default=1),
    "officer": env.int("CLOCK_TARGET_OFFICER", default=12),
    "special_approval": env.int("CLOCK_TARGET_SPECIAL_APPROVAL", default=5),
    "overall": env.int("CLOCK_TARGET_OVERALL", default=20),
    "appeal": env.int("CLOCK_TARGET_APPEAL", default=20),
}
# A denied applicant may appeal within this many calendar days of the denial.
APPEAL_PERIOD_DAYS = env.int("APPEAL_PERIOD_DAYS", default=28)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="licensing")
# Sent outbox rows are kept this long (for inspection), then deleted by the sweep.
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# A screening run still "running" this long after it started is taken for lost (its worker
# died) and sent again; a duplicate of a run that is in fact alive waits for its row lock and
# then finds it completed. A run still "queued" this long after it was recorded (its message
# was lost, or Redis was down) is sent again too.
SCREENING_STALE_AFTER = timedelta(seconds=env.int("SCREENING_STALE_SECONDS", default=40))
SCREENING_QUEUED_GRACE = timedelta(seconds=env.int("SCREENING_QUEUED_GRACE_SECONDS", default=30))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": ["licensing.api.parsers.JSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "licensing.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "30/minute"},
    # The same client address as everything else (config/client_address.py); unset, DRF
    # would count the whole X-Forwarded-For header, which the client writes.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# API tokens (accounts/tokens.py): each sign-in issues a new one, replacing the old; a
# token stops working this long after it was issued, or when the password changes.
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=24 * 7)

# JSON request bodies (licensing/api/parsers.py): larger or deeper ones get 400.
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=1024 * 1024)
API_MAX_JSON_DEPTH = env.int("API_MAX_JSON_DEPTH", default=20)

SPECTACULAR_SETTINGS = {
    "TITLE": "Export Licensing API",
    "DESCRIPTION": "Shipment requests, screening, special approval and licences.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"CountryCodeEnum": "django_countries.countries",
                            "ControlCategoryEnum": "licensing.models.ControlCategory",
                            "AdviceOutcomeEnum": "licensing.models.Advice.Outcome",
                            "AssessmentOutcomeEnum": "licensing.models.Assessment.Outcome"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="licensing@export-authority.example")

LICENCE_VALIDITY_DAYS = env.int("LICENCE_VALIDITY_DAYS", default=365)
# Bounds on one request (licensing/limits.py): larger ones get 400 with field messages.
MAX_PARTIES_PER_REQUEST = env.int("MAX_PARTIES_PER_REQUEST", default=20)
MAX_ITEMS_PER_REQUEST = env.int("MAX_ITEMS_PER_REQUEST", default=50)
MAX_DOCUMENTS_PER_REQUEST = env.int("MAX_DOCUMENTS_PER_REQUEST", default=30)
# A licence's validity may be set at most this far ahead.
LICENCE_MAX_VALIDITY_DAYS = env.int("LICENCE_MAX_VALIDITY_DAYS", default=5 * 365)
# The reference snapshots shipped with the repository (data/README.md).
REFERENCE_DATA_DIR = env("REFERENCE_DATA_DIR", default=str(BASE_DIR / "data"))

# Denied-party lists and screening (docs/screening.md).
# An import with fewer entries than (1 - this) x the live version's is refused.
LIST_MAX_SHRINK_FRACTION = env.float("LIST_MAX_SHRINK_FRACTION", default=0.2)
LIST_FETCH_TIMEOUT_SECONDS = env.int("LIST_FETCH_TIMEOUT_SECONDS", default=60)
LIST_FETCH_MAX_BYTES = env.int("LIST_FETCH_MAX_BYTES", default=500 * 1024 * 1024)
# The built name index is kept here for the next process (empty: do not keep it).
NAME_INDEX_DIR = env("NAME_INDEX_DIR", default=str(BASE_DIR / "var" / "name-index"))
# An end-user certificate expiring sooner than this after screening cannot plausibly cover
# a licence and shipment: a medium finding.
EUC_MIN_REMAINING_DAYS = env.int("EUC_MIN_REMAINING_DAYS", default=60)

# Licence documents, public verification, proof of delivery (docs/licences-and-halts.md).
AUTHORITY_NAME = env("AUTHORITY_NAME", default="National Export Control Authority")
AUTHORITY_ADDRESS = env("AUTHORITY_ADDRESS",
                        default="Ministry of Trade, 1 Government Square, Capital City")
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
LICENCE_SIGNING_KEY = env("LICENCE_SIGNING_KEY",
                          default=str(BASE_DIR / "var" / "signing" / "licence-signing-key.pem"))
LICENCE_SIGNING_CERT = env("LICENCE_SIGNING_CERT",
                           default=str(BASE_DIR / "var" / "signing" / "licence-signing-cert.pem"))
LICENCE_SIGNING_KEY_PASSPHRASE = env("LICENCE_SIGNING_KEY_PASSPHRASE", default="")
# The audit trail's proof (docs/audit-trail.md): MAC keys ("id:secret,..."; without them a
# key derived from SECRET_KEY), the key sealing new events, and where signed anchors go.
AUDIT_MAC_KEYS = env("AUDIT_MAC_KEYS", default="")
AUDIT_MAC_KEY_ID = env("AUDIT_MAC_KEY_ID", default="")
AUDIT_ANCHOR_DIR = env("AUDIT_ANCHOR_DIR", default=str(BASE_DIR / "var" / "audit-anchors"))
# Personal data of requests closed longer than this is erased (0: never).
RETENTION_PERSONAL_DATA_DAYS = env.int("RETENTION_PERSONAL_DATA_DAYS", default=0)
DVC_DUE_DAYS = env.int("DVC_DUE_DAYS", default=90)
# Public verification (HTML page and JSON endpoint), per client address.
PUBLIC_VERIFY_RATE = env("PUBLIC_VERIFY_RATE", default="30/minute")
# Shared between processes (rate limits, DRF throttling): Redis; in-process only without it.
# With Redis unreachable the cache degrades (a miss, a dropped write) instead of failing
# the request (config/cache.py); short timeouts keep a dead Redis from stalling requests.
CACHES = {"default": {"BACKEND": "config.cache.ResilientRedisCache",
                      "LOCATION": REDIS_URL, "KEY_PREFIX": "licensing",
                      "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
          if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Health, readiness and metrics (ops/, docs/deployment.md).
READYZ_WORKER_TIMEOUT = env.float("READYZ_WORKER_TIMEOUT", default=1.0)
# A list may be this late for its re-import before /readyz says so (fetch retries, slow days).
READYZ_LIST_GRACE = timedelta(hours=env.int("READYZ_LIST_GRACE_HOURS", default=6))
METRICS_ENABLED = env.bool("METRICS_ENABLED", default=False)
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# One JSON object per line with the request id (ops/logs.py); LOG_FORMAT=text for people.
LOGGING = logging_config(env("LOG_LEVEL", default="INFO"), env("LOG_FORMAT", default="json"))
# Celery workers log through the same configuration instead of their own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Probes and scrapes come from inside the network, often over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
