"""Calendar feeds, and the page of one's own sign-ups with the reminder choice and private feed."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community.actions import save
from community.forms import ConfirmForm
from community.models import Community, Team
from community.permissions import load
from events import bp, calendar
from events.forms import PreferencesForm
from events.models import Event, Signup, SignupStatus
from extensions import db


def ics(name: str, events: list[Event]) -> Response:
    response = Response(calendar.build_calendar(name, events), mimetype="text/calendar")
    response.headers["Content-Disposition"] = "inline; filename=calendar.ics"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/calendar.ics")
def public_feed():  # type: ignore[no-untyped-def]
    return ics(_("Linli: all events"), calendar.feed_events())


@bp.get("/c/<slug>/calendar.ics")
def community_feed(slug: str):  # type: ignore[no-untyped-def]
    community = db.first_or_404(select(Community).where(Community.slug == slug))
    return ics(_("%(name)s: events", name=community.name), calendar.feed_events(community_id=community.id))


@bp.get("/teams/<int:team_id>/calendar.ics")
def team_feed(team_id: int):  # type: ignore[no-untyped-def]
    team = load(Team, team_id)
    return ics(_("%(name)s: events", name=team.name), calendar.feed_events(team_id=team.id))


@bp.get("/feed/<token>.ics")
def private_feed(token: str):  # type: ignore[no-untyped-def]
    user = calendar.user_of_token(token)
    if user is None:
        abort(404)
    return ics(_("My events on Linli"), calendar.feed_events(user_id=user.id))


@bp.route("/mine", methods=["GET", "POST"])
@login_required
def my_events():  # type: ignore[no-untyped-def]
    prefs = calendar.preferences_of(current_user)
    form = PreferencesForm(obj=prefs)

    def change() -> None:
        prefs.reminders = form.reminders.data

    if form.validate_on_submit() and save(form, change, _("Your choice is saved.")):
        return redirect(url_for("events.my_events"))
    rows = db.session.execute(
        select(Signup, Event).join(Event, Event.id == Signup.event_id)
        .where(Signup.user_id == current_user.id, Signup.status != SignupStatus.CANCELLED)
        .order_by(Event.starts_at.desc()).limit(100)).all()
    feed_url = url_for("events.private_feed", token=calendar.private_feed_token(current_user), _external=True)
    db.session.commit()  # the preferences row, made on the first visit
    return render_template("events/mine.html", rows=rows, form=form, feed_url=feed_url,
                           reset_form=ConfirmForm(formdata=None))


@bp.post("/mine/feed-reset")
@login_required
def reset_feed():  # type: ignore[no-untyped-def]
    form = ConfirmForm()
    if form.validate_on_submit():
        save(form, lambda: calendar.reset_feed_token(current_user),
             _("Your calendar link is new; the old one no longer works."))
    return redirect(url_for("events.my_events"))
