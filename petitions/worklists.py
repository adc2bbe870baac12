"""The work lists: the community queue, the dispatcher's board, a department's list, the supervisor's
board and a resident's own cases; one filtered query behind them all."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select

from community.models import User
from community.timeutil import DEFAULT_ZONE
from petitions.models import Case, CaseStatus, ExtensionRequest, ExtensionStatus

ZONE = ZoneInfo(DEFAULT_ZONE)


class Board(enum.StrEnum):
    COMMUNITY = "community"
    HUB = "hub"
    DEPARTMENT = "department"
    SUPERVISION = "supervision"
    MINE = "mine"


# What each list shows when no status is chosen.
DEFAULT_STATUSES: dict[Board, tuple[CaseStatus, ...]] = {
    Board.COMMUNITY: (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED),
    Board.HUB: (CaseStatus.FORWARDED,),
    Board.DEPARTMENT: (CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS),
    Board.SUPERVISION: (CaseStatus.FORWARDED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS),
    Board.MINE: (),
}


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    category_id: int = 0
    department_id: int = 0
    date_from: date | None = None
    date_to: date | None = None


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=ZONE)


def cases_query(board: Board, user: User, filters: Filters, community_ids: set[int] | None = None,
                department_ids: set[int] | None = None) -> Select:
    """The cases of `board` that `user` may work on, narrowed by `filters`, most urgent first."""
    query = select(Case)
    if board == Board.COMMUNITY:
        query = query.where(Case.community_id.in_(community_ids or set()))
    elif board == Board.DEPARTMENT:
        query = query.where(Case.department_id.in_(department_ids or set()))
    elif board == Board.SUPERVISION and not filters.status:
        pending = (select(ExtensionRequest.assignment_id)
                   .where(ExtensionRequest.status == ExtensionStatus.PENDING))
        query = query.where(or_(Case.supervision_level >= 2, Case.assignment_id.in_(pending)))
    elif board == Board.MINE:
        query = query.where(Case.submitter_id == user.id)

    if filters.status:
        query = query.where(Case.status == CaseStatus(filters.status))
    elif DEFAULT_STATUSES[board]:
        query = query.where(Case.status.in_(DEFAULT_STATUSES[board]))
    if filters.category_id:
        query = query.where(Case.category_id == filters.category_id)
    if filters.department_id:
        query = query.where(Case.department_id == filters.department_id)
    if filters.date_from:
        query = query.where(Case.created_at >= _local_midnight(filters.date_from))
    if filters.date_to:
        query = query.where(Case.created_at < _local_midnight(filters.date_to + timedelta(days=1)))
    text = filters.q.strip()
    if text:
        if text.upper().startswith("LL-"):
            query = query.where(Case.number == text.upper())
        else:
            like = f"%{text}%"
            query = query.where(or_(Case.title.ilike(like), Case.description.ilike(like)))

    if board in {Board.MINE}:
        return query.order_by(Case.created_at.desc(), Case.id.desc())
    if board in {Board.DEPARTMENT, Board.SUPERVISION}:
        return query.order_by(Case.deadline_at.asc().nulls_last(), Case.id)
    return query.order_by(Case.created_at.asc(), Case.id)


def deadline_colour(case: Case, now: datetime) -> str:
    """Bootstrap colour of a deadline: red past it, amber within a day, green otherwise."""
    if case.deadline_at is None:
        return "secondary"
    if case.deadline_at < now:
        return "danger"
    if case.supervision_level >= 1 or case.deadline_at - now < timedelta(days=1):
        return "warning"
    return "success"
