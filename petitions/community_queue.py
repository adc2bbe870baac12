"""The community's queue: the secretary accepts or rejects a case, solves it locally or forwards it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community import audit
from community.accounts import users_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import rules, timeline
from petitions.models import Case, CaseStatus
from petitions.rules import Action


def _ensure_secretary(case: Case, actor: User) -> None:
    if not case.can_manage_locally(actor):
        raise NotAllowed()


def _need(text: str, field: str) -> str:
    if not text or not text.strip():
        raise ServiceError(_l("This field is required."), field)
    return text.strip()


def accept(actor: User, case: Case) -> None:
    _ensure_secretary(case, actor)
    case.status = rules.check(case, Action.ACCEPT)
    timeline.record(case, Action.ACCEPT, actor, person=actor.display_name)
    audit.record(actor, "case.accepted", case)
    timeline.tell(case, Action.ACCEPT)


def reject(actor: User, case: Case, reason: str) -> None:
    """Not accepted as invalid (not a matter for this channel, no content, abusive …)."""
    _ensure_secretary(case, actor)
    reason = _need(reason, "reason")
    case.status = rules.check(case, Action.REJECT)
    case.closed_at = utcnow()
    timeline.record(case, Action.REJECT, actor, note=reason, person=actor.display_name)
    audit.record(actor, "case.rejected", case)
    timeline.tell(case, Action.REJECT)


def merge(actor: User, case: Case, original_number: str, reason: str = "") -> Case:
    """A duplicate: its submitter follows the original case from now on."""
    _ensure_secretary(case, actor)
    original = db.session.scalar(select(Case).where(Case.number == original_number.strip()))
    if original is None or original.id == case.id or original.community_id != case.community_id:
        raise ServiceError(_l("Give the number of an earlier case of this community."), "original")
    if original.status in {CaseStatus.REJECTED, CaseStatus.MERGED}:
        raise ServiceError(_l("That case was itself rejected or merged."), "original")
    if original.created_at > case.created_at:
        raise ServiceError(_l("That case was filed after this one: merge the later case into the earlier."),
                           "original")
    if original.status == CaseStatus.SUBMITTED:  # it could still be rejected, taking its followers along
        raise ServiceError(_l("Accept the earlier case first, then merge this one into it."), "original")
    case.status = rules.check(case, Action.MERGE)
    case.merged_into_id = original.id
    case.closed_at = utcnow()
    note = f"{original.number} {reason.strip()}".strip()
    timeline.record(case, Action.MERGE, actor, note=note, person=actor.display_name)
    audit.record(actor, "case.merged", case, into=original.number)
    timeline.tell(case, Action.MERGE)
    return original


def reply(actor: User, case: Case, text: str) -> None:
    """An answer to the resident; the case stays where it is. While a department has the case, only
    its handlers answer; before that, the community's secretary."""
    allowed = case.can_handle(actor) if case.department_id is not None else case.can_manage_locally(actor)
    if not allowed:
        raise NotAllowed()
    text = _need(text, "reply")
    rules.check(case, Action.REPLY)
    case.reply = text
    timeline.record(case, Action.REPLY, actor, note=text, person=actor.display_name)
    audit.record(actor, "case.replied", case)
    timeline.tell(case, Action.REPLY)


def resolve_locally(actor: User, case: Case, answer: str) -> None:
    _ensure_secretary(case, actor)
    answer = _need(answer, "reply")
    case.status = rules.check(case, Action.RESOLVE_LOCALLY)
    case.reply = answer
    case.resolved_at = utcnow()
    timeline.record(case, Action.RESOLVE_LOCALLY, actor, note=answer, person=actor.display_name)
    audit.record(actor, "case.resolved_locally", case)
    timeline.tell(case, Action.RESOLVE_LOCALLY)


def forward(actor: User, case: Case, note: str = "") -> None:
    """Send the case up to the city hub (转办); the dispatchers are told."""
    _ensure_secretary(case, actor)
    case.status = rules.check(case, Action.FORWARD)
    timeline.record(case, Action.FORWARD, actor, note=note)
    audit.record(actor, "case.forwarded", case)
    # Open311: a community linked to a remote hub hands the case to the outbox, in this transaction.
    from petitions.open311 import outbox

    link = outbox.hub_link(case.community_id)
    if link is not None:
        outbox.enqueue(case, link, note)
        timeline.tell(case, Action.FORWARD)
        return
    timeline.tell(case, Action.FORWARD, to_act=users_with_role(Role.DISPATCHER))
