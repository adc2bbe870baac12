"""What the hotspot pages show, read from the refresh's results (nothing is computed per request)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from community.models import User
from extensions import db
from petitions.hotspots.models import CaseDuplicate, Hotspot, HotspotState
from petitions.hotspots.problems import can_declare, managed_community_ids, members_query
from petitions.hotspots.refresh import SURGE_MIN
from petitions.models import Case

BOARD_SIZE = 20
PERIODS = {"week": Hotspot.cases_7d, "month": Hotspot.cases_30d}


@dataclass
class Board:
    state: HotspotState | None
    hotspots: list[Hotspot]
    samples: dict[int, Any]  # id → (id, number, title)


def board(period: str, surging_only: bool = False, community_ids: set[int] | None = None) -> Board:
    """The top hotspots of the week or month, surges first: for the hub the city's hotspots and any
    community's surge; with `community_ids` (a secretary's area) those communities' hotspots."""
    count = PERIODS.get(period, Hotspot.cases_7d)
    ranked = (select(Hotspot).where(Hotspot.active, count > 0).options(selectinload(Hotspot.problem))
              .order_by(count.desc(), Hotspot.id).limit(BOARD_SIZE))
    # Surges have at least SURGE_MIN cases this week: the (active, cases_7d) index finds them.
    surging = ranked.where(Hotspot.surge, Hotspot.cases_7d >= SURGE_MIN)
    if community_ids is None:
        places = Hotspot.community_id.is_(None)
    else:
        places = Hotspot.community_id.in_(community_ids)
        surging = surging.where(places)
    hotspots = list(db.session.scalars(surging))
    if not surging_only:
        seen = {h.id for h in hotspots}
        hotspots += [h for h in db.session.scalars(ranked.where(places)) if h.id not in seen]
    hotspots = hotspots[:BOARD_SIZE]
    wanted = {case_id for h in hotspots for case_id in h.sample_case_ids[:3]}
    samples = ({row.id: row for row in db.session.execute(
        select(Case.id, Case.number, Case.title).where(Case.id.in_(wanted)))} if wanted else {})
    return Board(db.session.get(HotspotState, 1), hotspots, samples)


def hotspot_cases(hotspot: Hotspot, community_ids: set[int] | None = None) -> Select:
    query = (select(Case).where(Case.id.in_(members_query(hotspot)))
             .order_by(Case.created_at.desc(), Case.id.desc()))
    if community_ids is not None:
        query = query.where(Case.community_id.in_(community_ids))
    return query


def duplicate_pairs(hotspot: Hotspot, limit: int = 20) -> list[tuple[Case, Case, float]]:
    members = members_query(hotspot)
    rows = db.session.execute(select(CaseDuplicate).where(CaseDuplicate.case_id.in_(members))
                              .order_by(CaseDuplicate.similarity.desc()).limit(limit)).scalars().all()
    ids = {r.case_id for r in rows} | {r.duplicate_of_id for r in rows}
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(ids)))} if ids else {}
    return [(cases[r.case_id], cases[r.duplicate_of_id], r.similarity) for r in rows
            if r.case_id in cases and r.duplicate_of_id in cases]


def sparkline(values: list[int], width: int = 120, height: int = 28) -> str:
    """The points of an SVG polyline for a trend (oldest first)."""
    if not values:
        return ""
    top, step = max(max(values), 1), width / max(len(values) - 1, 1)
    points = ((i * step, height - 2 - (v / top) * (height - 4)) for i, v in enumerate(values))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def can_view_board(user: User) -> bool:
    return can_declare(user) or bool(managed_community_ids(user))
