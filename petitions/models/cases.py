"""Cases (诉求), their timeline and photos."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.models import Role
from community.models.places import manages_community
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Community, Department, User
    from petitions.models.catalogue import Category
    from petitions.models.handling import Assignment


class CaseType(enum.StrEnum):
    COMPLAINT = "complaint"    # 投诉
    SUGGESTION = "suggestion"  # 建议
    INQUIRY = "inquiry"        # 咨询


class Channel(enum.StrEnum):
    WEB = "web"
    HOTLINE = "hotline"              # 12345
    WALK_IN = "walk_in"              # 来访
    MESSAGE_BOARD = "message_board"  # 留言板
    OPEN311 = "open311"


class CaseStatus(enum.StrEnum):
    SUBMITTED = "submitted"      # 待受理
    ACCEPTED = "accepted"        # 社区已受理
    REJECTED = "rejected"        # 不予受理
    MERGED = "merged"            # 重复件，已合并
    FORWARDED = "forwarded"      # 已转办至市级平台，待派单
    ASSIGNED = "assigned"        # 已派单，待部门签收
    IN_PROGRESS = "in_progress"  # 部门办理中
    RESOLVED = "resolved"        # 已办结，待评价
    CLOSED = "closed"            # 已评价或评价期满

    @property
    def is_open(self) -> bool:
        return self not in {CaseStatus.REJECTED, CaseStatus.MERGED, CaseStatus.RESOLVED, CaseStatus.CLOSED}


class Rating(enum.StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


class CaseRights:
    """Who may see and act on a case, from its status and ids alone: shared by a loaded `Case` and a
    `CaseAccess` row (what a kept case page reads before it is served)."""

    if TYPE_CHECKING:
        status: CaseStatus
        submitter_id: int | None
        community_id: int
        department_id: int | None

    def is_submitted_by(self, user: User) -> bool:
        return user.is_authenticated and self.submitter_id == user.id

    def can_manage_locally(self, user: User) -> bool:
        """The community's secretary accepts, answers and forwards its cases."""
        return manages_community(user, self.community_id)

    def can_dispatch(self, user: User) -> bool:
        return user.is_authenticated and (user.is_admin or user.has_role(Role.DISPATCHER))

    def can_handle(self, user: User) -> bool:
        """Handlers of the department the case is assigned to."""
        return (user.is_authenticated and self.department_id is not None
                and user.has_role(Role.HANDLER, department=self.department_id))

    def can_supervise(self, user: User) -> bool:
        return user.is_authenticated and (user.is_admin or user.has_role(Role.SUPERVISOR))

    def can_view(self, user: User) -> bool:
        """Who sees the whole case with personal data; everyone else sees the public view."""
        return (self.is_submitted_by(user) or self.can_manage_locally(user) or self.can_dispatch(user)
                or self.can_supervise(user) or self.can_handle(user))

    @property
    def is_public(self) -> bool:
        """Cases are published once the community has accepted them (never the rejected ones)."""
        return self.status not in {CaseStatus.SUBMITTED, CaseStatus.REJECTED}


@dataclass(frozen=True)
class CaseAccess(CaseRights):
    status: CaseStatus
    submitter_id: int | None
    community_id: int
    department_id: int | None


class Case(CaseRights, db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_community_status", "community_id", "status", "created_at"),
        sa.Index("ix_cases_department_status", "department_id", "status", "deadline_at"),
        sa.Index("ix_cases_status_deadline", "status", "deadline_at"),
        sa.Index("ix_cases_created_at", "created_at"),
        # Every step tells the residents whose duplicates were merged into the case.
        sa.Index("ix_cases_merged_into", "merged_into_id"),
        # The supervisor's board in deadline order (the flag is kept by petitions.onboard).
        sa.Index("ix_cases_on_board", "on_board", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    type: Mapped[CaseType] = mapped_column(enum_column(CaseType))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("case_categories.id"))
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id"))
    building: Mapped[str] = mapped_column(sa.String(40), default="")
    unit: Mapped[str] = mapped_column(sa.String(40), default="")
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    hide_name: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.WEB)
    submitter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"),
                                                     index=True)
    contact_name: Mapped[str] = mapped_column(sa.String(60), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(20), default="")

    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.SUBMITTED)
    accept_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignments.id", use_alter=True, ondelete="SET NULL")
    )
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    supervision_level: Mapped[int] = mapped_column(default=0)  # the job's levels, 1 to 3
    # When a supervisor last supervised the case by hand; it ends when the case moves to another unit.
    supervised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # On the supervisor's board: open at the hub or a department, and level 2+, supervised by hand or
    # waiting for more time.
    on_board: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    reopened: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    reply: Mapped[str] = mapped_column(sa.Text, default="")
    rating: Mapped[Rating | None] = mapped_column(enum_column(Rating))
    rating_comment: Mapped[str] = mapped_column(sa.Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Every change raises it; an UPDATE that finds another version fails, so that
    # two people acting on one case at once cannot both succeed.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    category: Mapped[Category] = relationship(lazy="joined")
    community: Mapped[Community] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship()
    submitter: Mapped[User | None] = relationship()
    assignment: Mapped[Assignment | None] = relationship(foreign_keys=[assignment_id], post_update=True)
    merged_into: Mapped[Case | None] = relationship(remote_side=[id])
    steps: Mapped[list[CaseStep]] = relationship(back_populates="case", order_by="CaseStep.id",
                                                 cascade="all, delete-orphan")
    photos: Mapped[list[CasePhoto]] = relationship(back_populates="case", order_by="CasePhoto.id",
                                                   cascade="all, delete-orphan")

    @property
    def submitter_name(self) -> str:
        return self.submitter.display_name if self.submitter else self.contact_name

    def __repr__(self) -> str:
        return f"<Case {self.number} {self.status}>"


class CaseStep(db.Model):
    """One step of a case's timeline: what happened, who did it, who must act next, by when."""

    __tablename__ = "case_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(sa.String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    unit: Mapped[str] = mapped_column(sa.String(80), default="")    # the responsible unit
    person: Mapped[str] = mapped_column(sa.String(60), default="")  # the responsible person
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    case: Mapped[Case] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()  # who took the step (None: the supervision job)


class CasePhoto(db.Model):
    __tablename__ = "case_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(30))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="photos")


class CaseCounter(db.Model):
    """The last case number given in a year; incremented atomically."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)

