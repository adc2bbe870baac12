"""Logging visits: who may, what is refused, and how the elder's coverage follows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.errors import NotAllowed, ServiceError
from community.models import Notification
from community.timeutil import utcnow
from extensions import db
from tests import volunteer_factories as vf
from volunteers import assignments, registry, visits
from volunteers.models import Concern, ElderStatus, Outcome, Severity, Visit, VisitVolunteer, Wellbeing


@pytest.fixture
def care(app_ctx):
    return vf.make_care()


def count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_visit_moves_the_elder_off_the_overdue_list(care):
    when = utcnow() - timedelta(hours=2)
    visit = visits.log_visit(care.team_member, care.elder, vf.report(
        when, wellbeing={"mood": Wellbeing.GOOD, "health": Wellbeing.FAIR}, notes="聊了家常"))
    assert visit.mood == Wellbeing.GOOD and visit.health == Wellbeing.FAIR and visit.safety is None
    assert [v.user_id for v in visit.volunteers] == [care.team_member.id]  # the logger went by default
    assert care.elder.last_visit_at == when
    assert care.elder.next_visit_due_at == registry.visit_due_at(when, 7)
    assert care.elder.failed_attempts_in_row == 0


def test_several_volunteers_can_go_together(care):
    visit = visits.log_visit(care.assigned_volunteer, care.elder, vf.report(
        volunteer_ids=[care.assigned_volunteer.id, care.team_member.id, care.team_leader.id]))
    assert sorted(v.user_id for v in visit.volunteers) == sorted(
        [care.assigned_volunteer.id, care.team_member.id, care.team_leader.id])


def test_attempts_count_in_a_row_until_a_visit(care):
    now = utcnow()
    visits.log_visit(care.team_member, care.elder, vf.report(now - timedelta(days=3)))
    seen = care.elder.last_visit_at
    for days in (2, 1):
        visits.log_visit(care.team_member, care.elder,
                         vf.report(now - timedelta(days=days), outcome=Outcome.NO_ANSWER, minutes=10,
                                   wellbeing={"mood": Wellbeing.POOR}))
    assert care.elder.failed_attempts_in_row == 2
    assert care.elder.last_visit_at == seen  # an attempt is not a visit
    attempt = db.session.scalars(select(Visit).where(Visit.outcome == Outcome.NO_ANSWER)).first()
    assert attempt.mood is None  # nobody to ask
    visits.log_visit(care.team_member, care.elder, vf.report(now - timedelta(hours=1)))
    assert care.elder.failed_attempts_in_row == 0


def test_a_late_logged_older_visit_does_not_undo_newer_attempts(care):
    now = utcnow()
    for days in (2, 1):
        visits.log_visit(care.team_member, care.elder, vf.report(now - timedelta(days=days),
                                                                 outcome=Outcome.NO_ANSWER))
    visits.log_visit(care.team_member, care.elder, vf.report(now - timedelta(days=5)))
    assert care.elder.failed_attempts_in_row == 2
    assert care.elder.last_visit_at == now - timedelta(days=5)


@pytest.mark.parametrize(("change", "field"), [
    ({"when": "future"}, "visited_on"),
    ({"when": "too_old"}, "visited_on"),
    ({"minutes": 24 * 60 + 1}, "duration"),
    ({"minutes": 0}, "duration"),
    ({"concern_severity": Severity.URGENT}, "concern_text"),
    ({"concern_text": "楼道灯坏了"}, "concern_severity"),
])
def test_bad_visits_are_refused_and_nothing_is_saved(care, change, field):
    moments = {"future": utcnow() + timedelta(hours=1), "too_old": utcnow() - timedelta(days=61)}
    when = moments.get(change.pop("when", ""))
    before = (count(Visit), count(Concern), care.elder.next_visit_due_at)
    with pytest.raises(ServiceError) as error:
        visits.log_visit(care.team_member, care.elder, vf.report(when, **change))
    assert error.value.field == field
    assert (count(Visit), count(Concern), care.elder.next_visit_due_at) == before


def test_a_phone_a_little_ahead_is_not_the_future(care):
    visits.log_visit(care.team_member, care.elder, vf.report(utcnow() + timedelta(minutes=2)))


@pytest.mark.parametrize("who", ["unassigned_volunteer", "unassigned_leader", "other_secretary", "admin",
                                 "resident"])
def test_only_assigned_volunteers_log_visits(care, who):
    with pytest.raises(NotAllowed):
        visits.log_visit(getattr(care, who), care.elder, vf.report())
    assert count(Visit) == 0


def test_a_visit_names_only_assigned_volunteers(care):
    with pytest.raises(ServiceError) as error:
        visits.log_visit(care.team_member, care.elder, vf.report(
            volunteer_ids=[care.team_member.id, care.unassigned_volunteer.id]))
    assert error.value.field == "volunteers"
    assert count(VisitVolunteer) == 0


def test_an_archived_elder_gets_no_more_visits(care):
    registry.archive_elder(care.secretary, care.elder, ElderStatus.MOVED_AWAY)
    with pytest.raises(NotAllowed):  # archiving ended every assignment
        visits.log_visit(care.team_member, care.elder, vf.report())


def test_an_urgent_concern_reaches_the_secretary_at_once(care):
    visits.log_visit(care.team_member, care.elder, vf.report(
        concern_severity=Severity.URGENT, concern_text="老人摔倒了，腿肿"))
    concern = db.session.scalar(select(Concern))
    assert concern.severity == Severity.URGENT and concern.visit_id is not None
    note = db.session.scalar(select(Notification).where(Notification.user_id == care.secretary.id,
                                                        Notification.kind == "elder_concern_urgent"))
    assert note is not None and note.link == f"/volunteers/concerns/{concern.id}"
    assert note.params["elder"] == "王桂兰"
    # Nobody else hears of it at once.
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == "elder_concern_urgent")) == 1


def test_visitors_are_the_assigned_volunteers_and_team_members(care):
    names = {u.id for u in assignments.visitors_of(care.elder)}
    assert names == {care.assigned_volunteer.id, care.team_member.id, care.team_leader.id}
    mine = db.session.scalars(assignments.assigned_elders_query(care.team_member)).all()
    assert mine == [care.elder]
    assert db.session.scalars(assignments.assigned_elders_query(care.unassigned_volunteer)).all() == []
