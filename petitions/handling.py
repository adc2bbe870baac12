"""The city hub assigns cases to departments; departments take them up or return them,
ask for more time, reply and resolve."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community import audit
from community.accounts import users_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Department, Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import rules, timeline
from petitions.models import (
    Assignment,
    AssignmentKind,
    Case,
    CaseStatus,
    ExtensionRequest,
    ExtensionStatus,
    TimeLimit,
)
from petitions.rules import Action
from petitions.workdays import WorkCalendar

RETURN_WINDOW_DAYS = 1
MAX_EXTENSION_DAYS = 3


def time_limit_days(case: Case) -> int:
    kind = case.category.limit_kind
    row = db.session.get(TimeLimit, kind)
    return row.working_days if row is not None else kind.default_days


def assign(actor: User, case: Case, department: Department) -> Assignment:
    """派单: the deadline counts the category's working days from now.

    Two dispatchers assigning at once: the case's version check lets one UPDATE
    through; the other fails to flush (see `Case.version`) or, on SQLite, waits
    and then finds the case no longer waiting.
    """
    if not case.can_dispatch(actor):
        raise NotAllowed()
    case.status = rules.check(case, Action.ASSIGN)
    calendar = WorkCalendar.load()
    now = utcnow()
    returned_before = db.session.scalar(
        select(Assignment.id).where(Assignment.case_id == case.id, Assignment.returned_at.is_not(None))
    )
    assignment = Assignment(
        case_id=case.id, department_id=department.id, assigned_by_id=actor.id, assigned_at=now,
        kind=AssignmentKind.REASSIGNED if returned_before else AssignmentKind.FIRST,
        accept_due_at=calendar.add_working_days(now, RETURN_WINDOW_DAYS),
        deadline_at=calendar.add_working_days(now, time_limit_days(case)),
    )
    db.session.add(assignment)
    db.session.flush([assignment])
    case.assignment, case.department, case.department_id = assignment, department, department.id
    case.deadline_at, case.supervision_level, case.supervised_at = assignment.deadline_at, 0, None
    timeline.record(case, Action.ASSIGN, actor)
    audit.record(actor, "case.assigned", case, department_id=department.id)
    timeline.tell(case, Action.ASSIGN, to_act=users_with_role(Role.HANDLER, department=department))
    return assignment


def _ensure_handler(case: Case, actor: User) -> Assignment:
    if not case.can_handle(actor) or case.assignment is None:
        raise NotAllowed()
    return case.assignment


def take_up(actor: User, case: Case) -> None:
    """签收: the department accepts the case as its own."""
    assignment = _ensure_handler(case, actor)
    case.status = rules.check(case, Action.DEPARTMENT_ACCEPT)
    assignment.accepted_at = utcnow()
    timeline.record(case, Action.DEPARTMENT_ACCEPT, actor, person=actor.display_name)
    audit.record(actor, "case.taken_up", case)
    timeline.tell(case, Action.DEPARTMENT_ACCEPT)


def return_case(actor: User, case: Case, reason: str) -> None:
    """退单: not this department's matter; back to the hub for reassignment, within 1 working day."""
    assignment = _ensure_handler(case, actor)
    if not reason or not reason.strip():
        raise ServiceError(_l("Say why the case is not your department's."), "reason")
    rules.check(case, Action.RETURN)
    if utcnow() > assignment.accept_due_at:
        raise ServiceError(_l("The time to return this case has passed; please handle it."))
    assignment.returned_at, assignment.return_reason = utcnow(), reason.strip()
    case.status = CaseStatus.FORWARDED
    timeline.record(case, Action.RETURN, actor, note=reason, person=actor.display_name)
    case.assignment, case.department, case.department_id, case.deadline_at = None, None, None, None
    case.supervision_level, case.supervised_at = 0, None
    audit.record(actor, "case.returned", case, department_id=assignment.department_id)
    timeline.tell(case, Action.RETURN, to_act=users_with_role(Role.DISPATCHER))


def request_extension(actor: User, case: Case, days: int, reason: str) -> ExtensionRequest:
    assignment = _ensure_handler(case, actor)
    rules.check(case, Action.REQUEST_EXTENSION)
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ServiceError(_l("Ask for 1 to %(n)d working days.", n=MAX_EXTENSION_DAYS), "days")
    if not reason or not reason.strip():
        raise ServiceError(_l("Say why more time is needed."), "reason")
    if db.session.scalar(select(ExtensionRequest.id).where(ExtensionRequest.assignment_id == assignment.id)):
        raise ServiceError(_l("An extension can be asked for only once."))
    request = ExtensionRequest(assignment_id=assignment.id, days=days, reason=reason.strip(),
                               requested_by_id=actor.id)
    db.session.add(request)
    timeline.record(case, Action.REQUEST_EXTENSION, actor, note=f"{days}: {reason.strip()}",
                    person=actor.display_name)
    audit.record(actor, "case.extension_requested", case, days=days)
    timeline.tell(case, Action.REQUEST_EXTENSION, to_act=users_with_role(Role.SUPERVISOR), resident=False)
    return request


def decide_extension(actor: User, request: ExtensionRequest, grant: bool, note: str = "") -> None:
    case = request.assignment.case
    if not case.can_supervise(actor):
        raise NotAllowed()
    if request.status in {ExtensionStatus.GRANTED, ExtensionStatus.REFUSED}:
        raise ServiceError(_l("This request has already been decided."))
    if request.status == ExtensionStatus.LAPSED or request.assignment_id != case.assignment_id:
        raise ServiceError(_l("This request lapsed: the case was resolved before it was decided."))
    action = Action.GRANT_EXTENSION if grant else Action.REFUSE_EXTENSION
    rules.check(case, action)
    request.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    request.decided_by_id, request.decided_at, request.decision_note = actor.id, utcnow(), note.strip()
    if grant:
        assignment = request.assignment
        assignment.extended_days = request.days
        assignment.deadline_at = WorkCalendar.load().add_working_days(assignment.deadline_at, request.days)
        case.deadline_at = assignment.deadline_at
        case.supervision_level = 0
    timeline.record(case, action, actor, note=note)
    audit.record(actor, "case.extension_" + ("granted" if grant else "refused"), case)
    handlers = users_with_role(Role.HANDLER, department=case.department_id)
    timeline.tell(case, action, to_act=handlers, resident=grant)


def resolve(actor: User, case: Case, answer: str) -> None:
    """办结: the department's answer; the resident is asked to rate it."""
    assignment = _ensure_handler(case, actor)
    if not answer or not answer.strip():
        raise ServiceError(_l("Write the answer to the resident."), "reply")
    case.status = rules.check(case, Action.RESOLVE)
    now = utcnow()
    assignment.resolved_at = case.resolved_at = now
    _lapse_pending_request(assignment)
    case.reply = answer.strip()
    timeline.record(case, Action.RESOLVE, actor, note=answer, person=actor.display_name)
    audit.record(actor, "case.resolved", case)
    timeline.tell(case, Action.RESOLVE)


def _lapse_pending_request(assignment: Assignment) -> None:
    """A request for more time not decided when the department resolves the case is not decided at all
    (a case is returned only before it is taken up, so before any request)."""
    request = db.session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.assignment_id == assignment.id, ExtensionRequest.status == ExtensionStatus.PENDING))
    if request is not None:
        request.status, request.decided_at = ExtensionStatus.LAPSED, utcnow()
