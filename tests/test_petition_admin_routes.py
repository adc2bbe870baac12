"""The administrator's petitions pages through their real forms, and the catalogue services behind them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from community.errors import ServiceError
from community.models import AuditEntry, Role
from community.timeutil import to_local, utcnow
from extensions import db
from petitions import catalogue, workdays
from petitions.models import CalendarDay, Category, LimitKind, PetitionSettings, TimeLimit
from tests import factories
from tests.conftest import submit

PAGES = ["/petitions/admin/categories", "/petitions/admin/categories/new", "/petitions/admin/time-limits",
         "/petitions/admin/calendar", "/petitions/admin/settings"]
EN = {"Accept-Language": "en"}


def audited(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture
def admin(client, auth, city):
    auth.login(city.logins[Role.ADMIN])
    return city


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_the_administrator(client, admin, page):
    assert client.get(page, headers=EN).status_code == 200


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.SECRETARY, Role.DISPATCHER, Role.SUPERVISOR,
                                  Role.HANDLER])
def test_other_roles_are_refused(client, auth, city, role):
    auth.login(city.logins[role])
    for page in PAGES:
        assert client.get(page).status_code == 403, page
    assert submit(client, "/", action="/petitions/admin/calendar/2027-01-01/delete").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, city):
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and "/auth/login" in response.location, page


def test_create_then_edit_a_category(client, admin, app):
    new_page = client.get("/petitions/admin/categories/new").get_data(as_text=True)
    assert 'selected value="general"' in new_page and 'selected value="0"' in new_page
    response = submit(client, "/petitions/admin/categories/new",
                      {"name": " 入园难 ", "name_en": "Kindergarten places", "limit_kind": "complex",
                       "default_department": admin.department_id, "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        category = db.session.scalar(select(Category).where(Category.name == "入园难"))
        assert (category.limit_kind, category.default_department_id, category.active) == (
            LimitKind.COMPLEX, admin.department_id, True)
        category_id = category.id
    listing = client.get("/petitions/admin/categories", headers=EN).get_data(as_text=True)
    assert "入园难" in listing and f"/petitions/admin/categories/{category_id}" in listing
    edit_page = client.get(f"/petitions/admin/categories/{category_id}").get_data(as_text=True)
    assert 'value="入园难"' in edit_page and "selected" in edit_page
    # Deactivate it and take away its department: the checkbox is left out, "—" is chosen.
    response = submit(client, f"/petitions/admin/categories/{category_id}",
                      {"name": "入园难", "name_en": "", "limit_kind": "general", "default_department": "0"})
    assert response.status_code == 302
    with app.app_context():
        category = db.session.get(Category, category_id)
        assert (category.active, category.default_department_id, category.name_en) == (False, None, "")
    assert len(audited(app, "petitions.category_saved")) == 2


def test_a_duplicate_category_name_is_a_field_error(client, admin, app):
    with app.app_context():
        db.session.add(Category(name="路灯不亮", name_en="Street light out"))
        db.session.commit()
    response = submit(client, "/petitions/admin/categories/new",
                      {"name": "路灯不亮", "name_en": "Lights", "limit_kind": "general",
                       "default_department": "0"}, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="name-error"' in html and "already exists" in html and 'value="Lights"' in html
    assert audited(app, "petitions.category_saved") == []


def test_an_unknown_category_is_not_found(client, admin):
    assert client.get("/petitions/admin/categories/999999").status_code == 404


def test_time_limits_start_from_the_defaults_and_are_saved(client, admin, app):
    page = client.get("/petitions/admin/time-limits").get_data(as_text=True)
    assert 'id="general"' in page and 'value="5"' in page and 'value="15"' in page
    response = submit(client, "/petitions/admin/time-limits",
                      {"urgent": "2", "inquiry": "3", "general": "7", "complex": "20"})
    assert response.status_code == 302
    with app.app_context():
        assert {r.kind: r.working_days for r in db.session.scalars(select(TimeLimit))} == {
            LimitKind.URGENT: 2, LimitKind.INQUIRY: 3, LimitKind.GENERAL: 7, LimitKind.COMPLEX: 20}
    [entry] = audited(app, "petitions.time_limits_saved")
    assert entry.detail["general"] == 7
    response = submit(client, "/petitions/admin/time-limits",
                      {"urgent": "0", "inquiry": "3", "general": "7", "complex": "20"})
    assert response.status_code == 200 and 'id="urgent-error"' in response.get_data(as_text=True)


def test_calendar_days_are_added_and_deleted_with_a_confirmation(client, admin, app):
    response = submit(client, "/petitions/admin/calendar",
                      {"day": "2027-10-01", "is_workday": "0", "note": "国庆节"})
    assert response.status_code == 302
    submit(client, "/petitions/admin/calendar", {"day": "2027-09-26", "is_workday": "1", "note": "调休"})
    page = client.get("/petitions/admin/calendar", headers=EN).get_data(as_text=True)
    assert "2027-10-01" in page and "国庆节" in page
    assert 'action="/petitions/admin/calendar/2027-10-01/delete"' in page and "data-confirm=" in page
    with app.app_context():
        assert db.session.get(CalendarDay, date(2027, 9, 26)).is_workday is True
    # The same day again is a field error, with the input kept.
    response = submit(client, "/petitions/admin/calendar", {"day": "2027-10-01", "is_workday": "1"})
    assert response.status_code == 200 and 'id="day-error"' in response.get_data(as_text=True)

    response = submit(client, "/petitions/admin/calendar",
                      action="/petitions/admin/calendar/2027-10-01/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(CalendarDay, date(2027, 10, 1)) is None
    assert [e.detail["day"] for e in audited(app, "petitions.calendar_day_removed")] == ["2027-10-01"]
    assert len(audited(app, "petitions.calendar_day_added")) == 2
    for missing in ("2027-10-01", "not-a-date"):
        action = f"/petitions/admin/calendar/{missing}/delete"
        assert submit(client, "/petitions/admin/calendar", action=action).status_code == 404


def test_the_calendar_names_the_years_on_the_weekday_fallback(client, admin, monkeypatch):
    year = to_local(utcnow()).year
    monkeypatch.setattr(workdays, "package_knows", lambda y: y <= year)
    page = client.get("/petitions/admin/calendar", headers=EN).get_data(as_text=True)
    assert f"{year + 1} and {year + 2} are not in the official calendar package yet" in page
    monkeypatch.setattr(workdays, "package_knows", lambda y: y <= year + 1)
    page = client.get("/petitions/admin/calendar", headers=EN).get_data(as_text=True)
    assert f"{year + 2} is not in the official calendar package yet" in page
    monkeypatch.setattr(workdays, "package_knows", lambda y: True)
    page = client.get("/petitions/admin/calendar", headers=EN).get_data(as_text=True)
    assert 'data-testid="fallback-notice"' not in page


def test_settings_are_percentages_on_the_page_and_fractions_in_the_database(client, admin, app):
    page = client.get("/petitions/admin/settings").get_data(as_text=True)
    assert 'value="85"' in page and 'value="75"' in page
    response = submit(client, "/petitions/admin/settings",
                      {"good_threshold": "90", "failing_threshold": "70", "rating_days": "10"})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(PetitionSettings))
        assert (row.good_threshold, row.failing_threshold, row.rating_days) == (0.9, 0.7, 10)
    assert len(audited(app, "petitions.settings_saved")) == 1


@pytest.mark.parametrize(("good", "failing"), [("80", "80"), ("70", "90")])
def test_failing_must_be_below_good(client, admin, app, good, failing):
    response = submit(client, "/petitions/admin/settings",
                      {"good_threshold": good, "failing_threshold": failing, "rating_days": "7"}, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="failing_threshold-error"' in html and "must be below" in html
    assert f'value="{failing}"' in html
    assert audited(app, "petitions.settings_saved") == []


# The services, without HTTP.

def test_save_category_refuses_a_taken_name_and_an_unknown_department(app_ctx):
    actor = factories.make_user("管理员")
    first = catalogue.save_category(actor, catalogue.CategoryData(name="噪音扰民"))
    with pytest.raises(ServiceError) as error:
        catalogue.save_category(actor, catalogue.CategoryData(name=" 噪音扰民"))
    assert error.value.field == "name"
    again = catalogue.save_category(actor, catalogue.CategoryData(name="噪音扰民", active=False), first)
    assert again is first and first.active is False
    with pytest.raises(ServiceError) as error:
        catalogue.save_category(actor, catalogue.CategoryData(name="占道经营", default_department_id=999999))
    assert error.value.field == "default_department"


def test_set_time_limits_creates_only_the_missing_rows(app_ctx):
    actor = factories.make_user("管理员")
    db.session.add(TimeLimit(kind=LimitKind.URGENT, working_days=1))
    db.session.flush()
    catalogue.set_time_limits(actor, {LimitKind.URGENT: 2, LimitKind.COMPLEX: 10})
    assert catalogue.time_limits() == {LimitKind.URGENT: 2, LimitKind.INQUIRY: 3, LimitKind.GENERAL: 5,
                                       LimitKind.COMPLEX: 10}
    with pytest.raises(ServiceError) as error:
        catalogue.set_time_limits(actor, {LimitKind.GENERAL: 0})
    assert error.value.field == "general"


def test_calendar_and_settings_services(app_ctx):
    actor = factories.make_user("管理员")
    row = catalogue.add_calendar_day(actor, date(2027, 12, 31), False, " 元旦 ")  # a Friday
    assert row.note == "元旦" and workdays.WorkCalendar.load().is_workday(date(2027, 12, 31)) is False
    with pytest.raises(ServiceError):
        catalogue.add_calendar_day(actor, date(2027, 12, 31), True)
    catalogue.remove_calendar_day(actor, row)
    assert db.session.get(CalendarDay, date(2027, 12, 31)) is None
    # What the calendar already says, or a date no deadline will reach, is refused at the date.
    for day, is_workday in [(date(2028, 1, 1), False), (date(2027, 2, 10), True), (date(1900, 1, 1), False),
                            (date(9999, 12, 31), False)]:
        with pytest.raises(ServiceError) as error:
            catalogue.add_calendar_day(actor, day, is_workday)
        assert error.value.field == "day"
    assert db.session.scalars(select(CalendarDay)).all() == []
    with pytest.raises(ServiceError) as error:
        catalogue.save_settings(actor, 0.8, 0.8, 7)
    assert error.value.field == "failing_threshold"
    saved = catalogue.save_settings(actor, 0.9, 0.6, 5)
    assert (saved.good_threshold, saved.failing_threshold, saved.rating_days) == (0.9, 0.6, 5)
