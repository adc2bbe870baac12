"""The benchmarked pages. To add one, append a PageSpec to PAGES.

A page's path is a string or a function of the run's context giving several paths
(the load cycles through them). `needs_login` runs it with signed-in sessions of
the bench accounts; a `body` function makes it a form post, sent with a session
(anonymous unless `needs_login`) whose CSRF token the body may use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.client import ClientSession, login_body
from bench.datagen import Scale


@dataclass(frozen=True)
class BenchContext:
    scale: Scale
    db: str  # "sqlite" or "postgresql"
    password: str


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

    @property
    def needs_session(self) -> bool:
        return self.needs_login or self.body is not None

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


PAGES: list[PageSpec] = [
    PageSpec("bare", "/_bench/bare", reference=True),
    PageSpec("bare_db", "/_bench/rows", reference=True),
    PageSpec("home", "/"),
    PageSpec("community", community_paths),
    PageSpec("login", "/auth/login", method="POST", body=login_form, expect_status=302),
    # The bench accounts are residents of the first community: its page as they see it.
    PageSpec("community_member", lambda context: ["/c/" + context.scale.community_slugs[0]],
             needs_login=True),
]
PAGES_BY_NAME = {page.name: page for page in PAGES}
REFERENCES = [page.name for page in PAGES if page.reference]
