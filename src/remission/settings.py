"""Django settings, read from the environment (docs/configuration.md lists every variable).

The defaults are safe for production: DEBUG off, secure cookies, strict headers. ``make run`` sets
``DEBUG=1`` for local development.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from remission.envconf import env_bool, env_int, env_list, env_secret, env_str, local_secret_key

PROJECT_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("REMISSION_DATA_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY") or local_secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "remission.web",
    "remission.accounts",
    "remission.audit",
    "remission.patients",
    "remission.outbox",
    "remission.measures",
    "remission.appointments",
    "remission.companion",
    "remission.treatments",
    "remission.planning",
    "remission.interventional",
    "remission.insights",
    "remission.rls",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "remission.web.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "remission.rls.context.ClinicContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "remission.accounts.middleware.SessionTimeoutMiddleware",
    "remission.companion.middleware.PortalLocaleMiddleware",
    "remission.web.middleware.ClinicTimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "remission.urls"
WSGI_APPLICATION = "remission.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "remission.web.context_processors.navigation",
                "remission.measures.context_processors.alerts",
            ],
            "string_if_invalid": "",
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
# SQLite by default: WAL so readers never wait for a writer, synchronous=FULL so a committed
# transaction survives an OS crash or power loss, IMMEDIATE transactions so two writers queue
# instead of failing with "database is locked" (security-targets T30, T32).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'remission.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NIST SP 800-63B rev. 4: length and a list of common/breached passwords, no composition rules,
# no forced rotation, at least 64 characters allowed (docs/security.md).
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 15)
PASSWORD_MAX_LENGTH = 256
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "remission.accounts.passwords.LengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH, "max_length": PASSWORD_MAX_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "remission.accounts.passwords.BreachedPasswordValidator",
        "OPTIONS": {"path": env_str("PASSWORD_BREACHED_LIST_FILE")},
    },
]

# Login throttling (django-axes), chosen deliberately and pinned by tests (docs/security.md):
# 5 failures for one username from one address lock that pair for 15 minutes. Locking by address
# alone would let one typo-prone colleague lock out a whole clinic behind one NAT address; locking
# by username alone would let anyone lock out any user. A separate cap of 100 failures per account
# per hour across all addresses stops distributed guessing (NIST SP 800-63B 5.2.2).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A retry during the pause does not extend it: "wait 15 minutes" stays true for the real user.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ACCOUNT_FAILURES_PER_HOUR = env_int("LOGIN_ACCOUNT_FAILURES_PER_HOUR", 100)
# Behind N trusted reverse proxies the client address is the Nth from the right of X-Forwarded-For.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "remission.web.middleware.client_ip"

# Staff sign in with a password and a time-based one-time code (TOTP, RFC 6238): HIPAA NPRM,
# ASVS 6.3.3, BSI TR-03161 O.Auth_3. Codes are single-use, accepted one 30-second step either side,
# and failed codes slow further attempts down exponentially (django-otp).
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Remission")
OTP_TOTP_THROTTLE_FACTOR = 1

# --- Sessions -------------------------------------------------------------------------------------
# Idle and absolute timeouts are enforced server-side by SessionTimeoutMiddleware (NIST SP 800-63B
# AAL2: at most 30 minutes idle and 12 hours in all; we default to 15 minutes idle).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 15))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-session" if SECURE_COOKIES else "session"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"

# --- Security headers -----------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
# After `collectstatic` (production), files are served under content-hashed names that browsers
# may cache for ever; before it (development, tests) they are served from the apps' folders.
COLLECTED_STATIC = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if COLLECTED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC

# --- E-mail ---------------------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise messages are printed to the console (development).
EMAIL_HOST = env_str("EMAIL_HOST")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_secret("EMAIL_HOST_PASSWORD") or "",
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": 20,
        },
    }
    if EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Remission <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------------
# Inline by default, so nothing else has to run; `make run` and production use the database
# backend with `manage.py db_worker` (docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
    }
}

# --- Logging --------------------------------------------------------------------------------------
# Log lines carry no patient data: the audit log is the place for who-saw-what (security-targets T21).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "remission.web.logs.RedactTokens"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The loggers that write request paths drop one-time tokens from them (T21).
        "django.request": {"filters": ["redact_tokens"]},
        "django.server": {"filters": ["redact_tokens"]},
        "django.security": {"filters": ["redact_tokens"]},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Remission ------------------------------------------------------------------------------------
# The address patients and staff use, for links in e-mails sent by background work.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Backups are encrypted with this key (32 bytes, base64); made in the data folder if not given.
BACKUP_KEY_FILE = env_str("BACKUP_KEY_FILE")
# Break-glass: how long an emergency read of a chart outside one's care team lasts (T07).
EMERGENCY_ACCESS_MINUTES = env_int("EMERGENCY_ACCESS_MINUTES", 60)
# Lists the demo clinic's accounts on the sign-in page; `make run` turns it on. Never in production.
SHOW_DEMO_LOGINS = env_bool("SHOW_DEMO_LOGINS", False)
# Rows per page in lists (patients, audit log).
PAGE_SIZE = env_int("PAGE_SIZE", 25)
# One-time sign-in links for patients and family members (security-targets T15).
SIGN_IN_LINK_MINUTES = env_int("SIGN_IN_LINK_MINUTES", 30)
SIGN_IN_LINKS_PER_HOUR = env_int("SIGN_IN_LINKS_PER_HOUR", 5)  # per e-mail address and per client
SIGN_IN_LINK_TRIES_PER_HOUR = env_int("SIGN_IN_LINK_TRIES_PER_HOUR", 20)  # token tries per client
# Invitations to a patient's support network stay valid this many days.
SUPPORT_INVITATION_DAYS = env_int("SUPPORT_INVITATION_DAYS", 7)
