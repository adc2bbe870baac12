"""Forwarding to a remote hub without ever losing a case.

Forwarding writes the case's change and an outbox row in one transaction. A job
delivers the due rows, each with the stable reference it was given when written, so
that delivering a row again (an answer lost on the way back, a crash before the row
was marked) finds the case the hub already filed instead of filing a second one.
Failures wait 1 minute, then twice as long each time, at most 30 minutes, without end.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from community.errors import NotAllowed, ServiceError
from community.models import User
from community.timeutil import utcnow
from extensions import db
from petitions.models import Case
from petitions.open311 import client
from petitions.open311.models import HubLink, OutboxRow, OutboxStatus, RemoteCase

FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(minutes=30)
BATCH = 100


def hub_link(community_id: int) -> HubLink | None:
    return db.session.get(HubLink, community_id)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 1, 2, 4, 8, 16, 30, 30 … minutes."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def enqueue(case: Case, link: HubLink, note: str = "") -> OutboxRow:
    """The row that will carry `case` to the hub; added to the forwarding transaction."""
    row = OutboxRow(case_id=case.id, hub_url=link.hub_url, note=note.strip(),
                    reference=f"{case.number}:{secrets.token_hex(6)}", next_attempt_at=utcnow())
    db.session.add(row)
    return row


def request_fields(case: Case, row: OutboxRow, link: HubLink) -> dict[str, str]:
    """The form of POST requests.json for this case (see catalogue.ATTRIBUTES)."""
    place = " ".join(part for part in (case.community.name, case.building, case.unit, case.address) if part)
    submitter = case.submitter
    fields = {
        "service_code": client.service_code_for(link, case.category.name, case.category.name_en),
        "description": case.description, "address_string": place[:200],
        "first_name": (submitter.display_name if submitter else case.contact_name)[:60],
        "phone": ((submitter.phone if submitter else case.contact_phone) or "")[:20],
        "attribute[case_type]": case.type.value, "attribute[title]": case.title,
        "attribute[building]": case.building, "attribute[unit]": case.unit,
        "attribute[hide_name]": "true" if case.hide_name else "false",
        "attribute[linli_reference]": row.reference, "attribute[forward_note]": row.note,
    }
    if case.lat is not None and case.lng is not None:
        fields.update(lat=str(case.lat), long=str(case.lng))
    return fields


def _mark_sent(row: OutboxRow, service_request_id: str, now: datetime) -> None:
    row.status, row.sent_at, row.last_attempt_at, row.last_error = OutboxStatus.SENT, now, now, ""
    remote = db.session.get(RemoteCase, row.case_id)
    if remote is None:
        db.session.add(RemoteCase(case_id=row.case_id, hub_url=row.hub_url,
                                  service_request_id=service_request_id))
    else:  # forwarded again after a reopening: the hub's new case is the one to follow
        remote.hub_url, remote.service_request_id = row.hub_url, service_request_id
    # The hub may have acted on the case before this answer came (an earlier answer was lost):
    # its steps since the row was written are pulled (again; the ones already applied are skipped).
    link = hub_link(row.case.community_id)
    if link is not None and link.hub_url == row.hub_url and (
            link.pulled_until is None or link.pulled_until > row.created_at):
        link.pulled_until = row.created_at


def _mark_failed(row: OutboxRow, message: str, now: datetime) -> None:
    row.attempts += 1
    row.last_attempt_at, row.last_error = now, message
    row.next_attempt_at = now + backoff(row.attempts)


def deliver(row_id: int) -> bool:
    """Try to deliver one row, then commit its outcome. True when the hub has the case.

    The network call happens outside any transaction: a slow hub must not hold the
    database (on SQLite, its only write lock) while it makes us wait.
    """
    row = db.session.get(OutboxRow, row_id)
    if row is None or row.status == OutboxStatus.SENT:
        return row is not None
    link = hub_link(row.case.community_id)
    try:
        if link is None:
            raise client.HubError("this community has no remote hub any more")
        fields = request_fields(row.case, row, link)
        db.session.commit()  # end the reading transaction before waiting for the hub
        service_request_id = client.post_request(link, fields)
    except client.HubError as error:
        db.session.rollback()
        row = db.session.get(OutboxRow, row_id)
        _mark_failed(row, error.message, utcnow())
        db.session.commit()
        if not error.reached:
            raise
        return False
    row = db.session.get(OutboxRow, row_id)
    _mark_sent(row, service_request_id, utcnow())
    db.session.commit()
    return True


def due_rows(now: datetime, everything: bool = False, limit: int = BATCH) -> list[int]:
    query = select(OutboxRow.id).where(OutboxRow.status == OutboxStatus.PENDING)
    if not everything:
        query = query.where(OutboxRow.next_attempt_at <= now)
    return list(db.session.scalars(query.order_by(OutboxRow.id).limit(limit)))


def send_due(everything: bool = False) -> tuple[int, int]:
    """Deliver the due rows (all pending ones with `everything`); (sent, failed). Commits per row.

    When a hub does not answer at all, its other due rows wait their turn with the
    same error rather than each waiting for the same timeout.
    """
    sent = failed = 0
    unreachable: dict[str, str] = {}
    now = utcnow()
    ids = due_rows(now, everything)
    db.session.commit()
    for row_id in ids:
        row = db.session.get(OutboxRow, row_id)
        if row is None or row.status == OutboxStatus.SENT:
            continue
        if row.hub_url in unreachable:
            _mark_failed(row, unreachable[row.hub_url], utcnow())
            db.session.commit()
            failed += 1
            continue
        hub_url = row.hub_url
        try:
            if deliver(row_id):
                sent += 1
            else:
                failed += 1
        except client.HubError as error:
            unreachable[hub_url] = error.message
            failed += 1
    return sent, failed


def retry_now(actor: User, row: OutboxRow) -> None:
    """The secretary's retry: the row is due at once (its backoff starts again after this try)."""
    if not row.case.community.can_manage(actor):
        raise NotAllowed()
    if row.status == OutboxStatus.SENT:
        raise ServiceError(_l("This case has already reached the city hub."))
    row.next_attempt_at = utcnow()


def unsent_query(community_ids: set[int]):  # type: ignore[no-untyped-def]
    return (select(OutboxRow).join(Case, Case.id == OutboxRow.case_id)
            .where(OutboxRow.status == OutboxStatus.PENDING, Case.community_id.in_(community_ids))
            .order_by(OutboxRow.id))


def unsent_count(community_ids: set[int]) -> int:
    return db.session.scalar(select(func.count()).select_from(unsent_query(community_ids).subquery())) or 0
