"""A golden idea's whole life on a phone: a resident proposes it, a neighbour supports it, the secretary
turns it into an event, people sign up beyond its one place, a cancellation promotes the first person
waiting, who shows their QR ticket and is checked in by the organiser."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from community.models import Community, Role
from community.timeutil import utcnow
from events import ideas
from extensions import db, limiter
from tests import factories
from tests.browser.conftest import PHONE, LiveSite, save_screenshot


@dataclass(frozen=True)
class EventSite:
    secretary: str
    proposer: str
    supporter: str
    third: str


@pytest.fixture(scope="module")
def event_site(live_app: Flask, live_site: LiveSite) -> EventSite:
    with live_app.test_request_context():
        home = live_site.community_id
        secretary = factories.make_user("社区书记 方华", email="secretary.events@wanghu.cn",
                                        grants=[(Role.SECRETARY, home, None), (Role.RESIDENT, home, None)])
        names = (("居民 马兰", "ma.lan"), ("居民 高原", "gao.yuan"), ("居民 程静", "cheng.jing"))
        people = [factories.make_user(name, email=f"{login}@wanghu.cn", grants=[(Role.RESIDENT, home, None)])
                  for name, login in names]
        now = utcnow()
        ideas.open_round(secretary, db.session.get(Community, home), ideas.RoundDraft(
            title="冬季金点子", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=7),
            votes_per_resident=2))
        db.session.commit()
        made = EventSite(*(u.email or "" for u in (secretary, *people)))
        db.session.remove()
    return made


@pytest.fixture
def fresh_login_limit() -> None:
    limiter.reset()


def sign_in(page: Page, site: LiveSite, login: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site.url}/auth/login")
    page.get_by_label("Phone or email").fill(login)
    page.get_by_label("Password", exact=True).fill(site.password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed in.")


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
@pytest.mark.usefixtures("fresh_login_limit")
def test_from_golden_idea_to_check_in(open_page: Callable[..., Page], live_site: LiveSite,
                                      event_site: EventSite) -> None:
    page = open_page(PHONE, locale="en-GB")
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of cancelling

    # A resident proposes.
    sign_in(page, live_site, event_site.proposer)
    page.goto(f"{live_site.url}/events/ideas?community={live_site.community_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("冬季金点子")
    page.get_by_role("link", name="Propose an activity").click()
    page.get_by_label("Title").fill("一起包饺子")
    page.get_by_label("What would we do?").fill("冬至那天在活动室一起包饺子，给独居老人送去。")
    page.get_by_label("Kind of activity").select_option(label="Culture and sports")
    page.get_by_label("How many people might come").fill("0")
    page.get_by_role("button", name="Publish my idea").click()
    expect(page.get_by_label("How many people might come")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title")).to_have_value("一起包饺子")  # nothing typed is lost
    page.get_by_label("How many people might come").fill("1")
    page.get_by_label("Where").fill("活动室")
    page.get_by_role("button", name="Publish my idea").click()
    expect(page.get_by_role("status")).to_contain_text("your idea is published")
    idea_url = page.url

    # A neighbour supports it.
    sign_in(page, live_site, event_site.supporter)
    page.goto(f"{live_site.url}/events/ideas?community={live_site.community_id}")
    expect(page.locator("#votes-left")).to_contain_text("2 votes left")
    page.get_by_role("button", name="Support").first.click()
    expect(page.get_by_role("status")).to_contain_text("You support this idea.")
    expect(page.locator("#support-count")).to_have_text("1 support")
    no_sideways_scroll(page)

    # The secretary turns it into an event with one place, organised by the community's team.
    sign_in(page, live_site, event_site.secretary)
    page.goto(idea_url)
    page.get_by_role("link", name="Turn into an event").click()
    expect(page.get_by_label("Title")).to_have_value("一起包饺子")
    expect(page.get_by_label("Place", exact=True)).to_have_value("活动室")
    page.get_by_label("Organising team").select_option(label=live_site.team_name)
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_role("status")).to_contain_text("The event is published.")
    expect(page.locator("#places")).to_contain_text("0 of 1 taken")
    event_url = page.url
    feed = page.locator('link[rel="alternate"][type="text/calendar"]')
    expect(feed).to_have_attribute("href", re.compile(r"/events/c/.+/calendar\.ics$"))
    save_screenshot(page, "event-page-secretary-360px")

    # The proposer hears of it and takes the one place; two more people join the waiting list.
    sign_in(page, live_site, event_site.proposer)
    page.goto(f"{live_site.url}/me/notifications")
    page.get_by_role("link", name=re.compile("became an event")).click()
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#my-status")).to_contain_text("Confirmed")
    for login, place in ((event_site.supporter, 1), (event_site.third, 2)):
        sign_in(page, live_site, login)
        page.goto(event_url)
        page.get_by_role("button", name="Join the waiting list").click()
        expect(page.locator("#my-status")).to_contain_text(f"You are number {place} on the waiting list.")

    # The proposer cancels: the first person waiting is promoted and told.
    sign_in(page, live_site, event_site.proposer)
    page.goto(event_url)
    page.get_by_role("button", name="Cancel my sign-up").click()
    expect(page.get_by_role("status")).to_contain_text("Your sign-up is cancelled.")
    sign_in(page, live_site, event_site.supporter)
    page.goto(f"{live_site.url}/me/notifications")
    page.get_by_role("link", name=re.compile("A place came free")).click()
    expect(page.locator("#my-status")).to_contain_text("Confirmed")
    page.get_by_role("link", name="My ticket").click()
    expect(page.locator(".ticket-qr svg")).to_be_visible()
    no_sideways_scroll(page)
    save_screenshot(page, "event-ticket-360px")

    # The organising team's leader checks the promoted person in from the phone.
    sign_in(page, live_site, live_site.leader_login)
    page.goto(event_url)
    page.get_by_role("link", name="Check-in").click()
    page.get_by_role("button", name="Check in 居民 高原").click()
    expect(page.get_by_role("status")).to_contain_text("居民 高原 is checked in.")
    expect(page.locator("#attendance")).to_contain_text("1 of 1 checked in")
    no_sideways_scroll(page)
    save_screenshot(page, "event-check-in-360px")

    # The third person is now first on the waiting list.
    sign_in(page, live_site, event_site.third)
    page.goto(event_url)
    expect(page.locator("#my-status")).to_contain_text("You are number 1 on the waiting list.")
