"""Logging a visit from a phone: who went, how it went, and an optional concern.

"Went but nobody answered" is an attempt: it counts in the volunteers' hours but not as a visit, and
two in a row put the elder on the coverage board. The elder's `last_visit_at`, `failed_attempts_in_row`
and `next_visit_due_at` are kept here, so that the board reads one indexed table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from community import audit
from community.errors import NotAllowed, ServiceError
from community.models import User
from community.timeutil import utcnow
from extensions import db
from volunteers import concerns
from volunteers.assignments import visitors_of
from volunteers.models import Elder, Outcome, Severity, Visit, VisitKind, VisitVolunteer, Wellbeing
from volunteers.registry import visit_due_at

MAX_MINUTES = 24 * 60
MAX_DAYS_BACK = 60
CLOCK_SLACK = timedelta(minutes=5)  # a phone's clock a little ahead is not a visit in the future


@dataclass
class VisitReport:
    visited_at: datetime
    duration_minutes: int
    kind: VisitKind
    outcome: Outcome
    volunteer_ids: list[int]
    wellbeing: dict[str, Wellbeing | None] = field(default_factory=dict)
    notes: str = ""
    concern_severity: Severity | None = None
    concern_text: str = ""


def _validate(report: VisitReport, now: datetime) -> None:
    if report.visited_at.tzinfo is None:
        raise ValueError("visited_at must be timezone-aware")
    if report.visited_at > now + CLOCK_SLACK:
        raise ServiceError(_l("A visit cannot be in the future. Check the date and time."), "visited_on")
    if report.visited_at < now - timedelta(days=MAX_DAYS_BACK):
        raise ServiceError(_l("Visits older than %(n)d days cannot be logged any more.", n=MAX_DAYS_BACK),
                           "visited_on")
    if not 1 <= report.duration_minutes <= MAX_MINUTES:
        raise ServiceError(_l("A visit lasts from 1 minute to 24 hours (1,440 minutes)."), "duration")
    if report.concern_severity is not None and not report.concern_text.strip():
        raise ServiceError(_l("Describe the concern."), "concern_text")
    if report.concern_text.strip() and report.concern_severity is None:
        raise ServiceError(_l("Choose how serious the concern is."), "concern_severity")


def log_visit(actor: User, elder: Elder, report: VisitReport) -> Visit:
    """Record a visit or attempt by volunteers assigned to `elder` now; NotAllowed for anyone else."""
    if not elder.is_visited_by(actor):
        raise NotAllowed()
    if elder.is_archived:
        raise ServiceError(_l("This elder is archived; no more visits are logged."))
    now = utcnow()
    _validate(report, now)
    allowed = {user.id for user in visitors_of(elder)}
    went = set(report.volunteer_ids) or {actor.id}
    if not went <= allowed:
        raise ServiceError(_l("Only volunteers assigned to this elder can be named."), "volunteers")
    met = report.outcome == Outcome.MET
    visit = Visit(
        elder_id=elder.id, community_id=elder.community_id, visited_at=report.visited_at,
        duration_minutes=report.duration_minutes, kind=report.kind, outcome=report.outcome,
        notes=report.notes.strip(), logged_by_id=actor.id, created_at=now,
        **{aspect: (value if met else None) for aspect, value in report.wellbeing.items()},
    )
    visit.volunteers = [VisitVolunteer(user_id=user_id) for user_id in sorted(went)]
    db.session.add(visit)
    db.session.flush()
    refresh_coverage(elder)
    audit.record(actor, "visit.logged", visit, elder_id=elder.id, outcome=report.outcome.value)
    if report.concern_severity is not None:
        concerns.raise_concern(actor, elder, report.concern_severity, report.concern_text, visit=visit,
                               raised_at=now)
    db.session.flush()
    return visit


def refresh_coverage(elder: Elder) -> None:
    """Recount the elder's last visit and failed attempts since it (two reads of one index)."""
    last_visit = db.session.scalar(
        select(func.max(Visit.visited_at)).where(Visit.elder_id == elder.id, Visit.outcome == Outcome.MET))
    attempts = select(Visit.visited_at).where(Visit.elder_id == elder.id, Visit.outcome == Outcome.NO_ANSWER)
    if last_visit is not None:
        attempts = attempts.where(Visit.visited_at > last_visit)
    attempt_times = list(db.session.scalars(attempts))
    elder.last_visit_at = last_visit
    elder.failed_attempts_in_row = len(attempt_times)
    elder.last_attempt_at = max(attempt_times) if attempt_times else None
    elder.next_visit_due_at = visit_due_at(elder.last_visit_at or elder.created_at, elder.visit_every_days)


def recent_visits(elder: Elder, limit: int = 10) -> list[Visit]:
    return list(db.session.scalars(
        select(Visit).where(Visit.elder_id == elder.id).order_by(Visit.visited_at.desc(), Visit.id.desc())
        .limit(limit)))
