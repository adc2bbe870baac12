"""Days as the community lives them: "overdue", "the same day" and months are counted in Asia/Shanghai.

Times are stored in UTC; a local day starts at local midnight, so a visit at 23:30 and one at 00:30
an hour later fall on different days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from community.timeutil import DEFAULT_ZONE, to_local

ZONE = ZoneInfo(DEFAULT_ZONE)
WEEKDAYS = 7
SLOTS = 3  # morning, afternoon, evening


def local_date(moment: datetime) -> date:
    return to_local(moment, DEFAULT_ZONE).date()


def local_midnight(day: date) -> datetime:
    """The moment `day` begins in the community's zone (an aware datetime)."""
    return datetime.combine(day, time(0, 0), tzinfo=ZONE)


def at_local(day: date, clock: time) -> datetime:
    """A local date and wall-clock time as an aware datetime."""
    return datetime.combine(day, clock, tzinfo=ZONE)


def end_of_local_day(moment: datetime, days_after: int = 0) -> datetime:
    """The local midnight that ends the day `days_after` days after the day of `moment`."""
    return local_midnight(local_date(moment) + timedelta(days=days_after + 1))


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = local_midnight(date(year, month, 1))
    end = local_midnight(date(year + month // 12, month % 12 + 1, 1))
    return start, end


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return local_midnight(date(year, 1, 1)), local_midnight(date(year + 1, 1, 1))


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    return local_midnight(monday), local_midnight(monday + timedelta(days=7))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def mask_of(indexes: list[int] | list[str]) -> int:
    """A bit mask from chosen indexes (weekday 0 is Monday; slot 0 is the morning)."""
    mask = 0
    for index in indexes:
        mask |= 1 << int(index)
    return mask


def indexes_of(mask: int, size: int) -> list[int]:
    return [i for i in range(size) if mask & (1 << i)]
