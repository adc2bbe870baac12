"""Service hours and the monthly community report.

Every volunteer who went on a visit or an attempt is credited with its duration. Months and years are
local (Asia/Shanghai). The report reads one community's month through `ix_elder_visits_community`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, distinct, func, select

from community.models import MembershipStatus, Team, TeamMembership, User
from extensions import db
from volunteers.assignments import VOLUNTEER_CATEGORIES
from volunteers.localdays import local_date, month_bounds, year_bounds
from volunteers.models import Concern, ConcernStatus, Elder, ElderStatus, Outcome, Visit, VisitVolunteer


@dataclass(frozen=True)
class Tally:
    visits: int = 0
    attempts: int = 0
    minutes: int = 0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    def plus(self, outcome: Outcome, minutes: int) -> Tally:
        met = outcome == Outcome.MET
        return Tally(self.visits + met, self.attempts + (not met), self.minutes + minutes)


def hours_by_month(user_id: int, year: int) -> dict[int, Tally]:
    """Months 1–12 of `year` with the volunteer's visits, attempts and minutes (empty months too)."""
    start, end = year_bounds(year)
    rows = db.session.execute(
        select(Visit.visited_at, Visit.outcome, Visit.duration_minutes)
        .join(VisitVolunteer, VisitVolunteer.visit_id == Visit.id)
        .where(VisitVolunteer.user_id == user_id, Visit.visited_at >= start, Visit.visited_at < end)).all()
    months = {month: Tally() for month in range(1, 13)}
    for visited_at, outcome, minutes in rows:
        month = local_date(visited_at).month
        months[month] = months[month].plus(outcome, minutes)
    return months


def year_total(months: dict[int, Tally]) -> Tally:
    total = Tally()
    for tally in months.values():
        total = Tally(total.visits + tally.visits, total.attempts + tally.attempts,
                      total.minutes + tally.minutes)
    return total


def elders_visited(user_id: int, year: int) -> int:
    start, end = year_bounds(year)
    return db.session.scalar(
        select(func.count(distinct(Visit.elder_id))).join(VisitVolunteer, VisitVolunteer.visit_id == Visit.id)
        .where(VisitVolunteer.user_id == user_id, Visit.visited_at >= start, Visit.visited_at < end)) or 0


def team_totals(community_id: int, year: int) -> list[tuple[Team, Tally]]:
    """Each volunteer team with the hours of its active members in `year`."""
    start, end = year_bounds(year)
    rows = db.session.execute(
        select(TeamMembership.team_id, Visit.outcome, func.count(), func.sum(Visit.duration_minutes))
        .join(VisitVolunteer, VisitVolunteer.user_id == TeamMembership.user_id)
        .join(Visit, Visit.id == VisitVolunteer.visit_id)
        .join(Team, Team.id == TeamMembership.team_id)
        .where(Team.community_id == community_id, Team.category.in_(VOLUNTEER_CATEGORIES),
               TeamMembership.status == MembershipStatus.ACTIVE,
               Visit.visited_at >= start, Visit.visited_at < end)
        .group_by(TeamMembership.team_id, Visit.outcome)).all()
    tallies: dict[int, Tally] = defaultdict(Tally)
    for team_id, outcome, count, minutes in rows:
        tally = tallies[team_id]
        met = outcome == Outcome.MET
        tallies[team_id] = Tally(tally.visits + (count if met else 0), tally.attempts + (0 if met else count),
                                 tally.minutes + int(minutes or 0))
    teams = db.session.scalars(select(Team).where(Team.community_id == community_id,
                                                  Team.category.in_(VOLUNTEER_CATEGORIES)).order_by(Team.name))
    return [(team, tallies.get(team.id, Tally())) for team in teams]


@dataclass(frozen=True)
class VolunteerLine:
    user_id: int
    name: str
    visits: int
    attempts: int
    minutes: int
    elders: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class MonthlyReport:
    year: int
    month: int
    visits: int
    attempts: int
    minutes: int
    elders_active: int
    elders_covered: int
    concerns_raised: int
    concerns_resolved: int
    volunteers: list[VolunteerLine]

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def monthly_report(community_id: int, year: int, month: int) -> MonthlyReport:
    start, end = month_bounds(year, month)
    in_month = (Visit.community_id == community_id) & (Visit.visited_at >= start) & (Visit.visited_at < end)
    by_outcome = {outcome: (count, int(minutes or 0)) for outcome, count, minutes in db.session.execute(
        select(Visit.outcome, func.count(), func.sum(Visit.duration_minutes)).where(in_month)
        .group_by(Visit.outcome)).all()}
    met, attempts = by_outcome.get(Outcome.MET, (0, 0)), by_outcome.get(Outcome.NO_ANSWER, (0, 0))
    covered = db.session.scalar(select(func.count(distinct(Visit.elder_id)))
                                .where(in_month, Visit.outcome == Outcome.MET)) or 0
    active = db.session.scalar(select(func.count()).select_from(Elder).where(
        Elder.community_id == community_id, Elder.status == ElderStatus.ACTIVE)) or 0
    raised = db.session.scalar(select(func.count()).select_from(Concern).where(
        Concern.community_id == community_id, Concern.raised_at >= start, Concern.raised_at < end)) or 0
    resolved = db.session.scalar(select(func.count()).select_from(Concern).where(
        Concern.community_id == community_id, Concern.status == ConcernStatus.RESOLVED,
        Concern.resolved_at >= start, Concern.resolved_at < end)) or 0
    lines = volunteer_lines(community_id, start, end)
    return MonthlyReport(year, month, met[0], attempts[0], met[1] + attempts[1], active, covered, raised,
                         resolved, lines)


def volunteer_lines(community_id: int, start: datetime, end: datetime) -> list[VolunteerLine]:
    """Each volunteer's visits, attempts, minutes and elders in a community between two moments."""
    in_range = (Visit.community_id == community_id) & (Visit.visited_at >= start) & (Visit.visited_at < end)
    met_count = func.sum(case((Visit.outcome == Outcome.MET, 1), else_=0))
    rows = db.session.execute(
        select(User.id, User.display_name, func.count(), met_count, func.sum(Visit.duration_minutes),
               func.count(distinct(Visit.elder_id)))
        .join(VisitVolunteer, VisitVolunteer.user_id == User.id)
        .join(Visit, Visit.id == VisitVolunteer.visit_id)
        .where(in_range).group_by(User.id, User.display_name)
        .order_by(func.sum(Visit.duration_minutes).desc(), User.display_name)).all()
    return [VolunteerLine(user_id, name, int(met or 0), count - int(met or 0), int(minutes or 0), elders)
            for user_id, name, count, met, minutes, elders in rows]
