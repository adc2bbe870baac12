"""The weekly visiting roster of a team: its elders, when each is due, who is free, what is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from community.models import MembershipStatus, Team, TeamMembership, User
from extensions import db
from volunteers.assignments import shared_slots
from volunteers.localdays import week_bounds
from volunteers.models import CareAssignment, Elder, ElderStatus, Outcome, Visit, VolunteerProfile
from volunteers.registry import due_by


@dataclass(frozen=True)
class RosterLine:
    elder: Elder
    due_on: date
    visits: list[Visit]  # this week's visits and attempts
    suggested: list[User]  # members free when the elder likes visits


def team_members(team: Team) -> list[User]:
    return list(db.session.scalars(
        select(User).join(TeamMembership, TeamMembership.user_id == User.id)
        .where(TeamMembership.team_id == team.id, TeamMembership.status == MembershipStatus.ACTIVE,
               User.active.is_(True)).order_by(User.display_name)))


def weekly_roster(team: Team, monday: date) -> list[RosterLine]:
    start, end = week_bounds(monday)
    elders = list(db.session.scalars(
        select(Elder).join(CareAssignment, CareAssignment.elder_id == Elder.id)
        .where(CareAssignment.team_id == team.id, CareAssignment.ended_at.is_(None),
               Elder.status == ElderStatus.ACTIVE)
        .order_by(Elder.next_visit_due_at, Elder.building, Elder.name)))
    visits: dict[int, list[Visit]] = {}
    for visit in db.session.scalars(
            select(Visit).where(Visit.elder_id.in_([e.id for e in elders]), Visit.visited_at >= start,
                                Visit.visited_at < end).order_by(Visit.visited_at)):
        visits.setdefault(visit.elder_id, []).append(visit)
    members = team_members(team)
    profiles = {p.user_id: p for p in db.session.scalars(
        select(VolunteerProfile).where(VolunteerProfile.user_id.in_([m.id for m in members])))}
    lines = []
    for elder in elders:
        free = [m for m in members if m.id in profiles and shared_slots(
            elder.preferred_days, elder.preferred_slots, profiles[m.id].available_days,
            profiles[m.id].available_slots)]
        lines.append(RosterLine(elder, due_by(elder), visits.get(elder.id, []), free[:3]))
    return lines


def met_this_week(line: RosterLine) -> bool:
    return any(v.outcome == Outcome.MET for v in line.visits)
