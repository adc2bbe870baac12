"""A case travels from a resident to a city department and back, and the scorecard counts it.

Resident files → secretary accepts and forwards → dispatcher assigns → handler takes it up
and resolves → resident rates → the live scorecard shows the department's figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from community.models import Department, Role
from extensions import db
from petitions.models import Category, LimitKind
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, LiveSite, save_screenshot


@dataclass(frozen=True)
class CityHub:
    department: str
    category_id: int
    logins: dict[str, str]


@pytest.fixture(scope="module")
def city_hub(live_app: Flask, live_site: LiveSite) -> CityHub:
    with live_app.app_context():
        department = Department(name="市政设施管理处")
        db.session.add(department)
        db.session.flush()
        category = Category(name="路灯照明", name_en="Street lighting", limit_kind=LimitKind.GENERAL,
                            default_department_id=department.id)
        db.session.add(category)
        people = {
            "resident": [(Role.RESIDENT, live_site.community_id, None)],
            "secretary": [(Role.SECRETARY, live_site.community_id, None)],
            "dispatcher": [(Role.DISPATCHER, None, None)],
            "handler": [(Role.HANDLER, None, department.id)],
        }
        logins = {}
        for role, grants in people.items():
            user = factories.make_user(name=f"{role} 测试", email=f"{role}.journey@wanghu.cn", grants=grants)
            logins[role] = user.email
        db.session.commit()
        hub = CityHub(department=department.name, category_id=category.id, logins=logins)
        db.session.remove()
    return hub


def sign_in(page: Page, site: LiveSite, login: str) -> None:
    page.goto(f"{site.url}/auth/login")
    page.get_by_label("Phone or email").fill(login)
    page.get_by_label("Password", exact=True).fill(site.password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed in.")


def sign_out(page: Page, site: LiveSite) -> None:
    page.context.clear_cookies()


def act(page: Page, title: str, fields: dict[str, str] | None = None) -> None:
    """Fill in and send one of the case page's action forms, found by its heading."""
    form = page.locator("form.card").filter(has=page.get_by_role("heading", name=title, exact=True))
    for label, value in (fields or {}).items():
        form.get_by_label(label).fill(value)
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name=title).click()


@pytest.mark.browser
def test_a_case_from_filing_to_the_scorecard(open_page: Callable[..., Page], live_site: LiveSite,
                                             city_hub: CityHub) -> None:
    page = open_page(PHONE, locale="en-GB")
    sign_in(page, live_site, city_hub.logins["resident"])
    page.goto(f"{live_site.url}/petitions/new")
    page.get_by_label("Complaint").check()
    page.get_by_label("Category").select_option(str(city_hub.category_id))
    page.get_by_label("Title").fill("Street light out at building 3")
    page.get_by_label("Description").fill("The lamp on the east side has been dark for a week.")
    page.get_by_label("Building").fill("3")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text("is filed")
    number = re.search(r"LL-\d{4}-\d{6}", page.url).group(0)
    case_url = f"{live_site.url}/petitions/cases/{number}"
    expect(page.get_by_test_id("case-status")).to_have_text("Waiting for the community")
    save_screenshot(page, "case-filed-360px")
    sign_out(page, live_site)

    sign_in(page, live_site, city_hub.logins["secretary"])
    page.goto(f"{live_site.url}/petitions/queue")
    page.get_by_role("link", name=number).click()
    act(page, "Accept the case")
    expect(page.get_by_test_id("case-status")).to_have_text("Accepted by the community")
    act(page, "Forward to the city hub", {"Note": "Street lights belong to the city."})
    expect(page.get_by_test_id("case-status")).to_have_text("At the city hub")
    sign_out(page, live_site)

    sign_in(page, live_site, city_hub.logins["dispatcher"])
    page.goto(case_url)
    form = page.locator("#action-assign")
    expect(form.get_by_label("Department")).to_have_value(re.compile(r"\d+"))  # the usual department
    act(page, "Assign to a department")
    expect(page.get_by_test_id("case-status")).to_have_text("Assigned to a department")
    sign_out(page, live_site)

    sign_in(page, live_site, city_hub.logins["handler"])
    page.goto(f"{live_site.url}/petitions/department")
    page.get_by_role("link", name=number).click()
    act(page, "Take up the case")
    act(page, "Resolve", {"Answer to the resident": "The lamp was replaced on Tuesday."})
    expect(page.get_by_test_id("case-status")).to_have_text("Resolved, waiting for the resident's rating")
    sign_out(page, live_site)

    sign_in(page, live_site, city_hub.logins["resident"])
    page.goto(case_url)
    timeline = page.get_by_test_id("timeline")
    steps = ("Filed", "Forwarded to the city hub", "Assigned to a department", "Resolved by the department")
    for step in steps:
        expect(timeline).to_contain_text(step)
    page.locator("#action-rate").get_by_label("Satisfied", exact=True).check()
    act(page, "Rate the result")
    expect(page.get_by_test_id("case-status")).to_have_text("Closed")

    page.goto(f"{live_site.url}/petitions/scorecard")
    row = page.get_by_test_id("live-ranking").get_by_role("row").filter(has_text=city_hub.department)
    expect(row).to_contain_text("100.0%")  # taken up in time, resolved on time, satisfied
    cells = row.locator("td")
    expect(cells.nth(1)).to_have_text("1")  # received
    save_screenshot(page, "scorecard-after-journey-360px")


@pytest.mark.browser
def test_the_scorecard_reads_on_a_desktop_in_chinese(open_page: Callable[..., Page],
                                                     live_site: LiveSite) -> None:
    page = open_page(DESKTOP, locale="zh-CN")
    page.goto(f"{live_site.url}/petitions/scorecard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("公示")
