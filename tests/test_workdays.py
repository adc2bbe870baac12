"""Working-day deadlines on the Chinese calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from petitions.workdays import WorkCalendar, fallback_years

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_national_day_holiday_is_skipped():
    calendar = WorkCalendar()
    # Filed on Wednesday 30 September 2026; 1-7 October are holidays.
    deadline = calendar.add_working_days(local(2026, 9, 30, 10, 0), 3)
    assert deadline.astimezone(SHANGHAI).date() == date(2026, 10, 10)  # Thu 8, Fri 9, make-up Sat 10


def test_a_make_up_saturday_counts_as_a_working_day():
    calendar = WorkCalendar()
    assert calendar.is_workday(date(2026, 10, 10))  # Saturday
    assert not calendar.is_workday(date(2026, 10, 11))  # Sunday
    deadline = calendar.add_working_days(local(2026, 10, 9, 16, 0), 1)
    assert deadline.astimezone(SHANGHAI) == local(2026, 10, 10, 23, 59, 59)


def test_deadline_is_the_end_of_the_local_day_stored_in_utc():
    calendar = WorkCalendar()
    # 23:30 UTC on Monday is already Tuesday 07:30 in Shanghai.
    deadline = calendar.add_working_days(datetime(2026, 11, 23, 23, 30, tzinfo=UTC), 1)
    assert deadline == datetime(2026, 11, 25, 15, 59, 59, tzinfo=UTC)


def test_a_year_the_package_does_not_know_falls_back_to_weekdays_and_entered_days():
    calendar = WorkCalendar({date(2027, 1, 1): False, date(2027, 1, 2): True})
    assert calendar.is_workday(date(2027, 1, 4))  # a Monday: no error
    assert not calendar.is_workday(date(2027, 1, 1))  # entered holiday (a Friday)
    assert calendar.is_workday(date(2027, 1, 2))  # entered make-up Saturday
    deadline = calendar.add_working_days(local(2026, 12, 31, 9, 0), 2)
    assert deadline.astimezone(SHANGHAI).date() == date(2027, 1, 4)  # Sat 2 (make-up), Mon 4


def test_entered_days_override_the_package():
    calendar = WorkCalendar({date(2026, 11, 24): False})
    assert not calendar.is_workday(date(2026, 11, 24))


def test_working_days_between():
    calendar = WorkCalendar()
    # 8, 9, 10 (make-up Saturday) and Monday 12 October
    assert calendar.working_days_between(local(2026, 9, 30, 12), local(2026, 10, 12, 9)) == 4
    assert calendar.working_days_between(local(2026, 11, 23, 12), local(2026, 11, 23, 18)) == 0


def test_fallback_years_lists_the_unknown_years():
    assert fallback_years(2026) == [2027, 2028]
