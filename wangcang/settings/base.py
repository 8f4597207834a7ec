"""Settings shared by every environment, read through one django-environ ``env``.

With no environment variable set the portal runs on the embedded default: an SQLite file
in the project folder, Celery tasks executed eagerly in-process, e-mail on the console.
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` (or ``CELERY_BROKER_URL``) to a
real broker with workers and beat, and a cache on Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wangcang",
    "orgs",
    "incubator",
    "services",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wangcang.middleware.IdleSessionMiddleware",
    "wangcang.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wangcang.dbrouter.PrimaryAfterWriteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wangcang.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wangcang.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wangcang.urls"
WSGI_APPLICATION = "wangcang.wsgi.application"
ASGI_APPLICATION = "wangcang.asgi.application"

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
                "wangcang.context_processors.portal",
            ],
        },
    },
]

# Django's form renderer with the options of a select written in Python (wangcang/formrenderer.py).
FORM_RENDERER = "wangcang.formrenderer.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections, checked before reuse: a request does not pay for a new
# PostgreSQL connection (a few milliseconds and a backend process each).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers while a background import writes; wait rather than fail. A
    # transaction takes the write lock when it begins (IMMEDIATE), so that two writers queue
    # on the busy timeout instead of one failing at once when it upgrades its read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # The indicator aggregates are short queries over many rows; PostgreSQL's JIT spends more
    # time compiling them than running them (bench/indicators.py: province 1.7 s → 0.8 s).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if env("DATABASE_REPLICA_URL", default=""):
    # A streaming replica of the primary: dashboards, reports, exports and the nightly
    # statistics read from it (wangcang.dbrouter); in tests it mirrors the primary.
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["wangcang.dbrouter.ReplicaRouter"]
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "wangcang.User"
KNOX_TOKEN_MODEL = "wangcang.ApiToken"
# knox's own migrations create its token table even when the model is swapped for ours; the
# table would hold a foreign key to users that nothing flushes (PostgreSQL then refuses to
# TRUNCATE the users). Without its migrations, the swapped model gets no table at all.
MIGRATION_MODULES = {"knox": None}
# AxesBackend only checks the lockout (and, being a ModelBackend, loads session users);
# ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two-factor sign-in (django-otp, time-based codes): the roles listed here must set up an
# authenticator app before they can use the portal, e.g. OTP_REQUIRED_ROLES=staff,official
# (superusers count as staff). Anyone who set one up is asked for its code after the password.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="旺苍县总工会")
OTP_BACKUP_CODES = 10
# A password-reset link is valid for a day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A session ends after 30 idle minutes. Requests push the expiry forward at most once a
# minute (wangcang.middleware.IdleSessionMiddleware), not with a write on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout. Behind a reverse proxy the client address is read from X-Forwarded-For,
# counting the trusted proxies from the right; otherwise every user would share the
# proxy's address and one attacker would lock everybody out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "wangcang.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "wangcang.views.lockout_response"

LANGUAGE_CODE = "zh-hans"
# Each language named in itself, in every language (the menu shows these names untranslated).
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A filter left empty shows every record: its empty choice says so (全部), not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
FORMAT_MODULE_PATH = ["wangcang.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded evidence is private: kept outside the static tree and served only by views
# that check who may see it. By default outside the source tree too, so that a new
# checkout, `make clean` or `git clean` never touches it: ~/.local/share/wangcang/media.
DATA_HOME = Path(env("XDG_DATA_HOME", default=str(Path.home() / ".local" / "share"))) / "wangcang"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_HOME / "media")))
BACKUP_ROOT = Path(env("BACKUP_ROOT", default=str(DATA_HOME / "backups")))
# Generated exports and report files older than this are deleted by the nightly prune
# (the newest file of each report is kept); uploaded import workbooks go when the import ends.
GENERATED_FILES_RETENTION_DAYS = env.int("GENERATED_FILES_RETENTION_DAYS", default=30)
# Claimed form tokens and API Idempotency-Keys are kept this long (a repeat within it writes once).
WRITE_ONCE_RETENTION_DAYS = env.int("WRITE_ONCE_RETENTION_DAYS", default=7)
MEDIA_URL = "/media/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="旺苍县总工会 <noreply@localhost>")

# Text messages: the console backend prints them; a provider's gateway is
# "wangcang.sms.HttpBackend" with its URL and key (wangcang/sms.py).
SMS_BACKEND = env("SMS_BACKEND", default="wangcang.sms.ConsoleBackend")
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_KEY = env("SMS_HTTP_KEY", default="")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)

REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
if CELERY_BROKER_URL:
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # Embedded default: tasks run in the calling process, no broker needed.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
# Where background jobs (imports, PDF, large exports) run: Celery workers with a broker; on
# the embedded default a thread pool in the web process, so the page that starts a job
# answers at once and shows its progress (docs/decisions.md). Other tasks stay eager there.
BACKGROUND_JOB_RUNNER = env("BACKGROUND_JOB_RUNNER", default="thread" if CELERY_TASK_ALWAYS_EAGER else "celery")
BACKGROUND_JOB_THREADS = env.int("BACKGROUND_JOB_THREADS", default=2)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Every task is acknowledged only after it ran, and put back in the queue when its worker
# dies, so it must be safe to run twice. The soft limit raises inside the task (its job is
# failed with a message), the hard limit kills it; the broker hands an unacknowledged
# message to another worker only after the visibility timeout, which must therefore be
# longer than the hard limit or a slow task would run twice at once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT - 5 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 10 * 60}
CELERY_RESULT_EXPIRES = timedelta(days=1)
# With the broker down, queueing gives up after about a second (the job is then failed with
# a message) instead of holding the web request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Two queues, so that a long statistics run never delays a user's PDF, export or import:
# run workers with `-Q interactive` and `-Q statistics` (docs/deployment.md). A worker
# started without -Q consumes both.
CELERY_TASK_QUEUES = (Queue("interactive"), Queue("statistics"))
CELERY_TASK_DEFAULT_QUEUE = "interactive"
CELERY_TASK_ROUTES = {"reports.tasks.compute_snapshots": {"queue": "statistics"}}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    # The token scheme first: its WWW-Authenticate header turns an anonymous request's
    # answer into 401 (with the session scheme first it would be 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "wangcang.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wangcang.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "旺苍县工会社会组织服务平台 API",
    "DESCRIPTION": "Registry, self-reporting, incubator, funds, purchased services and indicators.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["wangcang.api.SchemaAccess"],
    "ENUM_NAME_OVERRIDES": {
        "TrackedIssueStatusEnum": "orgs.cohesion.models.TrackedIssue.Status",
        "ConfirmationStatusEnum": "services.models.Delivery.Status",
        "OrganizationKindEnum": "orgs.models.Organization.Kind",
        "IndustryEnum": "orgs.models.Organization.Industry",
        "SecondmentKindEnum": "orgs.cohesion.models.Secondment.Kind",
        "SupportEntryKindEnum": "incubator.models.SupportEntry.Kind",
        "SpaceKindEnum": "incubator.models.Space.Kind",
        "MentoringServiceKindEnum": "incubator.models.MentoringSession.ServiceKind",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "wangcang.api.document_errors"],
}
# API tokens (django-rest-knox): stored hashed, several per user, each expiring.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# The schema and Swagger UI describe every resource: only for signed-in users unless opened.
API_SCHEMA_PUBLIC = env.bool("API_SCHEMA_PUBLIC", default=False)

# "production" under wangcang.settings.production: the demo loader refuses to run there.
PORTAL_ENVIRONMENT = "development"
# Content-Security-Policy (django-csp): no inline script or style attribute, nothing from
# another origin (the portal runs offline). Scripts live in static/; a rare inline block
# carries ``nonce="{{ request.csp_nonce }}"``. ECharts and Bootstrap set element.style from
# JavaScript, which a CSP does not restrict; but ECharts' HTML tooltip writes style attributes
# into its markup, which it does: the charts draw their tooltips on the canvas
# (``renderMode: "richText"``), tested by hovering in tests/e2e/test_csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Powerful browser features the portal never uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), serial=(), xr-spatial-tracking=()"
)

# The portal's brand: a deployment for another county (or a city running several) names
# itself through the environment; the defaults are Wangcang's own.
PORTAL_NAME = env("PORTAL_NAME", default="") or _("Wangcang County Trade Union Social Organization Service Platform")
PORTAL_SHORT_NAME = env("PORTAL_SHORT_NAME", default="") or _("Wangcang union portal")
PORTAL_OWNER = env("PORTAL_OWNER", default="") or _("Wangcang County Federation of Trade Unions")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Money out of a fund above this many yuan is approved by a second staff member.
FUNDS_PAYOUT_COUNTERSIGN_ABOVE = env.int("FUNDS_PAYOUT_COUNTERSIGN_ABOVE", default=50000)
