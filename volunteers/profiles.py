"""Volunteers' own details: skills, when they are free, where they live, and a phone for the secretary."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community import audit
from community.errors import ServiceError
from community.models import MembershipStatus, Team, TeamMembership, User
from community.security import normalise_phone
from extensions import db
from volunteers.assignments import VOLUNTEER_CATEGORIES, candidates
from volunteers.models import VolunteerProfile


@dataclass
class ProfileData:
    phone: str = ""
    building: str = ""
    skills: str = ""
    available_days: int = 0
    available_slots: int = 0


def profile_of(user: User) -> VolunteerProfile | None:
    return db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))


def save_profile(user: User, data: ProfileData) -> VolunteerProfile:
    phone = normalise_phone(data.phone) if data.phone.strip() else ""
    if len(data.skills) > 200:
        raise ServiceError(_l("Keep it under %(n)d characters.", n=200), "skills")
    profile = profile_of(user)
    if profile is None:
        profile = VolunteerProfile(user_id=user.id)
        db.session.add(profile)
    profile.phone, profile.building, profile.skills = phone, data.building.strip(), data.skills.strip()
    profile.available_days, profile.available_slots = data.available_days, data.available_slots
    db.session.flush()
    audit.record(user, "volunteer.profile_saved", profile)
    return profile


@dataclass(frozen=True)
class VolunteerRow:
    user: User
    profile: VolunteerProfile | None
    teams: list[str]


def community_volunteers(community_id: int) -> list[VolunteerRow]:
    """The secretary's list: every volunteer of the community with their profile and volunteer teams."""
    people = candidates(community_id)
    ids = [user.id for user in people]
    profiles = {p.user_id: p for p in db.session.scalars(
        select(VolunteerProfile).where(VolunteerProfile.user_id.in_(ids)))}
    teams: dict[int, list[str]] = {}
    for user_id, name in db.session.execute(
            select(TeamMembership.user_id, Team.name).join(Team, Team.id == TeamMembership.team_id)
            .where(TeamMembership.user_id.in_(ids), TeamMembership.status == MembershipStatus.ACTIVE,
                   Team.community_id == community_id, Team.category.in_(VOLUNTEER_CATEGORIES))
            .order_by(Team.name)).all():
        teams.setdefault(user_id, []).append(name)
    return [VolunteerRow(user, profiles.get(user.id), teams.get(user.id, [])) for user in people]
