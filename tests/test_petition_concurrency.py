"""Simultaneous requests against a real database (committed, not rolled back): SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app import create_app
from community.errors import ServiceError
from extensions import db
from petitions import handling, intake
from petitions.models import Assignment, Case, CaseStatus
from tests import petition_factories as pf
from tests.conftest import TEST_CONFIG


@pytest.fixture(scope="module")
def live_app(database_urls: dict[str, str]) -> Iterator[Flask]:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_urls["linli_concurrency"]})
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def run_together(count: int, work: Callable[[int], str]) -> list[str]:
    """Start `count` threads at the same instant; each returns an outcome."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = [""] * count

    def target(index: int) -> None:
        barrier.wait()
        outcomes[index] = work(index)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_dispatchers_assign_the_same_case_at_once(live_app):
    with live_app.app_context():
        hub = pf.make_hub()
        second = pf.factories.make_user("第二派单员", grants=[(pf.Role.DISPATCHER, None, None)])
        case = pf.case_in(hub, CaseStatus.FORWARDED)
        db.session.commit()
        ids = (case.id, hub.dispatcher.id, second.id, hub.department.id, hub.other_department.id)

    def assign(index: int) -> str:
        case_id, first_id, second_id, dep_a, dep_b = ids
        with live_app.app_context():
            try:
                target = db.session.get(Case, case_id)
                actor = db.session.get(pf.User, first_id if index == 0 else second_id)
                department = db.session.get(pf.Department, dep_a if index == 0 else dep_b)
                handling.assign(actor, target, department)
                db.session.commit()
                return "assigned"
            except (ServiceError, StaleDataError, OperationalError):
                db.session.rollback()
                return "refused"

    outcomes = run_together(2, assign)
    assert sorted(outcomes) == ["assigned", "refused"]
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assignment)
                                 .where(Assignment.case_id == ids[0])) == 1
        winner = outcomes.index("assigned")
        assert db.session.get(Case, ids[0]).department_id == ids[3 + winner]


def test_case_numbers_stay_unique_when_many_file_at_once(live_app):
    with live_app.app_context():
        hub = pf.make_hub()
        db.session.commit()
        community_id, category_id, resident_id = hub.community.id, hub.category.id, hub.resident.id

    def file(index: int) -> str:
        with live_app.app_context():
            for _attempt in range(5):
                try:
                    resident = db.session.get(pf.User, resident_id)
                    case = intake.file_case(intake.CaseDraft(
                        type=pf.CaseType.COMPLAINT, category_id=category_id, title=f"第{index}件",
                        description="同时提交", community_id=community_id), resident)
                    db.session.commit()
                    return case.number
                except OperationalError:  # SQLite: the write lock was busy for too long; try again
                    db.session.rollback()
            return "failed"

    numbers = run_together(12, file)
    assert "failed" not in numbers
    assert len(set(numbers)) == 12
