"""API keys: issued per community by the hub's administrator, stored hashed, revocable.

A key is 32 random bytes, so a plain SHA-256 is enough to keep it (no dictionary to
try): the lookup stays one indexed read, cheap enough for every POST.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select, update

from community.errors import ServiceError
from community.models import Community
from community.timeutil import utcnow
from extensions import db
from petitions.open311.models import ApiKey

KEY_PREFIX = "l311_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(community: Community) -> tuple[ApiKey, str]:
    """A new key for `community`: the row, and the key itself (shown once, never stored)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(community_id=community.id, key_hash=hash_key(key), prefix=key[:len(KEY_PREFIX) + 6])
    db.session.add(row)
    db.session.flush()
    return row, key


def community_by_slug(slug: str) -> Community:
    community = db.session.scalar(select(Community).where(Community.slug == slug))
    if community is None:
        raise ServiceError(f"no community with the slug {slug!r}", "slug")
    return community


def revoke_key(prefix: str) -> ApiKey:
    row = db.session.scalar(select(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None)))
    if row is None:
        raise ServiceError(f"no active key starts with {prefix!r}", "prefix")
    row.revoked_at = utcnow()
    return row


def authenticate(key: str | None) -> ApiKey | None:
    """The active key row for `key`, or None (missing, unknown or revoked)."""
    if not key or len(key) > 100:
        return None
    row = db.session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    if row is None or not row.is_active:
        return None
    return row


def mark_used(row: ApiKey) -> None:
    """Write the last use at most once a minute: a busy client must not turn reads into writes."""
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        db.session.execute(update(ApiKey).where(ApiKey.id == row.id).values(last_used_at=now))
