"""A secretary forwards a case while the remote city hub is unreachable, finds it on the page of
cases not yet at the hub with its error, and retries it by hand."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from community.models import Role
from extensions import db
from petitions import community_queue, intake
from petitions.models import CaseType, Category, LimitKind
from petitions.open311 import links
from tests import factories
from tests.browser.conftest import PHONE, LiveSite, save_screenshot
from tests.browser.test_case_journey import act, sign_in

# Nothing listens on the discard port: every attempt is refused at once.
UNREACHABLE_HUB = "http://127.0.0.1:9/open311/v2"


@pytest.fixture(scope="module")
def linked_case(live_app: Flask, live_site: LiveSite) -> tuple[str, str]:
    """An accepted case of a community linked to an unreachable hub; (its number, the secretary's login)."""
    with live_app.app_context():
        community = factories.make_community("yuanshan", "远山社区")
        category = Category(name="井盖缺失", name_en="Missing manhole cover", limit_kind=LimitKind.URGENT)
        db.session.add(category)
        db.session.flush()
        resident = factories.make_user(name="周敏", email="zhou.min@yuanshan.cn",
                                       grants=[(Role.RESIDENT, community.id, None)])
        secretary = factories.make_user(name="吴书记", email="wu.secretary@yuanshan.cn",
                                        grants=[(Role.SECRETARY, community.id, None)])
        links.link(community, UNREACHABLE_HUB, "l311_some-key")
        case = intake.file_case(intake.CaseDraft(
            type=CaseType.COMPLAINT, category_id=category.id, title="5号楼前井盖缺失",
            description="5号楼前人行道的井盖不见了，晚上很危险。", community_id=community.id), resident)
        community_queue.accept(secretary, case)
        db.session.commit()
        found = (case.number, secretary.email or "")
        db.session.remove()
    return found


@pytest.mark.browser
def test_an_unsent_case_waits_with_its_error_and_is_retried(open_page: Callable[..., Page],
                                                            live_site: LiveSite,
                                                            linked_case: tuple[str, str]) -> None:
    number, secretary = linked_case
    page = open_page(PHONE, locale="en-GB")
    sign_in(page, live_site, secretary)
    page.goto(f"{live_site.url}/petitions/cases/{number}")
    act(page, "Forward to the city hub", {"Note": "Urgent: people walk here at night."})
    expect(page.get_by_test_id("case-status")).to_have_text("At the city hub")

    page.goto(f"{live_site.url}/petitions/queue")
    page.get_by_role("link", name="Cases not yet at the city hub").click()
    row = page.get_by_test_id("unsent-case").filter(has_text=number)
    expect(row).to_contain_text("5号楼前井盖缺失")
    expect(page.get_by_role("main")).to_contain_text(UNREACHABLE_HUB)
    row.get_by_role("button", name="Retry now").click()
    expect(page.get_by_role("status")).to_contain_text(f"Case {number} could not be sent yet")
    row = page.get_by_test_id("unsent-case").filter(has_text=number)
    expect(row.get_by_test_id("attempts")).to_have_text("1")  # one attempt so far
    expect(row).to_contain_text(re.compile("ConnectionError"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px)"
    save_screenshot(page, "open311-outbox-360px")
