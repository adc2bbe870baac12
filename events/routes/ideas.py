"""Golden ideas and voting rounds: the round's list, proposing, supporting, flagging and hiding."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community import fragments
from community.actions import run, save
from community.models import TeamCategory
from community.permissions import ensure, load
from community.routes import page_number
from community.timeutil import utcnow
from events import bp, ideas
from events.forms import FlagForm, IdeaForm, ReasonForm, RoundForm
from events.models import Idea, VotingRound
from events.routes import chosen_community
from extensions import db


@bp.get("/ideas")
def ideas_index():  # type: ignore[no-untyped-def]
    """The community's current round, or its waiting ideas and past rounds when none is running."""
    community = chosen_community()
    running = ideas.current_round(community.id)
    if running is not None:
        return redirect(url_for("events.round_page", round_id=running.id))
    waiting = list(db.session.scalars(
        select(Idea).where(Idea.community_id == community.id, Idea.round_id.is_(None),
                           Idea.hidden_at.is_(None))
        .order_by(Idea.id.desc()).limit(100)))
    rounds = list(db.session.scalars(select(VotingRound).where(VotingRound.community_id == community.id)
                                     .order_by(VotingRound.ends_at.desc()).limit(20)))
    return render_template("events/ideas.html", community=community, waiting=waiting, rounds=rounds,
                           can_manage=community.can_manage(current_user),
                           can_propose=ideas.is_resident(current_user, community.id))


@bp.get("/rounds/<int:round_id>")
def round_page(round_id: int):  # type: ignore[no-untyped-def]
    voting_round = load(VotingRound, round_id)
    return fragments.render_kept("events/round.html", ["ideas"], per_minute=True,
                                 context=lambda: _round_context(voting_round))


def _round_context(voting_round: VotingRound) -> dict:
    now = utcnow()
    community = voting_round.community
    can_manage = community.can_manage(current_user)
    show_counts = voting_round.shows_results(now)
    page, lines = ideas.idea_lines(voting_round, by_support=show_counts, include_hidden=can_manage,
                                   page=page_number(), per_page=current_app.config["PER_PAGE"])
    mine = ideas.votes_of(current_user, voting_round)
    return dict(
        voting_round=voting_round, community=community, page=page, lines=lines, mine=mine,
        now=now, show_counts=show_counts, can_manage=can_manage,
        can_vote=voting_round.is_open(now) and ideas.is_resident(current_user, community.id),
        can_propose=ideas.is_resident(current_user, community.id),
        votes_left=voting_round.votes_per_resident - len(mine))


@bp.route("/ideas/new", methods=["GET", "POST"])
@login_required
def new_idea():  # type: ignore[no-untyped-def]
    community = chosen_community()
    ensure(ideas.is_resident(current_user, community.id))
    form = IdeaForm()
    if form.validate_on_submit():
        made: list[Idea] = []
        draft = ideas.IdeaDraft(title=form.title.data, description=form.description.data,
                                category=TeamCategory(form.category.data),
                                expected_size=form.expected_size.data,
                                time_window=form.time_window.data or "", place=form.place.data or "",
                                needs=form.needs.data or "")
        if save(form, lambda: made.append(ideas.propose_idea(current_user, community, draft)),
                _("Thank you: your idea is published.")):
            return redirect(url_for("events.idea_page", idea_id=made[0].id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/idea_form.html", form=form, community=community), status


def render_idea(idea: Idea, hide_form: ReasonForm | None = None, flag_form: FlagForm | None = None):  # type: ignore[no-untyped-def]
    now = utcnow()
    voting_round = idea.round
    can_manage = idea.community.can_manage(current_user)
    return render_template(
        "events/idea.html", idea=idea, voting_round=voting_round, now=now, can_manage=can_manage,
        supported=voting_round is not None and idea.id in ideas.votes_of(current_user, voting_round),
        can_vote=voting_round is not None and voting_round.is_open(now)
        and ideas.is_resident(current_user, idea.community_id) and not idea.is_hidden,
        show_counts=voting_round is None or voting_round.shows_results(now),
        hide_form=hide_form or ReasonForm(formdata=None, prefix="hide"),
        flag_form=flag_form or FlagForm(formdata=None, prefix="flag"),
        can_flag=ideas.is_resident(current_user, idea.community_id))


@bp.get("/ideas/<int:idea_id>")
def idea_page(idea_id: int):  # type: ignore[no-untyped-def]
    idea = load(Idea, idea_id)
    if idea.is_hidden and not (idea.community.can_manage(current_user)
                               or (current_user.is_authenticated and idea.proposer_id == current_user.id)):
        abort(404)
    return render_idea(idea)


@bp.post("/ideas/<int:idea_id>/support")
@login_required
def support_idea(idea_id: int):  # type: ignore[no-untyped-def]
    idea = load(Idea, idea_id)
    run(lambda: ideas.support(current_user, idea), _("You support this idea."))
    return redirect(url_for("events.idea_page", idea_id=idea.id))


@bp.post("/ideas/<int:idea_id>/withdraw")
@login_required
def withdraw_support(idea_id: int):  # type: ignore[no-untyped-def]
    idea = load(Idea, idea_id)
    run(lambda: ideas.withdraw(current_user, idea), _("Your vote is withdrawn."))
    return redirect(url_for("events.idea_page", idea_id=idea.id))


@bp.post("/ideas/<int:idea_id>/flag")
@login_required
def flag_idea(idea_id: int):  # type: ignore[no-untyped-def]
    idea = load(Idea, idea_id)
    form = FlagForm(prefix="flag")
    if form.validate_on_submit():
        run(lambda: ideas.flag_idea(current_user, idea, form.reason.data or ""),
            _("Thank you: the secretary will look at it."))
    return redirect(url_for("events.idea_page", idea_id=idea.id))


@bp.post("/ideas/<int:idea_id>/hide")
@login_required
def hide_idea(idea_id: int):  # type: ignore[no-untyped-def]
    idea = load(Idea, idea_id)
    ensure(idea.community.can_manage(current_user))
    form = ReasonForm(prefix="hide")
    if form.validate_on_submit() and save(form, lambda: ideas.hide_idea(current_user, idea, form.reason.data),
                                          _("The idea is hidden.")):
        return redirect(url_for("events.idea_page", idea_id=idea.id))
    return render_idea(idea, hide_form=form), 400


@bp.post("/ideas/<int:idea_id>/show")
@login_required
def show_idea(idea_id: int):  # type: ignore[no-untyped-def]
    idea = load(Idea, idea_id)
    run(lambda: ideas.show_idea(current_user, idea), _("The idea is shown again."))
    return redirect(url_for("events.idea_page", idea_id=idea.id))


@bp.route("/rounds/new", methods=["GET", "POST"])
@login_required
def new_round():  # type: ignore[no-untyped-def]
    community = chosen_community()
    ensure(community.can_manage(current_user))
    form = RoundForm()
    if form.validate_on_submit():
        made: list[VotingRound] = []
        draft = ideas.RoundDraft(title=form.title.data, starts_at=form.starts_at.data,
                                 ends_at=form.ends_at.data,
                                 votes_per_resident=form.votes_per_resident.data,
                                 support_threshold=form.support_threshold.data,
                                 live_results=form.live_results.data)
        if save(form, lambda: made.append(ideas.open_round(current_user, community, draft)),
                _("The voting round is set.")):
            return redirect(url_for("events.round_page", round_id=made[0].id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/round_form.html", form=form, community=community), status


@bp.post("/rounds/<int:round_id>/close")
@login_required
def close_round(round_id: int):  # type: ignore[no-untyped-def]
    voting_round = load(VotingRound, round_id)
    run(lambda: ideas.close_round_now(current_user, voting_round), _("Voting is closed."))
    return redirect(url_for("events.round_page", round_id=voting_round.id))
