"""The resident rates a resolved case within the rating window; unsatisfied may reopen it once."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from community import audit
from community.accounts import users_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import rules, timeline
from petitions.models import Assignment, AssignmentKind, Case, CaseStatus, PetitionSettings, Rating
from petitions.rules import Action
from petitions.workdays import WorkCalendar


def settings(for_update: bool = False) -> PetitionSettings:
    """The settings row; until an administrator saves one, the defaults (added only `for_update`)."""
    row = db.session.scalar(select(PetitionSettings).limit(1))
    if row is None:
        row = PetitionSettings.defaults()
        if for_update:
            db.session.add(row)
    return row


def rating_window() -> timedelta:
    return timedelta(days=settings().rating_days)


def speaks_for_resident(case: Case, user: User) -> bool:
    """Who rates a case and may reopen it: its resident; for a caller without an account, the
    community's secretary, who records what the caller said when called back (回访)."""
    if case.submitter_id is None:
        return case.can_manage_locally(user)
    return case.is_submitted_by(user)


def rate(actor: User, case: Case, rating: Rating, comment: str = "") -> None:
    if not speaks_for_resident(case, actor):
        raise NotAllowed()
    closed = rules.check(case, Action.RATE)
    now = utcnow()
    if case.resolved_at is not None and now > case.resolved_at + rating_window():
        raise ServiceError(_l("The time to rate this case has passed."))
    case.status = closed
    case.rating, case.rating_comment, case.rated_at, case.closed_at = rating, comment.strip(), now, now
    resolving = case.assignment
    if resolving is not None and resolving.resolved_at is not None:
        resolving.rating, resolving.rated_at = rating, now
    # The rating in the step too: a reopened case is rated again, and the timeline keeps both.
    timeline.record(case, Action.RATE, actor, note=f"{rating.value}: {comment.strip()}".rstrip(": "))
    audit.record(actor, "case.rated", case, rating=rating.value)


def can_reopen(case: Case, now: datetime | None = None) -> bool:
    """Unsatisfied, not reopened before, and within the rating window (the same number of days) of
    the rating."""
    return (case.status == CaseStatus.CLOSED and case.rating == Rating.UNSATISFIED and not case.reopened
            and case.rated_at is not None and (now or utcnow()) <= case.rated_at + rating_window())


def reopen(actor: User, case: Case, reason: str = "") -> None:
    """重办: back to the same department with a new deadline, or to the community that solved it."""
    from petitions.handling import time_limit_days

    if not speaks_for_resident(case, actor):
        raise NotAllowed()
    rules.check(case, Action.REOPEN)
    if not can_reopen(case):
        raise ServiceError(_l("Only an unsatisfied rating lets a case be reopened, once, within %(n)d days "
                              "of the rating.", n=settings().rating_days))
    case.reopened = True
    case.rating, case.rated_at, case.closed_at, case.resolved_at = None, None, None, None
    now = utcnow()
    previous = case.assignment
    if previous is not None:
        calendar = WorkCalendar.load()
        assignment = Assignment(
            case_id=case.id, department_id=previous.department_id, kind=AssignmentKind.REOPENED,
            assigned_at=now, accept_due_at=now, accepted_at=now,
            deadline_at=calendar.add_working_days(now, time_limit_days(case)),
        )
        db.session.add(assignment)
        db.session.flush([assignment])
        case.assignment, case.deadline_at, case.supervision_level = assignment, assignment.deadline_at, 0
        case.supervised_at = None
        case.status = CaseStatus.IN_PROGRESS
        to_act = users_with_role(Role.HANDLER, department=previous.department_id)
    else:
        case.status = CaseStatus.ACCEPTED
        to_act = users_with_role(Role.SECRETARY, community=case.community_id)
    timeline.record(case, Action.REOPEN, actor, note=reason)
    audit.record(actor, "case.reopened", case)
    timeline.tell(case, Action.REOPEN, to_act=to_act)


def close_unrated(now=None) -> int:  # type: ignore[no-untyped-def]
    """Close resolved cases whose rating window has passed; they count as not rated."""
    now = now or utcnow()
    cutoff = now - rating_window()
    cases = db.session.scalars(
        select(Case).where(Case.status == CaseStatus.RESOLVED, Case.resolved_at < cutoff)
    ).all()
    for case in cases:
        case.status, case.closed_at = CaseStatus.CLOSED, now
        timeline.record(case, Action.EXPIRE_RATING, None)
    return len(cases)
