"""Concerns a visit found: urgent ones reach the secretary at once and are due the same day, follow-ups
within 3 days; past the deadline they escalate. The secretary records what was done, or turns the
concern into a petitions case in one step (through `petitions.intake`, never its tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, select

from community import audit, notifications
from community.accounts import users_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Role, Team, User
from community.timeutil import utcnow
from extensions import db
from petitions import intake
from petitions.models import CaseType, Channel
from volunteers.localdays import end_of_local_day
from volunteers.models import CareAssignment, Concern, ConcernStatus, Elder, Severity, Visit

# Days after the day it was raised that a concern must be followed up by (0: the same day).
FOLLOW_UP_DAYS = {Severity.URGENT: 0, Severity.FOLLOW_UP: 3}
ESCALATE_AGAIN_AFTER = timedelta(days=1)
MAX_TEXT = 2000


def due_at_for(severity: Severity, raised_at: datetime) -> datetime | None:
    """The end of the local day the concern must be followed up by; a note has no deadline."""
    days = FOLLOW_UP_DAYS.get(severity)
    return None if days is None else end_of_local_day(raised_at, days)


def concern_link(concern: Concern) -> str:
    return f"/volunteers/concerns/{concern.id}"


def raise_concern(actor: User, elder: Elder, severity: Severity, text: str, visit: Visit | None = None,
                  raised_at: datetime | None = None) -> Concern:
    """Raised by a volunteer assigned to the elder (or the secretary); urgent ones notify the secretary."""
    if not elder.can_see_personal(actor):
        raise NotAllowed()
    text = text.strip()
    if not text:
        raise ServiceError(_l("Describe the concern."), "concern_text")
    if len(text) > MAX_TEXT:
        raise ServiceError(_l("Keep it under %(n)d characters.", n=MAX_TEXT), "concern_text")
    raised_at = raised_at or utcnow()
    concern = Concern(elder_id=elder.id, community_id=elder.community_id,
                      visit_id=visit.id if visit else None,
                      severity=severity, description=text, raised_by_id=actor.id, raised_at=raised_at,
                      due_at=due_at_for(severity, raised_at))
    db.session.add(concern)
    db.session.flush()
    audit.record(actor, "concern.raised", concern, elder_id=elder.id, severity=severity.value)
    if severity == Severity.URGENT:
        for secretary in users_with_role(Role.SECRETARY, community=elder.community_id):
            notifications.notify(secretary, "elder_concern_urgent", link=concern_link(concern),
                                 elder=elder.name, building=elder.building, volunteer=actor.display_name)
    return concern


def _ensure_secretary(actor: User, concern: Concern) -> None:
    if not concern.elder.can_manage(actor):
        raise NotAllowed()
    if not concern.is_open:
        raise ServiceError(_l("This concern is already resolved."))


def resolve(actor: User, concern: Concern, action_taken: str) -> None:
    """The secretary records what was done; the volunteer who raised it is told."""
    _ensure_secretary(actor, concern)
    action_taken = action_taken.strip()
    if not action_taken:
        raise ServiceError(_l("Write what was done."), "action_taken")
    _close(actor, concern, action_taken)
    if concern.raised_by_id is not None and concern.raised_by_id != actor.id:
        notifications.notify(concern.raised_by_id, "elder_concern_resolved", link=concern_link(concern),
                             elder=concern.elder.name, action=action_taken[:200])


def _close(actor: User, concern: Concern, action_taken: str) -> None:
    concern.status, concern.resolved_at, concern.resolved_by_id = ConcernStatus.RESOLVED, utcnow(), actor.id
    concern.action_taken = action_taken
    db.session.flush()
    audit.record(actor, "concern.resolved", concern)


@dataclass
class CaseRequest:
    """What the secretary chooses when a concern becomes a case; `contact_phone` None: the elder's own."""

    type: CaseType
    category_id: int
    title: str
    description: str
    contact_phone: str | None


def turn_into_case(actor: User, concern: Concern, request: CaseRequest) -> str:
    """File a walk-in case for the elder (entered by the secretary), link it, resolve the concern.

    Returns the case number. The contact is the elder's name with the community office's phone,
    or the elder's own phone when the secretary chooses it (the case's handlers will see it).
    """
    _ensure_secretary(actor, concern)
    if concern.case_number:
        raise ServiceError(_l("This concern is already a case."))
    elder = concern.elder
    phone = elder.phone if request.contact_phone is None else request.contact_phone.strip()
    if not phone:
        field = "office_phone" if request.contact_phone is not None else "contact"
        raise ServiceError(_l("Give a phone number for the case."), field)
    draft = intake.CaseDraft(
        type=request.type, category_id=request.category_id, title=request.title,
        description=request.description, community_id=elder.community_id, building=elder.building,
        channel=Channel.WALK_IN, contact_name=elder.name, contact_phone=phone)
    case_ = intake.file_case(draft, None, entered_by=actor)
    concern.case_number = case_.number
    audit.record(actor, "concern.case_filed", concern, case_number=case_.number,
                 contact="elder" if request.contact_phone is None else "office")
    # The page says "turned into case …" in the reader's language; the text stays empty here.
    _close(actor, concern, "")
    if concern.raised_by_id is not None and concern.raised_by_id != actor.id:
        notifications.notify(concern.raised_by_id, "elder_concern_case", link=concern_link(concern),
                             elder=elder.name, number=case_.number)
    return case_.number


def concerns_query(community_ids: set[int], open_only: bool = True) -> Select:
    """Open concerns urgent first, then by deadline; or every concern, newest first."""
    query = select(Concern).where(Concern.community_id.in_(community_ids))
    if not open_only:
        return query.order_by(Concern.raised_at.desc(), Concern.id.desc())
    rank = case((Concern.severity == Severity.URGENT, 0), (Concern.severity == Severity.FOLLOW_UP, 1),
                else_=2)
    return (query.where(Concern.status == ConcernStatus.OPEN)
            .order_by(rank, Concern.due_at.asc().nulls_last(), Concern.id))


def recent_concerns(elder: Elder) -> list[Concern]:
    """The elder's concerns for their page: open ones first, then the newest."""
    return list(db.session.scalars(select(Concern).where(Concern.elder_id == elder.id)
                                   .order_by(Concern.status, Concern.raised_at.desc()).limit(20)))


def escalate_overdue(now: datetime | None = None) -> dict[int, int]:
    """Raise open concerns past their deadline: level 1 tells the secretaries; a day later, level 2 tells
    them again with the leaders of the elder's teams. Levels only rise, so running twice changes nothing."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(Concern).where(Concern.status == ConcernStatus.OPEN, Concern.due_at <= now,
                              Concern.escalation_level < 2).order_by(Concern.due_at)).all()
    raised = {1: 0, 2: 0}
    secretaries: dict[int, list[User]] = {}
    for concern in overdue:
        level = 2 if now >= concern.due_at + ESCALATE_AGAIN_AFTER else 1
        if level <= concern.escalation_level:
            continue
        concern.escalation_level = level
        raised[level] += 1
        if concern.community_id not in secretaries:
            secretaries[concern.community_id] = users_with_role(Role.SECRETARY,
                                                                community=concern.community_id)
        told = {user.id for user in secretaries[concern.community_id]}
        if level == 2:
            told.update(db.session.scalars(
                select(Team.leader_id).join(CareAssignment, CareAssignment.team_id == Team.id)
                .where(CareAssignment.elder_id == concern.elder_id, CareAssignment.ended_at.is_(None),
                       Team.leader_id.is_not(None))))
        for user_id in sorted(told):
            notifications.notify(user_id, "elder_concern_overdue", link=concern_link(concern),
                                 elder=concern.elder.name, severity=concern.severity.value)
        audit.record(None, "concern.escalated", concern, level=level)
    db.session.flush()
    return raised
