"""Concerns: the secretary's list, a concern's page, recording what was done, turning it into a case."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.permissions import load
from community.routes import page_number
from community.timeutil import utcnow
from extensions import db
from petitions.models import CaseType
from petitions.routes.filing import category_choices
from volunteers import bp, concerns
from volunteers.forms import ConcernCaseForm, ResolveForm
from volunteers.labels import SEVERITY_COLOURS
from volunteers.models import Concern
from volunteers.routes import managed_communities, pick_community, refuse, save

TITLE_LENGTH = 40


@bp.get("/concerns")
@login_required
def concern_list():  # type: ignore[no-untyped-def]
    community = pick_community(managed_communities(current_user))
    open_only = request.args.get("all") != "1"
    page = db.paginate(concerns.concerns_query({community.id}, open_only=open_only), page=page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("volunteers/concerns.html", page=page, community=community, open_only=open_only,
                           communities=managed_communities(current_user), now=utcnow(),
                           colours=SEVERITY_COLOURS)


def _case_form(concern: Concern, formdata: bool = True) -> ConcernCaseForm:
    form = ConcernCaseForm(prefix="case") if formdata else ConcernCaseForm(formdata=None, prefix="case")
    form.category.choices = category_choices()
    if not form.is_submitted() or not formdata:
        text = concern.description.strip()
        form.title.data = text[:TITLE_LENGTH] + ("…" if len(text) > TITLE_LENGTH else "")
        form.description.data = text
    return form


def render_concern(concern: Concern, resolve_form: ResolveForm | None = None,
                   case_form: ConcernCaseForm | None = None):  # type: ignore[no-untyped-def]
    manage = concern.is_open and concern.elder.can_manage(current_user)
    return render_template(
        "volunteers/concern.html", concern=concern, now=utcnow(), colours=SEVERITY_COLOURS,
        resolve_form=(resolve_form or ResolveForm(formdata=None, prefix="resolve")) if manage else None,
        case_form=(case_form or _case_form(concern, formdata=False)) if manage and not concern.case_number
        else None)


@bp.get("/concerns/<int:concern_id>")
@login_required
def concern_page(concern_id: int):  # type: ignore[no-untyped-def]
    """For the secretary and the elder's current visitors: the text may tell of health."""
    concern = load(Concern, concern_id)
    if not concern.elder.can_see_personal(current_user):
        refuse("concern.view_refused", concern)
    return render_concern(concern)


@bp.post("/concerns/<int:concern_id>/resolve")
@login_required
def resolve_concern(concern_id: int):  # type: ignore[no-untyped-def]
    concern = load(Concern, concern_id)
    if not concern.elder.can_manage(current_user):
        abort(403)
    form = ResolveForm(prefix="resolve")
    if form.validate_on_submit() and save(form, lambda: concerns.resolve(current_user, concern,
                                                                         form.action_taken.data),
                                          _("The concern is resolved.")):
        return redirect(url_for("volunteers.concern_list"))
    return render_concern(concern, resolve_form=form), 400


@bp.post("/concerns/<int:concern_id>/case")
@login_required
def concern_to_case(concern_id: int):  # type: ignore[no-untyped-def]
    concern = load(Concern, concern_id)
    if not concern.elder.can_manage(current_user):
        abort(403)
    form = _case_form(concern)
    if form.validate_on_submit():
        request_ = concerns.CaseRequest(
            type=CaseType(form.type.data), category_id=form.category.data, title=form.title.data,
            description=form.description.data,
            contact_phone=None if form.contact.data == "elder" else (form.office_phone.data or ""))
        numbers: list[str] = []
        if save(form, lambda: numbers.append(concerns.turn_into_case(current_user, concern, request_)),
                _("The concern is now a case.")):
            return redirect(url_for("petitions.case_page", number=numbers[0]))
    return render_concern(concern, case_form=form), 400
