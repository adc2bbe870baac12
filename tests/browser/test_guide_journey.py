"""A resident finds a guide: searches by pinyin initials, opens it, downloads the example, prints it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from community import guide_demo, guide_files, guides
from community.guides import DocumentData, GuideData, ServicePointData
from community.models import AttachmentKind, DocumentForm, Guide, LifeEvent, Role, ServicePointKind
from extensions import db
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, LiveSite, save_screenshot


@dataclass(frozen=True)
class SeededGuide:
    id: int
    name: str


@pytest.fixture(scope="module")
def seeded_guide(live_app: Flask, live_site: LiveSite) -> SeededGuide:
    with live_app.app_context():
        existing = db.session.scalar(select(Guide).where(Guide.name == "高龄津贴申领"))
        if existing is None:
            admin = factories.make_user(name="指南管理员", email="guides.admin@wanghu.cn",
                                        grants=[(Role.ADMIN, None, None)])
            point = guides.save_service_point(admin, ServicePointData(
                name="望湖社区服务中心", kind=ServicePointKind.COMMUNITY_CENTRE, address="望湖路8号一楼",
                hours="周一至周五 8:30-17:30", phone="0571-8800 5678", community_id=live_site.community_id))
            existing = guides.save_guide(admin, GuideData(
                name="高龄津贴申领", keywords="养老补贴 elderly allowance", life_event=LifeEvent.OLD_AGE,
                summary="80周岁以上老人每月可领高龄津贴。", eligibility="本市户籍、年满80周岁的老年人。",
                steps="带齐材料到社区服务中心提交申请\n社区3个工作日内初审并公示\n民政局审核后按月发放",
                fees="免费", time_limit="10个工作日", hours="周一至周五 8:30-17:30",
                documents=[DocumentData("身份证", 1, DocumentForm.BOTH, "本人"),
                           DocumentData("户口簿", 1, DocumentForm.ORIGINAL, "本人"),
                           DocumentData("社会保障卡", 1, DocumentForm.COPY, "人社局")],
                service_point_ids=[point.id]))
            guide_files.add_attachment(admin, existing, "高龄津贴申请表", AttachmentKind.BLANK, "申请表.pdf",
                                       guide_demo.minimal_pdf(["Application form (blank)", "Name"]))
            guide_files.add_attachment(admin, existing, "高龄津贴申请表", AttachmentKind.EXAMPLE, "样例.png",
                                       guide_demo.example_png("Allowance"))
            db.session.commit()
        seeded = SeededGuide(id=existing.id, name=existing.name)
        db.session.remove()
    return seeded


@pytest.mark.browser
def test_a_resident_finds_downloads_and_prints_a_guide(open_page: Callable[..., Page], live_site: LiveSite,
                                                       seeded_guide: SeededGuide) -> None:
    page = open_page(PHONE, locale="zh-CN")
    page.goto(f"{live_site.url}/")
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("link", name="办事指南").click()
    page.get_by_label("搜索办事指南").fill("ylbt")
    page.get_by_role("button", name="搜索").click()
    results = page.get_by_test_id("guide-results")
    expect(results).to_contain_text(seeded_guide.name)
    save_screenshot(page, "guide-search-360px")
    results.get_by_role("link", name=seeded_guide.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded_guide.name)
    expect(page.get_by_test_id("last-updated")).to_be_visible()
    expect(page.locator("table.checklist")).to_contain_text("户口簿")
    save_screenshot(page, "guide-page-360px")

    with page.expect_download() as download_info:
        page.get_by_test_id("guide-forms").get_by_role("link", name="填写样例").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".png")

    page.get_by_role("link", name="打印材料清单").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seeded_guide.name)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.locator("table.checklist")).to_contain_text("身份证")
    save_screenshot(page, "guide-print-360px")


@pytest.mark.browser
def test_the_catalogue_reads_on_a_desktop_in_english(open_page: Callable[..., Page], live_site: LiveSite,
                                                     seeded_guide: SeededGuide) -> None:
    page = open_page(DESKTOP, locale="en-GB")
    page.goto(f"{live_site.url}/guides")
    expect(page.get_by_role("heading", name="By life event")).to_be_visible()
    page.get_by_role("link", name="Old age").click()
    expect(page.get_by_test_id("guide-results")).to_contain_text(seeded_guide.name)
    page.goto(f"{live_site.url}/guides?q=" + "%" * 30)
    expect(page.get_by_role("status").first).to_be_visible()
    save_screenshot(page, "guide-catalogue-desktop")
