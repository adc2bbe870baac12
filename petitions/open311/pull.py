"""Pulling status changes from a remote hub into the community's timelines.

Every few minutes the portal asks each hub for the updates of its community's requests
since the last pull (with a few minutes of overlap, so that a step committed late is not
missed); an update already pulled, known by its id, is skipped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from community.timeutil import utcnow
from extensions import db
from petitions import timeline
from petitions.models import Case, CaseStatus, CaseStep
from petitions.open311 import client
from petitions.open311.models import HubLink, PulledUpdate, RemoteCase
from petitions.rules import Action

OVERLAP = timedelta(minutes=5)
LONGEST_WINDOW = timedelta(days=90)
PAGE_SIZE = 500
# The hub's steps that move the community's copy of a case, and where to.
MOVES = {
    Action.ASSIGN: CaseStatus.ASSIGNED,
    Action.DEPARTMENT_ACCEPT: CaseStatus.IN_PROGRESS,
    Action.RETURN: CaseStatus.FORWARDED,
    Action.RESOLVE: CaseStatus.RESOLVED,
}
AT_THE_HUB = frozenset({CaseStatus.FORWARDED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS})
# Steps the hub records on its own copy that the community already has, or that are the resident's here.
NOT_MIRRORED = frozenset({Action.FILE, Action.ACCEPT, Action.FORWARD, Action.RATE, Action.EXPIRE_RATING,
                          Action.REOPEN})


def _moment(raw: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def apply_update(case: Case, update: dict[str, Any]) -> bool:
    """Add the hub's step to the case's timeline (moving its status); False when not mirrored."""
    action = Action._value2member_map_.get(str(update.get("external_status_code", "")))
    if action is None:
        # Another Open311 server: only its closing matters to the resident.
        action = Action.RESOLVE if update.get("status") == "closed" else None
    if action is None or action in NOT_MIRRORED:
        return False
    at = _moment(update.get("updated_datetime")) or utcnow()
    note = str(update.get("description") or "")
    if action in MOVES and case.status in AT_THE_HUB:
        case.status = MOVES[action]
        if action == Action.RESOLVE:
            case.reply, case.resolved_at = note, at
    elif action == Action.REPLY and note:
        case.reply = note
    unit = str(update.get("agency_responsible") or "")[:80]
    case.steps.append(CaseStep(action=action.value, at=at, unit=unit,
                               deadline_at=_moment(update.get("expected_datetime")), note=note))
    timeline.tell(case, action)
    return True


def pull_link(link: HubLink, now: datetime | None = None) -> int:
    """Pull one hub's updates; how many steps were added. Commits nothing."""
    now = now or utcnow()
    start = (link.pulled_until or link.created_at) - OVERLAP
    end = min(now, start + LONGEST_WINDOW)
    applied, page = 0, 1
    while True:
        batch = client.updates(link, start, end, page, PAGE_SIZE)
        ids = [str(u.get("update_id")) for u in batch]
        seen = set(db.session.scalars(select(PulledUpdate.update_id).where(
            PulledUpdate.hub_url == link.hub_url, PulledUpdate.update_id.in_(ids))))
        numbers = {str(u.get("service_request_id")) for u in batch}
        cases = {remote.service_request_id: remote.case_id for remote in db.session.scalars(
            select(RemoteCase).where(RemoteCase.hub_url == link.hub_url,
                                     RemoteCase.service_request_id.in_(numbers)))}
        for update, update_id in zip(batch, ids, strict=True):
            if update_id in seen:
                continue
            seen.add(update_id)
            case_id = cases.get(str(update.get("service_request_id")))
            if case_id is None:
                # Not (yet) known here: a case whose delivery is still being confirmed is
                # pulled again from its sending time on (see outbox._mark_sent).
                continue
            if apply_update(db.session.get(Case, case_id), update):
                applied += 1
            db.session.add(PulledUpdate(hub_url=link.hub_url, update_id=update_id, case_id=case_id))
        if len(batch) < PAGE_SIZE:
            break
        page += 1
    link.pulled_until, link.last_pull_error = end, ""
    return applied


def pull_all() -> int:
    """Pull every linked hub; a hub that fails keeps its error and its cursor for the next run."""
    applied = 0
    for community_id in list(db.session.scalars(select(HubLink.community_id))):
        link = db.session.get(HubLink, community_id)
        try:
            applied += pull_link(link)
            db.session.commit()
        except client.HubError as error:
            db.session.rollback()
            link = db.session.get(HubLink, community_id)
            link.last_pull_error = error.message
            db.session.commit()
    return applied
