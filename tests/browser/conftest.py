"""A live Linli server on its own database, and Debian's Chromium driven by Playwright.

The server runs the real app in a thread, on the `linli_browser` database: browser
tests commit for real, so they must never use the `app` fixture's rolled-back session.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from werkzeug.serving import make_server

from app import create_app
from community.models import Role, TeamCategory
from extensions import db
from tests import factories
from tests.conftest import TEST_CONFIG

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
# Screenshots for a human to look at (gitignored).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}

CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@dataclass(frozen=True)
class LiveSite:
    """Where the live server listens, and what it was seeded with."""

    url: str
    community_id: int
    community_name: str
    community_slug: str
    community_choice: str  # the community as the registration form offers it
    team_id: int
    team_name: str
    leader_login: str
    password: str


def seed(app: Flask) -> LiveSite:
    """Migrate the empty database and add a community whose one team has a leader."""
    with app.app_context():
        flask_migrate.upgrade()
        community = factories.make_community("wanghu", "望湖社区")
        leader = factories.make_user(name="李秀英", email="li.xiuying@wanghu.cn",
                                     grants=[(Role.RESIDENT, community.id, None),
                                             (Role.TEAM_LEADER, community.id, None)])
        team = factories.make_team(community, name="望湖守望队", category=TeamCategory.SAFETY_WATCH,
                                   leader=leader)
        db.session.commit()
        site = LiveSite(
            url="", community_id=community.id, community_name=community.name,
            community_slug=community.slug, community_choice=f"{community.name} · {community.street}",
            team_id=team.id, team_name=team.name, leader_login=leader.email or "",
            password=factories.PASSWORD,
        )
        db.session.remove()
    return site


@pytest.fixture(scope="session")
def live_app(database_urls: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    # Several journeys sign in and out many times within a minute: lift the sign-in limit.
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_urls["linli_browser"],
                      "LOGIN_RATE_LIMIT": "1000 per minute",
                      "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("browser-uploads"))})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_site(live_app: Flask) -> Iterator[LiveSite]:
    """The seeded app served on a free port of 127.0.0.1 until the end of the run."""
    site = seed(live_app)
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="linli-live-server", daemon=True)
    thread.start()
    try:
        yield replace(site, url=f"http://127.0.0.1:{server.port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Callable[[], Browser]]:
    """Debian's Chromium, launched on first use, so that a missing one fails the test itself."""
    browsers: list[Browser] = []
    with sync_playwright() as playwright:

        def chromium() -> Browser:
            if not browsers:
                if not CHROMIUM.exists():
                    pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}, and it is "
                                "missing. Install it with `make chromium` (apt-get install chromium); "
                                "`make test` does so itself. Playwright's own browser download is not "
                                "used.", pytrace=False)
                browsers.append(playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                           args=CHROMIUM_ARGS))
            return browsers[0]

        try:
            yield chromium
        finally:
            for browser in browsers:
                browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report  # so that `open_page` can keep a picture of a failure
    return report


def artifact_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip("-")


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{artifact_name(name)}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def open_page(chromium: Callable[[], Browser],
              request: pytest.FixtureRequest) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser profile: `open_page(PHONE, locale="zh-CN")`.

    A phone viewport also gets a touch screen and the mobile meta-viewport handling.
    When the test fails, each page's last state is saved to test-artifacts/.
    """
    pages: list[Page] = []
    failure_name = f"{request.node.name}-failed"
    for stale in ARTIFACTS.glob(f"{artifact_name(failure_name)}-*.png"):
        stale.unlink()

    def open_page(viewport: ViewportSize, locale: str) -> Page:
        phone = viewport["width"] < 576
        # Reduced motion: Bootstrap then opens the phone menu without its height transition, so a
        # tap on a menu link never lands on a menu still growing under a busy CPU.
        context = chromium().new_context(viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone,
                                       device_scale_factor=2 if phone else 1, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        page = context.new_page()
        pages.append(page)
        return page

    yield open_page
    report = request.node.stash.get(CALL_REPORT, None)
    for n, page in enumerate(pages):
        if report is not None and report.failed:
            save_screenshot(page, f"{failure_name}-{n}")
        page.context.close()
