"""This year's activities and participants of a community, for the community page's federation figures."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from community.federation import Figure
from community.models import Community
from community.timeutil import to_local, utcnow
from events.models import Event, EventStatus, Signup, SignupStatus
from extensions import db


def year_bounds(community: Community, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The community's current local calendar year, as UTC instants."""
    local = to_local(now or utcnow(), community.timezone)
    start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(year=start.year + 1)


def year_totals(community: Community, now: datetime | None = None) -> tuple[int, int]:
    """(events held or planned this year, not cancelled; people confirmed for them, guests included)."""
    start, end = year_bounds(community, now)
    in_year = (Event.community_id == community.id, Event.status == EventStatus.SCHEDULED,
               Event.starts_at >= start, Event.starts_at < end)
    events = db.session.scalar(select(func.count()).select_from(Event).where(*in_year)) or 0
    people = db.session.scalar(
        select(func.coalesce(func.sum(1 + Signup.guests), 0)).join(Event, Event.id == Signup.event_id)
        .where(*in_year, Signup.status == SignupStatus.CONFIRMED)) or 0
    return events, people


def community_figures(community: Community) -> list[Figure]:
    events, people = year_totals(community)
    return [Figure(str(_l("activities this year")), events),
            Figure(str(_l("participants this year")), people)]
