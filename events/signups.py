"""Sign-ups with capacity and a waiting list, cancellation with promotion, and check-in.

Every change of an event's places happens under that event's row lock (`_lock_event`): on PostgreSQL
SELECT ... FOR NO KEY UPDATE, on SQLite the write lock that BEGIN IMMEDIATE takes. Two sign-ups can
therefore never both take the last place.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from community import audit, notifications
from community.errors import NotAllowed, ServiceError
from community.models import User
from community.timeutil import utcnow
from events.models import Event, Signup, SignupStatus
from extensions import db


def _lock_event(event: Event) -> Event:
    return db.session.execute(
        select(Event).where(Event.id == event.id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)).scalar_one()


def signup_of(user: User, event: Event) -> Signup | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Signup).where(Signup.event_id == event.id, Signup.user_id == user.id))


def event_link(event: Event) -> str:
    return f"/events/{event.id}"


def sign_up(user: User, event: Event, guests: int = 0) -> Signup:
    """A confirmed place when enough are left, else a place on the waiting list."""
    if not user.is_authenticated:
        raise NotAllowed()
    event = _lock_event(event)
    now = utcnow()
    if event.is_cancelled:
        raise ServiceError(_("This event is cancelled."), code="cancelled")
    if not event.signup_open(now):
        raise ServiceError(_("Sign-up for this event is not open."), code="closed")
    if guests not in (0, 1) or (guests and not event.allow_guest):
        raise ServiceError(_("This event takes no guests."), field="guests", code="guests")
    signup = signup_of(user, event)
    if signup is not None and signup.is_active:
        raise ServiceError(_("You have already signed up for this event."), code="duplicate")
    places = 1 + guests
    status = SignupStatus.CONFIRMED if event.places_taken + places <= event.capacity else SignupStatus.WAITING
    if signup is None:
        signup = Signup(event_id=event.id, user_id=user.id)
        db.session.add(signup)
    signup.guests, signup.status, signup.queued_at = guests, status, now
    signup.cancelled_at = signup.promoted_at = signup.reminded_at = None
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # a second click of the same person, committed first
        raise ServiceError(_("You have already signed up for this event."), code="duplicate") from None
    if status == SignupStatus.CONFIRMED:
        event.places_taken += places
    return signup


def cancel_signup(user: User, signup: Signup) -> list[Signup]:
    """The person withdraws; the places freed go to the first people waiting. Returns those promoted."""
    if signup.user_id != user.id:
        raise NotAllowed()
    event = _lock_event(signup.event)
    db.session.refresh(signup)
    if not signup.is_active:
        raise ServiceError(_("This sign-up is already cancelled."), code="cancelled")
    if event.starts_at <= utcnow():
        raise ServiceError(_("The event has started; it can no longer be cancelled."), code="started")
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status, signup.cancelled_at = SignupStatus.CANCELLED, utcnow()
    if not was_confirmed:
        return []
    event.places_taken -= signup.places
    if signup.checked_in_at is not None:
        event.attended_count -= 1
        signup.checked_in_at = None
    return promote_from_waitlist(event)


def promote_from_waitlist(event: Event) -> list[Signup]:
    """Confirm the people waiting, in order, while the first of them fits (the caller holds the lock)."""
    promoted: list[Signup] = []
    if event.is_cancelled:
        return promoted
    waiting = db.session.scalars(
        select(Signup).where(Signup.event_id == event.id, Signup.status == SignupStatus.WAITING)
        .order_by(Signup.queued_at, Signup.id))
    for candidate in waiting:
        if event.places_taken + candidate.places > event.capacity:
            break
        candidate.status, candidate.promoted_at = SignupStatus.CONFIRMED, utcnow()
        event.places_taken += candidate.places
        notifications.notify(candidate.user_id, "event_promoted", link=event_link(event), event=event.title)
        promoted.append(candidate)
    return promoted


def waiting_position(signup: Signup) -> int | None:
    if signup.status != SignupStatus.WAITING:
        return None
    ahead = db.session.scalar(
        select(func.count()).select_from(Signup)
        .where(Signup.event_id == signup.event_id, Signup.status == SignupStatus.WAITING,
               (Signup.queued_at < signup.queued_at)
               | ((Signup.queued_at == signup.queued_at) & (Signup.id < signup.id)))) or 0
    return ahead + 1


def check_in(actor: User, signup: Signup, attended: bool = True) -> None:
    """The organiser records (or takes back) a confirmed participant's attendance."""
    event = signup.event
    if not event.can_manage(actor):
        raise NotAllowed()
    event = _lock_event(event)
    db.session.refresh(signup)
    if signup.status != SignupStatus.CONFIRMED:
        raise ServiceError(_("Only confirmed participants can be checked in."), code="not_confirmed")
    if event.is_cancelled:
        raise ServiceError(_("This event is cancelled."), code="cancelled")
    if attended and signup.checked_in_at is None:
        signup.checked_in_at, signup.checked_in_by_id = utcnow(), actor.id
        event.attended_count += 1
    elif not attended and signup.checked_in_at is not None:
        signup.checked_in_at, signup.checked_in_by_id = None, None
        event.attended_count -= 1
    audit.record(actor, "event.check_in" if attended else "event.check_in_undone", signup, event=event.id)


def participants(event: Event, status: SignupStatus | None = None) -> list[Signup]:
    query = select(Signup).where(Signup.event_id == event.id).options(joinedload(Signup.user))
    if status is not None:
        query = query.where(Signup.status == status)
    return list(db.session.scalars(query.order_by(Signup.queued_at, Signup.id)))
