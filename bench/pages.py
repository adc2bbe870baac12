"""The benchmarked pages. To add one, append a PageSpec to PAGES.

A page's path is a string or a function of the run's context giving several paths
(the load cycles through them). `needs_login` runs it with signed-in sessions of
the bench accounts; a `body` function makes it a form post, sent with a session
(anonymous unless `needs_login`) whose CSRF token the body may use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import sqlalchemy as sa

from bench import open311_pages
from bench.client import ClientSession, login_body
from bench.datagen import Scale, connect_args


@dataclass(frozen=True)
class BenchContext:
    scale: Scale
    db: str  # "sqlite" or "postgresql"
    password: str
    url: str = ""  # the database's, for pages whose paths come from the data


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    cookie: str
    body: str


PathFactory = Callable[[BenchContext], Sequence[str]]
BodyFactory = Callable[[BenchContext, ClientSession], str]


@dataclass(frozen=True)
class PageSpec:
    name: str
    path: str | PathFactory
    method: str = "GET"
    needs_login: bool = False
    body: BodyFactory | None = None
    expect_status: int = 200
    reference: bool = False
    login_as: str | None = None  # a bench role account ("handler", …) instead of the residents
    # "cases", "elders", "ideas" or "hotspot_cases": measured only on scales that have them
    needs_data: str = ""
    # Requests that cannot be repeated (a sign-up): made anew before every wrk run, from the data.
    fresh_each_run: bool = False

    def fits(self, scale: Scale) -> bool:
        return not self.needs_data or bool(getattr(scale, self.needs_data))

    @property
    def needs_session(self) -> bool:
        return self.needs_login or self.login_as is not None or self.body is not None

    def paths(self, context: BenchContext) -> list[str]:
        return [self.path] if isinstance(self.path, str) else list(self.path(context))

    def requests(self, context: BenchContext, sessions: Sequence[ClientSession]) -> list[Request]:
        """What wrk cycles through: every path, and every session when the page needs one."""
        paths = self.paths(context)
        if not self.needs_session:
            return [Request(self.method, path, "", "") for path in paths]
        if not sessions:
            raise ValueError(f"page {self.name} needs sessions")
        requests = []
        for i in range(max(len(paths), len(sessions))):
            session = sessions[i % len(sessions)]
            body = self.body(context, session) if self.body else ""
            requests.append(Request(self.method, paths[i % len(paths)], session.cookie, body))
        return requests


def community_paths(context: BenchContext) -> list[str]:
    return [f"/c/{slug}" for slug in context.scale.community_slugs]


def login_form(context: BenchContext, session: ClientSession) -> str:
    return login_body(session.login_name, context.password, session.csrf_token)


def case_paths(context: BenchContext) -> list[str]:
    """500 case pages spread over all the cases (numbers read from the database)."""
    engine = sa.create_engine(context.url, connect_args=connect_args(context.url))
    step = max(1, context.scale.cases // 500)
    try:
        with engine.connect() as conn:
            numbers = conn.scalars(sa.text(
                "SELECT number FROM cases WHERE id % :step = 0 ORDER BY id LIMIT 500"), {"step": step}).all()
    finally:
        engine.dispose()
    return [f"/petitions/cases/{number}" for number in numbers]


def case_form(context: BenchContext, session: ClientSession) -> str:
    return urlencode({"type": "complaint", "category": "1", "title": "3号楼旁路灯不亮",
                      "description": "3号楼旁的路灯坏了好几天，晚上回家黑漆漆的。", "building": "3",
                      "unit": "2", "address": "", "csrf_token": session.csrf_token})


def round_paths(context: BenchContext) -> list[str]:
    """The first 25 pages of the round's list, most supported first (the first page most often)."""
    return ["/events/rounds/1"] * 25 + [f"/events/rounds/1?page={n}" for n in range(2, 26)]


def signup_paths(context: BenchContext) -> list[str]:
    """Events no bench account has signed up for yet, each 16 times in a row: the 16 connections sign
    up for one event at the same moment, 16 people for its 10 places (then the next event)."""
    engine = sa.create_engine(context.url, connect_args=connect_args(context.url))
    try:
        with engine.connect() as conn:
            ids = conn.scalars(sa.text(
                "SELECT id FROM events e WHERE e.title LIKE 'bench sign-up %' AND NOT EXISTS "
                "(SELECT 1 FROM event_signups s WHERE s.event_id = e.id) ORDER BY id LIMIT 800")).all()
    finally:
        engine.dispose()
    if not ids:
        raise ValueError("every bench event has its sign-ups: regenerate the events scale")
    return [f"/events/{event_id}/signup" for event_id in ids for _ in range(context.scale.bench_accounts)]


def csrf_only(context: BenchContext, session: ClientSession) -> str:
    return urlencode({"csrf_token": session.csrf_token})


PAGES: list[PageSpec] = [
    PageSpec("bare", "/_bench/bare", reference=True),
    PageSpec("bare_db", "/_bench/rows", reference=True),
    PageSpec("home", "/"),
    PageSpec("community", community_paths),
    PageSpec("login", "/auth/login", method="POST", body=login_form, expect_status=302),
    # The bench accounts are residents of the first community: its page as they see it.
    PageSpec("community_member", lambda context: ["/c/" + context.scale.community_slugs[0]],
             needs_login=True),
    PageSpec("department_list", "/petitions/department", login_as="handler", needs_data="cases"),
    PageSpec("supervision_board", "/petitions/supervision", login_as="supervisor", needs_data="cases"),
    PageSpec("case_page", case_paths, login_as="supervisor", needs_data="cases"),
    # file_case's reference: one row inserted and committed (measured whenever file_case is).
    PageSpec("bare_insert", "/_bench/insert", method="POST",
             body=lambda context, session: urlencode({"note": "x", "csrf_token": session.csrf_token}),
             needs_data="cases"),
    # The same insert for a signed-in resident: what filing costs before its own work (shown with file_case).
    PageSpec("signed_insert", "/_bench/insert-signed", method="POST", needs_login=True,
             body=lambda context, session: urlencode({"note": "x", "csrf_token": session.csrf_token}),
             needs_data="cases"),
    PageSpec("file_case", "/petitions/new", method="POST", needs_login=True, body=case_form,
             expect_status=302, needs_data="cases"),
    PageSpec("coverage_board", "/volunteers/coverage", login_as="secretary", needs_data="elders"),
    # Open311 (the open311 scale): a hub's 1,000 newest requests, and filing one with an API key.
    PageSpec("open311_requests", open311_pages.requests_paths, needs_data="open311"),
    PageSpec("open311_post", open311_pages.post_paths, method="POST", body=open311_pages.post_form,
             expect_status=201, needs_data="open311"),
    # A round of 10,000 ideas and 500,000 votes, as a resident who may vote sees it.
    PageSpec("ideas_list", round_paths, needs_login=True, needs_data="ideas"),
    PageSpec("event_signup", signup_paths, method="POST", needs_login=True, body=csrf_only,
             expect_status=302, needs_data="ideas", fresh_each_run=True),
    PageSpec("hotspot_board", "/petitions/hotspots", login_as="supervisor", needs_data="hotspot_cases"),
]
PAGES_BY_NAME = {page.name: page for page in PAGES}
REFERENCES = [page.name for page in PAGES if page.reference]
