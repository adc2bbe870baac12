"""Hotspot analysis: each case's keywords, the groups found in the last 90 days, near-duplicate pairs,
the community terms of the dictionary, and common problems (共性问题) declared from a group."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.models import Role
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Community, Department, User
    from petitions.models import Case, Category


class CaseAnalysis(db.Model):
    """Written when a case is filed, so that a refresh never segments old texts again."""

    __tablename__ = "case_analyses"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True,
                                         autoincrement=False)
    keywords: Mapped[str] = mapped_column(sa.String(200), default="")  # space-separated, best first
    terms: Mapped[str] = mapped_column(sa.Text, default="")            # space-separated content words
    bands: Mapped[bytes] = mapped_column(sa.LargeBinary, default=b"")  # MinHash band hashes
    dictionary_version: Mapped[int] = mapped_column(default=0)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The group the last refresh put the case in.
    hotspot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hotspots.id", ondelete="SET NULL"),
                                                   index=True)

    case: Mapped[Case] = relationship()

    @property
    def keyword_list(self) -> list[str]:
        return self.keywords.split()


class CommunityTerm(db.Model):
    """A word of community life the administrator adds to the segmenter's dictionary (加装电梯 …)."""

    __tablename__ = "hotspot_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(20), unique=True)
    note: Mapped[str] = mapped_column(sa.String(80), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HotspotState(db.Model):
    """One row: the dictionary's version (each process reloads its terms when it changes) and what
    the last refresh did."""

    __tablename__ = "hotspot_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    dictionary_version: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refresh_seconds: Mapped[float] = mapped_column(default=0.0)
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cases_in_window: Mapped[int] = mapped_column(default=0)
    cases_analysed: Mapped[int] = mapped_column(default=0)  # left unanalysed at intake, done by the refresh
    hotspots: Mapped[int] = mapped_column(default=0)
    surges: Mapped[int] = mapped_column(default=0)
    duplicate_pairs: Mapped[int] = mapped_column(default=0)


class Hotspot(db.Model):
    """A group of cases about one problem: a category and the keyword its cases share."""

    __tablename__ = "hotspots"
    __table_args__ = (
        sa.UniqueConstraint("category_id", "keyword", "community_id"),
        sa.Index("ix_hotspots_active_week", "active", "cases_7d"),
        sa.Index("ix_hotspots_active_month", "active", "cases_30d"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("case_categories.id", ondelete="CASCADE"))
    keyword: Mapped[str] = mapped_column(sa.String(40))
    # None: the whole city's cases; else one community's cases of the city's group (its parent).
    community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"),
                                                     index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hotspots.id", ondelete="SET NULL"))
    related: Mapped[str] = mapped_column(sa.String(200), default="")  # other shared keywords
    active: Mapped[bool] = mapped_column(default=True)  # found by the last refresh
    cases_90d: Mapped[int] = mapped_column(default=0)
    cases_30d: Mapped[int] = mapped_column(default=0)
    cases_7d: Mapped[int] = mapped_column(default=0)
    baseline_week: Mapped[float] = mapped_column(default=0.0)  # mean of the 8 weeks before the last 7 days
    ratio: Mapped[float] = mapped_column(default=0.0)
    surge: Mapped[bool] = mapped_column(default=False)
    trend: Mapped[list[int]] = mapped_column(sa.JSON, default=list)  # cases a week, oldest first
    places: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)  # top communities
    streets: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    sample_case_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    duplicate_pairs: Mapped[int] = mapped_column(default=0)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[Category] = relationship(lazy="joined")
    community: Mapped[Community | None] = relationship(lazy="joined")
    problem: Mapped[CommonProblem | None] = relationship(back_populates="hotspot", uselist=False)

    @property
    def name(self) -> str:
        place = f" · {self.community.name}" if self.community is not None else ""
        return f"{self.category.name} · {self.keyword}{place}"

    @property
    def is_new(self) -> bool:
        return self.cases_7d > 0 and self.baseline_week == 0


class CaseDuplicate(db.Model):
    """Two cases whose texts are nearly the same; `duplicate_of` is the earlier one."""

    __tablename__ = "case_duplicates"

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    duplicate_of_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"),
                                                 primary_key=True, index=True)
    similarity: Mapped[float]
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProblemStatus(enum.StrEnum):
    OPEN = "open"          # declared, the department works on it
    ANSWERED = "answered"  # answered together


class CommonProblem(db.Model):
    """共性问题: a hotspot that a supervisor or dispatcher declared, owned by one department."""

    __tablename__ = "common_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    hotspot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hotspots.id", ondelete="SET NULL"),
                                                   unique=True)
    department_id: Mapped[int] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    status: Mapped[ProblemStatus] = mapped_column(enum_column(ProblemStatus), default=ProblemStatus.OPEN)
    declared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    hotspot: Mapped[Hotspot | None] = relationship(back_populates="problem")
    department: Mapped[Department] = relationship()
    declared_by: Mapped[User | None] = relationship(foreign_keys=[declared_by_id])

    def can_answer(self, user: User) -> bool:
        return user.is_authenticated and (
            user.is_admin or user.has_role(Role.SUPERVISOR)
            or user.has_role(Role.HANDLER, department=self.department_id))


class CommonProblemCase(db.Model):
    __tablename__ = "common_problem_cases"

    problem_id: Mapped[int] = mapped_column(sa.ForeignKey("common_problems.id", ondelete="CASCADE"),
                                            primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered: Mapped[bool] = mapped_column(default=False)  # the joint answer is on the case's timeline
