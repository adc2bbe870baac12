"""Volunteers' own details, and the record of the daily digests sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import User


class VolunteerProfile(db.Model):
    """A volunteer's skills, availability and contact phone (the phone is shown to the secretary only)."""

    __tablename__ = "volunteer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    building: Mapped[str] = mapped_column(sa.String(40), default="")  # where the volunteer lives
    skills: Mapped[str] = mapped_column(sa.String(200), default="")
    # Bit masks as on Elder: Monday is bit 0; slots are morning, afternoon, evening.
    available_days: Mapped[int] = mapped_column(default=0)
    available_slots: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class DigestLog(db.Model):
    """One digest sent to one person on one local day: the daily job never sends two."""

    __tablename__ = "volunteer_digests"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    overdue: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
