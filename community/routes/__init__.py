"""Route modules of the community package; each registers on a blueprint from `community`."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request

# Far past the last page of any list, and small enough that the page's offset stays a 64-bit integer.
MAX_PAGE = 10**6


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a path on this host, else `default` (no open redirects)."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    return target


def page_number() -> int:
    """The `page` asked for, from 1 to MAX_PAGE: a page past a list's end shows its empty state."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
