"""Time helpers: everything is stored in UTC and shown in the community's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"
# The years a date or a week from the address bar may name: far enough from datetime's own limits
# (years 1 and 9999) that a change of time zone or a day or a week added stays representable.
FIRST_YEAR, LAST_YEAR = 2000, 2999


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def to_local(moment: datetime, zone: str = DEFAULT_ZONE) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone))
