"""Graded supervision (分级督办).

Level 1: one working day before the deadline the handlers are reminded.
Level 2: past the deadline, the supervisors and dispatchers are told.
Level 3: more than 5 working days past, the case stands on the supervisor's board.
The job only reads cases whose deadline is near or past (an indexed range on
`deadline_at`), and a case's level only rises, so running it twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community import audit
from community.accounts import user_ids_with_role, users_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import rules, timeline
from petitions.models import Case, CaseStatus
from petitions.rules import Action
from petitions.workdays import WorkCalendar

LEVEL_3_AFTER_DAYS = 5
WATCHED = (CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)


def level_for(case: Case, now: datetime, calendar: WorkCalendar) -> int:
    if case.deadline_at is None:
        return 0
    if now > case.deadline_at:
        late = calendar.working_days_between(case.deadline_at, now)
        return 3 if late > LEVEL_3_AFTER_DAYS else 2
    if calendar.add_working_days(now, 1) >= case.deadline_at:
        return 1
    return 0


def run_supervision(now: datetime | None = None) -> dict[int, int]:
    """Raise the level of every watched case that is due; returns how many reached each level."""
    now = now or utcnow()
    calendar = WorkCalendar.load()
    horizon = calendar.add_working_days(now, 1)
    candidates = db.session.scalars(
        select(Case).where(Case.status.in_(WATCHED), Case.deadline_at <= horizon,
                           Case.supervision_level < 3)
        .order_by(Case.deadline_at)
    ).all()
    raised = {1: 0, 2: 0, 3: 0}
    hub_people: list[int] | None = None
    handlers: dict[int | None, list[int]] = {}  # per department: the job reads each once
    for case in candidates:
        level = level_for(case, now, calendar)
        if level <= case.supervision_level:
            continue
        case.supervision_level = level
        raised[level] += 1
        if case.department_id not in handlers:
            handlers[case.department_id] = user_ids_with_role(Role.HANDLER, department=case.department_id)
        if level == 1:
            timeline.record(case, Action.REMIND, None)
            timeline.tell(case, Action.REMIND, to_act=handlers[case.department_id], resident=False)
        else:
            timeline.record(case, Action.ESCALATE, None, note=f"L{level}")
            if hub_people is None:
                hub_people = user_ids_with_role(Role.SUPERVISOR) + user_ids_with_role(Role.DISPATCHER)
            timeline.tell_escalation(case, level, [*hub_people, *handlers[case.department_id]],
                                     LEVEL_3_AFTER_DAYS)
    return raised


def supervise(actor: User, case: Case, note: str) -> None:
    """A supervisor supervises any open case by hand, with a note; the responsible people are told.
    The case stands on the board until it is resolved or moves to another unit."""
    if not case.can_supervise(actor):
        raise NotAllowed()
    if not note or not note.strip():
        raise ServiceError(_l("Write what the supervision asks for."), "note")
    rules.check(case, Action.SUPERVISE)
    case.supervised_at = utcnow()  # the job's levels go on rising with the deadline
    timeline.record(case, Action.SUPERVISE, actor, note=note)
    audit.record(actor, "case.supervised", case)
    if case.department_id is not None:
        to_act = users_with_role(Role.HANDLER, department=case.department_id)
    elif case.status == CaseStatus.FORWARDED:
        to_act = users_with_role(Role.DISPATCHER)
    else:
        to_act = users_with_role(Role.SECRETARY, community=case.community_id)
    timeline.tell(case, Action.SUPERVISE, to_act=to_act, resident=False)
