"""Golden ideas (金点子), the voting rounds they are put to, and residents' votes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.models import TeamCategory
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Community, User
    from events.models.events import Event


class VotingRound(db.Model):
    """A period in which residents support ideas: each may support up to `votes_per_resident`.

    With a `support_threshold`, every idea reaching it qualifies; without, the most supported win.
    """

    __tablename__ = "voting_rounds"
    __table_args__ = (sa.Index("ix_voting_rounds_community", "community_id", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(80))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    votes_per_resident: Mapped[int] = mapped_column(default=3)
    support_threshold: Mapped[int | None]
    live_results: Mapped[bool] = mapped_column(default=True)
    # The ideas residents see (not hidden), kept by the idea services: the list pages without counting.
    idea_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()

    def is_open(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    def is_closed(self, now: datetime) -> bool:
        return now >= self.ends_at

    def shows_results(self, now: datetime) -> bool:
        return self.live_results or self.is_closed(now)

    def qualifies(self, idea: Idea) -> bool:
        return self.support_threshold is not None and idea.support_count >= self.support_threshold


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        # A round's list, most supported first (the list of 10,000 ideas stays one index scan).
        sa.Index("ix_ideas_round_support", "round_id", "hidden_at", "support_count", "id"),
        sa.Index("ix_ideas_community", "community_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"))
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("voting_rounds.id", ondelete="SET NULL"))
    proposer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.Text)
    category: Mapped[TeamCategory] = mapped_column(enum_column(TeamCategory))
    expected_size: Mapped[int] = mapped_column(default=20)
    time_window: Mapped[str] = mapped_column(sa.String(80), default="")
    place: Mapped[str] = mapped_column(sa.String(120), default="")
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    # Kept by the vote service in the same transaction as each vote: the list sorts on it.
    support_count: Mapped[int] = mapped_column(default=0)
    flag_count: Mapped[int] = mapped_column(default=0)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()
    round: Mapped[VotingRound | None] = relationship()
    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    event: Mapped[Event | None] = relationship(back_populates="idea", uselist=False)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Vote(db.Model):
    """One resident's support of one idea: the unique constraint is the guarantee of one vote."""

    __tablename__ = "idea_votes"
    __table_args__ = (
        sa.UniqueConstraint("idea_id", "user_id"),
        sa.Index("ix_idea_votes_ballot", "round_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("voting_rounds.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdeaFlag(db.Model):
    """A resident's report that an idea does not belong (one per resident and idea)."""

    __tablename__ = "idea_flags"
    __table_args__ = (sa.UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
