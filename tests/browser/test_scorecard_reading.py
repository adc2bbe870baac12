"""The public scorecard with more departments than the chart has colours, all at 100 %: every line is
drawn its own way, the legend hides and shows a line, and on a phone the tables scroll in their box
with the department kept in view."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from community.models import Department
from extensions import db
from petitions.models import ScorecardRow
from tests.browser.conftest import PHONE, LiveSite, save_screenshot

DEPARTMENTS = 10  # the palette has 8 colours
WEEKS = ("2026-W10", "2026-W11")


@pytest.fixture(scope="module")
def published(live_app: Flask, live_site: LiveSite) -> list[str]:
    with live_app.app_context():
        departments = [Department(name=f"图表测试第{n + 1}局") for n in range(DEPARTMENTS)]
        db.session.add_all(departments)
        db.session.flush()
        for week in WEEKS:
            db.session.add_all(ScorecardRow(week=week, department_id=department.id, received=2, rated=2,
                                            satisfied=2, rank=n + 1, grade="good")
                               for n, department in enumerate(departments))
        db.session.commit()
        names = [department.name for department in departments]
        db.session.remove()
    return names


@pytest.mark.browser
def test_the_scorecard_tells_every_department_apart_on_a_phone(open_page: Callable[..., Page],
                                                               live_site: LiveSite,
                                                               published: list[str]) -> None:
    page = open_page(PHONE, locale="zh-CN")
    page.goto(f"{live_site.url}/petitions/scorecard")
    expect(page.locator("#scorecard-chart-box")).to_be_visible()

    styles = page.locator("#scorecard-chart").evaluate(
        "canvas => Chart.getChart(canvas).data.datasets.map("
        "d => JSON.stringify([d.borderColor, d.borderDash, d.pointStyle]))")
    assert len(styles) >= DEPARTMENTS and len(set(styles)) == len(styles)
    assert sum(json.loads(style)[1] != [] for style in styles) >= len(styles) // 2  # dashed: seen through

    # A click on the first department in the legend hides its line, a second shows it again.
    def click_legend_item(index: int) -> None:
        page.locator("#scorecard-chart").scroll_into_view_if_needed()
        box = page.locator("#scorecard-chart").bounding_box()
        hit = page.locator("#scorecard-chart").evaluate(
            f"canvas => Chart.getChart(canvas).legend.legendHitBoxes[{index}]")
        page.mouse.click(box["x"] + hit["left"] + hit["width"] / 2, box["y"] + hit["top"] + hit["height"] / 2)

    def wait_until_first_line(shown: bool) -> None:
        # Chart.js handles a click on the next animation frame.
        page.wait_for_function(f"Chart.getChart(document.getElementById('scorecard-chart'))"
                               f".isDatasetVisible(0) === {str(shown).lower()}", timeout=5_000)

    click_legend_item(0)
    wait_until_first_line(shown=False)
    page.wait_for_timeout(600)  # two quick taps would make a double tap
    click_legend_item(0)
    wait_until_first_line(shown=True)

    # The ranking scrolls inside its box, not the page; scrolled to its end, the grade is in view
    # and so is the department.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ranking = page.get_by_test_id("frozen-ranking")
    scroller = page.locator(".table-responsive").filter(has=ranking)
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    frame = scroller.bounding_box()
    first_row = ranking.get_by_role("row").filter(has_text=published[0])
    for cell in (first_row.get_by_role("rowheader"), first_row.locator("td").last):
        box = cell.bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    save_screenshot(page, "scorecard-ten-departments-360px")
