"""A volunteer logs a visit on a phone and raises an urgent concern; the secretary sees it at once
(a notification, the coverage board's open concerns) and closes it, saying what was done."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from flask import Flask
from playwright.sync_api import Page, expect

from community.models import Community, Role
from community.timeutil import utcnow
from extensions import db, limiter
from tests import factories
from tests.browser.conftest import PHONE, LiveSite, save_screenshot
from volunteers import assignments, registry
from volunteers.models import Gender, LivingSituation


@dataclass(frozen=True)
class CareSite:
    secretary: str
    volunteer: str
    elder_id: int
    elder_name: str


@pytest.fixture(scope="module")
def care_site(live_app: Flask, live_site: LiveSite) -> CareSite:
    with live_app.app_context():
        community = db.session.get(Community, live_site.community_id)
        home = community.id
        secretary = factories.make_user("社区书记 周敏", email="secretary.visits@wanghu.cn",
                                        grants=[(Role.SECRETARY, home, None), (Role.RESIDENT, home, None)])
        volunteer = factories.make_user("志愿者 钱芳", email="volunteer.visits@wanghu.cn",
                                        grants=[(Role.VOLUNTEER, home, None), (Role.RESIDENT, home, None)])
        with time_machine.travel(utcnow() - timedelta(days=10), tick=False):  # overdue by now
            elder = registry.save_elder(secretary, community, registry.ElderData(
                name="孙桂英", gender=Gender.FEMALE, birth_year=1937, building="6号楼",
                living_situation=LivingSituation.ALONE, unit="1单元", room="502", phone="13800005020",
                health_notes="高血压", emergency_contacts="儿子 孙强 13900005020"))
        assignments.assign(secretary, elder, volunteers=[volunteer])
        db.session.commit()
        made = CareSite(secretary=secretary.email or "", volunteer=volunteer.email or "", elder_id=elder.id,
                        elder_name=elder.name)
        db.session.remove()
    return made


@pytest.fixture
def fresh_login_limit() -> None:
    """The browser journeys sign in many times within a minute from one address: start from zero,
    as every other test does (the `_transaction` fixture resets the limiter)."""
    limiter.reset()


def sign_in(page: Page, site: LiveSite, login: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site.url}/auth/login")
    page.get_by_label("Phone or email").fill(login)
    page.get_by_label("Password", exact=True).fill(site.password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed in.")


def tap(page: Page, label: str) -> None:
    """Tap one of the big toggle buttons (a radio or checkbox shown as a button)."""
    page.locator("label.btn", has_text=label).first.click()


@pytest.mark.browser
@pytest.mark.usefixtures("fresh_login_limit")
def test_an_urgent_concern_reaches_the_secretary_who_closes_it(
        open_page: Callable[..., Page], live_site: LiveSite, care_site: CareSite) -> None:
    page = open_page(PHONE, locale="en-GB")
    sign_in(page, live_site, care_site.volunteer)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Log a visit").click()
    page.get_by_role("link", name=care_site.elder_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Visit to {care_site.elder_name}")
    # Big enough for a thumb: every quick choice is at least 44 pixels high.
    for box in page.locator(".tap-choices label.btn").evaluate_all(
            "labels => labels.map(l => l.getBoundingClientRect().height)"):
        assert box >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    tap(page, "Phone call")
    tap(page, "45 min")
    tap(page, "Low")
    tap(page, "Unwell")
    tap(page, "Urgent: today")
    page.get_by_label("What needs following up").fill("She says her chest hurts; her son does not answer.")
    save_screenshot(page, "visit-log-360px")
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_role("status")).to_contain_text(f"The visit to {care_site.elder_name} is logged.")

    sign_in(page, live_site, care_site.secretary)
    page.goto(f"{live_site.url}/volunteers/")  # the secretary's "Elders": the coverage board
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coverage board")
    concerns = page.get_by_test_id("concern-list")
    expect(concerns).to_contain_text("Urgent: today")
    expect(concerns).to_contain_text("her chest hurts")
    expect(page.get_by_test_id("summary")).to_contain_text(re.compile(r"1\s*Urgent concerns open"))
    expect(page.get_by_test_id("summary")).to_contain_text(re.compile(r"0\s*Overdue for a visit"))
    save_screenshot(page, "coverage-board-urgent-360px")
    page.get_by_test_id("unread-count").first.wait_for(state="attached")
    page.goto(f"{live_site.url}/me/notifications")
    page.get_by_role("link", name=f"Urgent concern about {care_site.elder_name}").click()
    expect(page.get_by_test_id("concern-status")).to_have_text("Open")
    page.get_by_label("What was done").fill("Called her doctor; went with her to the clinic.")
    page.get_by_role("button", name="Resolve the concern").click()
    expect(page.get_by_role("status")).to_contain_text("The concern is resolved.")
    expect(page.get_by_test_id("concern-list")).to_have_count(0)  # no open concern left
    page.goto(f"{live_site.url}/volunteers/elders/{care_site.elder_id}")
    expect(page.get_by_test_id("personal")).to_contain_text("13800005020")  # the secretary sees it
    save_screenshot(page, "elder-page-secretary-360px")

    sign_in(page, live_site, care_site.volunteer)
    page.goto(f"{live_site.url}/me/notifications")
    expect(page.get_by_role("main")).to_contain_text("is resolved: Called her doctor")
