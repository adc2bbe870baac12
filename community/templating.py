"""Jinja helpers shared by every feature's templates."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime


def localtime(moment: datetime | None, fmt: str = "short") -> str:
    """A stored UTC time shown in the display time zone (Asia/Shanghai), in the reader's language."""
    if moment is None:
        return ""
    return format_datetime(moment, fmt)
