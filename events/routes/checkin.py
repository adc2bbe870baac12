"""Tickets and check-in: each sign-up's QR code, the organiser's phone page, the scanned ticket."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from community.actions import run
from community.forms import ConfirmForm
from community.permissions import ensure, load
from events import bp, signups
from events.models import Event, Signup, SignupStatus
from extensions import db


def qr_svg(text: str) -> Markup:
    """The QR code of `text` as inline SVG (no image file, sharp on every screen)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])


@bp.get("/<int:event_id>/ticket")
@login_required
def ticket(event_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    mine = signups.signup_of(current_user, event)
    if mine is None or mine.status != SignupStatus.CONFIRMED:
        flash(_("You have no place at this event yet: your ticket appears here once your place is "
                "confirmed.") if mine is not None and mine.is_active else
              _("You have not signed up for this event."), "info")
        return redirect(url_for("events.event_page", event_id=event.id))
    scan_url = url_for("events.scan_ticket", code=mine.ticket_code, _external=True)
    return render_template("events/ticket.html", event=event, signup=mine, qr=qr_svg(scan_url))


@bp.get("/<int:event_id>/checkin")
@login_required
def checkin_page(event_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    ensure(event.can_manage(current_user))
    people = signups.participants(event, SignupStatus.CONFIRMED)
    return render_template("events/checkin.html", event=event, people=people,
                           confirm_form=ConfirmForm(formdata=None))


@bp.post("/<int:event_id>/checkin/<int:signup_id>")
@login_required
def check_in(event_id: int, signup_id: int):  # type: ignore[no-untyped-def]
    event = load(Event, event_id)
    signup = load(Signup, signup_id)
    if signup.event_id != event.id:
        abort(404)
    ensure(event.can_manage(current_user))
    form = ConfirmForm()
    if form.validate_on_submit():
        attended = request.form.get("attended", "1") == "1"
        run(lambda: signups.check_in(current_user, signup, attended=attended),
            _("%(name)s is checked in.", name=signup.user.display_name) if attended
            else _("Attendance taken back."))
    return redirect(url_for("events.checkin_page", event_id=event.id) + f"#signup-{signup.id}")


@bp.get("/tickets/<code>")
@login_required
def scan_ticket(code: str):  # type: ignore[no-untyped-def]
    """Where a ticket's QR code leads: the organiser sees who it is and checks them in with one tap."""
    signup = db.first_or_404(select(Signup).where(Signup.ticket_code == code))
    ensure(signup.event.can_manage(current_user))
    return render_template("events/scan.html", event=signup.event, signup=signup,
                           confirm_form=ConfirmForm(formdata=None))
