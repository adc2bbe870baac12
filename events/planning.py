"""Events from ideas: creating, changing (raising the calendar SEQUENCE) and cancelling them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from community import audit, notifications
from community.errors import NotAllowed, ServiceError
from community.models import Community, Team, User
from community.timeutil import utcnow
from events.models import Event, EventStatus, Idea, Signup, SignupStatus
from events.signups import _lock_event, event_link, promote_from_waitlist
from extensions import db

# A change of these is significant: calendars must replace their copy (RFC 5545 SEQUENCE).
SIGNIFICANT = ("title", "place", "starts_at", "ends_at", "description")


@dataclass
class EventDraft:
    title: str
    description: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    team_id: int | None
    signup_opens_at: datetime | None = None
    signup_closes_at: datetime | None = None
    allow_guest: bool = False


def draft_from_idea(idea: Idea, starts_at: datetime, ends_at: datetime) -> EventDraft:
    """The event form's first values for a winning idea."""
    return EventDraft(title=idea.title, description=idea.description + (
        f"\n\n{idea.needs}" if idea.needs else ""), place=idea.place, starts_at=starts_at, ends_at=ends_at,
        capacity=max(idea.expected_size, 1), team_id=None)


def _validate(community: Community, draft: EventDraft) -> None:
    if draft.team_id is None:
        raise ServiceError(_("Name the organising team."), field="team_id")
    if draft.ends_at <= draft.starts_at:
        raise ServiceError(_("The event must end after it starts."), field="ends_at")
    if draft.capacity < 1:
        raise ServiceError(_("The capacity must be at least 1."), field="capacity")
    if draft.signup_closes_at and draft.signup_closes_at > draft.starts_at:
        raise ServiceError(_("Sign-up must close by the start of the event."), field="signup_closes_at")
    if draft.signup_opens_at and draft.signup_opens_at >= (draft.signup_closes_at or draft.starts_at):
        raise ServiceError(_("Sign-up must open before it closes."), field="signup_opens_at")
    if draft.team_id is not None:
        team = db.session.get(Team, draft.team_id)
        if team is None or team.community_id != community.id:
            raise ServiceError(_("Choose a team of this community."), field="team_id")


def create_event(actor: User, community: Community, draft: EventDraft, idea: Idea | None = None) -> Event:
    if not community.can_manage(actor):
        raise NotAllowed()
    _validate(community, draft)
    if idea is not None:
        if idea.community_id != community.id:
            raise NotAllowed()
        if idea.event is not None:
            raise ServiceError(_("This idea has already become an event."), code="duplicate")
    event = Event(community_id=community.id, created_by_id=actor.id, idea_id=idea.id if idea else None,
                  **{f.name: getattr(draft, f.name) for f in fields(draft)})
    db.session.add(event)
    db.session.flush()
    if idea is not None and idea.proposer_id is not None:
        notifications.notify(idea.proposer_id, "idea_became_event", link=event_link(event),
                             idea=idea.title, event=event.title)
    audit.record(actor, "event.created", event, idea=idea.id if idea else None)
    return event


def update_event(actor: User, event: Event, draft: EventDraft) -> bool:
    """Change the event; returns whether the change was significant (participants are told)."""
    if not event.can_manage(actor):
        raise NotAllowed()
    if event.is_cancelled:
        raise ServiceError(_("This event is cancelled."), code="cancelled")
    _validate(event.community, draft)
    event = _lock_event(event)
    if draft.capacity < event.places_taken:
        raise ServiceError(_("%(n)d places are already taken; the capacity cannot be lower.",
                             n=event.places_taken), field="capacity")
    significant = any(getattr(event, name) != getattr(draft, name) for name in SIGNIFICANT)
    moved = event.starts_at != draft.starts_at
    for f in fields(draft):
        setattr(event, f.name, getattr(draft, f.name))
    event.updated_at = utcnow()
    if significant:
        event.sequence += 1
        for user_id in _active_user_ids(event):
            notifications.notify(user_id, "event_changed", link=event_link(event), event=event.title)
    if moved:  # a reminder is due again before the new start
        db.session.execute(update(Signup).where(Signup.event_id == event.id).values(reminded_at=None))
    promote_from_waitlist(event)  # a larger capacity lets people in
    audit.record(actor, "event.updated", event, significant=significant)
    return significant


def cancel_event(actor: User, event: Event, reason: str) -> None:
    if not event.can_manage(actor):
        raise NotAllowed()
    if not reason.strip():
        raise ServiceError(_("Say why the event is cancelled."), field="reason")
    event = _lock_event(event)
    if event.is_cancelled:
        raise ServiceError(_("This event is already cancelled."), code="cancelled")
    event.status, event.cancel_reason = EventStatus.CANCELLED, reason.strip()[:200]
    event.updated_at = utcnow()
    event.sequence += 1
    for user_id in _active_user_ids(event):
        notifications.notify(user_id, "event_cancelled", link=event_link(event), event=event.title,
                             reason=event.cancel_reason)
    audit.record(actor, "event.cancelled", event, reason=event.cancel_reason)


def _active_user_ids(event: Event) -> list[int]:
    return list(db.session.scalars(select(Signup.user_id).where(
        Signup.event_id == event.id, Signup.status.in_((SignupStatus.CONFIRMED, SignupStatus.WAITING)))))
