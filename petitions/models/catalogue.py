"""What the administrator manages: case categories, time limits, calendar corrections, settings."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Department


class LimitKind(enum.StrEnum):
    URGENT = "urgent"      # 紧急
    INQUIRY = "inquiry"    # 咨询
    GENERAL = "general"    # 一般
    COMPLEX = "complex"    # 复杂

    @property
    def default_days(self) -> int:
        return {"urgent": 1, "inquiry": 3, "general": 5, "complex": 15}[self.value]


class TimeLimit(db.Model):
    """How many working days a department has for a category of this kind."""

    __tablename__ = "time_limits"

    kind: Mapped[LimitKind] = mapped_column(enum_column(LimitKind), primary_key=True)
    working_days: Mapped[int]


class Category(db.Model):
    """A kind of case (路灯不亮, 入园难 …); proposes the department that usually handles it."""

    __tablename__ = "case_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(80), default="")
    limit_kind: Mapped[LimitKind] = mapped_column(enum_column(LimitKind), default=LimitKind.GENERAL)
    default_department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("departments.id", ondelete="SET NULL")
    )
    active: Mapped[bool] = mapped_column(default=True)

    default_department: Mapped[Department | None] = relationship()

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class CalendarDay(db.Model):
    """A day the administrator marks as a holiday or a make-up working day.

    Used for years the `chinese-calendar` package does not know yet, and to
    correct it (a local holiday, a late change of the national schedule).
    """

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    is_workday: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.String(80), default="")


DEFAULT_GOOD, DEFAULT_FAILING, DEFAULT_RATING_DAYS = 0.85, 0.75, 7


class PetitionSettings(db.Model):
    """One row: thresholds of the scorecard's grades and the rating window."""

    __tablename__ = "petition_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    good_threshold: Mapped[float] = mapped_column(default=DEFAULT_GOOD)
    failing_threshold: Mapped[float] = mapped_column(default=DEFAULT_FAILING)
    rating_days: Mapped[int] = mapped_column(default=DEFAULT_RATING_DAYS)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @classmethod
    def defaults(cls) -> PetitionSettings:
        """An unsaved row holding the defaults (column defaults apply only on insert)."""
        return cls(good_threshold=DEFAULT_GOOD, failing_threshold=DEFAULT_FAILING,
                   rating_days=DEFAULT_RATING_DAYS)
