"""Every step of a case is recorded with its time, actor, responsible unit and person, and deadline;
whoever must act next, and the resident, are told."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import Insert, bindparam, insert, select

from community import notifications
from community.accounts import role_holder_ids
from community.models import Role, User
from extensions import db
from petitions.models import Case, CaseStatus, CaseStep
from petitions.rules import Action

# Notes the public may read; the others are internal (supervision, extensions, forwarding notes).
PUBLIC_NOTE_ACTIONS = frozenset({Action.REPLY, Action.RESOLVE_LOCALLY, Action.RESOLVE, Action.REJECT,
                                 Action.MERGE, Action.RETURN, Action.REOPEN})
PHONE_RE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


def hub_name() -> str:
    return current_app.config["HUB_NAME"]


def responsible_unit(case: Case) -> str:
    if case.status in {CaseStatus.FORWARDED}:
        return hub_name()
    if case.department is not None and case.status in {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS,
                                                       CaseStatus.RESOLVED, CaseStatus.CLOSED}:
        return case.department.name
    return case.community.name


def current_deadline(case: Case) -> datetime | None:
    if case.status == CaseStatus.SUBMITTED:
        return case.accept_due_at
    if case.status in {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS}:
        return case.deadline_at
    return None


def record(case: Case, action: Action, actor: User | None, note: str = "", person: str = "",
           deadline: datetime | None = None) -> CaseStep:
    """Add a step; the unit and deadline are those responsible after the step."""
    step = CaseStep(
        action=action.value,
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        unit=responsible_unit(case),
        person=person,
        deadline_at=deadline if deadline is not None else current_deadline(case),
        note=note.strip(),
    )
    case.steps.append(step)
    return step


def record_filing(case_id: int, unit: str, actor: User | None, at: datetime, deadline: datetime | None,
                  person: str = "") -> None:
    """The first step of a case being filed, written at once with one INSERT: filing is a hot path,
    and the case is written without the ORM's unit of work (see `intake.file_case`)."""
    db.session.execute(_INSERT_STEP, {
        "case_id": case_id, "action": Action.FILE.value, "at": at,
        "actor_id": actor.id if actor is not None and actor.is_authenticated else None,
        "unit": unit, "person": person, "deadline_at": deadline, "note": "",
    })


_INSERT_STEP = insert(CaseStep.__table__)


def tell(case: Case, action: Action, to_act: Iterable[User | int] = (), resident: bool = True) -> None:
    """Notify the people (users or their ids) who must act next, and the resident who filed the case
    with those who follow it (none yet when it is being filed: nothing is merged into a new case)."""
    link = f"/petitions/cases/{case.number}"
    told = list(dict.fromkeys(user if isinstance(user, int) else user.id for user in to_act))
    residents: set[int] = set()
    if resident and case.submitter_id is not None:
        residents.add(case.submitter_id)
    if resident and action is not Action.FILE:  # the residents whose duplicates were merged into it
        residents.update(db.session.scalars(
            select(Case.submitter_id).where(Case.merged_into_id == case.id, Case.submitter_id.is_not(None))
        ))
    notifications.notify_each({"case_to_act": told, "case_step": sorted(residents - set(told))},
                              link=link, number=case.number, action=action.value)


# The notices of graded supervision, worded by level (petitions.labels).
ESCALATION_KINDS = {2: "case_overdue", 3: "case_far_overdue"}


def tell_escalation(case: Case, level: int, to_act: Iterable[int], late_days: int) -> None:
    """An escalation to level 2 or 3, told in words of its own to the people who must act
    (`late_days`: how many working days late level 3 is)."""
    notifications.notify_many(list(dict.fromkeys(to_act)), ESCALATION_KINDS[level],
                              link=f"/petitions/cases/{case.number}", number=case.number, days=late_days)


def tell_filing(case: Case) -> None:
    """A new case's notices: the community's secretaries must act (accept it), and the resident it
    follows (who filed it, or whose phone a hotline case was entered with) is told, unless one of
    them. One INSERT that selects the secretaries itself."""
    notifications.send_selected(_filing_notices(), {"community_id": case.community_id,
                                                    "submitter_id": case.submitter_id},
                                link=f"/petitions/cases/{case.number}", number=case.number,
                                action=Action.FILE.value)


@functools.cache
def _filing_notices() -> Insert:
    secretaries = role_holder_ids(Role.SECRETARY, community=bindparam("community_id"))
    return notifications.selected_notices({
        "case_to_act": secretaries,
        "case_step": select(User.id).where(User.id == bindparam("submitter_id"), User.id.not_in(secretaries)),
    })


@dataclass(frozen=True)
class PublicStep:
    action: str
    at: datetime
    unit: str
    deadline_at: datetime | None
    note: str


def public_steps(case: Case) -> list[PublicStep]:
    """The timeline without personal data: no names of people, internal notes left out, phones masked."""
    return [
        PublicStep(
            action=step.action, at=step.at, unit=step.unit, deadline_at=step.deadline_at,
            note=mask_phones(step.note) if step.action in PUBLIC_NOTE_ACTIONS else "",
        )
        for step in case.steps
    ]


def lapsed_requests(steps: Sequence[CaseStep | PublicStep]) -> set[int]:
    """The positions of the requests for more time that were never decided: the department resolved
    the case before the supervisor granted or refused them."""
    lapsed, pending = set(), None
    for position, step in enumerate(steps):
        if step.action == Action.REQUEST_EXTENSION:
            pending = position
        elif step.action in (Action.GRANT_EXTENSION, Action.REFUSE_EXTENSION):
            pending = None
        elif step.action == Action.RESOLVE and pending is not None:
            lapsed.add(pending)
            pending = None
    return lapsed


def mask_phones(text: str) -> str:
    return PHONE_RE.sub(r"\1****\2", text)
