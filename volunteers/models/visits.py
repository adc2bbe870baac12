"""Visits to elders (走访), with their wellbeing check, and the concerns (关注事项) they raise."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import User
    from volunteers.models.elders import Elder


class VisitKind(enum.StrEnum):
    HOME = "home"      # 上门走访
    PHONE = "phone"    # 电话问候
    OUTING = "outing"  # 陪同外出


class Outcome(enum.StrEnum):
    MET = "met"
    NO_ANSWER = "no_answer"  # went but nobody answered: an attempt, not a visit


class Wellbeing(enum.StrEnum):
    """One scale for the five quick checks (mood, health, home safety, meals, needs)."""

    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


WELLBEING_ASPECTS = ("mood", "health", "safety", "meals", "needs")


class Visit(db.Model):
    __tablename__ = "elder_visits"
    __table_args__ = (
        # The visit service's recount of an elder's last visit and failed attempts in a row.
        sa.Index("ix_elder_visits_elder", "elder_id", "outcome", "visited_at"),
        # The monthly report of a community.
        sa.Index("ix_elder_visits_community", "community_id", "visited_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(sa.ForeignKey("elders.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id"))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int]
    kind: Mapped[VisitKind] = mapped_column(enum_column(VisitKind))
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    mood: Mapped[Wellbeing | None] = mapped_column(enum_column(Wellbeing))
    health: Mapped[Wellbeing | None] = mapped_column(enum_column(Wellbeing))
    safety: Mapped[Wellbeing | None] = mapped_column(enum_column(Wellbeing))
    meals: Mapped[Wellbeing | None] = mapped_column(enum_column(Wellbeing))
    needs: Mapped[Wellbeing | None] = mapped_column(enum_column(Wellbeing))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    elder: Mapped[Elder] = relationship()
    volunteers: Mapped[list[VisitVolunteer]] = relationship(back_populates="visit",
                                                            cascade="all, delete-orphan")

    @property
    def is_attempt(self) -> bool:
        return self.outcome == Outcome.NO_ANSWER


class VisitVolunteer(db.Model):
    """One volunteer who went on a visit: the visit's duration counts in their service hours."""

    __tablename__ = "elder_visit_volunteers"

    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("elder_visits.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)

    visit: Mapped[Visit] = relationship(back_populates="volunteers")
    user: Mapped[User] = relationship()


class Severity(enum.StrEnum):
    NOTE = "note"            # 备注
    FOLLOW_UP = "follow_up"  # 跟进: within 3 days
    URGENT = "urgent"        # 紧急: the same day


class ConcernStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Concern(db.Model):
    __tablename__ = "elder_concerns"
    __table_args__ = (
        sa.Index("ix_elder_concerns_community", "community_id", "status", "due_at"),
        # The escalation job: open concerns past their deadline.
        sa.Index("ix_elder_concerns_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(sa.ForeignKey("elders.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id"))
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("elder_visits.id", ondelete="SET NULL"))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity))
    description: Mapped[str] = mapped_column(sa.Text)
    raised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[ConcernStatus] = mapped_column(enum_column(ConcernStatus), default=ConcernStatus.OPEN)
    escalation_level: Mapped[int] = mapped_column(default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action_taken: Mapped[str] = mapped_column(sa.Text, default="")
    case_number: Mapped[str] = mapped_column(sa.String(20), default="")  # a petitions case it became

    elder: Mapped[Elder] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def is_open(self) -> bool:
        return self.status == ConcernStatus.OPEN

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and self.due_at is not None and self.due_at <= now
