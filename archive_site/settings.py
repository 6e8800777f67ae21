"""Settings for Briefing Archive, read from the environment.

Every value comes from an environment variable through the small typed helpers
below, which fail loudly on a value they cannot read: a typo in production should
stop the server, not quietly fall back to a default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """Return the variable's value, or the default when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable: 1/true/yes/on or 0/false/no/off."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a yes/no value (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    """Read a whole number."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (make run and make test set DEBUG=1)."
        )
    # Only for DEBUG runs outside scripts/dev.py (which passes the key it keeps in
    # .data/secret_key so sessions survive restarts): a throwaway key for this process.
    SECRET_KEY = "insecure-development-key-" + os.urandom(16).hex()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Links in citations, feeds and sitemaps name this address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "briefings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Health probes answer here, with the headers above but before the host check,
    # sessions and the database router.
    "archive_site.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so its redirects carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "archive_site.replicas.ReadYourWritesMiddleware",
    # After the view, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
    # Last, so it sees which view answers (its process_view) and the finished response.
    "briefings.caching.PublicPageCache",
]

ROOT_URLCONF = "archive_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "archive_site.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. `make run` and `make test` provide one; otherwise point it "
        "at a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/briefings"
    )
# Persistent connections, checked before reuse, so a restarted PostgreSQL costs a
# reconnect rather than an error (CONN_MAX_AGE below).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Briefing Archive runs on PostgreSQL only; DATABASE_URL must be postgres://…"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# In development and tests files are served from static/ directly; no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Transcript uploads in the admin: per-file and per-upload limits in bytes.
UPLOAD_MAX_FILE_BYTES = env_int("UPLOAD_MAX_FILE_BYTES", 5 * 1024 * 1024)
UPLOAD_MAX_TOTAL_BYTES = env_int("UPLOAD_MAX_TOTAL_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_TOTAL_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_FILE_BYTES

# The read API and the exports (see briefings/api/ and the README's "Data for research").
# Anyone may read them from any origin: they are public, read-only and carry no cookies.
CORS_URLS_REGEX = r"^/(api/|search/export\.)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Requests per client (by address) and minute; counted in the default cache, which every
# worker shares when the cache is shared (Redis), so the limit holds across workers.
API_RATE = env_str("API_RATE", "120/minute")
EXPORT_RATE = env_str("EXPORT_RATE", "20/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Public and read-only: no sessions, so no CSRF and answers that caches may share.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["briefings.api.throttles.ClientRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The address of the client behind this many proxies (X-Forwarded-For), for throttling.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0) or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Briefing Archive API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "Language": "briefings.models.LANGUAGES",
        "EntityKind": "briefings.models.Entity.Kind",
        "StatementKind": "briefings.models.Statement.Kind",
    },
    # What the documentation page shows first: how to page and filter, and examples to copy,
    # written with this archive's own address.
    "DESCRIPTION": (BASE_DIR / "briefings" / "api" / "description.md")
    .read_text("utf-8")
    .replace("https://ARCHIVE", SITE_URL),
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Caching (briefings/caching.py, docs/benchmarks.md): whole public pages in the shared
# cache, keyed on the archive's version number, which every write raises; ETag and
# Cache-Control on every public page. Redis when REDIS_URL is set (shared by every worker
# and app server; also counts the API's throttling), else each process's own memory.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering must not hold pages up: give up quickly and
            # serve uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Seconds browsers and proxies may keep a page before revalidating it by its ETag:
# permalinks (a briefing, an exchange) long, lists (home, archives, topics, search) short.
PERMALINK_MAX_AGE = env_int("PERMALINK_MAX_AGE", 3600)
LIST_MAX_AGE = env_int("LIST_MAX_AGE", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Fetching briefings from their sources' sites (`fetch_briefings`). The User-Agent names
# the archive and where its keepers can be reached, so a site's operators can ask.
FETCH_CONTACT_URL = env_str("FETCH_CONTACT_URL") or SITE_URL
FETCH_USER_AGENT = env_str("FETCH_USER_AGENT", f"BriefingArchive/0.1 (+{FETCH_CONTACT_URL})")
# Seconds to wait for a connection or for the next bytes of an answer.
FETCH_TIMEOUT = env_int("FETCH_TIMEOUT", 30)
# Tries after the first on a 429, a 5xx, a timeout or a dropped connection, waiting
# longer each time (and as long as Retry-After asks), never more than FETCH_BACKOFF_MAX s.
FETCH_RETRIES = env_int("FETCH_RETRIES", 3)
FETCH_BACKOFF = env_int("FETCH_BACKOFF", 5)  # the second retry's wait; doubled after
FETCH_BACKOFF_MAX = env_int("FETCH_BACKOFF_MAX", 120)
# The fetcher reports a page that failed after its retries in words; urllib3's own
# warning at each retry would only add noise to a cron mail.
LOGGING["loggers"] = {"urllib3": {"level": "ERROR"}}

# --- Production safety: transport, headers, the admin's door, several machines ---

# HTTPS everywhere outside DEBUG. The health probes are exempt: compose and load
# balancers ask for them over plain HTTP inside the private network.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to hard-code the domain as HTTPS-only is the domain owner's decision
    # (and slow to undo), so it stays off unless SECURE_HSTS_PRELOAD=1 says otherwise.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# never inline, so a script smuggled into a transcript cannot run even if it slipped
# past escaping. frame-ancestors 'none' is X-Frame-Options for current browsers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features the archive never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# The admin's address, so that it is not where every scanner looks first.
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins from one
# address the login answers 429 for AXES_COOLOFF_HOURS; the operator sees each attempt
# and lockout under Axes in the admin and lifts one by deleting its access attempt.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
# Behind the front proxy every request comes from the proxy: the reader's address is the
# one the proxy appended to X-Forwarded-For (NUM_PROXIES, as the API's throttling reads it).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "archive_site.clients.client_address"

# Read replicas: public reads go to them, writes and editors to the primary.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", [])
for number, replica_url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{number}"] = dj_database_url.parse(
        replica_url, conn_max_age=env_int("CONN_MAX_AGE", 600), conn_health_checks=True
    )
    # Tests read the replica through the primary's connection unless a test says otherwise.
    DATABASES[f"replica{number}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["archive_site.replicas.PrimaryReplicaRouter"]
# How long after a write its author keeps reading from the primary (replication lag).
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 10)
