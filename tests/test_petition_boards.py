"""The supervisor's board and a department's list: what they show, in deadline order, and a number
of queries that does not grow with the cases."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from extensions import db
from petitions import handling, supervision
from petitions.models import Case, CaseStatus, ExtensionRequest
from tests import petition_factories as pf


@pytest.fixture
def made(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        hub = pf.make_hub()
        db.session.commit()
        yield hub


@contextlib.contextmanager
def counted_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def reading_cases(statements: list[str]) -> list[str]:
    return [s for s in statements if re.search(r"\bcases\b", s)]


def test_the_board_shows_supervised_cases_and_requests_for_more_time(made, client, auth):
    hub = made
    supervised = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    supervision.supervise(hub.supervisor, supervised, "请尽快处理")
    waiting = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    request = handling.request_extension(hub.handler, waiting, 2, "需要协调")
    ordinary = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    at_the_hub = pf.case_in(hub, CaseStatus.FORWARDED)
    supervision.supervise(hub.supervisor, at_the_hub, "请尽快派单")
    returned = pf.case_in(hub, CaseStatus.ASSIGNED)
    supervision.supervise(hub.supervisor, returned, "请签收")
    handling.return_case(hub.handler, returned, "不属于本部门")  # back at the hub, level 0 again
    db.session.commit()
    numbers = {case.number: name for name, case in [
        ("supervised", supervised), ("waiting", waiting), ("ordinary", ordinary), ("at the hub", at_the_hub),
        ("returned", returned)]}

    auth.login(hub.supervisor.email)
    shown = {numbers[n] for n in pf.numbers_on(client, "/petitions/supervision") if n in numbers}
    assert shown == {"supervised", "waiting", "at the hub"}

    handling.decide_extension(hub.supervisor, db.session.get(ExtensionRequest, request.id), grant=False)
    db.session.commit()
    shown = {numbers[n] for n in pf.numbers_on(client, "/petitions/supervision") if n in numbers}
    assert shown == {"supervised", "at the hub"}
    # A chosen status lists every case in it, on the board or not.
    shown = {numbers[n] for n in pf.numbers_on(client, "/petitions/supervision?status=in_progress")
             if n in numbers}
    assert shown == {"supervised", "waiting", "ordinary"}


def test_each_case_on_the_board_says_why_it_is_there(made, client, auth):
    hub = made
    supervised = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    supervision.supervise(hub.supervisor, supervised, "请尽快处理")
    waiting = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    handling.request_extension(hub.handler, waiting, 2, "需要协调")
    late = pf.case_in(hub, CaseStatus.ASSIGNED)
    late.supervision_level = 3
    db.session.commit()

    auth.login(hub.supervisor.email)
    page = client.get("/petitions/supervision").get_data(as_text=True)
    reasons = {"supervised": "已督办", "more time": "已申请延期", "level 3": "3级督办"}
    for case, shown in [(supervised, {"supervised"}), (waiting, {"more time"}), (late, {"level 3"})]:
        row = pf.row_of(page, case.number)
        assert {reason for reason, text in reasons.items() if text in row} == shown


def test_a_department_sees_its_request_for_more_time_waiting(made, client, auth):
    hub = made
    waiting, other = pf.case_in(hub, CaseStatus.IN_PROGRESS), pf.case_in(hub, CaseStatus.IN_PROGRESS)
    handling.request_extension(hub.handler, waiting, 2, "需要协调")
    db.session.commit()

    auth.login(hub.handler.email)
    page = client.get("/petitions/department").get_data(as_text=True)
    assert "已申请延期" in pf.row_of(page, waiting.number)
    assert "已申请延期" not in pf.row_of(page, other.number)


def test_a_deadline_is_coloured_late_only_while_the_case_is_open(made, client, auth):
    hub = made
    late, resolved, closed = (pf.case_in(hub, status) for status in
                              (CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.CLOSED))
    for case in (late, resolved, closed):
        pf.age(case, days=30)  # every deadline long past
    db.session.commit()

    auth.login(hub.resident.email)
    page = client.get("/petitions/mine").get_data(as_text=True)
    for settled in (resolved, closed):
        row = pf.row_of(page, settled.number)
        assert "text-bg-danger" not in row and 'data-deadline="settled"' in row
    assert 'data-deadline="late"' in pf.row_of(page, late.number)
    # The colours are explained above the list.
    legend = re.search(r'id="deadline-legend".*?</ul>', page, flags=re.S)
    assert legend is not None
    for meaning in ("已超期", "一个工作日内到期", "剩余一个工作日以上", "已办结，不再计时"):
        assert meaning in legend.group(0)


def test_a_departments_list_is_in_deadline_order_with_pages(made, client, auth, app):
    hub = made
    cases = [pf.case_in(hub, CaseStatus.IN_PROGRESS if n % 2 else CaseStatus.ASSIGNED) for n in range(23)]
    for n, case in enumerate(cases):  # deadlines in an order unlike the filing order
        case.deadline_at = case.deadline_at + timedelta(hours=(n * 7) % 23)
    pf.case_in(hub, CaseStatus.RESOLVED)  # not open: not listed
    db.session.commit()
    expected = [c.number for c in sorted(cases, key=lambda c: (c.deadline_at, c.id))]

    auth.login(hub.handler.email)
    first = pf.numbers_on(client, "/petitions/department")
    second = pf.numbers_on(client, "/petitions/department?page=2")
    assert first + second == expected
    assert len(first) == app.config["PER_PAGE"]
    assert "23" in client.get("/petitions/department").get_data(as_text=True)  # "23 cases"
    assert pf.numbers_on(client, "/petitions/department?status=assigned") == [
        n for n, c in zip(expected, sorted(cases, key=lambda c: (c.deadline_at, c.id)), strict=True)
        if c.status == CaseStatus.ASSIGNED]


@pytest.mark.parametrize(("role", "path"), [("handler", "/petitions/department"),
                                            ("supervisor", "/petitions/supervision")])
def test_the_lists_run_as_many_queries_for_many_cases_as_for_one(made, app, client, auth, role, path,
                                                                 monkeypatch):
    hub = made
    monkeypatch.setitem(app.config, "KEEP_RENDERED_PAGES", False)  # the queries of a list rendered anew

    def on_the_list() -> Case:
        case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
        supervision.supervise(hub.supervisor, case, "请尽快处理")
        handling.request_extension(hub.handler, case, 2, "需要协调")  # shown on the row: read per page
        return case

    on_the_list()
    db.session.commit()
    auth.login(getattr(hub, role).email)
    client.get(path)
    with counted_queries() as few:
        assert len(pf.numbers_on(client, path)) == 1
    for _ in range(12):
        on_the_list()
    db.session.commit()
    with counted_queries() as many:
        assert len(pf.numbers_on(client, path)) == 13
    # The queries that read cases (a page of ids, the page's cases, the count), whatever their number.
    assert len(reading_cases(many)) == len(reading_cases(few)) <= 4
    # The requests for more time of the page's cases, in one query.
    assert len([s for s in many if "extension_requests" in s]) == 1


def test_the_flag_follows_the_case_through_the_services(made):
    hub = made
    case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    db.session.flush()
    assert case.on_board is False
    supervision.supervise(hub.supervisor, case, "请尽快处理")
    db.session.flush()
    assert case.on_board is True
    handling.resolve(hub.handler, case, "已处理")
    db.session.flush()
    assert case.on_board is False
    stored = db.session.scalar(select(Case.on_board).where(Case.id == case.id))
    assert stored is False


@pytest.mark.parametrize(("q", "exact"), [("LL-2026-000109", True), ("ll-2026-000109", True),
                                          ("109", False), ("LL-2026-109", False)])
def test_a_whole_case_number_is_looked_up_exactly_and_a_part_as_the_end_of_numbers(made, app, client, auth,
                                                                                   monkeypatch, q, exact):
    monkeypatch.setitem(app.config, "KEEP_RENDERED_PAGES", False)
    auth.login(made.resident.email)
    with counted_queries() as statements:
        assert client.get("/petitions/mine", query_string={"q": q}).status_code == 200
    searches = [s for s in reading_cases(statements) if "cases.number" in s and "ORDER BY" in s]
    assert searches
    assert all(("cases.number = " in s) == exact and (" LIKE " not in s) == exact for s in searches)
