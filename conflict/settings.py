"""Settings for the conflict events service.

Everything that differs between deployments is read from the environment through the typed
helpers in ``conflict.env``. With no ``DATABASE_URL`` and no ``CELERY_BROKER_URL`` the service
runs on the embedded default: a SQLite file under ``var/`` and Celery tasks executed in-process.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from conflict.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

_secret = env_str("SECRET_KEY")
if not _secret:
    if not DEBUG and env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production (REQUIRE_SECRET_KEY=true).")
    # Development and tests only: a per-checkout key, never shared, never a production default.
    VAR_DIR.mkdir(exist_ok=True)
    _key_file = VAR_DIR / "dev-secret-key"
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50))
    _secret = _key_file.read_text().strip()
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    # Swagger UI as static files of our own (pinned in requirements.in): /api/docs/ loads
    # nothing from a CDN, so it works offline. (ReDoc is not routed: its page template fetches
    # web fonts and a logo from outside servers.)
    "drf_spectacular_sidecar",
    "simple_history",
    "actors",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "conflict.api.middleware.QueryStringGuard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost, so it sees the exceptions of views: a database outage answers 503, not 500.
    "conflict.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "conflict.urls"
WSGI_APPLICATION = "conflict.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "conflict" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED_DATABASE = DATABASE_URL is None
if EMBEDDED_DATABASE:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while an in-process task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A database host that drops packets would otherwise hold each request for the operating system's
# TCP timeout (minutes); this bounds the wait, after which the request answers 503.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3, minimum=1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DB_CONNECT_TIMEOUT
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
EMBEDDED_TASKS = CELERY_BROKER_URL is None
# Without a broker, tasks run in the web process as soon as they are sent (the embedded default).
CELERY_TASK_ALWAYS_EAGER = EMBEDDED_TASKS
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it finished, so a worker killed mid-task leaves it in the
# queue for another worker; the article's claim (see events.services.articles) stops double work.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Each prefetched message is one a worker killed with SIGKILL takes down with it: Redis gives it
# back only after the visibility timeout. With 1, a worker holds only what it is running (and
# claimed, so the lease brings it back within seconds; see docs/reliability.md).
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1, minimum=1)
# A broker that refuses connections, or accepts them and never answers, must cost a request well
# under a second: the article is stored before the enqueue, and the sweep sends what could not be
# sent. So: short connect and socket timeouts, no reconnection loop, no publish retries (redis-py
# reconnects by itself when a pooled connection was closed by the server).
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 0.5)
CELERY_BROKER_SOCKET_TIMEOUT = env_float("CELERY_BROKER_SOCKET_TIMEOUT", 0.5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Must exceed the longest task and the longest retry countdown (300 s): an unacknowledged
    # message is delivered again after this. Messages a dead worker held come back through the
    # claim lease and the sweep long before (events.services.articles).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900, minimum=60),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-articles": {
        "task": "events.tasks.sweep_stale_articles",
        "schedule": env_float("SWEEP_INTERVAL_SECONDS", 15.0),
    },
}

# A worker's claim on an article is a lease: it renews it every third of this while it works, so
# a claim not renewed for this long belongs to a dead worker and may be taken over.
ARTICLE_CLAIM_TIMEOUT_SECONDS = env_int("ARTICLE_CLAIM_TIMEOUT_SECONDS", 30, minimum=5)
# A worker stops renewing after this long on one article (a stuck task), so another can take it.
ARTICLE_MAX_PROCESSING_SECONDS = env_int("ARTICLE_MAX_PROCESSING_SECONDS", 600, minimum=10)
# An article left queued this long without being claimed is sent again by the sweep (its message
# was lost: the broker was down when it was stored, or a dead worker held it).
ARTICLE_REQUEUE_SECONDS = env_int("ARTICLE_REQUEUE_SECONDS", 300, minimum=5)
ARTICLE_MAX_ATTEMPTS = env_int("ARTICLE_MAX_ATTEMPTS", 5, minimum=1)
# Whether places added by `import_gazetteer` feed the extractor's dictionary (see
# events.services.extraction.dictionary_entities): off until ambiguous names are handled.
EXTRACTION_IMPORTED_PLACES = env_bool("EXTRACTION_IMPORTED_PLACES", False)
# The extractor emits a candidate event only when the confidence model gives it at least this
# probability (events/extraction/stages/scoring.py). The default is the highest threshold at which
# no scored fixture set and not the dev corpus scores lower than with every candidate emitted
# (docs/extraction.md, "Confidence").
EXTRACTION_MIN_CONFIDENCE = env_float("EXTRACTION_MIN_CONFIDENCE", 0.3)
if not 0.0 <= EXTRACTION_MIN_CONFIDENCE <= 1.0:
    raise ImproperlyConfigured(f"EXTRACTION_MIN_CONFIDENCE={EXTRACTION_MIN_CONFIDENCE} is not between 0 and 1.")
# The folder where `train_extractor --install` writes confidence models (confidence-<N>.json);
# the highest N of this folder and the package's shipped models is the one used. Empty: the
# package's own folder.
EXTRACTION_MODELS_DIR = env_str("EXTRACTION_MODELS_DIR", "") or ""
ARTICLE_MAX_TEXT_BYTES = env_int("ARTICLE_MAX_TEXT_BYTES", 1_000_000, minimum=1_000)
FETCH_TIMEOUT_SECONDS = env_float("FETCH_TIMEOUT_SECONDS", 10.0)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5_000_000, minimum=10_000)
# Only for tests against a local HTTP server: lets fetches reach loopback addresses.
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 60_000_000, minimum=1_000_000)

# --- REST framework -------------------------------------------------------------------------
API_ANONYMOUS_READ = env_bool("API_ANONYMOUS_READ", True)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["conflict.api.permissions.ReadAccess"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["conflict.api.parsers.LimitedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "conflict.api.negotiation.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "conflict.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "conflict.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "conflict.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "conflict.api.throttling.AnonRateThrottle",
        "conflict.api.throttling.UserRateThrottle",
    ],
    # Anonymous clients are throttled by address. Behind N reverse proxies, the address is the
    # N-th from the right in X-Forwarded-For; with 0 (no proxy) the header is ignored, so a
    # client cannot pick a new address for each request by sending one.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0, minimum=0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("THROTTLE_ANON", "600/minute"),
        "user": env_str("THROTTLE_USER", "6000/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Conflict events API",
    "DESCRIPTION": "Structured, reviewed conflict events extracted from Arabic and English news.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "conflict.api.schema.document_common_answers",
    ],
}

# --- Cache (dictionary versions, throttling) ------------------------------------------------
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL")
# A Redis that accepts connections and never answers costs one timeout, after which
# conflict.cache.FailOpenCache goes on without the cache for a few seconds.
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": env_float("REDIS_CACHE_CONNECT_TIMEOUT", 0.5),
    "socket_timeout": env_float("REDIS_CACHE_SOCKET_TIMEOUT", 0.5),
}
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- i18n, static ---------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise warns about a missing root before the first collectstatic (tests, first start).
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if DEBUG or "pytest" in sys.modules:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- HTTPS (all off by default, for development; production values in docs/reliability.md) --
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The health check is probed over plain HTTP inside the deployment (Docker, load balancers).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not a logging level.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

_log = logging.getLogger("conflict.settings")

# --- Ingestion API (appended by the ingestion work) -----------------------------------------
# The largest request body for one article (413 above it); a batch may use up to
# DATA_UPLOAD_MAX_MEMORY_SIZE.
ARTICLE_MAX_REQUEST_BYTES = env_int("ARTICLE_MAX_REQUEST_BYTES", 12_000_000, minimum=100_000)

# --- Review desk map (appended by the review work) ------------------------------------------
# Tile URL template for the small map on the admin's event page, for example
# "https://tile.openstreetmap.org/{z}/{x}/{y}.png". Empty means no tiles: just the marker on a
# blank map, so tests and offline deployments never call an outside tile server.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")

# --- Consumers' API schema (appended by the API work) ---------------------------------------
# Several models have a `kind` with different choices; name their OpenAPI enums explicitly.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "ActorKindEnum": "actors.choices.ActorKind",
    "AliasKindEnum": "actors.choices.AliasKind",
    "LocationKindEnum": "events.choices.LocationKind",
    "CrossingKindEnum": "events.choices.CrossingKind",
}

# --- Consumers' API page cache ------------------------------------------------------------
# Read answers (event pages and details, statistics, the dictionaries) are cached under the
# data version (events.models.DataVersion), which database triggers bump with every committed
# change, so a cached answer is never stale. Entries expire after this many seconds (old
# versions' entries are garbage); 0 turns the cache off. Use a shared cache (REDIS_CACHE_URL)
# with several server processes, or each keeps its own.
API_PAGE_CACHE_SECONDS = env_int("API_PAGE_CACHE_SECONDS", 600, minimum=0)
# Answers larger than this many bytes are not cached (a page of 500 events with its evidence).
API_PAGE_CACHE_MAX_BYTES = env_int("API_PAGE_CACHE_MAX_BYTES", 1_000_000, minimum=0)

# --- Celery workers' database connections (appended by the ingestion work) -----------------
# Celery's Django fix-up closes the database connection before and after every task unless
# this is set, so each article paid for a new PostgreSQL connection (a backend fork and an
# authentication). Workers keep it instead (events.tasks closes it when unusable or older than
# DB_CONN_MAX_AGE) and Celery forces a reconnect only every this many tasks.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000, minimum=0)
