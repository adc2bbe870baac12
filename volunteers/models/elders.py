"""The elder registry (关爱对象) and who visits each elder.

An elder's address (unit and room), phone, health notes and emergency contacts are
personal: `Elder.can_see_personal` is the one rule for who may read them.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.models import MembershipStatus, Role, TeamMembership
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Community, Team, User

# The fields only the secretary and the elder's current visitors may read ("address" is unit and room:
# the building alone is what every list shows).
PERSONAL_FIELDS = ("address", "phone", "health_notes", "emergency_contacts")


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


class LivingSituation(enum.StrEnum):
    ALONE = "alone"              # 独居
    WITH_SPOUSE = "with_spouse"  # 与老伴同住
    OTHER = "other"


class ElderStatus(enum.StrEnum):
    ACTIVE = "active"
    MOVED_AWAY = "moved_away"  # archived
    DIED = "died"              # archived


class Elder(db.Model):
    __tablename__ = "elders"
    __table_args__ = (
        # The coverage board and the daily digest: who is due, most overdue first, one range scan.
        sa.Index("ix_elders_coverage", "community_id", "status", "next_visit_due_at"),
        sa.Index("ix_elders_failed_attempts", "community_id", "status", "failed_attempts_in_row"),
        # The purge job: archived elders whose retention period is over.
        sa.Index("ix_elders_archived", "status", "archived_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id"))
    name: Mapped[str] = mapped_column(sa.String(60))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender))
    birth_year: Mapped[int]
    building: Mapped[str] = mapped_column(sa.String(40))
    unit: Mapped[str] = mapped_column(sa.String(40), default="")
    room: Mapped[str] = mapped_column(sa.String(40), default="")
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    living_situation: Mapped[LivingSituation] = mapped_column(enum_column(LivingSituation))
    health_notes: Mapped[str] = mapped_column(sa.Text, default="")
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    emergency_contacts: Mapped[str] = mapped_column(sa.Text, default="")
    consent_on: Mapped[date | None] = mapped_column(sa.Date)
    consent_witness: Mapped[str] = mapped_column(sa.String(60), default="")
    visit_every_days: Mapped[int] = mapped_column(default=7)
    # Bit masks: Monday is bit 0; slots are morning, afternoon, evening.
    preferred_days: Mapped[int] = mapped_column(default=0)
    preferred_slots: Mapped[int] = mapped_column(default=0)

    status: Mapped[ElderStatus] = mapped_column(enum_column(ElderStatus), default=ElderStatus.ACTIVE)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    personal_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Kept by the visit service so that the coverage board never aggregates the visits.
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_attempts_in_row: Mapped[int] = mapped_column(default=0)
    next_visit_due_at: Mapped[datetime] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    community: Mapped[Community] = relationship()

    @property
    def is_archived(self) -> bool:
        return self.status != ElderStatus.ACTIVE

    @property
    def address(self) -> str:
        return " ".join(part for part in (self.building, self.unit, self.room) if part)

    def can_manage(self, user: User) -> bool:
        """The community's secretary keeps the registry (administrators do not: they see no personal data)."""
        return user.is_authenticated and user.has_role(Role.SECRETARY, community=self.community_id)

    def is_visited_by(self, user: User) -> bool:
        """Whether `user` is assigned to this elder now, by name or through an assigned team."""
        if not user.is_authenticated or self.id is None:
            return False
        teams = sa.select(TeamMembership.team_id).where(TeamMembership.user_id == user.id,
                                                        TeamMembership.status == MembershipStatus.ACTIVE)
        found = db.session.scalar(
            sa.select(CareAssignment.id)
            .where(CareAssignment.elder_id == self.id, CareAssignment.ended_at.is_(None),
                   sa.or_(CareAssignment.volunteer_id == user.id, CareAssignment.team_id.in_(teams)))
            .limit(1))
        return found is not None

    def can_see_personal(self, user: User) -> bool:
        """THE privacy rule: the community's secretary, and the volunteers assigned to the elder now."""
        if not user.is_authenticated or not user.is_active:
            return False
        return self.can_manage(user) or self.is_visited_by(user)

    def can_view(self, user: User) -> bool:
        """Who may open the elder's page at all; administrators see it without the personal fields."""
        return user.is_authenticated and (user.is_admin or self.can_see_personal(user))

    def __repr__(self) -> str:
        return f"<Elder {self.id}>"


class CareAssignment(db.Model):
    """An elder given to a team or to one volunteer; ending it keeps the row as history."""

    __tablename__ = "care_assignments"
    __table_args__ = (
        sa.CheckConstraint("(team_id IS NULL) <> (volunteer_id IS NULL)", name="one_assignee"),
        sa.Index("ix_care_assignments_elder", "elder_id", "ended_at"),
        sa.Index("ix_care_assignments_team", "team_id", "ended_at"),
        sa.Index("ix_care_assignments_volunteer", "volunteer_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[int] = mapped_column(sa.ForeignKey("elders.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    elder: Mapped[Elder] = relationship()
    team: Mapped[Team | None] = relationship()
    volunteer: Mapped[User | None] = relationship(foreign_keys=[volunteer_id])

    @property
    def assignee_name(self) -> str:
        if self.team is not None:
            return self.team.name
        return self.volunteer.display_name if self.volunteer else ""


class VolunteerSettings(db.Model):
    """One row the administrator sets: how long an archived elder's personal fields are kept."""

    __tablename__ = "volunteer_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    retention_days: Mapped[int] = mapped_column(default=365)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
