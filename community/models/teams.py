"""Teams (队伍) of a community's federation, and their members."""

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
    from community.models.accounts import User
    from community.models.places import Community


class TeamCategory(enum.StrEnum):
    HOBBIES = "hobbies"            # 兴趣爱好
    CHARITY = "charity"            # 公益慈善
    LIFE_SERVICES = "life_services"  # 生活服务
    CULTURE_SPORTS = "culture_sports"  # 文体娱乐
    MUTUAL_AID = "mutual_aid"      # 邻里互助
    SAFETY_WATCH = "safety_watch"  # 平安守望


class MembershipStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DECLINED = "declined"


class Team(db.Model):
    __tablename__ = "teams"
    __table_args__ = (sa.UniqueConstraint("community_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(
        sa.ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(60))
    category: Mapped[TeamCategory] = mapped_column(enum_column(TeamCategory))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship(back_populates="teams")
    leader: Mapped[User | None] = relationship()
    memberships: Mapped[list[TeamMembership]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )

    def can_manage(self, user: User) -> bool:
        """The secretary edits the team; its leader runs membership."""
        return self.community.can_manage(user) or self.is_led_by(user)

    def is_led_by(self, user: User) -> bool:
        return user.is_authenticated and self.leader_id == user.id

    def __repr__(self) -> str:
        return f"<Team {self.name}>"


class TeamMembership(db.Model):
    __tablename__ = "team_memberships"
    __table_args__ = (sa.UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[MembershipStatus] = mapped_column(
        enum_column(MembershipStatus), default=MembershipStatus.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    team: Mapped[Team] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
