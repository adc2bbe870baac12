"""Teams of a community's federation: their pages, membership, and the secretary's edits."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community import accounts, bp, federation
from community.errors import ServiceError
from community.forms import ConfirmForm, TeamForm, show_service_error
from community.models import Community, Team, TeamCategory, TeamMembership
from community.permissions import ensure, load
from extensions import db


@bp.get("/teams/<int:team_id>")
def team_page(team_id: int):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    membership = federation.membership_of(team, current_user) if current_user.is_authenticated else None
    can_manage = team.can_manage(current_user)
    return render_template(
        "community/team.html",
        team=team,
        members=federation.active_members(team),
        pending=federation.pending_requests(team) if can_manage else [],
        membership=membership,
        can_manage=can_manage,
        can_edit=team.community.can_manage(current_user),
        can_join=team.community.is_member(current_user),
        form=ConfirmForm(),
    )


@bp.post("/teams/<int:team_id>/join")
@login_required
def join_team(team_id: int):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    try:
        federation.request_to_join(current_user, team)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_("Your request to join %(team)s is sent to its leader.", team=team.name), "success")
    return redirect(url_for("community.team_page", team_id=team.id))


@bp.post("/teams/<int:team_id>/leave")
@login_required
def leave_team(team_id: int):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    try:
        federation.leave_team(current_user, team)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_("You have left %(team)s.", team=team.name), "info")
    return redirect(url_for("community.team_page", team_id=team.id))


@bp.post("/teams/<int:team_id>/requests/<int:membership_id>/<any(approve, decline):decision>")
@login_required
def decide_request(team_id: int, membership_id: int, decision: str):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    membership = load(TeamMembership, membership_id)
    ensure(membership.team_id == team.id and team.can_manage(current_user))
    try:
        federation.decide_membership(current_user, membership, approve=decision == "approve")
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(_("The request is answered."), "success")
    return redirect(url_for("community.team_page", team_id=team.id))


def _edit_team(community: Community, team: Team | None):  # type: ignore[no-untyped-def]
    form = TeamForm(obj=team)
    if team is not None and not form.is_submitted():
        form.category.data = team.category.value
        form.leader.data = team.leader.login_name if team.leader else ""
    if form.validate_on_submit():
        leader = None
        if form.leader.data:
            leader = accounts.find_by_login_name(form.leader.data)
            if leader is None or not community.is_member(leader):
                form.leader.errors = [_("No resident of this community has this phone or email.")]
                return render_template("community/team_form.html", form=form, community=community, team=team)
        try:
            team = federation.save_team(current_user, community, form.name.data,
                                        TeamCategory(form.category.data), form.description.data,
                                        leader, team)
        except ServiceError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The team %(team)s is saved.", team=team.name), "success")
            return redirect(url_for("community.team_page", team_id=team.id))
    return render_template("community/team_form.html", form=form, community=community, team=team)


@bp.route("/c/<slug>/teams/new", methods=["GET", "POST"])
@login_required
def new_team(slug: str):  # type: ignore[no-untyped-def]
    community = db.first_or_404(select(Community).where(Community.slug == slug))
    ensure(community.can_manage(current_user))
    return _edit_team(community, None)


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@login_required
def edit_team(team_id: int):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    ensure(team.community.can_manage(current_user))
    return _edit_team(team.community, team)
