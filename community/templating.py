"""Jinja helpers shared by every feature's templates."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime

# One unambiguous pattern in both languages: 2026-11-23 14:05.
DATETIME_PATTERN = "yyyy-MM-dd HH:mm"


def localtime(moment: datetime | None, fmt: str = DATETIME_PATTERN) -> str:
    """A stored UTC time shown in the display time zone (Asia/Shanghai), in the reader's language."""
    if moment is None:
        return ""
    return format_datetime(moment, fmt)
