"""Communities (社区) and municipal departments (职能部门)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime
from community.models.accounts import Role
from community.timeutil import DEFAULT_ZONE, utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models.accounts import User
    from community.models.teams import Team


def manages_community(user: User, community_id: int) -> bool:
    """The community's secretary and administrators run the community."""
    return user.is_authenticated and (user.is_admin or user.has_role(Role.SECRETARY, community=community_id))


class Community(db.Model):
    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    district: Mapped[str] = mapped_column(sa.String(80))
    street: Mapped[str] = mapped_column(sa.String(80))
    timezone: Mapped[str] = mapped_column(sa.String(40), default=DEFAULT_ZONE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teams: Mapped[list[Team]] = relationship(back_populates="community", order_by="Team.name")

    def can_manage(self, user: User) -> bool:
        return manages_community(user, self.id)

    def is_member(self, user: User) -> bool:
        return user.is_authenticated and self.id in user.community_ids()

    def __repr__(self) -> str:
        return f"<Community {self.slug}>"


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Department {self.name}>"
