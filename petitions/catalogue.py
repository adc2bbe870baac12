"""What the administrator keeps: case categories, time limits, calendar corrections, settings.

Plain data in, models out; every change is audited; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from community import audit
from community.errors import ServiceError
from community.models import Department, User
from extensions import db
from petitions.models import CalendarDay, Category, LimitKind, PetitionSettings, TimeLimit
from petitions.rating import settings
from petitions.workdays import WorkCalendar

MAX_LIMIT_DAYS = 60
MAX_RATING_DAYS = 60


@dataclass(frozen=True)
class CategoryData:
    name: str
    name_en: str = ""
    limit_kind: LimitKind = LimitKind.GENERAL
    default_department_id: int | None = None
    active: bool = True


def _name_taken(name: str, category_id: int | None) -> bool:
    query = select(Category.id).where(Category.name == name)
    if category_id is not None:
        query = query.where(Category.id != category_id)
    return db.session.scalar(query) is not None


def _flush_or_fail(message, field: str) -> None:  # type: ignore[no-untyped-def]
    """Flush; a unique key taken by a concurrent request becomes the same error as the check before."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise ServiceError(message, field) from exc


def save_category(actor: User, data: CategoryData, category: Category | None = None) -> Category:
    """Create a category, or update `category`. Categories are never deleted: cases refer to them."""
    name = data.name.strip()
    if not name:
        raise ServiceError(_l("Give the category a name."), "name")
    if _name_taken(name, category.id if category else None):
        raise ServiceError(_l("A category with this name already exists."), "name")
    department_id = data.default_department_id or None
    if department_id is not None and db.session.get(Department, department_id) is None:
        raise ServiceError(_l("Choose a department from the list."), "default_department")
    if category is None:
        category = Category()
        db.session.add(category)
    category.name, category.name_en = name, data.name_en.strip()
    category.limit_kind, category.default_department_id = data.limit_kind, department_id
    category.active = data.active
    _flush_or_fail(_l("A category with this name already exists."), "name")
    audit.record(actor, "petitions.category_saved", category, name=category.name,
                 active=category.active)
    return category


def time_limits() -> dict[LimitKind, int]:
    """The working days of every kind; a kind without a row has its default."""
    rows = {row.kind: row.working_days for row in db.session.scalars(select(TimeLimit))}
    return {kind: rows.get(kind, kind.default_days) for kind in LimitKind}


def set_time_limits(actor: User, days: Mapping[LimitKind, int]) -> list[TimeLimit]:
    """Set the working days of the kinds in `days`, creating the rows that are missing.

    Cases already assigned keep their deadline; the new limits count from the next assignment.
    """
    saved = []
    for kind, value in days.items():
        if not 1 <= value <= MAX_LIMIT_DAYS:
            raise ServiceError(_l("Between 1 and %(n)d working days.", n=MAX_LIMIT_DAYS), kind.value)
        row = db.session.get(TimeLimit, kind)
        if row is None:
            row = TimeLimit(kind=kind, working_days=value)
            db.session.add(row)
        row.working_days = value
        saved.append(row)
    db.session.flush()
    audit.record(actor, "petitions.time_limits_saved", None,
                 **{row.kind.value: row.working_days for row in saved})
    return saved


CALENDAR_YEARS = (2000, 2100)


def add_calendar_day(actor: User, day: date, is_workday: bool, note: str = "") -> CalendarDay:
    """Mark `day` as a holiday or a make-up working day; a day is listed once."""
    if db.session.get(CalendarDay, day) is not None:
        raise ServiceError(_l("This date is already in the list. Delete it first to change it."), "day")
    if not CALENDAR_YEARS[0] <= day.year <= CALENDAR_YEARS[1]:
        raise ServiceError(_l("Give a date from %(first)d to %(last)d.", first=CALENDAR_YEARS[0],
                              last=CALENDAR_YEARS[1]), "day")
    if WorkCalendar().is_workday(day) == is_workday:  # what the calendar says already: nothing to correct
        raise ServiceError(_l("The calendar already counts this date as a working day.") if is_workday
                           else _l("The calendar already counts this date as a day off."), "day")
    row = CalendarDay(day=day, is_workday=is_workday, note=note.strip())
    db.session.add(row)
    _flush_or_fail(_l("This date is already in the list. Delete it first to change it."), "day")
    audit.record(actor, "petitions.calendar_day_added", None, day=day.isoformat(), is_workday=is_workday,
                 note=row.note)
    return row


def remove_calendar_day(actor: User, row: CalendarDay) -> None:
    audit.record(actor, "petitions.calendar_day_removed", None, day=row.day.isoformat(),
                 is_workday=row.is_workday, note=row.note)
    db.session.delete(row)
    db.session.flush()


def save_settings(actor: User, good_threshold: float, failing_threshold: float,
                  rating_days: int) -> PetitionSettings:
    """Thresholds are fractions (0.85 for 85 %); weeks already frozen keep their grades."""
    if not 0 < good_threshold <= 1:
        raise ServiceError(_l("Give a percentage from 1 to 100."), "good_threshold")
    if not 0 < failing_threshold <= 1:
        raise ServiceError(_l("Give a percentage from 1 to 100."), "failing_threshold")
    if failing_threshold >= good_threshold:
        raise ServiceError(_l("The failing threshold must be below the good one."), "failing_threshold")
    if not 1 <= rating_days <= MAX_RATING_DAYS:
        raise ServiceError(_l("Between 1 and %(n)d days.", n=MAX_RATING_DAYS), "rating_days")
    row = settings(for_update=True)
    row.good_threshold, row.failing_threshold = good_threshold, failing_threshold
    row.rating_days = rating_days
    db.session.flush()
    audit.record(actor, "petitions.settings_saved", row, good_threshold=good_threshold,
                 failing_threshold=failing_threshold, rating_days=rating_days)
    return row
