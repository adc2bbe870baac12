"""A small HTTP client for what wrk cannot do: open sessions, read CSRF tokens, log in.

Every request carries the same User-Agent as wrk's, because Flask-Login's "strong"
session protection ties a signed-in session to the address and the User-Agent.
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

USER_AGENT = "linli-bench"
CSRF_PATTERNS = (
    re.compile(r'<meta name="csrf-token" content="([^"]+)"'),
    re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"'),
)


class ClientError(RuntimeError):
    pass


@dataclass(frozen=True)
class ClientSession:
    """One visitor: the `Cookie` header value ("" for none) and the page's CSRF token."""

    login_name: str
    cookie: str
    csrf_token: str


@dataclass(frozen=True)
class Response:
    status: int
    cookies: dict[str, str]
    text: str


def fetch(base_url: str, method: str, path: str, cookie: str = "", body: str = "") -> Response:
    parts = urlsplit(base_url)
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            cookies[name.strip()] = value.strip()
        return Response(response.status, cookies, text)
    finally:
        connection.close()


def csrf_token(html: str) -> str:
    for pattern in CSRF_PATTERNS:
        match = pattern.search(html)
        if match:
            return match.group(1)
    raise ClientError("no CSRF token in the page")


def session_cookie(cookies: dict[str, str], previous: str = "") -> str:
    """The `Cookie` header after a response: its new session cookie, else the previous one."""
    return f"session={cookies['session']}" if cookies.get("session") else previous


def login_body(login_name: str, password: str, token: str) -> str:
    return urlencode({"login_name": login_name, "password": password, "csrf_token": token})


def anonymous_session(base_url: str, login_name: str) -> ClientSession:
    """A visitor who opened the login page: a session cookie holding the form's CSRF token."""
    response = fetch(base_url, "GET", "/auth/login")
    if response.status != 200:
        raise ClientError(f"GET /auth/login answered {response.status}")
    cookie = session_cookie(response.cookies)
    if not cookie:
        raise ClientError("GET /auth/login set no session cookie")
    return ClientSession(login_name, cookie, csrf_token(response.text))


def signed_in_session(base_url: str, login_name: str, password: str) -> ClientSession:
    """A visitor signed in as `login_name`, with the "signed in" message already shown.

    wrk ignores Set-Cookie, so a message left in the session would be shown (and the
    session rewritten) on every benchmarked request.
    """
    visitor = anonymous_session(base_url, login_name)
    body = login_body(login_name, password, visitor.csrf_token)
    response = fetch(base_url, "POST", "/auth/login", visitor.cookie, body)
    if response.status != 302:
        raise ClientError(f"logging in as {login_name} answered {response.status}, not 302")
    cookie = session_cookie(response.cookies, visitor.cookie)
    home = fetch(base_url, "GET", "/", cookie)
    if home.status != 200:
        raise ClientError(f"GET / after logging in answered {home.status}")
    return ClientSession(login_name, session_cookie(home.cookies, cookie), csrf_token(home.text))
