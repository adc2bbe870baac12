"""Golden ideas, votes and events for the events scale.

One open voting round in the first community holds `ideas` ideas and `votes` votes: each resident of
the community supports `votes / residents` ideas (the round's allowance), chosen with a skew so that a
few ideas lead, as in a real round. Each idea's `support_count` is what the vote service would have
kept. `signup_events` upcoming events of the community's first team, 10 places each, are there for the
sign-up page: the bench accounts sign up for them, 16 at a time for one event (see bench/pages.py).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from community.models import TeamCategory
from events.models import Event, EventStatus, Idea, Vote, VotingRound

Rows = list[dict[str, Any]]
SIGNUP_CAPACITY = 10
SIGNUP_TITLE = "bench sign-up"
CATEGORIES = list(TeamCategory)
WORDS = ("包粽子", "家宴", "义剪", "读书会", "运动会", "集市", "书法", "太极", "电影夜", "维修日")


def event_rows(ideas: int, votes: int, signup_events: int, residents: list[int], team_id: int,
               now: datetime, rng: random.Random) -> list[tuple[sa.Table, Rows]]:
    allowance = max(1, votes // max(1, len(residents)))
    rounds: Rows = [{
        "id": 1, "community_id": 1, "title": "金点子征集（压测）", "starts_at": now - timedelta(days=3),
        "ends_at": now + timedelta(days=30), "votes_per_resident": allowance, "support_threshold": None,
        "live_results": True, "idea_count": ideas, "created_by_id": None,
        "created_at": now - timedelta(days=3)}]
    vote_rows: Rows = []
    supports: Counter[int] = Counter()
    for user_id in residents:
        chosen: set[int] = set()
        while len(chosen) < min(allowance, ideas) and len(vote_rows) + len(chosen) < votes:
            chosen.add(1 + int(ideas * rng.random() ** 2))  # skewed: low ids are the popular ones
        for idea_id in chosen:
            vote_rows.append({"round_id": 1, "idea_id": idea_id, "user_id": user_id, "created_at": now})
        supports.update(chosen)
    idea_rows: Rows = [{
        "id": n, "community_id": 1, "round_id": 1, "proposer_id": rng.choice(residents),
        "title": f"{WORDS[n % len(WORDS)]}活动{n}", "description": "邻里一起参加的活动，欢迎大家支持。",
        "category": CATEGORIES[n % len(CATEGORIES)], "expected_size": 20 + n % 50, "time_window": "周末",
        "place": "社区活动室", "needs": "", "support_count": supports[n], "flag_count": 0, "hidden_at": None,
        "hidden_reason": "", "hidden_by_id": None, "created_at": now - timedelta(minutes=n)}
        for n in range(1, ideas + 1)]
    start = now + timedelta(days=30)
    events: Rows = [{
        "id": n, "community_id": 1, "team_id": team_id, "idea_id": None, "title": f"{SIGNUP_TITLE} {n}",
        "description": "", "place": "社区活动室", "starts_at": start + timedelta(hours=n % 500),
        "ends_at": start + timedelta(hours=n % 500 + 2), "capacity": SIGNUP_CAPACITY,
        "signup_opens_at": None, "signup_closes_at": None, "allow_guest": False,
        "status": EventStatus.SCHEDULED, "cancel_reason": "", "places_taken": 0, "attended_count": 0,
        "sequence": 0, "created_by_id": None, "created_at": now, "updated_at": now}
        for n in range(1, signup_events + 1)]
    return [(VotingRound.__table__, rounds), (Idea.__table__, idea_rows), (Vote.__table__, vote_rows),
            (Event.__table__, events)]
