"""Route modules of the community package; each registers on a blueprint from `community`."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import request

from community.dbtypes import is_id
from community.timeutil import FIRST_YEAR, LAST_YEAR

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


def return_path() -> str:
    """Where the language and text-size switches send the reader back: this page; or, for a form
    shown again with its errors (a POST), the page the form was sent from, since the form's own
    address answers only a POST."""
    if request.method in ("GET", "HEAD"):
        return request.full_path if request.query_string else request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return "/"
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""), "/")


def page_number() -> int:
    """The `page` asked for, from 1 to MAX_PAGE: a page past a list's end shows its empty state."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def id_arg(name: str) -> int | None:
    """The query value `name` as an id: None when absent or not a number, and 0 (no row's id) when it
    cannot be one (community.dbtypes.is_id), so that looking it up finds nothing instead of failing."""
    value = request.args.get(name, type=int)
    return value if value is None or is_id(value) else 0


def date_arg(name: str) -> date | None:
    """The query value `name` as a date from FIRST_YEAR to LAST_YEAR; None when absent or not such a date."""
    try:
        value = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return value if FIRST_YEAR <= value.year <= LAST_YEAR else None
