"""Events: the list, an event's page, creating one from an idea, changing and cancelling it, sign-up."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community.actions import run, save
from community.forms import ConfirmForm
from community.models import Community, Team
from community.permissions import ensure, load
from community.routes import id_arg, page_number
from community.timeutil import utcnow
from events import bp, planning, signups
from events.forms import EventForm, ReasonForm, SignupForm
from events.models import Event, Idea, Signup
from events.routes import chosen_community
from extensions import db


@bp.get("/")
def event_list():  # type: ignore[no-untyped-def]
    now = utcnow()
    past = request.args.get("past") == "1"
    community_id = id_arg("community")
    query = select(Event).options(db.selectinload(Event.community))
    if community_id:
        query = query.where(Event.community_id == community_id)
    query = (query.where(Event.ends_at < now).order_by(Event.starts_at.desc()) if past
             else query.where(Event.ends_at >= now).order_by(Event.starts_at))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PER_PAGE"], error_out=False)
    communities = list(db.session.scalars(select(Community).order_by(Community.name)))
    return render_template("events/list.html", page=page, past=past, community_id=community_id,
                           communities=communities, now=now)


def _event_form(community: Community, formdata: bool = True, **values) -> EventForm:  # type: ignore[no-untyped-def]
    form = EventForm(**values) if formdata else EventForm(formdata=None, **values)
    form.team_id.choices = [(0, _("Choose the organising team"))] + [
        (t.id, t.name) for t in db.session.scalars(select(Team).where(Team.community_id == community.id)
                                                   .order_by(Team.name))]
    return form


def _draft(form: EventForm) -> planning.EventDraft:
    return planning.EventDraft(
        title=form.title.data, description=form.description.data or "", place=form.place.data,
        starts_at=form.starts_at.data, ends_at=form.ends_at.data, capacity=form.capacity.data,
        team_id=form.team_id.data or None, signup_opens_at=form.signup_opens_at.data,
        signup_closes_at=form.signup_closes_at.data, allow_guest=form.allow_guest.data)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_event():  # type: ignore[no-untyped-def]
    """A new event, prefilled from a winning idea when ?idea= names one."""
    idea = load(Idea, id_arg("idea") or 0) if "idea" in request.args else None
    community = idea.community if idea is not None else chosen_community()
    ensure(community.can_manage(current_user))
    form = _event_form(community)
    if idea is not None and not form.is_submitted():
        start = (utcnow() + timedelta(days=14)).replace(minute=0, second=0, microsecond=0)
        form = _event_form(community, formdata=False,
                           obj=planning.draft_from_idea(idea, start, start + timedelta(hours=2)))
    if form.validate_on_submit():
        made: list[Event] = []
        if save(form, lambda: made.append(planning.create_event(current_user, community, _draft(form), idea)),
                _("The event is published.")):
            return redirect(url_for("events.event_page", event_id=made[0].id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/event_form.html", form=form, community=community, idea=idea,
                           event=None), status


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    ensure(event.can_manage(current_user))
    form = _event_form(event.community) if request.method == "POST" else _event_form(
        event.community, formdata=False, obj=event)
    if form.validate_on_submit() and save(form, lambda: planning.update_event(current_user, event,
                                                                             _draft(form)),
                                          _("The event is saved.")):
        return redirect(url_for("events.event_page", event_id=event.id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/event_form.html", form=form, community=event.community, idea=event.idea,
                           event=event), status


def render_event(event: Event, cancel_form: ReasonForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    now = utcnow()
    mine = signups.signup_of(current_user, event)
    return render_template(
        "events/event.html", event=event, now=now, mine=mine,
        position=signups.waiting_position(mine) if mine is not None else None,
        can_manage=event.can_manage(current_user), signup_form=SignupForm(formdata=None),
        cancel_form=cancel_form or ReasonForm(formdata=None, prefix="cancel"),
        confirm_form=ConfirmForm(formdata=None)), status


@bp.get("/<int:event_id>")
def event_page(event_id: int):  # type: ignore[no-untyped-def]
    return render_event(load(Event, event_id))


@bp.post("/<int:event_id>/signup")
@login_required
def sign_up(event_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    form = SignupForm()
    if not form.validate_on_submit():
        return render_event(event, status=400)
    made: list[Signup] = []
    if not run(lambda: made.append(signups.sign_up(current_user, event, guests=1 if form.guest.data else 0)),
               _("You are signed up.")):
        return render_event(event, status=409)
    return redirect(url_for("events.event_page", event_id=event.id))


@bp.post("/<int:event_id>/withdraw")
@login_required
def withdraw(event_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    mine = signups.signup_of(current_user, event)
    if mine is None:
        return redirect(url_for("events.event_page", event_id=event.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        run(lambda: signups.cancel_signup(current_user, mine), _("Your sign-up is cancelled."))
    return redirect(url_for("events.event_page", event_id=event.id))


@bp.post("/<int:event_id>/cancel")
@login_required
def cancel_event(event_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    ensure(event.can_manage(current_user))
    form = ReasonForm(prefix="cancel")
    if form.validate_on_submit() and save(form, lambda: planning.cancel_event(current_user, event,
                                                                             form.reason.data),
                                          _("The event is cancelled; everyone signed up was told.")):
        return redirect(url_for("events.event_page", event_id=event.id))
    return render_event(event, cancel_form=form, status=400)
