"""Filing a case, as a service: who is told, what it reads, and the calendar it counts with."""

from __future__ import annotations

import re
from datetime import date

import pytest
from cachetools import TTLCache
from sqlalchemy import event, insert, select

from community.models import Notification, Role, RoleGrant
from extensions import db
from petitions import catalogue, intake, workdays
from petitions.models import CalendarDay
from tests import factories
from tests import petition_factories as pf

WRITE_RE = re.compile(r"(?:INSERT INTO|UPDATE) (\w+)")


@pytest.fixture
def hub(app_ctx) -> pf.Hub:  # type: ignore[no-untyped-def]
    return pf.make_hub()


def notices_of(case_number: str) -> set[tuple[int, str]]:
    return set(db.session.execute(
        select(Notification.user_id, Notification.kind)
        .where(Notification.link == f"/petitions/cases/{case_number}")
    ).tuples())


def test_filing_tells_each_active_secretary_of_the_community_and_the_resident(hub):
    second = factories.make_user("副书记", grants=[(Role.SECRETARY, hub.community.id, None)])
    retired = factories.make_user("老书记", grants=[(Role.SECRETARY, hub.community.id, None)])
    retired.active = False
    elsewhere = factories.make_community()
    other = factories.make_user("别的书记", grants=[(Role.SECRETARY, elsewhere.id, None)])
    db.session.flush()

    case = intake.file_case(pf.draft(hub), hub.resident)

    assert notices_of(case.number) == {(hub.secretary.id, "case_to_act"), (second.id, "case_to_act"),
                                       (hub.resident.id, "case_step")}
    assert other.id not in {user_id for user_id, _ in notices_of(case.number)}
    note = db.session.scalar(select(Notification).where(Notification.user_id == hub.resident.id))
    assert note.params == {"number": case.number, "action": "file"} and note.created_at is not None


def test_a_secretary_filing_in_their_own_community_is_told_once_as_the_one_to_act(hub):
    db.session.add(RoleGrant(user_id=hub.secretary.id, role=Role.RESIDENT, community_id=hub.community.id))
    db.session.flush()
    db.session.expire(hub.secretary, ["grants"])

    case = intake.file_case(pf.draft(hub), hub.secretary)

    assert notices_of(case.number) == {(hub.secretary.id, "case_to_act")}


def test_a_hotline_case_without_an_account_tells_only_the_secretaries(hub):
    case = intake.file_case(pf.draft(hub, contact_name="王先生", contact_phone="13800000000"), None,
                            entered_by=hub.secretary)
    assert notices_of(case.number) == {(hub.secretary.id, "case_to_act")}


def test_filing_reads_its_checks_in_one_statement_and_selects_the_secretaries_in_the_insert(hub):
    intake.file_case(pf.draft(hub), hub.resident)  # the calendar is kept from now on
    statements: list[str] = []

    def note(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        intake.file_case(pf.draft(hub), hub.neighbour)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    reads = [s for s in statements if s.startswith("SELECT")]
    assert len(reads) == 1
    assert all(table in reads[0] for table in ("categories", "communities", "data_versions", "hotspot_state"))
    writes = [match.group(1) for s in statements if (match := WRITE_RE.match(s))]
    assert writes == ["case_counters", "cases", "case_steps", "case_analyses", "audit_entries",
                      "notifications"]
    assert "role_grants" in next(s for s in statements if s.startswith("INSERT INTO notifications"))


def test_an_unknown_category_or_community_is_refused_before_anything_is_written(hub):
    unknown = [({"category_id": 999_999}, "category"), ({"community_id": 999_999}, "community")]
    for overrides, field in unknown:
        with pytest.raises(intake.ServiceError) as error:
            intake.file_case(pf.draft(hub, **overrides), hub.resident)
        assert error.value.field == field
    hub.category.active = False
    db.session.flush()
    with pytest.raises(intake.ServiceError) as error:
        intake.file_case(pf.draft(hub), hub.resident)
    assert error.value.field == "category"


def test_the_kept_calendar_follows_the_days_the_administrator_enters_and_removes(app_ctx):
    actor = factories.make_user("管理员")
    friday = date(2027, 12, 31)  # a year the package does not know: Monday to Friday count
    assert workdays.WorkCalendar.load().is_workday(friday) is True
    assert workdays.WorkCalendar.load().is_workday(friday) is True  # kept now

    row = catalogue.add_calendar_day(actor, friday, False, "元旦")
    assert workdays.WorkCalendar.load().is_workday(friday) is False  # this transaction's own day
    db.session.commit()
    assert workdays.WorkCalendar.load().is_workday(friday) is False
    assert workdays.WorkCalendar.load().is_workday(friday) is False

    catalogue.remove_calendar_day(actor, row)
    db.session.commit()
    assert workdays.WorkCalendar.load().is_workday(friday) is True


def test_a_day_entered_and_rolled_back_is_never_kept(app_ctx):
    actor = factories.make_user("管理员")
    friday = date(2027, 12, 31)
    db.session.commit()
    catalogue.add_calendar_day(actor, friday, False)
    assert workdays.WorkCalendar.load().is_workday(friday) is False
    db.session.rollback()
    assert workdays.WorkCalendar.load().is_workday(friday) is True


def test_days_written_around_the_session_are_read_again_within_a_minute(app_ctx, monkeypatch):
    clock = [0.0]
    kept = TTLCache(maxsize=8, ttl=workdays.KEEP_SECONDS, timer=lambda: clock[0])
    monkeypatch.setattr(workdays, "_kept", kept)
    friday = date(2027, 12, 31)
    assert workdays.WorkCalendar.load().is_workday(friday) is True
    # As psql or a raw connection would write it: no version is raised.
    row = {"day": friday, "is_workday": False, "note": ""}
    db.session.connection().execute(insert(CalendarDay.__table__).values(**row))
    assert workdays.WorkCalendar.load().is_workday(friday) is True  # the kept copy, for now
    clock[0] += workdays.KEEP_SECONDS + 1
    assert workdays.WorkCalendar.load().is_workday(friday) is False


def test_a_deactivated_resident_cannot_file(hub):
    hub.resident.active = False
    db.session.flush()
    with pytest.raises(intake.ServiceError) as error:
        intake.file_case(pf.draft(hub), hub.resident)
    assert error.value.field == "community"
