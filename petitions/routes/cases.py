"""A case's page and every action taken on a case from its page (filing one: `routes/filing.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from community import fragments, guides
from community.accounts import user_ids_with_role
from community.errors import ServiceError
from community.forms import ConfirmForm
from community.models import Department, Guide, Role, RoleGrant, User
from community.permissions import ensure, load
from extensions import db
from petitions import (
    bp,
    community_queue,
    handling,
    labels,
    photos,
    rating,
    rules,
    supervision,
    timeline,
)
from petitions.forms import (
    AssignForm,
    DecideExtensionForm,
    ExtensionForm,
    ForwardForm,
    GuideReplyForm,
    MergeForm,
    NoteForm,
    RateForm,
    ReasonForm,
    ReplyForm,
    SuperviseForm,
)
from petitions.models import (
    Assignment,
    Case,
    CasePhoto,
    CaseRights,
    CaseStep,
    CaseType,
    ExtensionRequest,
    ExtensionStatus,
    Rating,
)
from petitions.routes import load_case, load_case_access, run_action
from petitions.rules import Action


@dataclass(frozen=True)
class CaseAction:
    form: type
    call: Any  # (case, form) -> None
    success: Any
    allowed: Any  # (case, user) -> bool: whether the case page offers it


def _user():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()


ACTIONS: dict[str, CaseAction] = {
    "accept": CaseAction(ConfirmForm, lambda c, f: community_queue.accept(_user(), c),
                         _l("The case is accepted."),
                         lambda c, u: c.can_manage_locally(u) and rules.allowed(c, Action.ACCEPT)),
    "reject": CaseAction(ReasonForm, lambda c, f: community_queue.reject(_user(), c, f.reason.data),
                         _l("The case is not accepted; the resident is told why."),
                         lambda c, u: c.can_manage_locally(u) and rules.allowed(c, Action.REJECT)),
    "merge": CaseAction(MergeForm,
                        lambda c, f: community_queue.merge(_user(), c, f.original.data, f.reason.data),
                        _l("The case is merged; its resident now follows the earlier case."),
                        lambda c, u: c.can_manage_locally(u) and rules.allowed(c, Action.MERGE)),
    "reply": CaseAction(GuideReplyForm, lambda c, f: _answer(community_queue.reply, c, f),
                        _l("Your answer is sent to the resident."),
                        lambda c, u: rules.allowed(c, Action.REPLY) and (
                            c.can_handle(u) if c.department_id else c.can_manage_locally(u))),
    "resolve-locally": CaseAction(
        GuideReplyForm, lambda c, f: _answer(community_queue.resolve_locally, c, f),
        _l("The case is resolved by the community."),
        lambda c, u: c.can_manage_locally(u) and rules.allowed(c, Action.RESOLVE_LOCALLY)),
    "forward": CaseAction(ForwardForm, lambda c, f: community_queue.forward(_user(), c, f.note.data),
                          _l("The case is forwarded to the city hub."),
                          lambda c, u: c.can_manage_locally(u) and rules.allowed(c, Action.FORWARD)),
    "assign": CaseAction(AssignForm, lambda c, f: handling.assign(_user(), c, _department(f.department.data)),
                         _l("The case is assigned."),
                         lambda c, u: c.can_dispatch(u) and rules.allowed(c, Action.ASSIGN)),
    "take-up": CaseAction(ConfirmForm, lambda c, f: handling.take_up(_user(), c),
                          _l("Your department has taken up the case."),
                          lambda c, u: c.can_handle(u) and rules.allowed(c, Action.DEPARTMENT_ACCEPT)),
    "return": CaseAction(ReasonForm, lambda c, f: handling.return_case(_user(), c, f.reason.data),
                         _l("The case is returned to the city hub."),
                         lambda c, u: c.can_handle(u) and rules.allowed(c, Action.RETURN)),
    "resolve": CaseAction(ReplyForm, lambda c, f: handling.resolve(_user(), c, f.reply.data),
                          _l("The case is resolved; the resident is asked to rate it."),
                          lambda c, u: c.can_handle(u) and rules.allowed(c, Action.RESOLVE)),
    "extension": CaseAction(ExtensionForm,
                            lambda c, f: handling.request_extension(_user(), c, f.days.data, f.reason.data),
                            _l("Your request for more time is sent to the supervisors."),
                            lambda c, u: c.can_handle(u) and rules.allowed(c, Action.REQUEST_EXTENSION)
                            and _pending_extension(c) is None and not _asked_extension(c)),
    "supervise": CaseAction(SuperviseForm, lambda c, f: supervision.supervise(_user(), c, f.note.data),
                            _l("The case is under supervision."),
                            lambda c, u: c.can_supervise(u) and rules.allowed(c, Action.SUPERVISE)),
    "decide-extension": CaseAction(DecideExtensionForm, lambda c, f: handling.decide_extension(
        _user(), _pending_extension_to_decide(c), f.decision.data == "grant", f.note.data or ""),
        _l("The request for more time is decided."),
        lambda c, u: c.can_supervise(u) and _pending_extension(c) is not None),
    "rate": CaseAction(RateForm,
                       lambda c, f: rating.rate(_user(), c, Rating(f.rating.data), f.comment.data or ""),
                       _l("Thank you for your rating."),
                       lambda c, u: rating.speaks_for_resident(c, u) and rules.allowed(c, Action.RATE)),
    "reopen": CaseAction(NoteForm, lambda c, f: rating.reopen(_user(), c, f.note.data or ""),
                         _l("The case is reopened."),
                         lambda c, u: rating.speaks_for_resident(c, u) and rating.can_reopen(c)),
}


def _proposed_department(case: Case) -> int | None:
    """The category's usual department, unless it has returned this case already."""
    proposed = case.category.default_department_id
    if proposed is None or db.session.scalar(select(Assignment.id).where(
            Assignment.case_id == case.id, Assignment.department_id == proposed,
            Assignment.returned_at.is_not(None)).limit(1)) is None:
        return proposed
    return None


def _pending_extension_to_decide(case) -> ExtensionRequest:  # type: ignore[no-untyped-def]
    """The request the form decides; none left (decided in another tab, or lapsed): say so."""
    request = _pending_extension(case)
    if request is None:
        raise ServiceError(_l("This request has already been decided."))
    return request


def _answer(service, case, form) -> None:  # type: ignore[no-untyped-def]
    """Reply or resolve locally; a chosen service guide is linked in the answer and counted."""
    guide = db.session.get(Guide, form.guide.data) if form.guide.data else None
    text = form.reply.data
    if guide is not None:
        text = guides.answer_with_link(text, guide, url_for("community.guide_page", guide_id=guide.id,
                                                            _external=True))
    service(_user(), case, text)
    if guide is not None:
        guides.record_resolution(guide, case)


def _department(department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None:
        raise ServiceError(_l("Choose a department from the list."), "department")
    return department


def _pending_extension(case) -> ExtensionRequest | None:  # type: ignore[no-untyped-def]
    """The case's pending request for more time, read once per request (its form and its text)."""
    if case.assignment_id is None:
        return None
    known = g.setdefault("pending_extensions", {})
    if case.assignment_id not in known:
        known[case.assignment_id] = db.session.scalar(select(ExtensionRequest).where(
            ExtensionRequest.assignment_id == case.assignment_id,
            ExtensionRequest.status == ExtensionStatus.PENDING))
    return known[case.assignment_id]


def _asked_extension(case) -> bool:  # type: ignore[no-untyped-def]
    return case.assignment_id is not None and db.session.scalar(
        select(ExtensionRequest.id).where(ExtensionRequest.assignment_id == case.assignment_id)) is not None


def _prepare(name: str, form):  # type: ignore[no-untyped-def]
    if name == "assign":
        departments = db.session.scalars(select(Department).order_by(Department.name)).all()
        staffed = set(db.session.scalars(select(RoleGrant.department_id).where(
            RoleGrant.role == Role.HANDLER, RoleGrant.department_id.is_not(None)).distinct()))
        # A department nobody handles cases for yet: a case assigned there would tell no one.
        form.department.choices = [
            (d.id, d.name if d.id in staffed else _("%(name)s (no handler yet)", name=d.name))
            for d in departments]
    if isinstance(form, GuideReplyForm):
        form.guide.choices = [(0, "—"), *guides.guide_choices()]
    return form


def render_case(case, bound: dict, status: int = 400):  # type: ignore[no-untyped-def]
    """The case page showing a form with the user's input (and its errors): rendered anew."""
    full = _may_see(case)
    return render_template("petitions/case.html", **_case_context(case, full, bound)), status


def _may_see(case: CaseRights) -> bool:
    """True when the user sees the whole case; the public view otherwise; 404 when neither."""
    full = case.can_view(current_user)
    if not full and not case.is_public:
        abort(404)
    return full


def _case_context(case, full: bool, bound: dict) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    user = current_user
    forms = {}
    if user.is_authenticated:
        for name, spec in ACTIONS.items():
            if spec.allowed(case, user):
                # Each form's fields are prefixed with its action, so that ids stay unique on the page.
                forms[name] = bound.get(name) or _prepare(name, spec.form(formdata=None, prefix=name))
        if "assign" in forms and not forms["assign"].is_submitted():
            forms["assign"].department.data = _proposed_department(case)
    return dict(
        case=case, full=full, forms=forms,
        steps=(steps := case.steps if full else timeline.public_steps(case)),
        lapsed_requests=timeline.lapsed_requests(steps),
        extension=_pending_extension(case) if full else None,
        rate_by=case.resolved_at + rating.rating_window() if "rate" in forms and case.resolved_at else None,
        # The public view: phone numbers masked in what the resident and the answers wrote.
        title=case.title if full else timeline.mask_phones(case.title),
        description=case.description if full else timeline.mask_phones(case.description),
        reply=case.reply if full else timeline.mask_phones(case.reply),
        rating_comment=case.rating_comment if full else timeline.mask_phones(case.rating_comment),
        place=labels.place_of(case.building or "", case.unit or "", case.address or ""),
        locale=str(get_locale()), **_guides_for(case, user),
    )


def _guides_for(case, user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """An inquiry's guides: those it was answered with, else (to its resident) guides that may answer it."""
    if case.type != CaseType.INQUIRY:
        return {}
    answered = guides.guides_for_case(case.number)
    suggested = [] if answered or not case.is_submitted_by(user) else guides.suggest_for_inquiry(
        case.title, case.description)
    return {"case_guides": answered, "suggested_guides": suggested}


# What the case page shows beside the case, read with it: who filed it (without their roles, which
# the page does not show), the department, the timeline with who took each step, and the photos.
_PAGE_OPTIONS = (joinedload(Case.submitter).lazyload(User.grants), joinedload(Case.department),
                 selectinload(Case.steps).joinedload(CaseStep.actor).lazyload(User.grants),
                 selectinload(Case.photos))


@bp.get("/cases/<number>")
def case_page(number: str):  # type: ignore[no-untyped-def]
    """Kept (community.fragments) until a case changes. Nothing on it follows the clock: what the clock
    changes (an unrated case closing) is written by a job, and that write renders it anew. Who may see
    it is decided from the case's ids: a kept page is served without loading the case."""
    full = _may_see(load_case_access(number))
    # `full` in the key: the versions are read after it, and may already be those of a later change.
    return fragments.render_kept("petitions/case.html", ["cases"], key=(full,),
                                 context=lambda: _case_context(load_case(number, *_PAGE_OPTIONS), full, {}))


@bp.post("/cases/<number>/<action>")
@login_required
def case_action(number: str, action: str):  # type: ignore[no-untyped-def]
    spec = ACTIONS.get(action)
    if spec is None:
        abort(404)
    case = load_case(number)
    ensure(case.can_view(current_user))
    form = _prepare(action, spec.form(prefix=action))
    if not form.validate_on_submit():
        return render_case(case, {action: form})
    done = run_action(spec.call, case, form, success=str(spec.success), show_on=form)
    if not done and form.errors:
        # Refused about one of the form's fields: shown at it, with what was typed (the case read again
        # after the rollback).
        return render_case(load_case(number), {action: form})
    if done and action == "assign" and not user_ids_with_role(Role.HANDLER, department=form.department.data):
        flash(_("No one handles cases for this department yet, so no one there has been told. Give someone "
                "the handler role there, or assign the case to another department."), "warning")
    return redirect(url_for("petitions.case_page", number=number))


@bp.get("/photos/<int:photo_id>")
@login_required
def photo(photo_id: int):  # type: ignore[no-untyped-def]
    item = load(CasePhoto, photo_id)
    ensure(item.case.can_view(current_user))
    return send_from_directory(photos.photo_folder(), item.stored_name, mimetype=item.content_type,
                               max_age=3600)


@bp.app_context_processor
def petition_helpers() -> dict[str, Any]:
    return {"CASE_STATUS": labels.STATUS_LABELS, "CASE_TYPE": labels.TYPE_LABELS,
            "CASE_CHANNEL": labels.CHANNEL_LABELS, "CASE_RATING": labels.RATING_LABELS,
            "action_label": labels.action_label, "step_note": labels.step_note,
            "automatic_actions": labels.AUTOMATIC_ACTIONS, "hub_name": current_app.config["HUB_NAME"]}
