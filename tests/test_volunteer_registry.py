"""The elder registry's services: registering, the privacy rule, archiving, retention and purging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from community.errors import NotAllowed, ServiceError
from community.models import AuditEntry
from community.timeutil import utcnow
from extensions import db
from tests import volunteer_factories as vf
from volunteers import assignments, registry, visits
from volunteers.localdays import local_date
from volunteers.models import Elder, ElderStatus, Visit

# 2026-11-23 23:30 and 2026-11-24 00:30 in Asia/Shanghai: one hour apart, two local days.
LATE_EVENING = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
JUST_AFTER_MIDNIGHT = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)


@pytest.fixture
def care(app_ctx):
    return vf.make_care()


def test_a_new_elder_is_due_a_frequency_after_registration(care):
    elder = care.elder
    assert elder.status == ElderStatus.ACTIVE and elder.last_visit_at is None
    assert (registry.due_by(elder) - local_date(elder.created_at)).days == 7


def test_due_dates_count_local_days():
    """Seen at 23:30 or at 00:30 an hour later: due by different days, overdue from different midnights."""
    evening = registry.visit_due_at(LATE_EVENING, 7)
    night = registry.visit_due_at(JUST_AFTER_MIDNIGHT, 7)
    assert evening == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # Tuesday 1 December 00:00 Shanghai
    assert night - evening == timedelta(days=1)


@pytest.mark.parametrize(("field", "value"), [
    ("name", "  "),
    ("building", ""),
    ("birth_year", 1850),
    ("birth_year", 2999),
    ("visit_every_days", 5),
    ("consent_on", date(2999, 1, 1)),
])
def test_bad_registry_input_is_refused(care, field, value):
    with pytest.raises(ServiceError) as error:
        vf.make_elder(care.community, care.secretary, **{field: value})
    assert error.value.field == field


def test_consent_needs_a_witness(care):
    with pytest.raises(ServiceError) as error:
        vf.make_elder(care.community, care.secretary, consent_on=date(2026, 1, 5))
    assert error.value.field == "consent_witness"


@pytest.mark.parametrize("who", ["other_secretary", "admin", "team_leader", "assigned_volunteer", "resident"])
def test_only_the_communitys_secretary_registers_elders(care, who):
    with pytest.raises(NotAllowed):
        vf.make_elder(care.community, getattr(care, who))


def test_the_audit_entry_names_no_personal_value(care):
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "elder.registered",
                                                       AuditEntry.object_id == care.elder.id))
    assert entry is not None
    assert not any(value in str(entry.detail) for value in vf.PERSONAL.values())


@pytest.mark.parametrize(("who", "allowed"), [
    ("secretary", True), ("assigned_volunteer", True), ("team_member", True), ("team_leader", True),
    ("other_secretary", False), ("unassigned_volunteer", False), ("unassigned_leader", False),
    ("resident", False), ("dispatcher", False), ("handler", False), ("supervisor", False), ("admin", False),
])
def test_the_privacy_rule(care, who, allowed):
    assert care.elder.can_see_personal(getattr(care, who)) is allowed


def test_an_ended_assignment_or_membership_ends_access(care):
    direct = next(a for a in assignments.current_assignments(care.elder) if a.volunteer_id)
    assignments.end_assignment(care.secretary, direct)
    assert not care.elder.can_see_personal(care.assigned_volunteer)
    team = next(a for a in assignments.current_assignments(care.elder) if a.team_id)
    assignments.end_assignment(care.secretary, team)
    assert not care.elder.can_see_personal(care.team_member)
    assert care.elder.can_see_personal(care.secretary)


def test_a_deactivated_account_sees_nothing(care):
    care.assigned_volunteer.active = False
    assert not care.elder.can_see_personal(care.assigned_volunteer)


def test_archiving_ends_assignments_and_hides_the_elder_from_lists(care):
    registry.archive_elder(care.secretary, care.elder, ElderStatus.DIED)
    assert care.elder.is_archived and care.elder.archived_at is not None
    assert assignments.current_assignments(care.elder) == []
    listed = db.session.scalars(registry.registry_query({care.community.id})).all()
    assert care.elder not in listed
    assert care.elder in db.session.scalars(registry.registry_query({care.community.id}, archived=True)).all()
    with pytest.raises(ServiceError):
        registry.archive_elder(care.secretary, care.elder, ElderStatus.MOVED_AWAY)
    with pytest.raises(ServiceError):
        registry.save_elder(care.secretary, care.community, vf.elder_data(), care.elder)


def test_archived_personal_fields_are_purged_after_the_retention_period(care):
    visits.log_visit(care.assigned_volunteer, care.elder, vf.report(notes="说胸口疼"))
    registry.save_settings(care.admin, 30)
    registry.archive_elder(care.secretary, care.elder, ElderStatus.MOVED_AWAY)
    db.session.flush()
    assert registry.purge_archived() == 0  # not yet
    with time_machine.travel(utcnow() + timedelta(days=31), tick=False):
        assert registry.purge_archived() == 1
        assert registry.purge_archived() == 0  # idempotent
    elder = db.session.get(Elder, care.elder.id)
    db.session.refresh(elder)
    assert (elder.unit, elder.room, elder.phone, elder.health_notes, elder.emergency_contacts) == ("",) * 5
    assert elder.name == "王桂兰" and elder.building == "3号楼" and elder.personal_purged_at is not None
    assert db.session.scalar(select(Visit.notes).where(Visit.elder_id == elder.id)) == ""
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "elder.personal_purged", AuditEntry.object_id == elder.id)) == 1


def test_active_elders_are_never_purged(care):
    with time_machine.travel(utcnow() + timedelta(days=4000), tick=False):
        assert registry.purge_archived() == 0
    assert care.elder.phone == vf.PERSONAL["phone"]


def test_only_an_administrator_sets_the_retention_within_bounds(care):
    with pytest.raises(NotAllowed):
        registry.save_settings(care.secretary, 100)
    for bad in (0, 29, 3651):
        with pytest.raises(ServiceError):
            registry.save_settings(care.admin, bad)
    assert registry.save_settings(care.admin, 90).retention_days == 90
    assert registry.settings().retention_days == 90
