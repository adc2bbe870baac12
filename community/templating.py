"""Jinja helpers shared by every feature's templates."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime, to_user_timezone

# One unambiguous pattern in both languages: 2026-11-23 14:05.
DATETIME_PATTERN = "yyyy-MM-dd HH:mm"
# Patterns made of digits only read the same in every language: formatted without Babel's
# per-call pattern and locale look-ups (a list page shows dozens of times).
NUMERIC_PATTERNS = {DATETIME_PATTERN: "%Y-%m-%d %H:%M", "yyyy-MM-dd": "%Y-%m-%d"}


def localtime(moment: datetime | None, fmt: str = DATETIME_PATTERN) -> str:
    """A stored UTC time shown in the display time zone (Asia/Shanghai), in the reader's language."""
    if moment is None:
        return ""
    if fmt in NUMERIC_PATTERNS:
        return to_user_timezone(moment).strftime(NUMERIC_PATTERNS[fmt])
    return format_datetime(moment, fmt)
