"""Kindergarten places surge; the supervisor sees it on the hotspot board and declares a common problem;
the education bureau answers it together; a resident reads the answer on their own case.
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
from petitions import intake
from petitions.models import CaseType, Category, LimitKind
from tests import factories
from tests import petition_factories as pf
from tests.browser.conftest import DESKTOP, PHONE, LiveSite, save_screenshot
from tests.browser.test_case_journey import sign_in, sign_out

TEXTS = ["附近公办幼儿园学位已满，孩子报不上名。", "小区配套幼儿园一直没开园，孩子只能去很远的幼儿园。",
         "普惠幼儿园太少，民办幼儿园收费太高。", "幼儿园摇号没摇上，只能辞职在家带孩子。"]


@dataclass(frozen=True)
class Bureau:
    department: str
    category_id: int
    logins: dict[str, str]


@pytest.fixture(scope="module")
def bureau(live_app: Flask, live_site: LiveSite) -> Bureau:
    """An education bureau and a kindergarten category; nine cases filed this week by neighbours."""
    with live_app.app_context():
        department = Department(name="区教育局")
        db.session.add(department)
        db.session.flush()
        category = Category(name="幼儿园学位", name_en="Kindergarten places", limit_kind=LimitKind.INQUIRY,
                            default_department_id=department.id)
        db.session.add(category)
        db.session.flush()
        people = {
            "resident": [(Role.RESIDENT, live_site.community_id, None)],
            "supervisor": [(Role.SUPERVISOR, None, None)],
            "handler": [(Role.HANDLER, None, department.id)],
        }
        logins = {role: factories.make_user(name=f"{role} 热点", email=f"{role}.hotspot@wanghu.cn",
                                            grants=grants).email for role, grants in people.items()}
        for n in range(9):
            neighbour = factories.make_user(grants=[(Role.RESIDENT, live_site.community_id, None)])
            case = intake.file_case(intake.CaseDraft(
                type=CaseType.COMPLAINT, category_id=category.id, title="幼儿园入园难",
                description=f"{TEXTS[n % 4]}（{n + 1}号楼）", community_id=live_site.community_id), neighbour)
            pf.age(case, hours=n * 10)
        db.session.commit()
        made = Bureau(department=department.name, category_id=category.id, logins=logins)
        db.session.remove()
    return made


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_a_surge_becomes_a_common_problem_answered_together(open_page: Callable[..., Page],
                                                            live_site: LiveSite, bureau: Bureau) -> None:
    page = open_page(PHONE, locale="en-GB")
    sign_in(page, live_site, bureau.logins["resident"])
    page.goto(f"{live_site.url}/petitions/new")
    page.get_by_label("Complaint").check()
    page.get_by_label("Category").select_option(str(bureau.category_id))
    page.get_by_label("Title").fill("幼儿园报不上名")
    page.get_by_label("Description").fill("孩子九月满三岁，附近幼儿园学位已满，报名没有成功。")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text("is filed")
    number = re.search(r"LL-\d{4}-\d{6}", page.url).group(0)
    sign_out(page, live_site)

    sign_in(page, live_site, bureau.logins["supervisor"])
    page.goto(f"{live_site.url}/petitions/hotspots")
    page.get_by_role("button", name="Refresh now").click()
    expect(page.get_by_role("status").first).to_contain_text("Hotspots refreshed")
    surges = page.get_by_test_id("surges")
    expect(surges).to_contain_text(re.compile(r"幼儿园学位 · \S+: 10 cases, new this week"))
    expect(page.get_by_test_id("computed-at")).to_contain_text("cases of the last 90 days")
    assert no_horizontal_scroll(page)
    save_screenshot(page, "hotspot-board-360px")
    surges.get_by_role("link").first.click()
    expect(page.get_by_test_id("week")).to_have_text("10")
    page.get_by_label("Title of the common problem").fill("幼儿园入园难")
    page.get_by_label("Owner department").select_option(label=bureau.department)
    page.get_by_role("button", name="Declare").click()
    expect(page.get_by_role("status").first).to_contain_text("its 10 cases are linked to it")
    expect(page.get_by_test_id("linked")).to_have_text("10")
    sign_out(page, live_site)

    sign_in(page, live_site, bureau.logins["handler"])
    page.goto(f"{live_site.url}/petitions/hotspots/problems")
    page.get_by_role("link", name="幼儿园入园难").click()
    page.get_by_label("Answer to every resident").fill("今年秋季新增两所普惠幼儿园，增加学位三百个。")
    page.get_by_role("button", name="Answer together").click()
    expect(page.get_by_role("status").first).to_contain_text("on the timeline of 10 cases")
    expect(page.get_by_test_id("answer")).to_contain_text("新增两所普惠幼儿园")
    sign_out(page, live_site)

    sign_in(page, live_site, bureau.logins["resident"])
    page.goto(f"{live_site.url}/petitions/cases/{number}")
    expect(page.get_by_test_id("timeline")).to_contain_text("【幼儿园入园难】今年秋季新增两所普惠幼儿园")
    save_screenshot(page, "case-with-common-answer-360px")


@pytest.mark.browser
def test_the_board_reads_on_a_desktop_in_chinese(open_page: Callable[..., Page], live_site: LiveSite,
                                                 bureau: Bureau) -> None:
    page = open_page(DESKTOP, locale="zh-CN")
    sign_in_zh(page, live_site, bureau.logins["supervisor"])
    page.goto(f"{live_site.url}/petitions/hotspots?period=month")
    expect(page.get_by_role("heading", level=1)).to_have_text("热点分析")
    expect(page.get_by_role("link", name="本月")).to_have_attribute("aria-current", "page")


def sign_in_zh(page: Page, site: LiveSite, login: str) -> None:
    page.goto(f"{site.url}/auth/login")
    page.get_by_label("手机号或邮箱").fill(login)
    page.get_by_label("密码", exact=True).fill(site.password)
    page.get_by_role("main").get_by_role("button", name="登录").click()
