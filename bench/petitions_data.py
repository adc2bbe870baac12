"""Cases for the petitions scales: a city's last ~16 weeks of cases, in every status.

Each case is filed by a resident, accepted, forwarded and assigned to a department,
which takes it up and resolves it; the resident rates it. Where "now" falls in that
story gives the status. On top: ~3 % rejected, ~2 % resolved by the community, ~2 %
stuck past their deadline (supervision level as the job would have set it), and
~5 % in progress with their deadline within the next working day (level 0: the next
supervision run reminds them). Cases are inserted without `assignment_id`
(assignments refer to cases and cases to assignments); `link_assignments` sets it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.demo_cases import CATEGORIES
from petitions.models import (
    Assignment,
    AssignmentKind,
    Case,
    CaseStatus,
    CaseStep,
    CaseType,
    Category,
    Channel,
    ExtensionRequest,
    ExtensionStatus,
    LimitKind,
    PetitionSettings,
    Rating,
    TimeLimit,
)
from petitions.onboard import BACKFILL_SQL
from petitions.supervision import level_for
from petitions.workdays import WorkCalendar

Rows = list[dict[str, Any]]
SPAN_DAYS = 112  # 16 weeks
NEAR_DEADLINE_SHARE = 0.05
STUCK_SHARE = 0.02
REJECTED_SHARE = 0.03
LOCAL_SHARE = 0.02
PENDING_EXTENSION_SHARE = 0.05  # of the cases in progress
RECENT_DAYS = 30  # near-deadline cases are filed within these days: their share of them makes ~5 % of all
NEAR_LIMIT = REJECTED_SHARE + LOCAL_SHARE + NEAR_DEADLINE_SHARE * SPAN_DAYS / RECENT_DAYS
RATINGS = (Rating.SATISFIED, Rating.SATISFIED, Rating.SATISFIED, Rating.BASICALLY_SATISFIED,
           Rating.UNSATISFIED)


class Deadlines:
    """WorkCalendar.add_working_days, memoised per local day (a few hundred distinct days)."""

    def __init__(self) -> None:
        self.calendar = WorkCalendar()
        self.memo: dict[tuple[Any, int], datetime] = {}

    def add(self, start: datetime, days: int) -> datetime:
        key = (self.calendar.local_date(start), days)
        if key not in self.memo:
            self.memo[key] = self.calendar.add_working_days(start, days)
        return self.memo[key]


def catalogue_rows(departments: list[dict[str, Any]]) -> list[tuple[sa.Table, Rows]]:
    by_name = {d["name"]: d["id"] for d in departments}
    categories = [{"id": n, "name": name, "name_en": name_en, "limit_kind": kind,
                   "default_department_id": by_name.get(department, 1), "active": True}
                  for n, (name, name_en, kind, department) in enumerate(CATEGORIES, 1)]
    limits = [{"kind": kind, "working_days": kind.default_days} for kind in LimitKind]
    settings = [{"id": 1, "good_threshold": 0.85, "failing_threshold": 0.75, "rating_days": 7,
                 "updated_at": departments[0]["created_at"]}]
    return [(Category.__table__, categories), (TimeLimit.__table__, limits),
            (PetitionSettings.__table__, settings)]


def case_rows(cases: int, departments: int, communities: int, residents: dict[int, list[int]],
              now: datetime, rng: random.Random) -> list[tuple[sa.Table, Rows]]:
    """`cases` cases, their assignments, steps and some pending extension requests."""
    deadlines = Deadlines()
    horizon = deadlines.calendar.add_working_days(now, 1)
    start = now - timedelta(days=SPAN_DAYS)
    step = timedelta(days=SPAN_DAYS) / cases
    kinds = [kind for _n, _en, kind, _d in CATEGORIES]
    case_list: Rows = []
    assignments: Rows = []
    steps: Rows = []
    extensions: Rows = []
    for case_id in range(1, cases + 1):
        created = start + step * (case_id - 1)
        community_id = rng.randint(1, communities)
        category = rng.randint(1, len(CATEGORIES))
        department_id = rng.randint(1, departments)
        row: dict[str, Any] = {
            "id": case_id, "number": f"LL-{created.year}-B{case_id:07d}", "type": CaseType.COMPLAINT,
            "category_id": category, "title": f"{case_id % 40 + 1}号楼旁路灯不亮",
            "description": "楼旁的路灯坏了好几天，晚上回家黑漆漆的，请尽快修理。",
            "community_id": community_id, "building": f"{case_id % 40 + 1}", "unit": "", "address": "",
            "lat": None, "lng": None, "hide_name": False, "channel": Channel.WEB,
            "submitter_id": rng.choice(residents[community_id]), "contact_name": "", "contact_phone": "",
            "status": CaseStatus.SUBMITTED, "accept_due_at": deadlines.add(created, 1),
            "department_id": None, "assignment_id": None, "deadline_at": None, "supervision_level": 0,
            "reopened": False, "merged_into_id": None, "reply": "", "rating": None, "rating_comment": "",
            "rated_at": None, "resolved_at": None, "closed_at": None, "created_at": created,
            "updated_at": created, "version": 1,
        }
        case_list.append(row)
        steps.append(step_row(case_id, "file", created, "社区", row["accept_due_at"]))
        accepted = created + timedelta(hours=rng.uniform(1, 20))
        fate = rng.random()
        if accepted > now:
            continue
        if fate < REJECTED_SHARE:
            row.update(status=CaseStatus.REJECTED, updated_at=accepted, reply="不属于受理范围。")
            continue
        if fate < REJECTED_SHARE + LOCAL_SHARE:
            done = accepted + timedelta(hours=rng.uniform(1, 48))
            if done <= now:
                closed = done + timedelta(days=7)
                row.update(status=CaseStatus.CLOSED if closed <= now else CaseStatus.RESOLVED,
                           resolved_at=done, closed_at=closed if closed <= now else None, updated_at=done,
                           reply="社区已协调解决。")
                steps.append(step_row(case_id, "resolve_locally", done, "社区", None))
            else:
                row.update(status=CaseStatus.ACCEPTED, updated_at=accepted)
            continue
        assigned = accepted + timedelta(hours=rng.uniform(1, 24))
        if assigned > now:
            row.update(status=CaseStatus.FORWARDED, updated_at=accepted)
            continue
        limit = kinds[category - 1].default_days
        deadline = deadlines.add(assigned, limit)
        taken = assigned + timedelta(hours=rng.uniform(0.5, 30))
        resolved: datetime | None = assigned + (deadline - assigned) * rng.uniform(0.2, 1.15)
        stuck = fate > 1 - STUCK_SHARE and deadline < now
        if fate < NEAR_LIMIT and now - created < timedelta(days=RECENT_DAYS):
            # Near the deadline: in progress, due within the next working day, not yet reminded.
            deadline = now + (horizon - now) * rng.uniform(0.05, 0.95)
            taken, resolved = min(taken, now - timedelta(minutes=5)), None
            assigned = min(assigned, taken - timedelta(minutes=5))
        elif stuck:
            resolved = None
        rated = resolved + timedelta(days=rng.uniform(0.1, 6)) if resolved else None
        assignment_id = len(assignments) + 1
        assignment = {
            "id": assignment_id, "case_id": case_id, "department_id": department_id,
            "kind": AssignmentKind.FIRST, "assigned_by_id": None, "assigned_at": assigned,
            "accept_due_at": deadlines.add(assigned, 1), "accepted_at": taken if taken <= now else None,
            "returned_at": None, "return_reason": "", "deadline_at": deadline, "extended_days": 0,
            "resolved_at": None, "rating": None, "rated_at": None,
        }
        assignments.append(assignment)
        row.update(department_id=department_id, deadline_at=deadline, updated_at=assigned,
                   status=CaseStatus.ASSIGNED if taken > now else CaseStatus.IN_PROGRESS)
        steps.append(step_row(case_id, "assign", assigned, "部门", deadline))
        if resolved is not None and resolved <= now:
            assignment["resolved_at"] = resolved
            row.update(status=CaseStatus.RESOLVED, resolved_at=resolved, updated_at=resolved,
                       reply="已处理完毕。")
            steps.append(step_row(case_id, "resolve", resolved, "部门", None))
            if rated is not None and rated <= now:
                rating = rng.choice(RATINGS)
                assignment.update(rating=rating, rated_at=rated)
                row.update(status=CaseStatus.CLOSED, rating=rating, rated_at=rated, closed_at=rated,
                           updated_at=rated)
        elif deadline < now:
            row["supervision_level"] = level_for(row_view(deadline), now, deadlines.calendar)
        elif row["status"] == CaseStatus.IN_PROGRESS and rng.random() < PENDING_EXTENSION_SHARE:
            extensions.append({"id": len(extensions) + 1, "assignment_id": assignment_id, "days": 2,
                               "reason": "需要协调多个部门。", "status": ExtensionStatus.PENDING,
                               "requested_by_id": None, "requested_at": taken, "decided_by_id": None,
                               "decided_at": None, "decision_note": ""})
    return [(Case.__table__, case_list), (Assignment.__table__, assignments), (CaseStep.__table__, steps),
            (ExtensionRequest.__table__, extensions)]


class row_view:
    def __init__(self, deadline_at: datetime) -> None:
        self.deadline_at = deadline_at


def step_row(case_id: int, action: str, at: datetime, unit: str, deadline: datetime | None) -> dict[str, Any]:
    return {"case_id": case_id, "action": action, "at": at, "actor_id": None, "unit": unit, "person": "",
            "deadline_at": deadline, "note": ""}


def link_assignments(conn: sa.Connection) -> None:
    """Every assigned case points to its (only) assignment."""
    # One join with the assignments grouped by case (a correlated subquery per case, planned before
    # the fresh tables have statistics, read all the assignments for each case on PostgreSQL).
    conn.execute(sa.text(
        "UPDATE cases SET assignment_id = latest.id FROM "
        "(SELECT case_id, max(id) AS id FROM assignments GROUP BY case_id) AS latest "
        "WHERE latest.case_id = cases.id AND cases.department_id IS NOT NULL"))
    conn.execute(sa.text(BACKFILL_SQL))  # Case.on_board, as the ORM keeps it


def more_departments(count: int, known: int, now: datetime) -> Rows:
    """Departments beyond the named ones (the xl scale has 60)."""
    return [{"id": n, "name": f"直属部门{n:02d}", "description": "", "created_at": now}
            for n in range(known + 1, count + 1)]

