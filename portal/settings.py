"""Settings for the partnership portal, read from environment variables; a bad value stops start-up
with ImproperlyConfigured naming the variable. Production runs with DEBUG off (the default);
scripts/dev.sh and the tests turn it on.

DEBUG               "1"/"true"/"yes"/"on" or "0"/"false"/"no"/"off"; default off
SECRET_KEY          required when DEBUG is off; a development key while DEBUG is on
ALLOWED_HOSTS       comma-separated; required when DEBUG is off; localhost names while DEBUG is on
DATABASE_URL        default sqlite:///<project>/db.sqlite3; postgres://user@host:5432/name for PostgreSQL
DB_CONN_MAX_AGE     seconds a database connection is kept open; default 60 with DEBUG off, 0 (one per request) while on
SQLITE_BUSY_TIMEOUT seconds a SQLite writer waits for another's write lock before giving up; default 20
MEDIA_ROOT          where uploaded files are kept with STORAGE_BACKEND=filesystem; default <project>/media
STORAGE_BACKEND     where uploaded files (evidence, import originals, pending uploads, kept draft returns) are
                    kept: filesystem (MEDIA_ROOT, the default) or s3 (an S3-compatible bucket every machine
                    shares: AWS S3, MinIO, Ceph; django-storages), which then reads
                    AWS_STORAGE_BUCKET_NAME (required), AWS_S3_ENDPOINT_URL (default AWS itself; e.g.
                    https://minio.council.internal:9000), AWS_S3_REGION_NAME (e.g. eu-west-2),
                    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (default boto3's own chain: an instance role),
                    AWS_LOCATION (a folder in the bucket; default its top) and
                    AWS_S3_ADDRESSING_STYLE (auto, path or virtual; path for most MinIO installations)
STATIC_ROOT         where collectstatic puts the static files (WhiteNoise serves them); default <project>/staticfiles
EMAIL_BACKEND       default console while DEBUG is on, SMTP otherwise; for SMTP also
                    EMAIL_HOST (localhost), EMAIL_PORT (25), EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                    EMAIL_USE_TLS (off), EMAIL_TIMEOUT (30 seconds)
MAIL_MAX_ATTEMPTS   tries of one e-mail in all before it is marked not sent (a passing failure only); default 5
MAIL_RETRY_DELAYS   comma-separated seconds before each further try, with a task worker; default 60,300,1800,3600
DEFAULT_FROM_EMAIL  sender of the portal's e-mails; default partnership-portal@localhost
PORTAL_BASE_URL     the portal's address in e-mailed links; default http://127.0.0.1:8000
AUDIT_RETENTION_DAYS  audit events older than this are deleted nightly (manage.py prune_audit); default 730; 0 keeps all
MAIL_RETENTION_DAYS   sent and not-sent outbox e-mails older than this are deleted nightly (manage.py prune_mail);
                    default 180; 0 keeps all
TASKS_BACKEND       immediate (default), dummy, db (django-tasks-db) or rq (django-tasks-rq)
REDIS_URL           Redis for TASKS_BACKEND=rq; default redis://127.0.0.1:6379/0
CACHE_URL           the cache every web process shares (the second factor's used codes and guess limits):
                    default the database (table portal_cache, made by migrate); redis://host:6379/1 for Redis
EVIDENCE_MAX_BYTES  largest evidence upload; default 10 MB
IMPORT_MAX_BYTES    largest legacy spreadsheet; default 10 MB
IMPORT_MAX_ROWS     most rows in a legacy spreadsheet; default 20,000
IMPORT_MAX_COLUMNS, IMPORT_MAX_CELLS, IMPORT_MAX_CELL_CHARS, IMPORT_MAX_TEXT_CHARS
                    reading budgets of a legacy file, checked before a row is built: a non-blank cell past
                    column 500 is refused, naming it; 1,000,000 cells; 32,767 characters a cell; 50,000,000 in all
IMPORT_READ_SECONDS, IMPORT_READ_MEMORY_MB
                    time (30 s) and added memory (1024 MB) the child process reading one file may use
IMPORT_HEADER_CHOICES  header choices offered per field in the column mapping; default 200
IMPORT_PENDING_HOURS   age after which manage.py purge_uploads deletes an upload previewed but not imported; 24
REPORT_RENDER_TIMEOUT  seconds a quarterly return may take to render; default 120
REPORT_DRAFT_STALE_SECONDS  a draft return queued or rendering for longer than this (its worker died) is
                    asked for again; default 5 x REPORT_RENDER_TIMEOUT
LOG_LEVEL           root log level; default WARNING
LOGIN_FAILURE_LIMIT failed sign-ins for one user name from one address before it is locked; default 5
LOGIN_LOCKOUT_MINUTES  how long that pair stays locked; default 15
FORWARDED_ALLOW_IPS the reverse proxies trusted to pass the client's address; default 127.0.0.1,::1
SESSION_COOKIE_AGE  seconds without a request after which a session ends; default 1800 (30 minutes)
SESSION_ABSOLUTE_AGE  seconds after signing in after which a session ends however busy; default 43200 (12 hours)
SECURE_PROXY_HEADER trust X-Forwarded-Proto: https from the reverse proxy; default on when DEBUG is off
SECURE_SSL_REDIRECT redirect plain HTTP to HTTPS; default on when DEBUG is off
SECURE_HSTS_SECONDS Strict-Transport-Security max-age; default one year when DEBUG is off, 0 (none) while on
SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD  the HSTS header's directives; default on
SECURE_COOKIES      session and CSRF cookies over HTTPS only; default on when DEBUG is off
MFA_REQUIRED        every user must have a second factor (an authenticator app or a passkey / security key) before
                    any page; a user without one is taken to set it up on signing in; default on when DEBUG is off
                    (turn off only for a demo)
OIDC_PROVIDER_URL   single sign-on through OpenID Connect, off unless set: the provider's issuer address, e.g.
                    https://login.microsoftonline.com/<tenant-id>/v2.0 for Microsoft Entra ID (the portal reads
                    <address>/.well-known/openid-configuration); then also
                    OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (the portal's registration at the provider; its redirect
                    address is <PORTAL_BASE_URL>/accounts/oidc/sso/login/callback/), and
                    OIDC_PROVIDER_NAME (the button's label, default "your organisation's account").
                    A verified e-mail address signs in the portal user who has it; nobody else, and no user is made
OIDC_TRUST_EMAILS   take every e-mail address the provider sends as verified; default off (the address must come
                    with email_verified: true). Turn on for a provider that only issues its organisation's own
                    addresses and sends no email_verified claim, as Microsoft Entra ID does, and only with a
                    single tenant's address (refused with Entra's common / organizations / consumers). With
                    Entra ID the ID token must then also carry the optional claim xms_edov: true (the address's
                    domain is verified by the tenant; add it under Token configuration), else it is refused
OIDC_TRUST_PROVIDER_MFA  a single sign-on whose ID token says the provider asked for a second factor (its amr
                    claim holds mfa, mca, otp, hwk, swk, sc, fido, ngcmfa, sms or tel) is not asked for the
                    portal's own second factor in that session; default off
"""

import datetime as dt
import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (development: DEBUG=1, as scripts/dev.sh sets it)"
        )
    SECRET_KEY = "insecure-development-key-only-used-while-DEBUG-is-on"

_hosts = os.environ.get("ALLOWED_HOSTS", "")
if _hosts:
    ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
elif DEBUG:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")

INSTALLED_APPS = [
    "ui",  # first: its sign-in and password templates replace django.contrib.admin's and allauth's
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    # Sign-in, the second factor and single sign-on (signin/ says how the portal uses them).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "signin",  # after django.contrib.auth: its admin replaces the user admin
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "django_tasks_db",
    "partnerships",
    "actions",
    "indicators",
    "reports",
    "legacy",
    "reviews",
    "part4",
    "marac",
    "schedules",
    "demo",
    "ops",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed ahead of time, stop here
    # Pages compressed on the way out (the 1,000-action plan: 470 KB, 13 KB gzipped); Django pads each
    # compressed answer with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ops.sessions.NoStoreWhenSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ops.sessions.SessionLifetimeMiddleware",  # after messages: it tells the user why they were signed out
    "signin.middleware.SecondFactorRequiredMiddleware",  # after messages too: it says why it sent the user on
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.db_busy.DatabaseBusyMiddleware",  # a write that found the database busy: 503 "try again", not 500
    "audit.middleware.DownloadAuditMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "portal.urls"

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
                "django.template.context_processors.csp",
                "partnerships.context_processors.memberships",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# Production keeps each worker's connection (checked before reuse) instead of opening one per request:
# 1.5-1.7x the action page's throughput measured with 60 against 0 (issue 13).
_conn_max_age = env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=True)}
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfigured(f"DATABASE_URL={DATABASE_URL!r} cannot be read: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (gunicorn workers, a task worker, an import) share the file. Each transaction
    # takes the write lock when it begins (IMMEDIATE), so a read-then-write inside `atomic` waits for
    # the lock instead of failing at once with "database is locked" when it tries to upgrade; WAL lets
    # readers go on while one writer writes; the busy timeout is how long a writer waits (issue 14).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of 20,000 common passwords (shipped with Django, checked case-insensitively).
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # No word of the user's partnership's, its areas' or agency's names ("Luton2024!!" for a Luton user).
    {"NAME": "ops.password_validation.PartnershipNameValidator"},
]

# Sessions end after SESSION_COOKIE_AGE seconds without a request (the expiry moves on with every
# request), SESSION_ABSOLUTE_AGE seconds after signing in however busy (ops.sessions), and when the
# browser closes (the cookie has no expiry date of its own).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_AGE", 12 * 3600)

# Sign-in lockout (django-axes, ops/lockout.py): LOGIN_FAILURE_LIMIT failures for one user name from one
# address refuse that pair for LOGIN_LOCKOUT_MINUTES; the partnership's coordinators and admins unlock a
# member on its Lockouts page (audit app), a superuser in the admin site.
AUTHENTICATION_BACKENDS = ["ops.lockout.LockoutBackend", "allauth.account.auth_backends.AuthenticationBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "ops.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "ops.lockout.client_ip"
# allauth's sign-in form names the user name "login"; the admin's and Django's forms "username".
AXES_USERNAME_CALLABLE = "signin.lockout.username"
# The reverse proxies whose X-Forwarded-For is believed (gunicorn reads the same variable).
TRUSTED_PROXIES = [p.strip() for p in (os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1").split(",")
                   if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        if _proxy != "*":
            ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"FORWARDED_ALLOW_IPS: {_proxy!r} is not an address or network") from exc

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "partnerships:home"
LOGOUT_REDIRECT_URL = "login"

# Signing in (django-allauth): by user name and password, then the second factor. Accounts are made by
# partnership admins (the admin site, membership imports), never by signing up; the lockout above is
# django-axes', so allauth's own limits on passwords are off (its 30 a minute from one address would shut
# out everyone behind a council's proxy); its count of failures by key stays for second-factor codes: 5 wrong
# codes for one user in 5 minutes and the next is refused (signin.adapters.AccountAdapter.pre_authenticate).
# The session ends with the browser (no "remember me"). Forgotten passwords and the first password of an
# imported user: Django's e-mailed link (portal/urls.py), which leads to signing in and so to setting up
# the second factor.
ACCOUNT_ADAPTER = "signin.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": "5/5m/key"}
ACCOUNT_LOGOUT_REDIRECT_URL = "login"

# The second factor (allauth.mfa): an authenticator app (TOTP) or a passkey / security key (WebAuthn), with
# recovery codes for a lost device. Required of everyone when DEBUG is off (signin.middleware).
MFA_REQUIRED = env_bool("MFA_REQUIRED", not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Partnership portal"
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow WebAuthn on http://localhost only; the tests and the development server run there.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Single sign-on (allauth.socialaccount, OpenID Connect), off unless OIDC_PROVIDER_URL is set. A sign-in
# through the provider signs in the existing portal user with that verified e-mail address, or nobody
# (signin.adapters.SingleSignOnAdapter): it never makes a user or a partnership membership.
SOCIALACCOUNT_ADAPTER = "signin.adapters.SingleSignOnAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter does the matching, and refuses what it cannot match
SOCIALACCOUNT_STORE_TOKENS = False
OIDC_PROVIDER_URL = os.environ.get("OIDC_PROVIDER_URL", "").rstrip("/")
_oidc_apps: list[dict[str, Any]] = []
if OIDC_PROVIDER_URL:
    _oidc_client_id = os.environ.get("OIDC_CLIENT_ID", "")
    _oidc_secret = os.environ.get("OIDC_CLIENT_SECRET", "")
    if not _oidc_client_id or not _oidc_secret:
        raise ImproperlyConfigured("OIDC_PROVIDER_URL is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set too")
    _oidc_apps = [{
        "provider_id": "sso",
        "name": os.environ.get("OIDC_PROVIDER_NAME") or "your organisation's account",
        "client_id": _oidc_client_id,
        "secret": _oidc_secret,
        "settings": {"server_url": OIDC_PROVIDER_URL, "oauth_pkce_enabled": True},
    }]
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": _oidc_apps}}
OIDC_TRUST_EMAILS = env_bool("OIDC_TRUST_EMAILS", False)
# Microsoft Entra ID (any of its clouds): with OIDC_TRUST_EMAILS an address is taken only when the ID token also
# says the address's domain is verified by the tenant (the optional claim xms_edov), see signin.adapters.
OIDC_PROVIDER_IS_ENTRA = (urlparse(OIDC_PROVIDER_URL).hostname or "").startswith("login.microsoftonline.")
# The provider's own second factor: a sign-in whose ID token says (amr: mfa, otp, hwk, fido...) it was made with
# one is not asked for the portal's too, for that session. Off by default: only for a provider whose policy
# requires a second factor the IT team trusts as much as the portal's.
OIDC_TRUST_PROVIDER_MFA = env_bool("OIDC_TRUST_PROVIDER_MFA", False)
# Trusting the addresses is safe only for a provider of one organisation: Entra ID's multi-tenant
# endpoints (common, organizations, consumers) accept accounts of any tenant, whose owners can put any
# address in the email claim and so be taken for a portal user ("nOAuth").
if OIDC_TRUST_EMAILS and any(f"/{tenant}/" in f"{OIDC_PROVIDER_URL}/".lower()
                             for tenant in ("common", "organizations", "consumers")):
    raise ImproperlyConfigured(
        f"OIDC_TRUST_EMAILS is on with the multi-tenant OIDC_PROVIDER_URL {OIDC_PROVIDER_URL!r}: any tenant's "
        "account could claim a portal user's address; use your own tenant's address "
        "(https://login.microsoftonline.com/<tenant-id>/v2.0)")

# British English, London time, dates written 23/11/2026, money in pounds sterling.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d %B %Y", "%d %b %Y"]
CURRENCY_SYMBOL = "£"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# The uploaded files (evidence, import originals, pending uploads, kept draft returns): every use goes through
# the Storage API (open/save/exists/listdir/delete), never a local path, so either backend serves them.
_storage_backend = (os.environ.get("STORAGE_BACKEND") or "filesystem").strip().lower()
_default_storage: dict[str, Any]
if _storage_backend == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _storage_backend == "s3":
    _bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not _bucket:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set when STORAGE_BACKEND=s3")
    _addressing = os.environ.get("AWS_S3_ADDRESSING_STYLE", "").strip() or None
    if _addressing not in {None, "auto", "path", "virtual"}:
        raise ImproperlyConfigured(f"AWS_S3_ADDRESSING_STYLE={_addressing!r}: use auto, path or virtual")
    _default_storage = {
        "BACKEND": "ops.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip() or None,
            # None: boto3's own chain (an instance or pod role, ~/.aws) finds the credentials
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "").strip() or None,
            "location": os.environ.get("AWS_LOCATION", "").strip().strip("/"),
            "addressing_style": _addressing,
            # Like the file system: a second file of the same name gets another name, never replaces the first
            # (reports/drafts.py and restore_portal rely on it).
            "file_overwrite": False,
            # Objects stay private (the bucket's own policy; no public-read ACL) and nothing links to the bucket:
            # the portal's views read each file and check the user's partnership and role first.
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND={_storage_backend!r}: use filesystem (the default) or s3")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Strict policy: every script and style is served by the portal itself; no inline code, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS. In production the portal sits behind a reverse proxy that ends TLS and says so in
# X-Forwarded-Proto (deploy/nginx-portal.conf sets it and drops any value a client sent); plain HTTP is
# redirected to HTTPS and browsers are told to use nothing else (HSTS). Development and tests run over
# plain HTTP: all of this is off while DEBUG is on, and each part can be turned off on its own.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_HEADER", not DEBUG) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's health check talks to gunicorn directly
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload directive commits nothing by itself: only a domain submitted to the browsers' preload list is.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Cookies: over HTTPS only (a cookie sent over plain HTTP could be read on the way), never readable by
# JavaScript (the portal's scripts read neither), not sent with other sites' requests.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options: dict[str, Any] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "partnership-portal@localhost")
# Every e-mail is an outbox row sent by a task (ops.mail): retried on a passing failure.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 5)
try:
    MAIL_RETRY_DELAYS = [int(part) for part in os.environ.get("MAIL_RETRY_DELAYS", "60,300,1800,3600").split(",")
                         if part.strip()]
    if not MAIL_RETRY_DELAYS:
        raise ValueError("empty")
except ValueError as exc:
    raise ImproperlyConfigured(
        f"MAIL_RETRY_DELAYS={os.environ['MAIL_RETRY_DELAYS']!r} is not a list of whole seconds (60,300,1800)") from exc
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Retention, applied nightly by portal-maintenance.service (manage.py prune_audit, prune_mail); 0 keeps everything.
# The audit log: two years, so an incident found late (a breach reported months on, a complaint, a domestic
# homicide review asking who read a file) can still be traced, and not for ever (UK GDPR: no longer than needed).
# The outbox: half a year, two quarterly rounds, whose pages say who was not e-mailed; the rows hold addresses.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
MAIL_RETENTION_DAYS = env_int("MAIL_RETENTION_DAYS", 180)
for _name, _days in (("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_DAYS), ("MAIL_RETENTION_DAYS", MAIL_RETENTION_DAYS)):
    if _days < 0:
        raise ImproperlyConfigured(f"{_name}={_days} cannot be negative (0 keeps everything)")

# Background work through Django's tasks framework. Development runs tasks at once; production
# sets TASKS_BACKEND=db (django-tasks-db: ORM-backed, workers on any machine sharing the
# database, `manage.py db_worker`) or rq (django-tasks-rq on Redis, REDIS_URL).
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "dummy": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"},
    "db": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]},
}
if _tasks_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={_tasks_backend!r}: choose one of {', '.join(_TASK_BACKENDS)}")
TASKS = {"default": _TASK_BACKENDS[_tasks_backend]}
if _tasks_backend == "rq":
    INSTALLED_APPS.append("django_rq")  # its `manage.py rqworker` runs the queued tasks
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# One cache for every process and machine: allauth keeps there the second-factor codes already used (a
# code is taken once, whichever worker sees it) and the count of wrong codes; a cache in each process
# would let a code be replayed on another worker. The database by default (ops migration 0002 makes the
# table); Redis when CACHE_URL names it.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r}: give a redis:// address, or leave it unset for the database")
else:
    # No culling in practice: past MAX_ENTRIES Django deletes keys, and with them the used codes.
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000_000},
    }}

# Uploads: evidence files on progress updates, legacy spreadsheets.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# Reading budgets (legacy/readers/tables.py): a small file that claims a huge sheet is refused at once.
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 1_000_000)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)
IMPORT_MAX_TEXT_CHARS = env_int("IMPORT_MAX_TEXT_CHARS", 50_000_000)
IMPORT_READ_SECONDS = env_int("IMPORT_READ_SECONDS", 30)
IMPORT_READ_MEMORY_MB = env_int("IMPORT_READ_MEMORY_MB", 1024)
IMPORT_HEADER_CHOICES = env_int("IMPORT_HEADER_CHOICES", 200)
IMPORT_PENDING_HOURS = env_int("IMPORT_PENDING_HOURS", 24)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Quarterly return rendering limit, in seconds.
REPORT_RENDER_TIMEOUT = env_int("REPORT_RENDER_TIMEOUT", 120)
REPORT_DRAFT_STALE_SECONDS = env_int("REPORT_DRAFT_STALE_SECONDS", 5 * REPORT_RENDER_TIMEOUT)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r}: choose DEBUG, INFO, WARNING, ERROR or CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own loggers go to the root's handler only: its default console handler (DEBUG on) printed
    # each of their records a second time. django.server (runserver's request lines) keeps its own.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}

# django-import-export only strips a leading '=' (and makes numbers text); the admin's formats
# (partnerships/admin_export.py) and every portal export write through portal.spreadsheet instead,
# which escapes every formula-like cell, look-alikes included (issue 14). Kept on as a fallback.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
