"""The secretary's page of cases not yet delivered to the remote hub, with a retry button; the hub
administrator's page of API keys."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import InputRequired

from community import audit
from community.errors import NotAllowed, ServiceError
from community.forms import ConfirmForm
from community.models import Community, Role
from community.permissions import ensure, load, roles_required
from community.routes import page_number
from community.timeutil import utcnow
from extensions import db
from petitions.open311 import client, keys, outbox, pages_bp
from petitions.open311.models import ApiKey, HubLink, OutboxRow


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


class IssueKeyForm(FlaskForm):
    community = SelectField(_l("Community"), coerce=int, validators=[InputRequired()])


def _key_page(form: IssueKeyForm, new_key: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    keys_list = db.session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc()))
    response = make_response(render_template("petitions/open311/keys.html", form=form, keys=list(keys_list),
                                             new_key=new_key), status)
    response.headers["Cache-Control"] = "no-store"  # a new key is shown once: keep it out of caches
    return response


def _key_form() -> IssueKeyForm:
    form = IssueKeyForm()
    communities = db.session.scalars(select(Community).order_by(Community.name))
    form.community.choices = [(c.id, c.name) for c in communities]
    return form


@pages_bp.route("/keys", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def api_keys():  # type: ignore[no-untyped-def]
    """The hub's administrator issues a key per community (shown once) and revokes keys."""
    form = _key_form()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _key_page(form, status=400)
        community = load(Community, form.community.data)
        row, key = keys.issue_key(community)
        audit.record(current_user, "open311.key_issued", row, community=community.slug)
        db.session.commit()
        return _key_page(_key_form(), new_key=key)
    return _key_page(form)


@pages_bp.post("/keys/<int:key_id>/revoke")
@roles_required(Role.ADMIN)
def revoke_api_key(key_id: int):  # type: ignore[no-untyped-def]
    row = load(ApiKey, key_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "warning")
    elif row.revoked_at is not None:
        flash(_("This key was already revoked."), "info")
    else:
        row.revoked_at = utcnow()
        audit.record(current_user, "open311.key_revoked", row)
        db.session.commit()
        flash(_("Key %(prefix)s… is revoked: requests with it are refused from now on.", prefix=row.prefix),
              "success")
    return redirect(url_for(".api_keys"))
