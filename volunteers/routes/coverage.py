"""The coverage board (who is overdue, who was not found twice) and a team's weekly roster."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from community import fragments
from community.models import Community, MembershipStatus, Team, TeamMembership, User
from community.permissions import ensure, load
from community.routes import date_arg, page_number
from community.timeutil import utcnow
from extensions import db
from volunteers import assignments, bp, concerns, coverage, roster
from volunteers.labels import DAY_LABELS, SEVERITY_COLOURS, SLOT_LABELS
from volunteers.localdays import indexes_of, local_date, monday_of
from volunteers.models import CareAssignment
from volunteers.routes import managed_communities, overseen_communities, pick_community

URGENT_SHOWN = 10


def _led_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).where(Team.leader_id == current_user.id,
                                                      Team.category.in_(assignments.VOLUNTEER_CATEGORIES))
                                   .order_by(Team.name)))


def _assignees(elder_ids: list[int]) -> dict[int, list[str]]:
    """Who visits each elder of a page, in one query."""
    names: dict[int, list[str]] = {}
    for assignment in db.session.scalars(
            select(CareAssignment).where(CareAssignment.elder_id.in_(elder_ids),
                                         CareAssignment.ended_at.is_(None)).order_by(CareAssignment.id)
            .options(selectinload(CareAssignment.team), selectinload(CareAssignment.volunteer)
                     .lazyload(User.grants))):
        names.setdefault(assignment.elder_id, []).append(assignment.assignee_name)
    return names


@bp.get("/coverage")
@login_required
def coverage_board():  # type: ignore[no-untyped-def]
    """A secretary's community, an administrator's chosen community, or a team leader's own teams."""
    overseen, team_ids, teams = overseen_communities(current_user), None, []
    if overseen:
        community = pick_community(overseen)
    else:
        teams = _led_teams()
        ensure(bool(teams))
        community = pick_community([team.community for team in teams])
        team_ids = {team.id for team in teams if team.community_id == community.id}
    is_secretary = community in managed_communities(current_user)
    return fragments.render_kept("volunteers/coverage.html", ["elders"], per_minute=True,
                                 key=[community.id, is_secretary],
                                 context=lambda: _board(community, overseen, teams, team_ids, is_secretary))


def _board(community: Community, overseen: list[Community], teams: list[Team], team_ids: set[int] | None,
           is_secretary: bool) -> dict:
    now = utcnow()
    page = db.paginate(coverage.overdue_query(community.id, now, team_ids), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    failed = db.session.scalars(coverage.failed_attempts_query(community.id, team_ids).limit(50)).all()
    urgent = []
    if is_secretary:
        urgent = db.session.scalars(concerns.concerns_query({community.id}).limit(URGENT_SHOWN)).all()
    return dict(
        community=community, communities=overseen, teams=teams, page=page,
        failed=failed, urgent=urgent, summary=coverage.summary(community.id, now, team_ids), now=now,
        days_overdue=coverage.days_overdue, assignees=_assignees([e.id for e in [*page.items, *failed]]),
        colours=SEVERITY_COLOURS, is_secretary=is_secretary)


def _may_see_roster(team: Team) -> bool:
    if current_user.is_admin or team.community in managed_communities(current_user):
        return True
    return db.session.scalar(select(TeamMembership.id).where(
        TeamMembership.team_id == team.id, TeamMembership.user_id == current_user.id,
        TeamMembership.status == MembershipStatus.ACTIVE)) is not None


@bp.get("/teams/<int:team_id>/roster")
@login_required
def team_roster(team_id: int):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    if team.category not in assignments.VOLUNTEER_CATEGORIES:
        abort(404)
    ensure(_may_see_roster(team))
    monday = monday_of(date_arg("week") or local_date(utcnow()))
    days = [monday + timedelta(days=n) for n in range(7)]
    return render_template(
        "volunteers/roster.html", team=team, monday=monday, days=days,
        lines=roster.weekly_roster(team, monday), members=roster.team_members(team),
        met=roster.met_this_week, day_labels=DAY_LABELS,
        slot_labels=SLOT_LABELS, indexes_of=indexes_of, previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7))
