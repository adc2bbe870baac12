"""Accounts and role grants."""

from __future__ import annotations

import enum
import functools
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models.places import Community, Department


class Role(enum.StrEnum):
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    TEAM_LEADER = "team_leader"
    SECRETARY = "secretary"
    DISPATCHER = "dispatcher"
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def scope(self) -> str:
        """What a grant of this role is tied to: a community, a department or nothing."""
        if self in COMMUNITY_ROLES:
            return "community"
        if self is Role.HANDLER:
            return "department"
        return "city"


COMMUNITY_ROLES = frozenset({Role.RESIDENT, Role.VOLUNTEER, Role.TEAM_LEADER, Role.SECRETARY})


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(60))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    # Part of the login cookie: rotating it signs every other session out.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def login_name(self) -> str:
        return self.email or self.phone or ""

    def has_role(
        self,
        role: Role,
        community: Community | int | None = None,
        department: Department | int | None = None,
    ) -> bool:
        """Whether the user holds `role`, optionally for one community or department."""
        community_id = getattr(community, "id", community)
        department_id = getattr(department, "id", department)
        for grant in self.grants:
            if grant.role != role:
                continue
            if community_id is not None and grant.community_id != community_id:
                continue
            if department_id is not None and grant.department_id != department_id:
                continue
            return True
        return False

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    def community_ids(self, role: Role | None = None) -> set[int]:
        return {
            g.community_id
            for g in self.grants
            if g.community_id is not None and (role is None or g.role == role)
        }

    def department_ids(self) -> set[int]:
        return {g.department_id for g in self.grants if g.department_id is not None}

    @property
    def roles(self) -> set[Role]:
        return {Role(g.role) for g in self.grants}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.login_name}>"


class RoleGrant(db.Model):
    """One role held by one user, tied to a community or department where the role needs it."""

    __tablename__ = "role_grants"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "role", "community_id", "department_id"),
        # A community's secretaries (told of every new case) among its thousands of residents.
        sa.Index("ix_role_grants_community_role", "community_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    community_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("departments.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="grants")
    community: Mapped[Community | None] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")


@functools.cache
def user_with_grants() -> sa.Select:
    """The query of a user (bound as `user_id`) with their roles, in one statement: every signed-in
    request runs it. Built once, when the mappers are complete: building the query or its loader
    option anew (as `session.get(..., options=...)` does) cost a third of loading the user."""
    return sa.select(User).options(joinedload(User.grants)).where(User.id == sa.bindparam("user_id"))
