"""Kept pages shared by every process and server of a deployment, in Redis (KEPT_PAGES_REDIS_URL).

Each process keeps the pages it served (community.fragments); without a shared store, every worker
renders each page once for itself. With one, what any worker rendered (a page's own blocks, and the
whole page in each layout it was served in) is stored under a digest of the page's key, which holds
the versions of the data it shows (so a stored page is never served after that data changed), and of
the templates' source (so a deployment with other templates never serves them). Entries expire after
KEPT_PAGES_TTL seconds.

Redis is optional: SQLite deployments run with none. When it does not answer, pages are rendered as
if it were not configured, and it is tried again after a pause.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import redis
from flask import Flask, current_app
from markupsafe import Markup

log = logging.getLogger(__name__)
RETRY_AFTER = 30.0  # seconds without the store after it failed to answer
TIMEOUT = 0.2  # seconds: a store slower than this costs more than rendering the page


class SharedPages:
    def __init__(self, app: Flask) -> None:
        self.client = redis.Redis.from_url(app.config["KEPT_PAGES_REDIS_URL"], socket_timeout=TIMEOUT,
                                           socket_connect_timeout=TIMEOUT)
        self.ttl = int(app.config["KEPT_PAGES_TTL"])
        self.prefix = app.config["KEPT_PAGES_PREFIX"] + templates_digest(app) + ":"
        self.down_until = 0.0

    def name(self, key: tuple[Any, ...]) -> str:
        return self.prefix + hashlib.sha256(repr(key).encode()).hexdigest()

    def get(self, key: tuple[Any, ...]) -> dict[str, Markup] | None:
        if time.monotonic() < self.down_until:
            return None
        try:
            stored = self.client.get(self.name(key))
        except redis.RedisError as error:
            self._failed(error)
            return None
        if stored is None:
            return None
        try:
            parts = json.loads(stored)
        except ValueError:
            return None
        if not isinstance(parts, dict) or not all(isinstance(part, str) for part in parts.values()):
            return None  # not written by this module: a miss
        return {name: Markup(part) for name, part in parts.items()}

    def put(self, key: tuple[Any, ...], parts: dict[str, Markup]) -> None:
        if time.monotonic() < self.down_until:
            return
        try:
            self.client.set(self.name(key), json.dumps({name: str(part) for name, part in parts.items()}),
                            ex=self.ttl)
        except redis.RedisError as error:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        log.warning("kept pages: the shared store did not answer (%s); trying again in %d s",
                    error, RETRY_AFTER)
        self.down_until = time.monotonic() + RETRY_AFTER


def templates_digest(app: Flask) -> str:
    """A digest of every template's source and of the compiled translations: pages stored by a
    deployment that shows them otherwise are never served."""
    digest = hashlib.sha256()
    loader = app.jinja_env.loader
    for name in sorted(app.jinja_env.list_templates()):
        source, _, _ = loader.get_source(app.jinja_env, name)  # type: ignore[union-attr]
        digest.update(name.encode() + b"\0" + source.encode() + b"\0")
    for catalogue in sorted(Path(app.root_path, "translations").glob("*/LC_MESSAGES/*.mo")):
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:12]


def shared_pages() -> SharedPages | None:
    """This app's shared store, or None when KEPT_PAGES_REDIS_URL is not set."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["KEPT_PAGES_REDIS_URL"]:
        return None
    store = app.extensions.get("linli_shared_pages")
    if store is None:
        store = app.extensions.setdefault("linli_shared_pages", SharedPages(app))
    return store
