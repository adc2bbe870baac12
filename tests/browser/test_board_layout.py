"""The work lists read on a phone and on a desktop: a long title neither squeezes the other columns
nor pushes the deadline off the screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, ViewportSize, expect

from extensions import db
from petitions import supervision
from petitions.models import CaseStatus
from tests import petition_factories as pf
from tests.browser.conftest import DESKTOP, PHONE, LiveSite, save_screenshot
from tests.browser.test_case_journey import sign_in

LONG_TITLE = ("北门夜市噪音持续到凌晨，烧烤摊和音响从晚上八点一直响到凌晨两点，老人孩子都无法休息，"
              "多次拨打热线仍未解决，恳请相关部门尽快联合执法并设置夜间管控时段，"
              "同时在夜市出入口加装隔音屏障和监控设备，并定期公布整改进展情况，接受居民监督，谢谢各位领导的关心")[:120]


@dataclass(frozen=True)
class Board:
    supervisor: str
    long_case: str
    short_case: str


@pytest.fixture(scope="module")
def board(live_app: Flask, live_site: LiveSite) -> Board:
    with live_app.test_request_context():
        hub = pf.make_hub()
        long_case, short_case = pf.case_in(hub, CaseStatus.IN_PROGRESS), pf.case_in(hub, CaseStatus.ASSIGNED)
        long_case.title = LONG_TITLE
        for case in (long_case, short_case):
            supervision.supervise(hub.supervisor, case, "请尽快处理")
        db.session.commit()
        made = Board(supervisor=hub.supervisor.email or "", long_case=long_case.number,
                     short_case=short_case.number)
        db.session.remove()
    return made


def lines_of(cell: Locator) -> int:
    """How many lines the cell's own text takes (not that of the badges inside it)."""
    return cell.evaluate("""cell => {
        const tops = new Set();
        for (const node of cell.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const box of range.getClientRects()) tops.add(Math.round(box.top));
        }
        return tops.size;
    }""")


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_supervision_board_reads_at_any_width(open_page: Callable[..., Page], live_site: LiveSite,
                                                  board: Board, viewport: ViewportSize, name: str) -> None:
    page = open_page(viewport, locale="en-GB")
    sign_in(page, live_site, board.supervisor)
    page.goto(f"{live_site.url}/petitions/supervision")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=board.long_case))
    expect(row).to_be_visible()
    width = viewport["width"]
    # Nothing sideways: neither the page nor the table scrolls, and the deadline is on the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".table-responsive").evaluate("el => el.scrollWidth <= el.clientWidth")
    for deadline in row.locator("[data-deadline]").all():
        if deadline.is_visible():
            box = deadline.bounding_box()
            assert box is not None and box["x"] + box["width"] <= width
    # The title keeps a readable measure: at least 12 characters a line.
    title = row.locator(".case-title")
    assert title.bounding_box()["width"] >= 12 * 16
    if name == "desktop":
        # The long title leaves the status, the community and the department on one line each.
        for n in (1, 2, 3):
            assert lines_of(row.locator("td").nth(n)) == 1
    save_screenshot(page, f"supervision-board-{name}")
