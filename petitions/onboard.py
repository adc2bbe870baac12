"""`Case.on_board`: whether a case stands on the supervisor's board, kept with every flush.

A case is on the board while it is open at the hub or a department (forwarded, assigned, in
progress) and either supervised at level 2 or 3 or waiting for a decision on more time. The
board reads the flag through `ix_cases_on_board` in deadline order, instead of every open case.
Whatever changes a case's status, level or assignment, or a request for more time, sets it here.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from petitions.models import Assignment, Case, CaseStatus, ExtensionRequest, ExtensionStatus

BOARD_STATUSES = (CaseStatus.FORWARDED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)
BOARD_LEVEL = 2
WATCHED_ATTRIBUTES = ("status", "supervision_level", "assignment", "assignment_id")


def _is_pending(request: ExtensionRequest | None) -> bool:
    return request is not None and request.status in {None, ExtensionStatus.PENDING}


def _has_pending_request(session: Session, case: Case, known_requests: list[ExtensionRequest]) -> bool:
    """Whether the case's current assignment waits for a decision on more time."""
    state = inspect(case)
    if state.attrs["assignment"].history.has_changes():  # a new assignment, or none, not flushed yet
        assignment = case.assignment
        if assignment is None:
            return False
        assignment_id = assignment.id
    else:
        assignment, assignment_id = None, case.assignment_id
    for request in known_requests:
        if (assignment is not None and request.assignment is assignment) or (
                assignment_id is not None and request.assignment_id == assignment_id):
            return _is_pending(request)
    if assignment_id is None:
        return False
    status = session.scalar(select(ExtensionRequest.status)
                            .where(ExtensionRequest.assignment_id == assignment_id))
    return status == ExtensionStatus.PENDING


def stands_on_board(session: Session, case: Case, known_requests: list[ExtensionRequest]) -> bool:
    if case.status not in BOARD_STATUSES:
        return False
    if (case.supervision_level or 0) >= BOARD_LEVEL:
        return True
    return _has_pending_request(session, case, known_requests)


def _changed(case: Case) -> bool:
    state = inspect(case)
    return any(state.attrs[name].history.has_changes() for name in WATCHED_ATTRIBUTES)


@event.listens_for(Session, "before_flush")
def keep_on_board(session: Session, flush_context, instances) -> None:  # type: ignore[no-untyped-def]
    touched = [obj for obj in (*session.new, *session.dirty)]
    # Requests added or changed in this flush: their state is the one in memory, not yet in the database.
    known_requests = [obj for obj in touched if isinstance(obj, ExtensionRequest)]
    cases = {id(obj): obj for obj in touched
             if isinstance(obj, Case) and (obj in session.new or _changed(obj))}
    with session.no_autoflush:
        for request in known_requests:
            assignment = request.assignment or (
                session.get(Assignment, request.assignment_id) if request.assignment_id else None)
            case = assignment.case if assignment is not None else None
            if case is not None and case.assignment is assignment:
                cases[id(case)] = case
        for case in cases.values():
            on_board = stands_on_board(session, case, known_requests)
            if case.on_board is not on_board:
                case.on_board = on_board


# The same rule in SQL, for rows written without the ORM (migrations, bulk-loaded data).
BACKFILL_SQL = (
    "UPDATE cases SET on_board = true WHERE status IN ('forwarded', 'assigned', 'in_progress') AND "
    "(supervision_level >= 2 OR assignment_id IN "
    "(SELECT assignment_id FROM extension_requests WHERE status = 'pending'))"
)
