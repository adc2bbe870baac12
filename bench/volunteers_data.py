"""Elders and their visits for the volunteers scale.

Elders are spread over the communities, each cared for by one of its two volunteer
teams (爱心义工队, 退休工人守望团). Each has `visits / elders` visits going back from
a last one, weekly (some every 3, 14 or 30 days); ~5 % of the visits are attempts
(nobody answered), and ~3 % of the elders were not found the last two times.
`last_visit_at`, `last_attempt_at`, `failed_attempts_in_row` and `next_visit_due_at`
are what the visit service would have set; some elders are overdue.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from community.demo import TEAMS
from volunteers.assignments import VOLUNTEER_CATEGORIES
from volunteers.localdays import end_of_local_day
from volunteers.models import (
    CareAssignment,
    Elder,
    ElderStatus,
    Gender,
    LivingSituation,
    Outcome,
    Visit,
    VisitKind,
)
from volunteers.models import Wellbeing as W

Rows = list[dict[str, Any]]
FREQUENCIES = (7, 7, 7, 7, 3, 14, 30)
ATTEMPT_SHARE = 0.05
TWO_FAILED_SHARE = 0.03
WELLBEING = (W.GOOD, W.GOOD, W.GOOD, W.FAIR, W.POOR)


def volunteer_team_ids(community_id: int, teams_per_community: int) -> list[int]:
    """The ids the generator gave this community's volunteer teams (charity, safety watch)."""
    first = (community_id - 1) * teams_per_community + 1
    return [first + index for index in range(teams_per_community)
            if TEAMS[index % len(TEAMS)][1] in VOLUNTEER_CATEGORIES]


def elder_rows(elders: int, visits: int, communities: int, teams_per_community: int, now: datetime,
               rng: random.Random) -> list[tuple[sa.Table, Rows]]:
    elder_list: Rows = []
    care: Rows = []
    visit_list: Rows = []
    per_elder = max(1, visits // elders)
    for elder_id in range(1, elders + 1):
        community_id = (elder_id - 1) % communities + 1
        every = rng.choice(FREQUENCIES)
        created = now - timedelta(days=(per_elder + 2) * every + rng.uniform(1, 30))
        # The last visit: most within their frequency, some late (overdue now).
        last = now - timedelta(days=rng.uniform(0.1, every * 1.25))
        failed = 2 if rng.random() < TWO_FAILED_SHARE else 0
        times = [last - timedelta(days=every * k + rng.uniform(-0.5, 0.5)) for k in range(per_elder)]
        if elder_id <= visits - per_elder * elders:  # the remainder, one more visit each
            times.append(times[-1] - timedelta(days=every))
        attempts_at: list[datetime] = []
        for index, at in enumerate(times):
            if index < failed:  # the newest `failed` visits found nobody; the last MET one is older
                outcome = Outcome.NO_ANSWER
                attempts_at.append(at)
            else:
                attempt = index > failed and rng.random() < ATTEMPT_SHARE
                outcome = Outcome.NO_ANSWER if attempt else Outcome.MET
            met = outcome is Outcome.MET
            mood, health, safety, meals, needs = ((rng.choice(WELLBEING) for _ in range(5)) if met
                                                  else (None,) * 5)
            visit_list.append({
                "elder_id": elder_id, "community_id": community_id, "visited_at": at,
                "duration_minutes": rng.choice((20, 30, 45, 60)), "kind": VisitKind.HOME, "outcome": outcome,
                "mood": mood, "health": health, "safety": safety, "meals": meals, "needs": needs,
                "notes": "", "logged_by_id": None, "created_at": at,
            })
        last_met = next((v["visited_at"] for v in visit_list[-len(times):] if v["outcome"] is Outcome.MET),
                        None)
        team_id = rng.choice(volunteer_team_ids(community_id, teams_per_community))
        elder_list.append({
            "id": elder_id, "community_id": community_id, "name": f"老人{elder_id:05d}",
            "gender": rng.choice((Gender.FEMALE, Gender.MALE)), "birth_year": rng.randint(1930, 1960),
            "building": f"{elder_id % 40 + 1}号楼", "unit": f"{elder_id % 4 + 1}单元",
            "room": f"{elder_id % 6 + 1}01", "phone": "", "health_notes": "", "needs": "",
            "living_situation": rng.choice(list(LivingSituation)),
            "emergency_contacts": "", "consent_on": created.date(), "consent_witness": "",
            "visit_every_days": every, "preferred_days": 0, "preferred_slots": 0,
            "status": ElderStatus.ACTIVE, "archived_at": None, "personal_purged_at": None,
            "last_visit_at": last_met, "last_attempt_at": max(attempts_at) if attempts_at else None,
            "failed_attempts_in_row": failed,
            "next_visit_due_at": end_of_local_day(last_met or created, every),
            "created_at": created, "updated_at": now,
        })
        care.append({"id": elder_id, "elder_id": elder_id, "team_id": team_id, "volunteer_id": None,
                     "started_at": created, "ended_at": None, "assigned_by_id": None})
    # Visits in time order, as they were logged.
    visit_list.sort(key=lambda v: v["visited_at"])
    for visit_id, visit in enumerate(visit_list, 1):
        visit["id"] = visit_id
    return [(Elder.__table__, elder_list), (CareAssignment.__table__, care), (Visit.__table__, visit_list)]
