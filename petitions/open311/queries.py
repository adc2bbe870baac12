"""GET requests and GET servicerequestupdates: the filters of the specification, read with
plain column queries (1,000 requests must not build 1,000 ORM objects with their relations)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, select

from community.models import Community, Department
from community.timeutil import utcnow
from extensions import db
from petitions.models import Case, CaseStatus, CaseStep, Category
from petitions.open311.catalogue import find_category
from petitions.open311.formats import Open311Error, w3c
from petitions.open311.models import IncomingRequest
from petitions.rules import Action
from petitions.timeline import PUBLIC_NOTE_ACTIONS, mask_phones

MAX_WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000
OPEN_STATUSES = frozenset(s for s in CaseStatus if s.is_open)
CLOSED_STATUSES = frozenset(CaseStatus) - OPEN_STATUSES
# Statuses whose case is published (see Case.is_public): their description and address are shown.
PRIVATE_STATUSES = frozenset({CaseStatus.SUBMITTED, CaseStatus.REJECTED})
DEPARTMENT_STATUSES = frozenset(
    {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.CLOSED}
)
CLOSING_ACTIONS = frozenset(
    {Action.RESOLVE, Action.RESOLVE_LOCALLY, Action.REJECT, Action.MERGE, Action.RATE, Action.EXPIRE_RATING}
)


def parse_moment(name: str, raw: str | None) -> datetime | None:
    """A W3C date-time; without an offset it is read as UTC. 400 when it cannot be read."""
    if raw is None or not raw.strip():
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        # Far enough from the calendar's ends that a window of 90 days on either side exists.
        _ = (moment + MAX_WINDOW, moment - MAX_WINDOW)
    except (ValueError, OverflowError):
        raise Open311Error(400, f"{name} is not a W3C date-time such as 2026-11-05T08:15:30+08:00") from None
    return moment


def parse_window(args: Mapping[str, str]) -> tuple[datetime, datetime]:
    start, end = (
        parse_moment("start_date", args.get("start_date")),
        parse_moment("end_date", args.get("end_date")),
    )
    if start is not None and end is not None:
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > MAX_WINDOW:
            raise Open311Error(400, "start_date and end_date may be at most 90 days apart")
        return start, end
    if start is not None:
        return start, start + MAX_WINDOW
    if end is not None:
        return end - MAX_WINDOW, end
    now = utcnow()
    return now - MAX_WINDOW, now


def _positive(args: Mapping[str, str], name: str, default: int, most: int | None = None) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
        raise Open311Error(400, f"{name} must be a positive whole number")
    value = int(raw)
    if most is not None and value > most:
        raise Open311Error(400, f"{name} may be at most {most}")
    return value


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Page:
        return cls(
            _positive(args, "page", 1, most=10**6),
            _positive(args, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE),
        )

    def apply(self, query: Select) -> Select:
        return query.limit(self.size).offset((self.number - 1) * self.size)


def _list(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def parse_statuses(raw: str | None) -> set[CaseStatus]:
    statuses: set[CaseStatus] = set()
    for value in _list(raw):
        if value.lower() == "open":
            statuses |= OPEN_STATUSES
        elif value.lower() == "closed":
            statuses |= CLOSED_STATUSES
        else:
            raise Open311Error(400, "status must be open or closed")
    return statuses


REQUEST_COLUMNS = (
    Case.id,
    Case.number,
    Case.status,
    Case.reply,
    Case.category_id,
    Case.description,
    Case.address,
    Case.lat,
    Case.lng,
    Case.created_at,
    Case.updated_at,
    Case.deadline_at,
    Case.department_id,
    Category.name.label("service_name"),
    Department.name.label("department_name"),
    Community.name.label("community_name"),
    IncomingRequest.media_url,
)


def _requests_query() -> Select:
    return (
        select(*REQUEST_COLUMNS)
        .join(Category, Category.id == Case.category_id)
        .join(Community, Community.id == Case.community_id)
        .outerjoin(Department, Department.id == Case.department_id)
        .outerjoin(IncomingRequest, IncomingRequest.case_id == Case.id)
    )


def _request(row: Any, hub: str) -> dict[str, Any]:
    status = row.status
    public = status not in PRIVATE_STATUSES
    if status == CaseStatus.FORWARDED:
        agency = hub
    elif row.department_id is not None and status in DEPARTMENT_STATUSES:
        agency = row.department_name
    else:
        agency = row.community_name
    return {
        "service_request_id": row.number,
        "status": "open" if status in OPEN_STATUSES else "closed",
        "status_notes": mask_phones(row.reply) if row.reply else None,
        "service_name": row.service_name,
        "service_code": str(row.category_id),
        "description": row.description if public else None,
        "agency_responsible": agency,
        "service_notice": None,
        "requested_datetime": w3c(row.created_at),
        "updated_datetime": w3c(row.updated_at),
        "expected_datetime": w3c(row.deadline_at),
        "address": row.address if public else None,
        "address_id": None,
        "zipcode": None,
        "lat": row.lat if public else None,
        "long": row.lng if public else None,
        "media_url": row.media_url or None,
    }


def find_requests(args: Mapping[str, str]) -> list[dict[str, Any]]:
    """GET requests: `service_request_id` (a comma list) overrides every other filter."""
    hub = current_app.config["HUB_NAME"]
    page = Page.from_args(args)
    query = _requests_query()
    numbers = _list(args.get("service_request_id"))
    if numbers:
        query = query.where(Case.number.in_(numbers[:MAX_PAGE_SIZE]))
    else:
        start, end = parse_window(args)
        query = query.where(Case.created_at >= start, Case.created_at <= end)
        statuses = parse_statuses(args.get("status"))
        if statuses:
            query = query.where(Case.status.in_(sorted(statuses)))
        codes = _list(args.get("service_code"))
        if codes:
            query = query.where(Case.category_id.in_([find_category(code).id for code in codes]))
    query = page.apply(query.order_by(Case.created_at.desc(), Case.id.desc()))
    return [_request(row, hub) for row in db.session.execute(query)]


def find_request(number: str) -> dict[str, Any]:
    row = db.session.execute(_requests_query().where(Case.number == number)).first()
    if row is None:
        raise Open311Error(404, f"unknown service_request_id {number!r}")
    return _request(row, current_app.config["HUB_NAME"])


def find_updates(args: Mapping[str, str], community_id: int | None = None) -> list[dict[str, Any]]:
    """GET servicerequestupdates (mySociety's extension): one update per step of a case's timeline.

    Besides the extension's fields, each carries `external_status_code` (the Linli step),
    `agency_responsible` and `expected_datetime`, so that a Linli portal can rebuild the step.
    """
    start, end = parse_window(args)
    page = Page.from_args(args)
    query = (
        select(
            CaseStep.id,
            CaseStep.action,
            CaseStep.at,
            CaseStep.note,
            CaseStep.unit,
            CaseStep.deadline_at,
            Case.number,
        )
        .join(Case, Case.id == CaseStep.case_id)
        .where(CaseStep.at >= start, CaseStep.at <= end)
    )
    if community_id is not None:
        query = query.where(Case.community_id == community_id)
    query = page.apply(query.order_by(CaseStep.at, CaseStep.id))
    updates = []
    for row in db.session.execute(query):
        action = Action._value2member_map_.get(row.action)
        updates.append(
            {
                "update_id": str(row.id),
                "service_request_id": row.number,
                "status": "closed" if action in CLOSING_ACTIONS else "open",
                "updated_datetime": w3c(row.at),
                "description": mask_phones(row.note) if action in PUBLIC_NOTE_ACTIONS else "",
                "media_url": None,
                "external_status_code": row.action,
                "agency_responsible": row.unit,
                "expected_datetime": w3c(row.deadline_at),
            }
        )
    return updates
