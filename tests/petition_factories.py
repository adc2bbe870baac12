"""Builders for petitions tests: a city with the hub's people, categories, and cases in any state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from community.models import Community, Department, Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import community_queue, handling, intake, rating
from petitions.models import Case, CaseStatus, CaseType, Category, LimitKind, Rating
from tests import factories


@dataclass
class Hub:
    community: Community
    department: Department
    other_department: Department
    category: Category
    resident: User
    neighbour: User
    secretary: User
    dispatcher: User
    handler: User
    other_handler: User
    supervisor: User


def make_hub() -> Hub:
    community = factories.make_community()
    department = Department(name=f"城管局{community.id}")
    other = Department(name=f"住建局{community.id}")
    db.session.add_all([department, other])
    db.session.flush()
    category = Category(name=f"路灯不亮{community.id}", name_en="Street light out",
                        limit_kind=LimitKind.GENERAL, default_department_id=department.id)
    db.session.add(category)
    db.session.flush()
    resident_grant = [(Role.RESIDENT, community.id, None)]
    return Hub(
        community=community, department=department, other_department=other, category=category,
        resident=factories.make_user("居民甲", grants=resident_grant),
        neighbour=factories.make_user("居民乙", grants=resident_grant),
        secretary=factories.make_user("书记", grants=[(Role.SECRETARY, community.id, None)]),
        dispatcher=factories.make_user("派单员", grants=[(Role.DISPATCHER, None, None)]),
        handler=factories.make_user("经办人", grants=[(Role.HANDLER, None, department.id)]),
        other_handler=factories.make_user("别的经办人", grants=[(Role.HANDLER, None, other.id)]),
        supervisor=factories.make_user("督查员", grants=[(Role.SUPERVISOR, None, None)]),
    )


def draft(hub: Hub, **overrides) -> intake.CaseDraft:  # type: ignore[no-untyped-def]
    values = dict(type=CaseType.COMPLAINT, category_id=hub.category.id, title="3号楼路灯不亮",
                  description="3号楼东侧路灯坏了一周，晚上很黑。", community_id=hub.community.id,
                  building="3号楼")
    values.update(overrides)
    return intake.CaseDraft(**values)


def case_in(hub: Hub, status: CaseStatus, submitter: User | None = None) -> Case:
    """A case brought to `status` through the real services."""
    case = intake.file_case(draft(hub), submitter or hub.resident)
    if status == CaseStatus.SUBMITTED:
        return case
    if status == CaseStatus.REJECTED:
        community_queue.reject(hub.secretary, case, "不属于受理范围")
        return case
    if status == CaseStatus.MERGED:
        original = intake.file_case(draft(hub), hub.neighbour)
        original.created_at = case.created_at - timedelta(minutes=5)  # the earlier case, accepted
        community_queue.accept(hub.secretary, original)
        community_queue.merge(hub.secretary, case, original.number)
        return case
    community_queue.accept(hub.secretary, case)
    if status == CaseStatus.ACCEPTED:
        return case
    community_queue.forward(hub.secretary, case)
    if status == CaseStatus.FORWARDED:
        return case
    handling.assign(hub.dispatcher, case, hub.department)
    if status == CaseStatus.ASSIGNED:
        return case
    handling.take_up(hub.handler, case)
    if status == CaseStatus.IN_PROGRESS:
        return case
    handling.resolve(hub.handler, case, "已更换灯泡。")
    if status == CaseStatus.RESOLVED:
        return case
    rating.rate(submitter or hub.resident, case, Rating.UNSATISFIED, "还是不亮")
    assert status == CaseStatus.CLOSED
    return case


def age(case: Case, **delta: float) -> None:
    """Move a case's times into the past, as if it had been filed `delta` ago."""
    shift = timedelta(**delta)
    for name in ("created_at", "accept_due_at", "deadline_at", "resolved_at"):
        value = getattr(case, name)
        if value is not None:
            setattr(case, name, value - shift)
    if case.assignment is not None:
        case.assignment.accept_due_at -= shift
        case.assignment.deadline_at -= shift
    assert case.created_at <= utcnow()


def numbers_on(client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The case numbers a list shows, in its order."""
    return re.findall(r">(LL-\d{4}-\d{6})</a>", client.get(path).get_data(as_text=True))


def row_of(page: str, number: str) -> str:
    """The table row of a list's page that shows case `number`."""
    rows = [row for row in re.findall(r"<tr\b.*?</tr>", page, flags=re.S) if f">{number}</a>" in row]
    assert len(rows) == 1, f"{number} is on {len(rows)} rows"
    return rows[0]
