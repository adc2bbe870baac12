"""Configuration read from the environment.

`create_app(config)` starts from `Config`, applies `from_env()`, then any mapping
passed by the caller (tests pass theirs).
"""

from __future__ import annotations

import os
from typing import Any

DEV_SECRET_KEY = "dev-only-not-secret"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh", "en")
    DISPLAY_TIMEZONE = "Asia/Shanghai"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    # argon2id at OWASP's lowest recommended cost (19 MiB, 2 passes, 1 lane).
    PASSWORD_HASH = {"time_cost": 2, "memory_cost": 19456, "parallelism": 1}
    # "embedded": run jobs inside this process (development server);
    # "off": this process runs none (web workers when `flask scheduler` runs apart).
    SCHEDULER_MODE = "off"
    PER_PAGE = 20
    # The busiest lists are kept rendered in each process until what they show changes
    # (community.fragments): how many pages at most.
    KEEP_RENDERED_PAGES = True
    KEPT_PAGES = 1000
    # Shared by every process and server when set (community.kept_store): redis://host:6379/0.
    KEPT_PAGES_REDIS_URL: str | None = None
    KEPT_PAGES_PREFIX = "linli:kept:"
    KEPT_PAGES_TTL = 600  # seconds a shared page is kept
    # The city hub's name as residents see it on their timeline.
    HUB_NAME = "市民诉求服务中心"
    UPLOAD_FOLDER: str | None = None  # default: the instance folder's uploads/
    CASE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    DEMO_PASSWORD = "linli-demo-2026"
    # Open311: requests per API key (or per address without one) on the hub's endpoints.
    OPEN311_RATE_LIMIT = "600 per minute"
    OPEN311_TIMEOUT = 10  # seconds a community portal waits for the remote hub


def from_env() -> dict[str, Any]:
    """Settings named by environment variables, only those that are set."""
    settings: dict[str, Any] = {}
    if "SECRET_KEY" in os.environ:
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if "DATABASE_URL" in os.environ:
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if "RATELIMIT_STORAGE_URI" in os.environ:
        settings["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    if "LOGIN_RATE_LIMIT" in os.environ:
        settings["LOGIN_RATE_LIMIT"] = os.environ["LOGIN_RATE_LIMIT"]
    if "SCHEDULER_MODE" in os.environ:
        settings["SCHEDULER_MODE"] = os.environ["SCHEDULER_MODE"]
    if "OPEN311_RATE_LIMIT" in os.environ:
        settings["OPEN311_RATE_LIMIT"] = os.environ["OPEN311_RATE_LIMIT"]
    if "HUB_NAME" in os.environ:
        settings["HUB_NAME"] = os.environ["HUB_NAME"]
    if "UPLOAD_FOLDER" in os.environ:
        settings["UPLOAD_FOLDER"] = os.environ["UPLOAD_FOLDER"]
    if "LINLI_ENV" in os.environ:
        settings["LINLI_ENV"] = os.environ["LINLI_ENV"]
    if "KEEP_RENDERED_PAGES" in os.environ:
        settings["KEEP_RENDERED_PAGES"] = env_bool("KEEP_RENDERED_PAGES", True)
    for name in ("KEPT_PAGES_REDIS_URL", "KEPT_PAGES_PREFIX"):
        if name in os.environ:
            settings[name] = os.environ[name]
    if "SESSION_COOKIE_SECURE" in os.environ:
        secure = env_bool("SESSION_COOKIE_SECURE", False)
        settings["SESSION_COOKIE_SECURE"] = secure
        settings["REMEMBER_COOKIE_SECURE"] = secure
    return settings


def normalise_database_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
