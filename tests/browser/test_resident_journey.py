"""A resident registers, switches the language and asks to join a team; the leader approves.

The pages start in Chinese, so until the switch to English the test finds things by
stable attributes (`name=`, `data-testid`, links' targets); in English it uses roles
and labels, as a screen reader would.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.conftest import DESKTOP, PHONE, LiveSite, save_screenshot

HAN = re.compile(r"[\u4e00-\u9fff]")
RESIDENT_PASSWORD = "lantern-2026"


def main_nav(page: Page) -> Locator:
    """The main navigation, unfolded first where the screen is narrow enough to fold it."""
    toggler = page.locator("[aria-controls=main-nav]")
    nav = page.locator("#main-nav")
    # Until the stylesheets are in, the toggler shows on any screen: wait for them.
    page.wait_for_load_state("load")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(nav).to_have_class(re.compile(r"\bshow\b"))  # Bootstrap's unfolding has finished
    return nav


def assert_fits_width(page: Page) -> None:
    page.wait_for_load_state("load")
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px wide on a {width}px screen"


def sign_out(page: Page) -> None:
    main_nav(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")


def sign_in(page: Page, login_name: str, password: str) -> None:
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Phone or email").fill(login_name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed in.")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "field", "login_name", "name"),
    [
        pytest.param(PHONE, "phone", "13912345678", "王芳", id="phone"),
        pytest.param(DESKTOP, "email", "zhang.wei@example.cn", "张伟", id="desktop"),
    ],
)
def test_resident_registers_switches_to_english_and_joins_a_team(
    live_site: LiveSite, open_page: Callable[..., Page], viewport: ViewportSize,
    field: str, login_name: str, name: str,
) -> None:
    page = open_page(viewport, locale="zh-CN")
    width = viewport["width"]

    # The home page speaks Chinese to a Chinese browser.
    page.goto(live_site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_have_text(HAN)
    expect(page.get_by_role("link", name=live_site.community_name)).to_be_visible()
    assert_fits_width(page)
    save_screenshot(page, f"journey-{width}px-1-home-zh")

    # Register through the real form.
    page.locator("main a[href='/auth/register']").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert_fits_width(page)
    page.locator("input[name=display_name]").fill(name)
    page.locator(f"input[name={field}]").fill(login_name)
    page.locator("select[name=community]").select_option(label=live_site.community_choice)
    page.locator("input[name=password]").fill(RESIDENT_PASSWORD)
    page.locator("input[name=confirm]").fill(RESIDENT_PASSWORD)
    save_screenshot(page, f"journey-{width}px-2-register-zh")
    page.locator("main form button[type=submit]").click()

    # Signed in, on the community page.
    expect(page).to_have_url(f"{live_site.url}/c/{live_site.community_slug}")
    expect(page.get_by_role("status")).to_contain_text(name)
    expect(main_nav(page).get_by_role("link", name=name)).to_be_visible()
    assert_fits_width(page)

    # Switch to English with the header's button.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/c/{live_site.community_slug}\??$"))
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    expect(main_nav(page).get_by_role("button", name="Sign out")).to_be_visible()
    assert_fits_width(page)

    # Ask to join the team.
    page.get_by_role("link", name=live_site.team_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(live_site.team_name)
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_test_id("join-pending")).to_be_visible()
    expect(page.get_by_role("button", name="Ask to join")).to_have_count(0)
    assert_fits_width(page)
    save_screenshot(page, f"journey-{width}px-3-join-pending")
    sign_out(page)

    # The leader sees the request among the unread notifications and approves it.
    sign_in(page, live_site.leader_login, live_site.password)
    nav = main_nav(page)
    badge = nav.get_by_test_id("unread-count")
    expect(badge).to_be_visible()
    unread = re.match(r"\d+", badge.inner_text())
    assert unread and int(unread.group()) >= 1, f"the badge shows {badge.inner_text()!r}"
    nav.get_by_role("link", name=re.compile(r"^Notifications")).click()
    assert_fits_width(page)
    page.get_by_role("link", name=f"{name} asks to join your team {live_site.team_name}.").click()
    expect(page).to_have_url(f"{live_site.url}/teams/{live_site.team_id}")
    requests = page.get_by_role("region", name="Requests to join")
    assert_fits_width(page)
    save_screenshot(page, f"journey-{width}px-4-leader-team-page")
    requests.get_by_role("listitem").filter(has_text=name).get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("The request is answered.")
    expect(requests.get_by_role("listitem").filter(has_text=name)).to_have_count(0)
    expect(page.get_by_role("region", name=re.compile(r"^\d+ members$"))).to_contain_text(name)
    sign_out(page)

    # Back as the resident, still in English (the account remembers it): a member now.
    sign_in(page, login_name, RESIDENT_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name=live_site.community_name).click()
    team_item = page.get_by_role("listitem").filter(has_text=live_site.team_name)
    expect(team_item.get_by_text("Member", exact=True)).to_be_visible()
    page.get_by_role("link", name=live_site.team_name).click()
    expect(page.get_by_text("You are a member of this team.")).to_be_visible()
    expect(page.get_by_test_id("join-pending")).to_have_count(0)
    assert_fits_width(page)
    save_screenshot(page, f"journey-{width}px-5-member")


@pytest.mark.browser
def test_bad_registration_keeps_the_input_and_points_at_the_wrong_field(
    live_site: LiveSite, open_page: Callable[..., Page],
) -> None:
    page = open_page(PHONE, locale="en-GB")
    page.goto(live_site.url + "/auth/register")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    def fill_in(password: str, confirm: str) -> None:
        page.get_by_label("Display name").fill("Chen Jing")
        page.get_by_label("Email").fill("chen.jing@example.cn")
        page.get_by_label("Your community").select_option(label=live_site.community_choice)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Repeat the password").fill(confirm)
        page.get_by_role("button", name="Create my account").click()

    def error_of(label: str) -> Locator:
        """The message the field points to with aria-describedby, found inside the field's group."""
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
        expect(field).to_have_attribute("aria-describedby", re.compile(r"-error\b"))
        error_id = (field.get_attribute("aria-describedby") or "").split()[-1]
        return page.locator("div.mb-3").filter(has=field).locator(f"#{error_id}")

    def expect_input_kept() -> None:
        expect(page).to_have_url(f"{live_site.url}/auth/register")
        expect(page.get_by_label("Display name")).to_have_value("Chen Jing")
        expect(page.get_by_label("Email")).to_have_value("chen.jing@example.cn")
        expect(page.get_by_label("Your community")).to_have_value(str(live_site.community_id))
        # Passwords are never sent back to the browser.
        expect(page.get_by_label("Password", exact=True)).to_have_value("")

    # A weak password that is also repeated wrongly: both messages at once, each next to its field.
    # (Each error exists only on the page the server sends back, so the checks after it read that page.)
    fill_in("abc", "abd")
    expect(error_of("Repeat the password")).to_have_text("The passwords differ.")
    expect(error_of("Password")).to_have_text("Use at least 8 characters.")
    expect_input_kept()
    assert_fits_width(page)

    # The same weak password twice: refused next to the password only.
    fill_in("abc1", "abc1")
    expect(error_of("Password")).to_have_text("Use at least 8 characters.")
    expect_input_kept()
    expect(page.get_by_label("Repeat the password")).not_to_have_class(re.compile(r"\bis-invalid\b"))
    assert_fits_width(page)
    save_screenshot(page, "registration-errors-360px")
