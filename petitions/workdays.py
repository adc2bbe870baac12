"""Chinese working days (工作日): statutory holidays and make-up working days included.

The `chinese-calendar` package knows the schedules the State Council has
published (up to 2026 today). For a year it does not know, a deadline must still
be computed: such a year counts Monday to Friday, corrected by the days the
administrator has entered (`CalendarDay`). Entered days also override the package.

The entered days are read once per process and kept while the "calendar" topic's version holds
(`community.fragments`: every transaction that writes `calendar_days` through the session raises it,
registered in `petitions/__init__.py`), so that a deadline costs no query of its own on the hot
paths (filing a case). Days written another way (psql, a raw connection) raise no version: a kept
copy is read again after KEEP_SECONDS at the latest.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar
from cachetools import TTLCache
from sqlalchemy import select

from community import fragments
from community.timeutil import DEFAULT_ZONE
from extensions import db
from petitions import CALENDAR_TOPIC as TOPIC
from petitions.models import CalendarDay

KEEP_SECONDS = 60
_kept: TTLCache = TTLCache(maxsize=8, ttl=KEEP_SECONDS)  # (database, version) -> the entered days
_lock = threading.Lock()  # requests and the embedded scheduler's thread share the kept copies


def forget_kept() -> None:
    with _lock:
        _kept.clear()


@lru_cache(maxsize=64)
def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    def __init__(self, overrides: Mapping[date, bool] | None = None, zone: str = DEFAULT_ZONE) -> None:
        self.overrides = dict(overrides or {})
        self.zone = ZoneInfo(zone)

    @classmethod
    def load(cls, version: int | None = None) -> WorkCalendar:
        """The calendar with the administrator's corrections from the database. `version` is the
        calendar topic's (`fragments.version_of(TOPIC)`) when the caller has read it already."""
        if version is None:
            version = db.session.scalar(select(fragments.version_of(TOPIC)))
        key = (str(db.engine.url), version or 0)
        # Days this transaction wrote are not in any kept copy yet (the version rises at commit).
        own_days = fragments.written_here(TOPIC)
        with _lock:
            overrides = None if own_days else _kept.get(key)
        if overrides is None:
            rows = db.session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all()
            overrides = {day: is_workday for day, is_workday in rows}
            if not own_days:
                with _lock:
                    _kept[key] = overrides
        return cls(overrides)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if package_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def end_of_day(self, day: date) -> datetime:
        """The last instant of `day` in the calendar's zone, in UTC."""
        local = datetime.combine(day, time(23, 59, 59), tzinfo=self.zone)
        return local.astimezone(UTC)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The end of the `days`-th working day after the day of `start` (local time)."""
        day = self.local_date(start)
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return self.end_of_day(day)

    def working_days_between(self, earlier: datetime, later: datetime) -> int:
        """Working days after the local day of `earlier`, up to and including that of `later`."""
        day, last = self.local_date(earlier), self.local_date(later)
        count = 0
        while day < last:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


def fallback_years(around: int, span: int = 2) -> list[int]:
    """Years from `around` to `around + span` whose official schedule the package does not know."""
    return [year for year in range(around, around + span + 1) if not package_knows(year)]
