"""Who visits whom: the secretary assigns an elder to a volunteer team or to volunteers, with suggestions.

A volunteer team is a team of the charity or safety-watch category. Plain data in, models out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from community import audit, notifications
from community.errors import NotAllowed, ServiceError
from community.models import MembershipStatus, Role, RoleGrant, Team, TeamCategory, TeamMembership, User
from community.timeutil import utcnow
from extensions import db
from volunteers.localdays import SLOTS, WEEKDAYS
from volunteers.models import CareAssignment, Elder, ElderStatus, VolunteerProfile

VOLUNTEER_CATEGORIES = (TeamCategory.CHARITY, TeamCategory.SAFETY_WATCH)
SUGGESTIONS = 5


def volunteer_teams(community_id: int) -> list[Team]:
    return list(db.session.scalars(
        select(Team).where(Team.community_id == community_id, Team.category.in_(VOLUNTEER_CATEGORIES))
        .order_by(Team.name)))


def candidates(community_id: int) -> list[User]:
    """Who may be assigned: the community's volunteers and team leaders, and its volunteer teams' members."""
    by_role = select(RoleGrant.user_id).where(RoleGrant.community_id == community_id,
                                              RoleGrant.role.in_((Role.VOLUNTEER, Role.TEAM_LEADER)))
    by_team = (select(TeamMembership.user_id).join(Team, Team.id == TeamMembership.team_id)
               .where(Team.community_id == community_id, Team.category.in_(VOLUNTEER_CATEGORIES),
                      TeamMembership.status == MembershipStatus.ACTIVE))
    return list(db.session.scalars(
        select(User).where(User.active.is_(True), or_(User.id.in_(by_role), User.id.in_(by_team)))
        .order_by(User.display_name, User.id)))


def current_assignments(elder: Elder) -> list[CareAssignment]:
    return list(db.session.scalars(
        select(CareAssignment).where(CareAssignment.elder_id == elder.id, CareAssignment.ended_at.is_(None))
        .order_by(CareAssignment.team_id.is_(None), CareAssignment.id)))


def visitors_of(elder: Elder) -> list[User]:
    """Everyone who may go on a visit to `elder` now: assigned volunteers and assigned teams' members."""
    current = (CareAssignment.elder_id == elder.id) & CareAssignment.ended_at.is_(None)
    direct = select(CareAssignment.volunteer_id).where(current, CareAssignment.volunteer_id.is_not(None))
    through_team = (select(TeamMembership.user_id)
                    .join(CareAssignment, CareAssignment.team_id == TeamMembership.team_id)
                    .where(current, TeamMembership.status == MembershipStatus.ACTIVE))
    return list(db.session.scalars(
        select(User).where(User.active.is_(True), or_(User.id.in_(direct), User.id.in_(through_team)))
        .order_by(User.display_name, User.id)))


def assigned_elders_query(user: User) -> Select:
    """The active elders `user` visits now, directly or through a team, most overdue first."""
    teams = select(TeamMembership.team_id).where(TeamMembership.user_id == user.id,
                                                 TeamMembership.status == MembershipStatus.ACTIVE)
    assigned = select(CareAssignment.elder_id).where(
        CareAssignment.ended_at.is_(None),
        or_(CareAssignment.volunteer_id == user.id, CareAssignment.team_id.in_(teams)))
    return (select(Elder).where(Elder.id.in_(assigned), Elder.status == ElderStatus.ACTIVE)
            .order_by(Elder.next_visit_due_at, Elder.id))


def assign(actor: User, elder: Elder, team: Team | None = None,
           volunteers: Iterable[User] = ()) -> list[CareAssignment]:
    """Give the elder to `team` and/or to each of `volunteers`; existing assignments are kept."""
    if not elder.can_manage(actor):
        raise NotAllowed()
    if elder.is_archived:
        raise ServiceError(_l("An archived elder cannot be assigned."))
    volunteers = list(volunteers)
    if team is None and not volunteers:
        raise ServiceError(_l("Choose a team or at least one volunteer."), "team")
    if team is not None and (team.community_id != elder.community_id
                             or team.category not in VOLUNTEER_CATEGORIES):
        raise ServiceError(_l("Choose a volunteer team of this community."), "team")
    allowed = {user.id for user in candidates(elder.community_id)}
    if any(user.id not in allowed for user in volunteers):
        raise ServiceError(_l("Choose volunteers of this community."), "volunteers")
    existing = current_assignments(elder)
    made = []
    link = f"/volunteers/elders/{elder.id}"
    if team is not None and not any(a.team_id == team.id for a in existing):
        made.append(CareAssignment(elder_id=elder.id, team_id=team.id, assigned_by_id=actor.id))
        if team.leader_id is not None:
            notifications.notify(team.leader_id, "elder_assigned_team", link=link, team=team.name,
                                 elder=elder.name, building=elder.building)
    for user in volunteers:
        if not any(a.volunteer_id == user.id for a in existing):
            made.append(CareAssignment(elder_id=elder.id, volunteer_id=user.id, assigned_by_id=actor.id))
            notifications.notify(user, "elder_assigned", link=link, elder=elder.name, building=elder.building)
    if not made:
        raise ServiceError(_l("They are already assigned to this elder."), "team")
    db.session.add_all(made)
    db.session.flush()
    for assignment in made:
        audit.record(actor, "elder.assigned", elder, team_id=assignment.team_id,
                     volunteer_id=assignment.volunteer_id)
    return made


def end_assignment(actor: User, assignment: CareAssignment) -> None:
    """From now on the team or volunteer no longer sees the elder's personal fields."""
    if not assignment.elder.can_manage(actor):
        raise NotAllowed()
    if assignment.ended_at is not None:
        raise ServiceError(_l("This assignment has already ended."))
    assignment.ended_at = utcnow()
    db.session.flush()
    audit.record(actor, "elder.unassigned", assignment.elder, team_id=assignment.team_id,
                 volunteer_id=assignment.volunteer_id)


def end_all_assignments(actor: User, elder: Elder) -> None:
    for assignment in current_assignments(elder):
        end_assignment(actor, assignment)


@dataclass(frozen=True)
class Suggestion:
    user: User
    building: str
    score: int
    same_building: bool
    shared_slots: int  # (day, time of day) pairs when both are free


BUILDING_NUMBER = re.compile(r"\d+")


def building_distance(a: str, b: str) -> int | None:
    """0 for the same building; else the gap between building numbers (3号楼 and 5号楼: 2); None unknown."""
    if a.strip() and a.strip() == b.strip():
        return 0
    first, second = BUILDING_NUMBER.search(a), BUILDING_NUMBER.search(b)
    if first is None or second is None:
        return None
    return abs(int(first.group()) - int(second.group()))


def shared_slots(days_a: int, slots_a: int, days_b: int, slots_b: int) -> int:
    days = bin(days_a & days_b & ((1 << WEEKDAYS) - 1)).count("1")
    slots = bin(slots_a & slots_b & ((1 << SLOTS) - 1)).count("1")
    return days * slots


def suggestions(elder: Elder, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Volunteers not yet assigned, ranked by building proximity and free times shared with the elder."""
    assigned = {a.volunteer_id for a in current_assignments(elder)}
    people = [user for user in candidates(elder.community_id) if user.id not in assigned]
    profiles = {p.user_id: p for p in db.session.scalars(
        select(VolunteerProfile).where(VolunteerProfile.user_id.in_([u.id for u in people])))}
    ranked = []
    for user in people:
        profile = profiles.get(user.id)
        if profile is None:
            continue
        distance = building_distance(elder.building, profile.building)
        overlap = shared_slots(elder.preferred_days, elder.preferred_slots, profile.available_days,
                               profile.available_slots)
        proximity = 0 if distance is None else max(0, 10 - distance) * 3
        score = proximity + overlap
        if score > 0:
            ranked.append(Suggestion(user, profile.building, score, distance == 0, overlap))
    ranked.sort(key=lambda s: (-s.score, s.user.display_name))
    return ranked[:limit]
