"""Communities, departments and the federation of teams: the operations behind their pages."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TTLCache
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from community import audit, notifications
from community.accounts import grant_role
from community.errors import NotAllowed, ServiceError
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
from community.timeutil import utcnow
from extensions import db


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60]


def create_community(actor: User, name: str, district: str, street: str, slug: str) -> Community:
    slug = slugify(slug)
    if not slug:
        raise ServiceError(_l("Use letters, digits and hyphens."), "slug")
    if db.session.scalar(select(Community.id).where(Community.slug == slug)):
        raise ServiceError(_l("This short name is already used."), "slug")
    community = Community(name=name.strip(), district=district.strip(), street=street.strip(),
                          slug=slug)
    db.session.add(community)
    db.session.flush()
    audit.record(actor, "community.created", community)
    return community


def create_department(actor: User, name: str, description: str = "") -> Department:
    name = name.strip()
    if db.session.scalar(select(Department.id).where(Department.name == name)):
        raise ServiceError(_l("A department with this name already exists."), "name")
    department = Department(name=name, description=description.strip())
    db.session.add(department)
    db.session.flush()
    audit.record(actor, "department.created", department)
    return department


def _check_team_name(community: Community, name: str, team_id: int | None = None) -> str:
    name = name.strip()
    query = select(Team.id).where(Team.community_id == community.id, Team.name == name)
    if team_id is not None:
        query = query.where(Team.id != team_id)
    if db.session.scalar(query):
        raise ServiceError(_l("This community already has a team with this name."), "name")
    return name


def save_team(
    actor: User,
    community: Community,
    name: str,
    category: TeamCategory,
    description: str,
    leader: User | None,
    team: Team | None = None,
) -> Team:
    """Create a team, or update `team`; the leader becomes an active member and a team leader."""
    if not community.can_manage(actor):
        raise NotAllowed()
    name = _check_team_name(community, name, team.id if team else None)
    created = team is None
    if team is None:
        team = Team(community=community)
        db.session.add(team)
    team.name, team.category, team.description = name, category, description.strip()
    team.leader = leader
    db.session.flush()
    if leader is not None:
        _ensure_member(team, leader, actor)
        if not leader.has_role(Role.TEAM_LEADER, community=community):
            grant_role(actor, leader, Role.TEAM_LEADER, community=community)
    audit.record(actor, "team.created" if created else "team.updated", team)
    return team


def _ensure_member(team: Team, user: User, actor: User) -> None:
    membership = membership_of(team, user)
    if membership is None:
        membership = TeamMembership(team=team, user_id=user.id)
        db.session.add(membership)
    membership.status = MembershipStatus.ACTIVE
    membership.decided_at, membership.decided_by_id = utcnow(), actor.id


def membership_of(team: Team, user: User) -> TeamMembership | None:
    return db.session.scalar(
        select(TeamMembership).where(TeamMembership.team_id == team.id,
                                     TeamMembership.user_id == user.id)
    )


def request_to_join(user: User, team: Team) -> TeamMembership:
    """A resident of the team's community asks to join; the leader is told."""
    if not team.community.is_member(user):
        raise ServiceError(_l("Only residents of this community can join its teams."))
    membership = membership_of(team, user)
    if membership is not None and membership.status != MembershipStatus.DECLINED:
        raise ServiceError(_l("You have already asked to join this team."))
    if membership is None:
        membership = TeamMembership(team=team, user_id=user.id)
        db.session.add(membership)
    membership.status = MembershipStatus.PENDING
    membership.requested_at, membership.decided_at = utcnow(), None
    db.session.flush()
    audit.record(user, "team.join_requested", team)
    if team.leader_id is not None:
        notifications.notify(team.leader_id, "team_join_requested",
                             link=f"/teams/{team.id}", name=user.display_name, team=team.name)
    return membership


def decide_membership(actor: User, membership: TeamMembership, approve: bool) -> None:
    team = membership.team
    if not team.can_manage(actor):
        raise NotAllowed()
    if membership.status != MembershipStatus.PENDING:
        raise ServiceError(_l("This request has already been decided."))
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
    membership.decided_at, membership.decided_by_id = utcnow(), actor.id
    audit.record(actor, "team.join_approved" if approve else "team.join_declined", team,
                 user_id=membership.user_id)
    kind = "team_join_approved" if approve else "team_join_declined"
    notifications.notify(membership.user_id, kind, link=f"/teams/{team.id}", team=team.name)


def leave_team(user: User, team: Team) -> None:
    membership = membership_of(team, user)
    if membership is None or membership.status == MembershipStatus.DECLINED:
        raise ServiceError(_l("You are not a member of this team."))
    if team.leader_id == user.id:
        raise ServiceError(_l("A team leader cannot leave; ask the secretary to name a new leader."))
    db.session.delete(membership)
    audit.record(user, "team.left", team)


@dataclass(frozen=True)
class TeamSummary:
    id: int
    name: str
    category: TeamCategory
    member_count: int


def teams_by_category(community: Community) -> dict[TeamCategory, list[TeamSummary]]:
    """Every category (empty ones too) with its teams and active member counts, in one query.

    Plain columns rather than Team objects: this is the busiest page after the home page.
    """
    counts = (
        select(TeamMembership.team_id, func.count().label("n"))
        .join(Team, Team.id == TeamMembership.team_id)
        .where(Team.community_id == community.id, TeamMembership.status == MembershipStatus.ACTIVE)
        .group_by(TeamMembership.team_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Team.id, Team.name, Team.category, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.team_id == Team.id)
        .where(Team.community_id == community.id)
        .order_by(Team.name)
    ).all()
    grouped: dict[TeamCategory, list[TeamSummary]] = defaultdict(list)
    for row in rows:
        summary = TeamSummary(*row)
        grouped[summary.category].append(summary)
    return {category: grouped.get(category, []) for category in TeamCategory}


def pending_requests(team: Team) -> list[TeamMembership]:
    return list(db.session.scalars(
        select(TeamMembership)
        .where(TeamMembership.team_id == team.id, TeamMembership.status == MembershipStatus.PENDING)
        .order_by(TeamMembership.requested_at)
    ))


def active_members(team: Team) -> list[User]:
    return list(db.session.scalars(
        select(User).join(TeamMembership, TeamMembership.user_id == User.id)
        .where(TeamMembership.team_id == team.id, TeamMembership.status == MembershipStatus.ACTIVE)
        .order_by(User.display_name)
    ))


@dataclass(frozen=True)
class CommunityOverview:
    """A community's line on the home page: plain values, so that it can be cached."""

    id: int
    slug: str
    name: str
    district: str
    street: str
    team_count: int
    resident_count: int


# The home page is the busiest page and its counts may lag a minute: per process, per database.
_overview_cache: TTLCache = TTLCache(maxsize=8, ttl=60)


def community_overview(cached: bool = False) -> list[CommunityOverview]:
    """Every community with its number of teams and residents (two grouped subqueries, one query)."""
    key = db.engine.url.render_as_string()
    if cached and key in _overview_cache:
        return _overview_cache[key]
    teams = (select(Team.community_id, func.count().label("n"))
             .group_by(Team.community_id).subquery())
    residents = (select(RoleGrant.community_id, func.count().label("n"))
                 .where(RoleGrant.role == Role.RESIDENT)
                 .group_by(RoleGrant.community_id).subquery())
    rows = db.session.execute(
        select(Community.id, Community.slug, Community.name, Community.district, Community.street,
               func.coalesce(teams.c.n, 0), func.coalesce(residents.c.n, 0))
        .outerjoin(teams, teams.c.community_id == Community.id)
        .outerjoin(residents, residents.c.community_id == Community.id)
        .order_by(Community.name)
    ).all()
    overview = [CommunityOverview(*row) for row in rows]
    _overview_cache[key] = overview
    return overview


def membership_states(user: User, community: Community) -> dict[int, MembershipStatus]:
    """The user's membership status in each team of the community, by team id."""
    rows = db.session.execute(
        select(TeamMembership.team_id, TeamMembership.status)
        .join(Team, Team.id == TeamMembership.team_id)
        .where(TeamMembership.user_id == user.id, Team.community_id == community.id)
    ).all()
    return {team_id: status for team_id, status in rows}


@dataclass(frozen=True)
class Figure:
    """One number on a community's page ("180 activities"), with its label in the reader's language."""

    label: str
    value: int


# Other features add their figures here (events: this year's activities and participants), so that
# the community page shows them without the community package depending on those features.
FIGURE_PROVIDERS: list[Callable[[Community], list[Figure]]] = []


def register_figures(provider: Callable[[Community], list[Figure]]) -> None:
    if provider not in FIGURE_PROVIDERS:
        FIGURE_PROVIDERS.append(provider)


def federation_figures(community: Community,
                       categories: dict[TeamCategory, list[TeamSummary]]) -> list[Figure]:
    """The federation's figures as the Shaoxing report counted them: teams, then each feature's own."""
    teams = sum(len(teams) for teams in categories.values())
    figures = [Figure(str(_l("Teams")), teams)]
    for provider in FIGURE_PROVIDERS:
        figures.extend(provider(community))
    return figures
