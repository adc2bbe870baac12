"""The work lists: the community queue, the dispatcher's board, a department's list, the supervisor's
board and a resident's own cases; one filtered query behind them all."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, func, or_, select, true, union_all
from sqlalchemy.orm import selectinload

from community.models import User
from community.timeutil import DEFAULT_ZONE
from extensions import db
from petitions.models import Case, CaseStatus, ExtensionRequest, ExtensionStatus

ZONE = ZoneInfo(DEFAULT_ZONE)
FULL_NUMBER_RE = re.compile(r"LL-\d{4}-\d{6}")  # petitions.intake.case_number
PART_NUMBER_RE = re.compile(r"(?:LL-)?(?:(?P<year>\d{4})-)?(?P<digits>\d+)")


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


def _filter_terms(filters: Filters) -> list[ColumnElement[bool]]:
    """The chosen filters, apart from the status."""
    terms: list[ColumnElement[bool]] = []
    if filters.category_id:
        terms.append(Case.category_id == filters.category_id)
    if filters.department_id:
        terms.append(Case.department_id == filters.department_id)
    if filters.date_from:
        terms.append(Case.created_at >= _local_midnight(filters.date_from))
    if filters.date_to:
        terms.append(Case.created_at < _local_midnight(filters.date_to + timedelta(days=1)))
    text = filters.q.strip()
    if text:
        terms.append(_search_term(text))
    return terms


def _search_term(text: str) -> ColumnElement[bool]:
    """A whole case number exactly (an indexed equality); digits, after `LL-` and a year or not, as the
    end of a number; and, without `LL-`, the words anywhere in the title or the description."""
    upper = text.upper()
    if FULL_NUMBER_RE.fullmatch(upper):
        return Case.number == upper
    number = _number_ending(upper)
    if upper.startswith("LL-"):
        return Case.number == upper if number is None else number
    words = or_(Case.title.icontains(text, autoescape=True),
                Case.description.icontains(text, autoescape=True))
    return words if number is None else or_(number, words)


def _number_ending(upper: str) -> ColumnElement[bool] | None:
    """`109`, `2026-109` or `LL-2026-109` as the numbers ending in those digits (of that year)."""
    part = PART_NUMBER_RE.fullmatch(upper)
    if part is None:
        return None
    year = f"LL-{part['year']}-" if part["year"] else ""
    return Case.number.like(f"{year}%{part['digits']}")


def cases_query(board: Board, user: User, filters: Filters, community_ids: set[int] | None = None,
                department_ids: set[int] | None = None) -> Select:
    """The cases of `board` that `user` may work on, narrowed by `filters`, most urgent first."""
    query = select(Case)
    if board == Board.COMMUNITY:
        query = query.where(Case.community_id.in_(community_ids or set()))
    elif board == Board.DEPARTMENT:
        query = query.where(Case.department_id.in_(department_ids or set()))
    elif board == Board.SUPERVISION and not filters.status:
        # Open at the hub or a department, and level 2+ or waiting for more time (petitions.onboard).
        query = query.where(Case.on_board == true())
    elif board == Board.MINE:
        query = query.where(Case.submitter_id == user.id)

    if filters.status:
        query = query.where(Case.status == CaseStatus(filters.status))
    elif DEFAULT_STATUSES[board]:
        query = query.where(Case.status.in_(DEFAULT_STATUSES[board]))
    query = query.where(*_filter_terms(filters))

    if board in {Board.MINE}:
        return query.order_by(Case.created_at.desc(), Case.id.desc())
    if board in {Board.DEPARTMENT, Board.SUPERVISION}:
        return query.order_by(Case.deadline_at.asc().nulls_last(), Case.id)
    return query.order_by(Case.created_at.asc(), Case.id)


def _arms(board: Board, filters: Filters, department_ids: set[int] | None) -> list[Select] | None:
    """The lists sorted by deadline as disjoint parts, each read through an index in deadline order:
    `ix_cases_department_status` for a department's statuses, `ix_cases_on_board` for the
    supervisor's board, `ix_cases_status_deadline` for a status."""
    part = select(Case.id, Case.deadline_at)
    if board == Board.DEPARTMENT:
        statuses = (CaseStatus(filters.status),) if filters.status else DEFAULT_STATUSES[board]
        return [part.where(Case.department_id == department, Case.status == status)
                for department in sorted(department_ids or ()) for status in statuses]
    if board == Board.SUPERVISION and not filters.status:
        return [part.where(Case.on_board == true())]  # ix_cases_on_board
    if board == Board.SUPERVISION:
        return [part.where(Case.status == CaseStatus(filters.status))]  # ix_cases_status_deadline
    return None


class ArmsPagination(Pagination):
    """A page of a list made of disjoint parts, each read in index order: the first rows of every part
    up to the end of the page are merged, and the total is the sum of the parts' counts, so that
    neither reads more than the page's rows of a part, whatever the length of the list."""

    def _parts(self) -> list[Select]:
        terms = self._query_args["terms"]
        parts = []
        for arm in self._query_args["arms"]:
            # Deadlines first, in index order; then the cases without one (NULLS LAST), by id.
            parts.append(arm.where(Case.deadline_at.is_not(None), *terms).order_by(Case.deadline_at, Case.id))
            parts.append(arm.where(Case.deadline_at.is_(None), *terms).order_by(Case.id))
        return parts

    def _query_items(self) -> list[Case]:
        parts = self._parts()
        if not parts:
            return []
        end = self._query_offset + self.per_page
        limited = [select(sub.c.id, sub.c.deadline_at) for sub in
                   (part.limit(end).subquery() for part in parts)]
        merged = union_all(*limited).subquery()
        ids = list(db.session.scalars(
            select(merged.c.id).order_by(merged.c.deadline_at.asc().nulls_last(), merged.c.id)
            .limit(self.per_page).offset(self._query_offset)))
        if not ids:
            return []
        query = (select(Case).where(Case.id.in_(ids)).options(selectinload(Case.department))
                 .order_by(Case.deadline_at.asc().nulls_last(), Case.id))
        return list(db.session.scalars(query))

    def _query_count(self) -> int:
        arms, terms = self._query_args["arms"], self._query_args["terms"]
        if not arms:
            return 0
        counts = [arm.where(*terms).with_only_columns(func.count(), maintain_column_froms=True)
                  .scalar_subquery() for arm in arms]
        total = counts[0]
        for count in counts[1:]:
            total = total + count
        return db.session.scalar(select(total)) or 0


def board_page(board: Board, user: User, filters: Filters, page: int, per_page: int,
               community_ids: set[int] | None = None, department_ids: set[int] | None = None) -> Pagination:
    """A page of `cases_query`; the department's and the supervisor's lists read only the page's rows."""
    arms = _arms(board, filters, department_ids)
    if arms is None:
        query = cases_query(board, user, filters, community_ids=community_ids, department_ids=department_ids)
        return db.paginate(query, page=page, per_page=per_page, error_out=False)
    return ArmsPagination(page=page, per_page=per_page, error_out=False, arms=arms,
                          terms=_filter_terms(filters))


def waiting_for_more_time(cases: Iterable[Case]) -> set[int]:
    """The ids of the cases whose department asked for more time on the current assignment and waits
    for the supervisor's decision: one query for a page of cases, none when no case is assigned."""
    case_of_assignment = {case.assignment_id: case.id for case in cases if case.assignment_id is not None}
    if not case_of_assignment:
        return set()
    pending = db.session.scalars(select(ExtensionRequest.assignment_id).where(
        ExtensionRequest.assignment_id.in_(case_of_assignment),
        ExtensionRequest.status == ExtensionStatus.PENDING))
    return {case_of_assignment[assignment_id] for assignment_id in pending}


class DeadlineState(enum.StrEnum):
    """How a case stands against its deadline, as the lists colour it."""

    LATE = "late"        # past the deadline
    NEAR = "near"        # within a day of it, or reminded a working day before (level 1)
    AHEAD = "ahead"      # more than a day left
    SETTLED = "settled"  # resolved, closed, rejected or merged: no longer timed


DEADLINE_COLOURS = {DeadlineState.LATE: "danger", DeadlineState.NEAR: "warning",
                    DeadlineState.AHEAD: "success", DeadlineState.SETTLED: "secondary"}


def deadline_state(case: Case, now: datetime) -> DeadlineState | None:
    """None for a case without a deadline; a case no longer open is settled, however late it was."""
    if case.deadline_at is None:
        return None
    if not case.status.is_open:
        return DeadlineState.SETTLED
    if case.deadline_at < now:
        return DeadlineState.LATE
    if case.supervision_level >= 1 or case.deadline_at - now < timedelta(days=1):
        return DeadlineState.NEAR
    return DeadlineState.AHEAD
