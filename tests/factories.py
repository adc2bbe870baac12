"""Builders of test data. They add to the session; the caller commits when it needs to."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from community.models import (
    Community,
    Department,
    MembershipStatus,
    Role,
    RoleGrant,
    Team,
    TeamCategory,
    TeamMembership,
    User,
)
from community.security import hash_password
from extensions import db

PASSWORD = "neighbour2026"
_counter = itertools.count(1)


def make_user(name: str | None = None, email: str | None = None, phone: str | None = None,
              grants: list[tuple[Role, int | None, int | None]] = (), password: str = PASSWORD) -> User:
    n = next(_counter)
    user = User(display_name=name or f"User {n}", email=email or (None if phone else f"user{n}@test.cn"),
                phone=phone, password_hash=hash_password(password))
    for role, community_id, department_id in grants:
        user.grants.append(RoleGrant(role=role, community_id=community_id, department_id=department_id))
    db.session.add(user)
    db.session.flush()
    return user


def make_community(slug: str | None = None, name: str | None = None) -> Community:
    n = next(_counter)
    community = Community(slug=slug or f"community-{n}", name=name or f"社区{n}",
                          district="江南区", street="望湖街道")
    db.session.add(community)
    db.session.flush()
    return community


def make_team(community: Community, name: str | None = None,
              category: TeamCategory = TeamCategory.HOBBIES, leader: User | None = None,
              members: list[User] = ()) -> Team:
    team = Team(community_id=community.id, name=name or f"队伍{next(_counter)}", category=category,
                description="", leader_id=leader.id if leader else None)
    db.session.add(team)
    db.session.flush()
    for user in {*members, *([leader] if leader else [])}:
        db.session.add(TeamMembership(team_id=team.id, user_id=user.id, status=MembershipStatus.ACTIVE))
    db.session.flush()
    return team


@dataclass
class City:
    """Ids and login names, usable outside the session that made them."""

    community_id: int
    other_community_id: int
    community_slug: str
    department_id: int
    team_id: int
    logins: dict[Role, str] = field(default_factory=dict)
    outsider: str = ""  # a resident of the other community


def make_city() -> City:
    home = make_community("home")
    other = make_community("other")
    department = Department(name=f"城市管理局{next(_counter)}")
    db.session.add(department)
    db.session.flush()
    logins: dict[Role, str] = {}
    users: dict[Role, User] = {}
    for role in Role:
        community_id = home.id if role.scope == "community" else None
        department_id = department.id if role.scope == "department" else None
        grants = [(role, community_id, department_id)]
        if role in {Role.VOLUNTEER, Role.TEAM_LEADER, Role.SECRETARY}:
            grants.append((Role.RESIDENT, home.id, None))
        user = make_user(name=f"{role.value} user", email=f"{role.value}@test.cn", grants=grants)
        logins[role], users[role] = user.email, user
    team = make_team(home, name="守望团", category=TeamCategory.SAFETY_WATCH,
                     leader=users[Role.TEAM_LEADER], members=[users[Role.VOLUNTEER]])
    outsider = make_user(name="outsider", email="outsider@test.cn", grants=[(Role.RESIDENT, other.id, None)])
    return City(community_id=home.id, other_community_id=other.id, community_slug=home.slug,
                department_id=department.id, team_id=team.id, logins=logins, outsider=outsider.email)
