"""The secretary's page of cases not yet delivered to the remote hub, with a retry button."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community.errors import NotAllowed, ServiceError
from community.forms import ConfirmForm
from community.models import Community
from community.permissions import ensure, load
from community.routes import page_number
from extensions import db
from petitions.open311 import client, outbox, pages_bp
from petitions.open311.models import HubLink, OutboxRow


def _managed_communities() -> set[int]:
    return {c.id for c in db.session.scalars(select(Community)) if c.can_manage(current_user)}


@pages_bp.get("/outbox")
@login_required
def unsent():  # type: ignore[no-untyped-def]
    managed = _managed_communities()
    ensure(bool(managed))
    page = db.paginate(outbox.unsent_query(managed), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    links = list(db.session.scalars(select(HubLink).where(HubLink.community_id.in_(managed))))
    return render_template("petitions/open311/outbox.html", page=page, links=links)


@pages_bp.post("/outbox/<int:row_id>/retry")
@login_required
def retry(row_id: int):  # type: ignore[no-untyped-def]
    row = load(OutboxRow, row_id)
    ensure(row.case.community.can_manage(current_user))
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "warning")
        return redirect(url_for(".unsent"))
    number = row.case.number
    try:
        outbox.retry_now(current_user, row)
        db.session.commit()
    except NotAllowed:
        db.session.rollback()
        ensure(False)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "info")
        return redirect(url_for(".unsent"))
    try:
        delivered = outbox.deliver(row_id)
    except client.HubError:
        delivered = False
    if delivered:
        flash(_("Case %(number)s has reached the city hub.", number=number), "success")
    else:
        flash(_("Case %(number)s could not be sent yet; it will be tried again.", number=number), "warning")
    return redirect(url_for(".unsent"))
