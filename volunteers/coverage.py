"""No elder forgotten: who is overdue for a visit, who was not found twice in a row, the daily digest.

The board reads `elders` alone through `ix_elders_coverage` (community, status, next visit due) and
`ix_elders_failed_attempts`; the digest counts per community and per team in two grouped queries,
whatever the number of visits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from community import notifications
from community.models import Role, RoleGrant, Team, User
from community.timeutil import utcnow
from extensions import db
from volunteers.localdays import local_date
from volunteers.models import CareAssignment, Concern, ConcernStatus, DigestLog, Elder, ElderStatus, Severity
from volunteers.registry import due_by

FAILED_ATTEMPTS_ALERT = 2
BOARD_LINK = "/volunteers/coverage"


def _scoped(query: Select, community_id: int, team_ids: set[int] | None) -> Select:
    query = query.where(Elder.community_id == community_id, Elder.status == ElderStatus.ACTIVE)
    if team_ids is not None:
        query = query.where(Elder.id.in_(
            select(CareAssignment.elder_id).where(CareAssignment.team_id.in_(team_ids),
                                                  CareAssignment.ended_at.is_(None))))
    return query


def overdue_query(community_id: int, now: datetime, team_ids: set[int] | None = None) -> Select:
    """Elders whose last visit is older than their frequency, most overdue first."""
    return (_scoped(select(Elder), community_id, team_ids).where(Elder.next_visit_due_at <= now)
            .order_by(Elder.next_visit_due_at, Elder.id))


def failed_attempts_query(community_id: int, team_ids: set[int] | None = None) -> Select:
    """Elders nobody found at home on the last two visits or more."""
    return (_scoped(select(Elder), community_id, team_ids)
            .where(Elder.failed_attempts_in_row >= FAILED_ATTEMPTS_ALERT)
            .order_by(Elder.failed_attempts_in_row.desc(), Elder.last_attempt_at, Elder.id))


def days_overdue(elder: Elder, now: datetime) -> int:
    """Local days past the day the elder was due by: 1 on the first overdue day."""
    return (local_date(now) - due_by(elder)).days


@dataclass(frozen=True)
class Summary:
    active: int
    overdue: int
    failed_attempts: int
    urgent_open: int
    concerns_overdue: int


def summary(community_id: int, now: datetime, team_ids: set[int] | None = None) -> Summary:
    def count(query: Select) -> int:
        return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    base = _scoped(select(Elder.id), community_id, team_ids)
    open_concerns = select(Concern.id).where(Concern.community_id == community_id,
                                             Concern.status == ConcernStatus.OPEN)
    return Summary(
        active=count(base),
        overdue=count(base.where(Elder.next_visit_due_at <= now)),
        failed_attempts=count(base.where(Elder.failed_attempts_in_row >= FAILED_ATTEMPTS_ALERT)),
        urgent_open=count(open_concerns.where(Concern.severity == Severity.URGENT)),
        concerns_overdue=count(open_concerns.where(Concern.due_at <= now)),
    )


def overdue_counts(now: datetime) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Overdue elders per community, and per (team leader, community) for the elders of their teams."""
    overdue = (Elder.status == ElderStatus.ACTIVE) & (Elder.next_visit_due_at <= now)
    by_community = dict(db.session.execute(
        select(Elder.community_id, func.count()).where(overdue).group_by(Elder.community_id)).all())
    by_leader = {(leader_id, community_id): n for leader_id, community_id, n in db.session.execute(
        select(Team.leader_id, Team.community_id, func.count(func.distinct(Elder.id)))
        .join(CareAssignment, CareAssignment.team_id == Team.id)
        .join(Elder, Elder.id == CareAssignment.elder_id)
        .where(overdue, CareAssignment.ended_at.is_(None), Team.leader_id.is_not(None))
        .group_by(Team.leader_id, Team.community_id)).all()}
    return by_community, by_leader


def send_daily_digest(now: datetime | None = None) -> int:
    """One notification per secretary and team leader with overdue elders, at most one per local day.

    Returns how many were sent. The day's `DigestLog` rows make a second run (a restart, a misfire)
    send nothing more.
    """
    now = now or utcnow()
    today = local_date(now)
    by_community, by_leader = overdue_counts(now)
    totals: dict[int, int] = defaultdict(int)
    secretary_of: dict[int, set[int]] = defaultdict(set)
    if by_community:
        for user_id, community_id in db.session.execute(
                select(RoleGrant.user_id, RoleGrant.community_id)
                .where(RoleGrant.role == Role.SECRETARY, RoleGrant.community_id.in_(by_community))).all():
            totals[user_id] += by_community[community_id]
            secretary_of[user_id].add(community_id)
    for (leader_id, community_id), count in by_leader.items():
        if community_id not in secretary_of[leader_id]:  # a secretary's count has them already
            totals[leader_id] += count
    if not totals:
        return 0
    active = set(db.session.scalars(select(User.id).where(User.id.in_(totals), User.active.is_(True))))
    already = set(db.session.scalars(select(DigestLog.user_id).where(DigestLog.day == today)))
    sent = 0
    for user_id in sorted(active - already):
        notifications.notify(user_id, "elders_overdue_digest", link=BOARD_LINK, count=totals[user_id])
        db.session.add(DigestLog(day=today, user_id=user_id, overdue=totals[user_id], sent_at=now))
        sent += 1
    db.session.flush()
    return sent
