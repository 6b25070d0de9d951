"""One settings object for the whole app, read from the environment (and `.env`).

Everything that differs between a laptop, CI and a scaled-out deployment lives here, so the
code paths are the same and only these values change.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from engnest.platform import keyfile

ROOT = Path(__file__).resolve().parents[2]
# Spellings of this machine's address that reach the same server on the same port (`reflex run` prints 0.0.0.0).
LOOPBACK_ALIASES = ("localhost", "127.0.0.1", "0.0.0.0")


def origin_of(url: str) -> str:
    """`scheme://host[:port]` as a browser sends it in the Origin header (default ports left out)."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_file_encoding="utf-8")

    env: Literal["dev", "test", "prod"] = Field("dev", alias="ENGNEST_ENV")
    data_dir: Path = Field(ROOT / "data", alias="ENGNEST_DATA_DIR")
    database_url: str | None = Field(None, alias="DATABASE_URL")
    redis_url: str | None = Field(None, alias="REDIS_URL")
    redis_prefix: str = Field("engnest", alias="REDIS_PREFIX", description="Namespace for our own Redis keys")
    # Keys the session hashes and signs dev payment links. Unset (dev, test): a random key generated on first
    # start and kept in the data dir (`secret_key`, mode 0600). Required in prod (every host must share it).
    secret_key_setting: str | None = Field(None, alias="SECRET_KEY", min_length=keyfile.MIN_KEY_LENGTH)

    # Public URLs: where browsers reach the frontend and the backend (same origin in single-port mode).
    # PUBLIC_URL unset: http://localhost:<PORT> (the port `make run` serves on).
    port: int = Field(3000, alias="PORT", ge=1, le=65535)
    public_url: str = Field("", alias="PUBLIC_URL")
    api_url: str | None = Field(None, alias="API_URL")
    cookie_secure: bool = Field(False, alias="COOKIE_SECURE")

    # Accounts and sessions.
    bcrypt_rounds: int = Field(12, alias="BCRYPT_ROUNDS", ge=4, le=16)
    session_idle_minutes: int = Field(60 * 24 * 7, alias="SESSION_IDLE_MINUTES", gt=0)
    session_absolute_days: int = Field(30, alias="SESSION_ABSOLUTE_DAYS", gt=0)
    # Sign-in throttling (services/login_limits.py): attempts on one account from one client, attempts from one
    # client on any account, and a much higher ceiling per account from anywhere (reaching it pauses password
    # sign-in for that account and offers a sign-in link by email instead).
    login_limit_per_account_client: str = Field("5/15 minutes", alias="LOGIN_LIMIT_PER_ACCOUNT_CLIENT")
    login_limit_per_client: str = Field("30/15 minutes", alias="LOGIN_LIMIT_PER_CLIENT")
    login_limit_per_account: str = Field("50/hour", alias="LOGIN_LIMIT_PER_ACCOUNT")
    signup_limit_per_client: str = Field("10/hour", alias="SIGNUP_LIMIT_PER_CLIENT")
    # Account emails (verification, password reset, sign-in link, "someone tried to sign up"): per address
    # (over it, nothing more is sent and the answer does not change) and per client (over it, a message).
    account_email_limit_per_address: str = Field("3/hour", alias="ACCOUNT_EMAIL_LIMIT_PER_ADDRESS")
    account_email_limit_per_client: str = Field("10/hour", alias="ACCOUNT_EMAIL_LIMIT_PER_CLIENT")
    verify_link_hours: int = Field(48, alias="VERIFY_LINK_HOURS", gt=0, le=24 * 14)
    reset_link_minutes: int = Field(30, alias="RESET_LINK_MINUTES", gt=0, le=24 * 60)
    sign_in_link_minutes: int = Field(15, alias="SIGN_IN_LINK_MINUTES", gt=0, le=24 * 60)
    min_age_years: int = 16
    avatar_max_bytes: int = Field(2 * 1024 * 1024, alias="AVATAR_MAX_BYTES")
    friend_request_limit: str = Field("30/day", alias="FRIEND_REQUEST_LIMIT")

    # Threads that run database work for event handlers (engnest.platform.db.in_session) and pooled database
    # connections, per process (keep workers x DB_THREADS under PostgreSQL's max_connections).
    db_threads: int = Field(16, alias="DB_THREADS", ge=1, le=256)

    # Direct messages: how many one person may send in a window (`limits` syntax).
    dm_rate_limit: str = Field("20/10 seconds", alias="DM_RATE_LIMIT")
    # Files in direct messages: the largest accepted, and how many one person may send in a window (the count
    # and the size bound what one account can store per hour).
    attachment_max_bytes: int = Field(5 * 1024 * 1024, alias="ATTACHMENT_MAX_BYTES", gt=0, le=50 * 1024 * 1024)
    attachment_limit: str = Field("30/hour", alias="ATTACHMENT_LIMIT")
    # Profile saves (any part of one's profile) per person: far above what a person clicks, far below a script.
    profile_save_limit: str = Field("30/minute", alias="PROFILE_SAVE_LIMIT")

    # REST API (engnest.api, platform.api): calls per token and per client address (`limits` syntax). Browsers may call it from
    # our own origins only (Reflex's CORS middleware wraps every route, the API's too).
    api_limit_per_token: str = Field("120/minute", alias="API_LIMIT_PER_TOKEN")
    api_limit_per_client: str = Field("600/minute", alias="API_LIMIT_PER_CLIENT")
    room_rate_limit: str = Field("10/10 seconds", alias="ROOM_RATE_LIMIT")
    # Community writes by a new account (under a day old, or email not confirmed), per kind of write and keyed on
    # the normalised address, on top of the limits everyone has; room owners and moderators in their own room
    # are not held by it (community/services/moderation_gate.py).
    new_account_limit: str = Field("12/hour", alias="NEW_ACCOUNT_LIMIT")

    # Email.
    smtp_host: str | None = Field(None, alias="SMTP_HOST")
    smtp_port: int = Field(25, alias="SMTP_PORT")
    smtp_user: str | None = Field(None, alias="SMTP_USER")
    smtp_password: str | None = Field(None, alias="SMTP_PASSWORD")
    smtp_starttls: bool = Field(False, alias="SMTP_STARTTLS")
    smtp_timeout_s: float = Field(10.0, alias="SMTP_TIMEOUT_S", gt=0, le=120)
    mail_from: str = Field("EngNest <no-reply@engnest.local>", alias="MAIL_FROM")
    # Without SMTP_HOST, emails are written here as .eml files (and logged) instead of sent. Default: <data>/outbox.
    mail_outbox_dir_setting: Path | None = Field(None, alias="MAIL_OUTBOX_DIR")
    mail_max_attempts: int = Field(8, alias="MAIL_MAX_ATTEMPTS", ge=1, le=50)
    # "inline": each process sends the emails it queued, on a background thread, right after commit. "worker": a mail
    # worker process (python -m engnest.jobs.mail_worker) sends them, off the scheduler's and web workers' path.
    mail_delivery: Literal["inline", "worker"] = Field("inline", alias="MAIL_DELIVERY")
    mail_worker_poll_seconds: float = Field(1.0, alias="MAIL_WORKER_POLL_SECONDS", gt=0, le=60)

    # Places and geocoding (bundled offline data by default).
    places_provider: Literal["bundled", "overpass"] = Field("bundled", alias="PLACES_PROVIDER")
    places_overpass_url: str = Field(
        "https://overpass-api.de/api/interpreter", alias="PLACES_OVERPASS_URL"
    )
    places_nominatim_enabled: bool = Field(False, alias="PLACES_NOMINATIM_ENABLED")
    places_user_agent: str = Field("EngNest/1.0 (+https://engnest.local)", alias="PLACES_USER_AGENT")
    places_cache_ttl_hours: int = Field(24 * 7, alias="PLACES_CACHE_TTL_HOURS")
    places_overpass_rate: str = Field("1/second;2000/day", alias="PLACES_OVERPASS_RATE")
    places_overpass_timeout_s: int = Field(25, alias="PLACES_OVERPASS_TIMEOUT_S", gt=0, le=180)
    places_nominatim_domain: str = Field("nominatim.openstreetmap.org", alias="PLACES_NOMINATIM_DOMAIN")
    places_nominatim_scheme: Literal["https", "http"] = Field("https", alias="PLACES_NOMINATIM_SCHEME")
    # The halfway spot: fairness = longest * (longer trip) + gap * |difference|, in steps of fairness_step_km.
    places_fairness_longest_weight: float = Field(1.0, alias="PLACES_FAIRNESS_LONGEST_WEIGHT", ge=0)
    places_fairness_gap_weight: float = Field(0.5, alias="PLACES_FAIRNESS_GAP_WEIGHT", ge=0)
    places_fairness_step_km: float = Field(0.1, alias="PLACES_FAIRNESS_STEP_KM", gt=0, le=5)
    places_max_apart_km: float = Field(300.0, alias="PLACES_MAX_APART_KM", gt=0)
    places_near_slack_km: float = Field(15.0, alias="PLACES_NEAR_SLACK_KM", gt=0)
    places_kind_preference: str = Field("cafe,coworking,library", alias="PLACES_KIND_PREFERENCE")
    places_walk_kmh: float = Field(4.8, alias="PLACES_WALK_KMH", gt=0)
    places_transit_kmh: float = Field(25.0, alias="PLACES_TRANSIT_KMH", gt=0)
    places_drive_kmh: float = Field(32.0, alias="PLACES_DRIVE_KMH", gt=0)
    # Map tiles (markers render without them). Empty = no tile layer.
    map_tile_url: str = Field("https://tile.openstreetmap.org/{z}/{x}/{y}.png", alias="MAP_TILE_URL")
    map_tile_attribution: str = Field(
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        alias="MAP_TILE_ATTRIBUTION",
    )

    # Meetings.
    meeting_request_limit: str = Field("20/day", alias="MEETING_REQUEST_LIMIT")

    # Credits and payments: "dev" completes purchases locally without payment (refused in prod), "stripe" uses
    # GitHub REST API (project repository sync, issue 14); a token raises the rate limit from 60 to 5000 an hour.
    github_api_url: str = Field("https://api.github.com", alias="GITHUB_API_URL")
    github_token: str | None = Field(None, alias="GITHUB_TOKEN")
    # Stripe Checkout, "off" hides buying. Unset: "dev", or "off" in prod.
    payments_provider_setting: Literal["dev", "stripe", "off"] | None = Field(None, alias="PAYMENTS_PROVIDER")
    credits_currency: str = Field("usd", alias="CREDITS_CURRENCY", min_length=3, max_length=3)
    stripe_secret_key: str | None = Field(None, alias="STRIPE_SECRET_KEY")
    stripe_webhook_secret: str | None = Field(None, alias="STRIPE_WEBHOOK_SECRET")
    stripe_api_base: str | None = Field(None, alias="STRIPE_API_BASE", description="Only for tests (a loopback server)")

    # Scheduler: "embedded" runs inside the web process; "external" expects `python -m engnest.jobs`.
    scheduler_mode: Literal["embedded", "external", "off"] = Field(
        "embedded", alias="SCHEDULER_MODE"
    )
    # The longest the scheduler sleeps before re-reading the job table (jobs written by other processes);
    # with REDIS_URL a nudge wakes it at once, this is the fallback.
    scheduler_poll_seconds: float = Field(2.0, alias="SCHEDULER_POLL_SECONDS", gt=0, le=300)
    # With REDIS_URL: the leader lock's lifetime (a dead leader is replaced within this many seconds).
    scheduler_lock_ttl_seconds: float = Field(10.0, alias="SCHEDULER_LOCK_TTL_SECONDS", ge=1, le=600)
    scheduler_threads: int = Field(8, alias="SCHEDULER_THREADS", ge=1, le=64)
    # How long a timer job retries a transient database error (locked, connection lost) before giving up (logged).
    scheduler_retry_seconds: float = Field(120.0, alias="SCHEDULER_RETRY_SECONDS", gt=0, le=3600)
    mail_sweep_seconds: float = Field(60, alias="MAIL_SWEEP_SECONDS", gt=0, description="How often the scheduler retries queued email")

    # Calls (WebRTC): the ICE servers browsers use to reach each other. STUN_URLS and TURN_URLS are comma-separated
    # (`stun:stun.example.org:3478`, `turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349`).
    # TURN_SECRET is coturn's `static-auth-secret` (use-auth-secret): the server mints each participant a credential
    # that expires after TURN_CREDENTIAL_SECONDS, so the secret never reaches a browser.
    # ICE_TRANSPORT_POLICY=relay sends all media through TURN (hides each side's address from the other).
    stun_urls_setting: str = Field("", alias="STUN_URLS")
    turn_urls_setting: str = Field("", alias="TURN_URLS")
    turn_secret: str | None = Field(None, alias="TURN_SECRET", min_length=16)
    turn_credential_seconds: int = Field(3600, alias="TURN_CREDENTIAL_SECONDS", ge=60, le=24 * 3600)
    ice_transport_policy: Literal["all", "relay"] = Field("all", alias="ICE_TRANSPORT_POLICY")

    @model_validator(mode="after")
    def _require_secret_in_prod(self) -> "Settings":
        if self.env == "prod" and not self.secret_key_setting:
            raise ValueError(
                "SECRET_KEY must be set to a random value of at least 32 characters when ENGNEST_ENV=prod, the same "
                "on every host (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @model_validator(mode="after")
    def _public_url_follows_port(self) -> "Settings":
        if not self.public_url.strip():
            self.public_url = f"http://localhost:{self.port}"
        return self

    @model_validator(mode="after")
    def _check_payments(self) -> "Settings":
        if self.env == "prod" and self.payments_provider_setting == "dev":
            raise ValueError("PAYMENTS_PROVIDER=dev hands out credits without payment; use stripe or off when ENGNEST_ENV=prod")
        if self.payments_provider == "stripe" and not (self.stripe_secret_key and self.stripe_webhook_secret):
            raise ValueError("PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET")
        return self

    @model_validator(mode="after")
    def _check_turn(self) -> "Settings":
        if self.turn_urls and not self.turn_secret:
            raise ValueError("TURN_URLS needs TURN_SECRET (coturn's static-auth-secret, at least 16 characters)")
        if self.ice_transport_policy == "relay" and not self.turn_urls:
            raise ValueError("ICE_TRANSPORT_POLICY=relay needs TURN_URLS")
        return self

    @property
    def stun_urls(self) -> list[str]:
        return [u.strip() for u in self.stun_urls_setting.split(",") if u.strip()]

    @property
    def turn_urls(self) -> list[str]:
        return [u.strip() for u in self.turn_urls_setting.split(",") if u.strip()]

    @property
    def secret_key(self) -> str:
        return self.secret_key_setting or keyfile.load_or_create(self.data_dir)

    @property
    def allowed_origins(self) -> list[str]:
        """The origins browsers may call the backend from (HTTP with credentials, the websocket): the frontend's
        and the backend's. Outside prod a loopback host also answers to its other spellings on the same port."""
        origins: list[str] = []
        for url in (self.public_url, self.api_url):
            if not url:
                continue
            origin = origin_of(url)
            variants = [origin]
            host = urlsplit(origin).hostname or ""
            if self.env != "prod" and host in LOOPBACK_ALIASES:
                variants += [origin.replace(f"//{host}", f"//{alias}", 1) for alias in LOOPBACK_ALIASES if alias != host]
            origins += [o for o in variants if o not in origins]
        return origins

    @property
    def payments_provider(self) -> str:
        return self.payments_provider_setting or ("off" if self.env == "prod" else "dev")

    @property
    def db_url(self) -> str:
        if self.database_url:
            url = self.database_url
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):  # use psycopg 3, the driver we ship
                    return "postgresql+psycopg://" + url[len(prefix):]
            return url
        return f"sqlite:///{self.data_dir / 'engnest.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @property
    def backend_url(self) -> str:
        return (self.api_url or self.public_url).rstrip("/")

    @property
    def mail_outbox_dir(self) -> Path:
        return self.mail_outbox_dir_setting or self.data_dir / "outbox"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def limits_storage_uri(self) -> str:
        return self.redis_url or "memory://"


@functools.cache
def get_settings() -> Settings:
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def reset_settings_cache() -> None:
    """For tests that change the environment."""
    get_settings.cache_clear()
