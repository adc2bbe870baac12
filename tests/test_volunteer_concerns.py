"""Concerns: deadlines in local days, escalation with frozen time, resolving, turning into a case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from community.errors import NotAllowed, ServiceError
from community.models import AuditEntry, Notification
from extensions import db
from petitions.models import Case, CaseStatus, CaseType, Category, Channel
from tests import volunteer_factories as vf
from volunteers import concerns
from volunteers.models import ConcernStatus, Severity

# 23:30 and 00:30 in Asia/Shanghai, an hour apart across midnight.
AT_2330 = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
AT_0030 = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
MIDNIGHT_24 = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 2026-11-24 00:00 Shanghai


@pytest.fixture
def care(app_ctx):
    return vf.make_care()


def notes(user, kind: str) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.kind == kind))


def test_the_same_day_ends_at_local_midnight():
    assert concerns.due_at_for(Severity.URGENT, AT_2330) == MIDNIGHT_24  # half an hour to act
    assert concerns.due_at_for(Severity.URGENT, AT_0030) == MIDNIGHT_24 + timedelta(days=1)
    assert concerns.due_at_for(Severity.FOLLOW_UP, AT_2330) == MIDNIGHT_24 + timedelta(days=3)
    assert concerns.due_at_for(Severity.NOTE, AT_2330) is None


def test_an_unresolved_concern_escalates_once_per_level(care):
    with time_machine.travel(AT_2330, tick=False):
        urgent = concerns.raise_concern(care.team_member, care.elder, Severity.URGENT, "胸口闷")
        note = concerns.raise_concern(care.team_member, care.elder, Severity.NOTE, "想学书法")
        assert concerns.escalate_overdue() == {1: 0, 2: 0}
    assert notes(care.secretary, "elder_concern_urgent") == 1
    with time_machine.travel(MIDNIGHT_24 + timedelta(minutes=1), tick=False):
        assert concerns.escalate_overdue() == {1: 1, 2: 0}
        assert concerns.escalate_overdue() == {1: 0, 2: 0}  # idempotent
    assert urgent.escalation_level == 1 and note.escalation_level == 0
    assert notes(care.secretary, "elder_concern_overdue") == 1
    assert notes(care.team_leader, "elder_concern_overdue") == 0
    with time_machine.travel(MIDNIGHT_24 + timedelta(days=1, minutes=1), tick=False):
        assert concerns.escalate_overdue() == {1: 0, 2: 1}
        assert concerns.escalate_overdue() == {1: 0, 2: 0}
    assert notes(care.secretary, "elder_concern_overdue") == 2
    assert notes(care.team_leader, "elder_concern_overdue") == 1  # the leader of the elder's team


def test_a_resolved_concern_does_not_escalate(care):
    with time_machine.travel(AT_2330, tick=False):
        urgent = concerns.raise_concern(care.team_member, care.elder, Severity.URGENT, "胸口闷")
        concerns.resolve(care.secretary, urgent, "已陪同就医")
    with time_machine.travel(MIDNIGHT_24 + timedelta(days=3), tick=False):
        assert concerns.escalate_overdue() == {1: 0, 2: 0}
    assert urgent.status == ConcernStatus.RESOLVED and urgent.action_taken == "已陪同就医"
    assert notes(care.team_member, "elder_concern_resolved") == 1


def test_only_the_secretary_resolves_and_says_what_was_done(care):
    concern = concerns.raise_concern(care.team_member, care.elder, Severity.FOLLOW_UP, "煤气灶打火不好")
    for who in ("team_member", "team_leader", "admin", "other_secretary"):
        with pytest.raises(NotAllowed):
            concerns.resolve(getattr(care, who), concern, "修好了")
    with pytest.raises(ServiceError) as error:
        concerns.resolve(care.secretary, concern, "  ")
    assert error.value.field == "action_taken"
    concerns.resolve(care.secretary, concern, "请物业修好了")
    with pytest.raises(ServiceError):
        concerns.resolve(care.secretary, concern, "again")


def test_only_the_elders_visitors_raise_concerns(care):
    with pytest.raises(NotAllowed):
        concerns.raise_concern(care.unassigned_volunteer, care.elder, Severity.NOTE, "路过看到")


@pytest.fixture
def category(care):
    row = Category(name=f"楼道照明{care.community.id}", name_en="Stair lights")
    db.session.add(row)
    db.session.flush()
    return row


def test_a_concern_becomes_a_walk_in_case_in_one_step(care, category):
    concern = concerns.raise_concern(care.team_member, care.elder, Severity.FOLLOW_UP, "楼道灯坏了，晚上很黑")
    number = concerns.turn_into_case(care.secretary, concern, concerns.CaseRequest(
        type=CaseType.COMPLAINT, category_id=category.id, title="3号楼楼道灯不亮",
        description="3号楼7单元楼道灯坏了", contact_phone="0575-88886666"))
    case = db.session.scalar(select(Case).where(Case.number == number))
    assert case.status == CaseStatus.SUBMITTED and case.channel == Channel.WALK_IN
    assert case.submitter_id is None and case.contact_name == "王桂兰"
    assert case.contact_phone == "0575-88886666"  # the office, not the elder's own phone
    assert case.building == "3号楼"
    assert case.steps[0].actor_id == care.secretary.id
    assert concern.case_number == number and concern.status == ConcernStatus.RESOLVED
    assert notes(care.team_member, "elder_concern_case") == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "concern.case_filed"))
    assert entry.detail == {"case_number": number, "contact": "office"}
    with pytest.raises(ServiceError):
        concerns.turn_into_case(care.secretary, concern, concerns.CaseRequest(
            CaseType.COMPLAINT, category.id, "again", "again", None))


def test_the_case_may_carry_the_elders_own_phone_when_chosen(care, category):
    concern = concerns.raise_concern(care.team_member, care.elder, Severity.URGENT, "水管爆了")
    number = concerns.turn_into_case(care.secretary, concern, concerns.CaseRequest(
        CaseType.COMPLAINT, category.id, "水管爆裂", "3号楼水管爆裂", None))
    assert db.session.scalar(select(Case.contact_phone).where(Case.number == number)) == vf.PERSONAL["phone"]


def test_a_bad_case_saves_nothing_and_no_one_else_files_it(care, category):
    concern = concerns.raise_concern(care.team_member, care.elder, Severity.URGENT, "水管爆了")
    with pytest.raises(ServiceError) as error:
        concerns.turn_into_case(care.secretary, concern, concerns.CaseRequest(
            CaseType.COMPLAINT, category.id, "水管爆裂", "描述", ""))
    assert error.value.field == "office_phone"
    with pytest.raises(NotAllowed):
        concerns.turn_into_case(care.admin, concern, concerns.CaseRequest(
            CaseType.COMPLAINT, category.id, "水管爆裂", "描述", "0575-1"))
    assert concern.case_number == "" and concern.is_open
