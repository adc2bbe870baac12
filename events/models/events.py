"""Events (活动) that residents sign up for, their sign-ups and each user's event preferences."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.models import Role
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Community, Team, User
    from events.models.ideas import Idea


class EventStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class SignupStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


def new_ticket_code() -> str:
    return secrets.token_urlsafe(12)


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        sa.Index("ix_events_starts", "starts_at"),
        sa.Index("ix_events_community", "community_id", "starts_at"),
        sa.Index("ix_events_team", "team_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="SET NULL"))
    idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ideas.id", ondelete="SET NULL"), unique=True)
    title: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str] = mapped_column(sa.String(120))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int]
    signup_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signup_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # none: until it starts
    allow_guest: Mapped[bool] = mapped_column(default=False)
    status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus), default=EventStatus.SCHEDULED)
    cancel_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    # Places held by confirmed sign-ups (guests included), changed only under the event's row lock.
    places_taken: Mapped[int] = mapped_column(default=0)
    attended_count: Mapped[int] = mapped_column(default=0)
    # iCalendar: SEQUENCE, raised on every significant change; DTSTAMP is `updated_at`.
    sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()
    team: Mapped[Team | None] = relationship()
    idea: Mapped[Idea | None] = relationship(back_populates="event")

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    def signup_open(self, now: datetime) -> bool:
        closes = self.signup_closes_at or self.starts_at
        opens = self.signup_opens_at
        return not self.is_cancelled and (opens is None or opens <= now) and now < closes

    def can_manage(self, user: User) -> bool:
        """The community's secretary, administrators and the organising team's leader."""
        if not user.is_authenticated:
            return False
        if user.is_admin or user.has_role(Role.SECRETARY, community=self.community_id):
            return True
        return self.team is not None and self.team.leader_id == user.id

    def attendance_rate(self) -> float | None:
        confirmed = self.places_taken
        return None if confirmed == 0 else self.attended_count / confirmed


class Signup(db.Model):
    __tablename__ = "event_signups"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id"),
        # The waiting list in order, and the reminder job's candidates.
        sa.Index("ix_event_signups_queue", "event_id", "status", "queued_at"),
        sa.Index("ix_event_signups_user", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    guests: Mapped[int] = mapped_column(default=0)
    status: Mapped[SignupStatus] = mapped_column(enum_column(SignupStatus))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the order on the waiting list
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set in the same statement that claims the reminder: a reminder is sent once per start time.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    ticket_code: Mapped[str] = mapped_column(sa.String(24), unique=True, default=new_ticket_code)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def places(self) -> int:
        return 1 + self.guests

    @property
    def is_active(self) -> bool:
        return self.status != SignupStatus.CANCELLED


class EventPreferences(db.Model):
    """A user's reminder choice and the key of their private calendar feed (a new key voids old links)."""

    __tablename__ = "event_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    reminders: Mapped[bool] = mapped_column(default=True)
    feed_key: Mapped[str] = mapped_column(sa.String(24), default=lambda: secrets.token_urlsafe(12))
