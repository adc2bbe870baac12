"""The volunteers demo: elders, the watch group's assignments and visits, overdue elders, concerns."""

from __future__ import annotations

from sqlalchemy import func, select

from community import demo as community_demo
from community.models import Notification, User
from community.timeutil import utcnow
from extensions import db
from volunteers import coverage
from volunteers import demo as volunteers_demo
from volunteers.models import CareAssignment, Concern, ConcernStatus, Elder, Severity, Visit, VolunteerProfile


def test_the_demo_plays_visits_overdue_elders_and_concerns(app_ctx):
    city = community_demo.create("linli-demo-2026")
    summary = volunteers_demo.create(city)
    assert summary.startswith("Volunteers: 12 + 4 elders")
    db.session.flush()
    qingchuan = city.communities["qingchuan"]
    now = utcnow()
    assert db.session.scalar(select(func.count()).select_from(Elder)) == 16
    assert db.session.scalar(select(func.count()).select_from(Visit)) > 40
    overdue = db.session.scalars(coverage.overdue_query(qingchuan.id, now)).all()
    assert 3 <= len(overdue) <= 6
    assert db.session.scalars(coverage.failed_attempts_query(qingchuan.id)).all()

    volunteer = city.accounts["volunteer@linli.demo"]
    leader = city.accounts["leader@linli.demo"]
    watch_group = next(t for t in city.teams["qingchuan"] if t.name == "退休工人守望团")
    assert db.session.scalar(select(func.count()).select_from(CareAssignment)
                             .where(CareAssignment.team_id == watch_group.id)) == 12
    assert db.session.scalar(select(func.count()).select_from(CareAssignment)
                             .where(CareAssignment.volunteer_id == volunteer.id)) == 3
    elder = db.session.scalar(select(Elder).where(Elder.name == "王桂兰"))
    assert elder.can_see_personal(volunteer) and elder.can_see_personal(leader)
    assert not elder.can_see_personal(city.accounts["resident@linli.demo"])
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == volunteer.id))
    assert profile is not None and profile.building == "3号楼"

    concerns = db.session.scalars(select(Concern)).all()
    assert {c.status for c in concerns} == set(ConcernStatus)
    assert {c.severity for c in concerns} == set(Severity)
    assert any(c.escalation_level == 2 for c in concerns)
    secretary = db.session.scalar(select(User).where(User.email == "secretary@linli.demo"))
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == secretary.id, Notification.kind == "elder_concern_urgent")) == 1
