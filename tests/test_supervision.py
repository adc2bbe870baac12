"""Graded supervision with frozen time."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale
from sqlalchemy import func, select

from community import notifications
from community.errors import NotAllowed
from community.models import Notification
from extensions import db
from petitions import supervision
from petitions.models import CaseStatus
from petitions.workdays import WorkCalendar
from tests import petition_factories as pf


@pytest.fixture
def hub(app_ctx):
    return pf.make_hub()


def notes(user, kind: str = "case_to_act") -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.kind == kind))


def test_levels_rise_with_time_and_never_twice(hub):
    case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    calendar = WorkCalendar()
    deadline = case.deadline_at
    handler_before = notes(hub.handler)

    assert supervision.run_supervision() == {1: 0, 2: 0, 3: 0}
    with time_machine.travel(deadline - timedelta(hours=20), tick=False):
        assert supervision.run_supervision()[1] == 1
        assert supervision.run_supervision()[1] == 0  # idempotent
    assert case.supervision_level == 1
    assert notes(hub.handler) == handler_before + 1

    with time_machine.travel(deadline + timedelta(hours=1), tick=False):
        assert supervision.run_supervision()[2] == 1
        assert supervision.run_supervision() == {1: 0, 2: 0, 3: 0}
    assert case.supervision_level == 2
    assert notes(hub.supervisor, "case_overdue") == 1 and notes(hub.dispatcher, "case_overdue") == 1
    assert notes(hub.handler, "case_overdue") == 1

    five_days_late = calendar.add_working_days(deadline, 5)
    with time_machine.travel(five_days_late - timedelta(hours=1), tick=False):
        supervision.run_supervision()
    assert case.supervision_level == 2  # five working days late is not yet more than five
    # On the sixth working day late (the night after the fifth may be a weekend's, still five late).
    sixth_day_late = calendar.add_working_days(deadline, 6) - timedelta(hours=1)
    with time_machine.travel(sixth_day_late, tick=False):
        assert supervision.run_supervision()[3] == 1
    assert case.supervision_level == 3
    assert [s.action for s in case.steps][-3:] == ["remind", "escalate", "escalate"]
    assert notes(hub.supervisor, "case_far_overdue") == 1 and notes(hub.supervisor, "case_overdue") == 1
    level_3 = db.session.scalar(select(Notification).where(Notification.user_id == hub.supervisor.id,
                                                           Notification.kind == "case_far_overdue"))
    with force_locale("en"):
        assert notifications.message_of(level_3) == (
            f"Case {case.number} is more than 5 working days past its deadline: escalated to level 3, "
            "on the supervisor's board.")


def test_resolved_and_far_cases_are_not_read(hub):
    near = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    resolved = pf.case_in(hub, CaseStatus.RESOLVED)
    with time_machine.travel(near.deadline_at + timedelta(days=1), tick=False):
        supervision.run_supervision()
    assert near.supervision_level == 2
    assert resolved.supervision_level == 0


def test_manual_supervision_by_a_supervisor_only(hub):
    case = pf.case_in(hub, CaseStatus.FORWARDED)
    with pytest.raises(NotAllowed):
        supervision.supervise(hub.handler, case, "快点")
    supervision.supervise(hub.supervisor, case, "请尽快派单")
    assert case.supervised_at is not None and case.supervision_level == 0
    assert case.steps[-1].action == "supervise" and case.steps[-1].note == "请尽快派单"
    assert notes(hub.dispatcher) >= 1


def test_a_case_supervised_by_hand_is_still_reminded_and_escalated(hub):
    case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    supervision.supervise(hub.supervisor, case, "请尽快处理")
    with time_machine.travel(case.deadline_at - timedelta(hours=20), tick=False):
        assert supervision.run_supervision()[1] == 1
    with time_machine.travel(case.deadline_at + timedelta(hours=1), tick=False):
        assert supervision.run_supervision()[2] == 1
    assert case.supervision_level == 2
    assert [s.action for s in case.steps][-3:] == ["supervise", "remind", "escalate"]
    assert notes(hub.supervisor, "case_overdue") == 1
