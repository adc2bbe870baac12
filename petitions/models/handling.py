"""How the hub and the departments handle cases: assignments, extensions, the frozen scorecard."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.timeutil import utcnow
from extensions import db
from petitions.models.cases import Rating

if TYPE_CHECKING:
    from community.models import Department
    from petitions.models.cases import Case


class AssignmentKind(enum.StrEnum):
    FIRST = "first"
    REASSIGNED = "reassigned"  # after a department returned the case
    REOPENED = "reopened"      # the resident was unsatisfied: 重办


class Assignment(db.Model):
    """One dispatch of a case to a department (派单), and how the department dealt with it.

    The scorecard is computed from these rows alone, so every figure it shows can
    be traced to the assignments behind it.
    """

    __tablename__ = "assignments"
    # The scorecard reads one week of each event, grouped by department.
    __table_args__ = (
        sa.Index("ix_assignments_assigned_at", "assigned_at"),
        sa.Index("ix_assignments_resolved_at", "resolved_at"),
        sa.Index("ix_assignments_rated_at", "rated_at"),
        sa.Index("ix_assignments_returned_at", "returned_at"),
        sa.Index("ix_assignments_open_deadline", "department_id", "deadline_at"),
        sa.Index("ix_assignments_deadline_at", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"))
    kind: Mapped[AssignmentKind] = mapped_column(enum_column(AssignmentKind), default=AssignmentKind.FIRST)
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accept_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str] = mapped_column(sa.Text, default="")
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extended_days: Mapped[int] = mapped_column(default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[Rating | None] = mapped_column(enum_column(Rating))
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    department: Mapped[Department] = relationship()

    @property
    def is_active(self) -> bool:
        return self.returned_at is None and self.resolved_at is None


class ExtensionStatus(enum.StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"
    LAPSED = "lapsed"  # not decided before the case was resolved


class ExtensionRequest(db.Model):
    """A department's one request for up to 3 more working days; the supervisor decides."""

    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignments.id", ondelete="CASCADE"),
                                               unique=True)
    days: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ExtensionStatus] = mapped_column(enum_column(ExtensionStatus),
                                                    default=ExtensionStatus.PENDING, index=True)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")

    assignment: Mapped[Assignment] = relationship()


class ScorecardRow(db.Model):
    """One department's figures for one ISO week, frozen on the Monday after."""

    __tablename__ = "scorecard_rows"
    __table_args__ = (sa.UniqueConstraint("week", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(sa.String(8), index=True)  # ISO week, "2026-W47"
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id", ondelete="CASCADE"))
    received: Mapped[int] = mapped_column(default=0)
    acceptance_due: Mapped[int] = mapped_column(default=0, server_default="0")
    accepted_in_time: Mapped[int] = mapped_column(default=0)
    resolved: Mapped[int] = mapped_column(default=0)
    completion_due: Mapped[int] = mapped_column(default=0, server_default="0")
    resolved_on_time: Mapped[int] = mapped_column(default=0)
    rated: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[int] = mapped_column(default=0)
    basically_satisfied: Mapped[int] = mapped_column(default=0)
    unsatisfied: Mapped[int] = mapped_column(default=0)
    returns: Mapped[int] = mapped_column(default=0)
    overdue_now: Mapped[int] = mapped_column(default=0)
    rank: Mapped[int] = mapped_column(default=0)
    grade: Mapped[str] = mapped_column(sa.String(10), default="")
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Department] = relationship()
