"""`Case.on_board`: whether a case stands on the supervisor's board, kept with every flush.

A case is on the board while it is open at the hub or a department (forwarded, assigned, in
progress) and either supervised at level 2 or 3, supervised by hand, or waiting for a decision on
more time. The
board reads the flag through `ix_cases_on_board` in deadline order, instead of every open case.
Whatever changes a case's status, level or assignment, or a request for more time, sets it here.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from petitions.models import Assignment, Case, CaseStatus, ExtensionRequest, ExtensionStatus

BOARD_STATUSES = (CaseStatus.FORWARDED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)
BOARD_LEVEL = 2
WATCHED_ATTRIBUTES = ("status", "supervision_level", "supervised_at", "assignment", "assignment_id")


def _is_pending(request: ExtensionRequest | None) -> bool:
    return request is not None and request.status in {None, ExtensionStatus.PENDING}


def _assignment_of(case: Case) -> tuple[Assignment | None, int | None]:
    """The case's current assignment: the object when it was changed and not flushed yet, else its id."""
    if inspect(case).attrs["assignment"].history.has_changes():
        assignment = case.assignment
        return assignment, assignment.id if assignment is not None else None
    return None, case.assignment_id


def _known_request(assignment: Assignment | None, assignment_id: int | None,
                   known_requests: list[ExtensionRequest]) -> ExtensionRequest | None:
    for request in known_requests:
        if (assignment is not None and request.assignment is assignment) or (
                assignment_id is not None and request.assignment_id == assignment_id):
            return request
    return None


def _statuses_in_database(session: Session, assignment_ids: set[int]) -> dict[int, ExtensionStatus]:
    """The requests of these assignments, a few hundred ids per query (a job raises thousands)."""
    found: dict[int, ExtensionStatus] = {}
    ids = sorted(assignment_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(session.execute(select(ExtensionRequest.assignment_id, ExtensionRequest.status)
                                     .where(ExtensionRequest.assignment_id.in_(chunk))).all())
    return found


def board_flags(session: Session, cases: list[Case], known_requests: list[ExtensionRequest]) -> list[bool]:
    """Whether each case stands on the board, its requests for more time read in one go."""
    flags: list[bool | None] = []
    lookups: dict[int, int] = {}  # position in `cases` -> assignment id to read
    for position, case in enumerate(cases):
        if case.status not in BOARD_STATUSES:
            flags.append(False)
            continue
        if (case.supervision_level or 0) >= BOARD_LEVEL or case.supervised_at is not None:
            flags.append(True)
            continue
        assignment, assignment_id = _assignment_of(case)
        request = _known_request(assignment, assignment_id, known_requests)
        if request is not None or assignment_id is None:
            flags.append(_is_pending(request))
            continue
        flags.append(None)
        lookups[position] = assignment_id
    statuses = _statuses_in_database(session, set(lookups.values())) if lookups else {}
    for position, assignment_id in lookups.items():
        flags[position] = statuses.get(assignment_id) == ExtensionStatus.PENDING
    return [bool(flag) for flag in flags]


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
        listed = list(cases.values())
        for case, on_board in zip(listed, board_flags(session, listed, known_requests), strict=True):
            if case.on_board is not on_board:
                case.on_board = on_board


# The same rule in SQL, for rows written without the ORM (migrations, bulk-loaded data).
BACKFILL_SQL = (
    "UPDATE cases SET on_board = true WHERE status IN ('forwarded', 'assigned', 'in_progress') AND "
    "(supervision_level >= 2 OR supervised_at IS NOT NULL OR assignment_id IN "
    "(SELECT assignment_id FROM extension_requests WHERE status = 'pending'))"
)
