"""A community portal forwarding to a remote hub: the outbox, its backoff, the secretary's page,
and status changes pulled into the resident's timeline.

The "remote" hub is this test's own app, reached over HTTP through a transport that hands
requests to its test client; the key belongs to the same community, so the hub files its
copy of each case beside the community's.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.models import Notification
from community.timeutil import utcnow
from extensions import db
from petitions import community_queue, handling
from petitions.models import Case, CaseStatus, Channel
from petitions.open311 import links, outbox, pull
from petitions.open311.models import IncomingRequest, OutboxRow, OutboxStatus, PulledUpdate, RemoteCase
from tests import petition_factories as pf
from tests.conftest import submit
from tests.open311_helpers import HUB_URL, load_hub, make_keyed_hub, mount_hub


@pytest.fixture
def hub(app):
    with app.app_context():
        made = make_keyed_hub()
        links.link(load_hub(made).community, HUB_URL, made.key)
        db.session.commit()
        return made


@pytest.fixture
def remote(app, monkeypatch):
    return mount_hub(app, monkeypatch)


def forwarded_case(hub, note: str = "请尽快处理") -> int:  # type: ignore[no-untyped-def]
    people = load_hub(hub)
    case = pf.case_in(people, CaseStatus.ACCEPTED)
    community_queue.forward(people.secretary, case, note)
    db.session.commit()
    return case.id


def hub_copies(community_id: int) -> list[Case]:
    return list(
        db.session.scalars(
            select(Case).where(Case.channel == Channel.OPEN311, Case.community_id == community_id)
        )
    )


def test_forwarding_writes_the_case_and_an_outbox_row_in_one_transaction(app, hub, remote):
    with app.app_context():
        people = load_hub(hub)
        case = pf.case_in(people, CaseStatus.ACCEPTED)
        community_queue.forward(people.secretary, case, "note")
        db.session.flush()
        assert case.status == CaseStatus.FORWARDED
        row = db.session.scalar(select(OutboxRow).where(OutboxRow.case_id == case.id))
        assert row.status == OutboxStatus.PENDING and row.reference.startswith(case.number + ":")
        case_id = case.id
        db.session.rollback()  # a failure after forwarding loses both, never one of them
        assert db.session.scalar(select(func.count()).select_from(OutboxRow)) == 0
        assert db.session.get(Case, case_id) is None
    assert remote.sent == []  # nothing goes out during the forwarding itself


def test_without_a_link_forwarding_goes_to_the_local_hub(app, hub):
    with app.app_context():
        links.unlink(load_hub(hub).community)
        case_id = forwarded_case(hub)
        assert db.session.scalar(select(func.count()).select_from(OutboxRow)) == 0
        dispatcher_told = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == hub.ids["dispatcher"], Notification.kind == "case_to_act")
        )
        assert dispatcher_told == 1 and db.session.get(Case, case_id).status == CaseStatus.FORWARDED


def test_the_job_delivers_a_case_once_even_when_sent_twice(app, hub, remote):
    with app.app_context():
        case_id = forwarded_case(hub, "请城管处理")
        dispatcher_told = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == hub.ids["dispatcher"])
        )
        assert dispatcher_told == 0  # the local dispatchers are not this case's any more
        assert outbox.send_due() == (1, 0)
        row = db.session.scalar(select(OutboxRow).where(OutboxRow.case_id == case_id))
        assert row.status == OutboxStatus.SENT and row.sent_at is not None
        [copy] = hub_copies(hub.community_id)
        assert copy.status == CaseStatus.FORWARDED and copy.steps[-1].note == "请城管处理"
        original = db.session.get(Case, case_id)
        assert (copy.title, copy.description, copy.building) == (
            original.title,
            original.description,
            original.building,
        )
        assert db.session.get(RemoteCase, case_id).service_request_id == copy.number
        # The answer was lost on the way back: the row is sent again, and the hub knows it.
        row.status = OutboxStatus.PENDING
        db.session.commit()
        assert outbox.send_due() == (1, 0)
        assert len(hub_copies(hub.community_id)) == 1
        assert db.session.scalar(select(func.count()).select_from(IncomingRequest)) == 1


def test_a_hub_that_is_down_is_tried_again_later_and_longer_each_time(app, hub, remote):
    remote.down = True
    with app.app_context():
        first, second = forwarded_case(hub), forwarded_case(hub)
        before = utcnow()
        assert outbox.send_due() == (0, 2)
        assert remote.sent == []
        rows = db.session.scalars(select(OutboxRow).order_by(OutboxRow.id)).all()
        assert [r.attempts for r in rows] == [1, 1]
        assert all("ConnectionError" in r.last_error for r in rows)
        assert all(timedelta(seconds=59) < r.next_attempt_at - before < timedelta(seconds=65) for r in rows)
        # Not due yet: the job leaves them alone.
        assert outbox.send_due() == (0, 0)
        remote.down = False
        assert outbox.send_due(everything=True) == (2, 0)
        assert {db.session.get(RemoteCase, first).case_id, db.session.get(RemoteCase, second).case_id} == {
            first,
            second,
        }


def test_backoff_doubles_from_one_minute_to_thirty():
    assert [outbox.backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_refusal_is_kept_as_the_last_error_and_retried_without_end(app, hub, remote):
    with app.app_context():
        link = db.session.get(links.HubLink, hub.community_id)
        link.api_key = "l311_wrong"
        db.session.commit()
        case_id = forwarded_case(hub)
        for attempt in range(1, 8):
            row = db.session.scalar(select(OutboxRow).where(OutboxRow.case_id == case_id))
            row.next_attempt_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            assert outbox.send_due() == (0, 1)
            row = db.session.scalar(select(OutboxRow).where(OutboxRow.case_id == case_id))
            assert row.attempts == attempt and row.status == OutboxStatus.PENDING
        assert row.last_error.startswith("HTTP 403: a valid api_key is required")
        assert row.next_attempt_at - row.last_attempt_at == timedelta(minutes=30)


def test_a_category_the_hub_lacks_waits_with_a_clear_error(app, hub, remote):
    with app.app_context():
        case_id = forwarded_case(hub)
        category = db.session.get(Case, case_id).category
        category.active = False  # the hub (this same app) no longer offers it as a service
        db.session.commit()
        assert outbox.send_due() == (0, 1)
        row = db.session.scalar(select(OutboxRow).where(OutboxRow.case_id == case_id))
        assert f"no service named {category.name!r}" in row.last_error


def test_status_changes_are_pulled_into_the_residents_timeline_once(app, hub, remote):
    with app.app_context():
        case_id = forwarded_case(hub)
        outbox.send_due()
        people = load_hub(hub)
        [copy] = hub_copies(hub.community_id)
        handling.assign(people.dispatcher, copy, people.department)
        handling.take_up(people.handler, copy)
        handling.resolve(people.handler, copy, "路灯已修好。")
        db.session.commit()
        assert pull.pull_all() == 3
        case = db.session.get(Case, case_id)
        assert case.status == CaseStatus.RESOLVED and case.reply == "路灯已修好。"
        assert [s.action for s in case.steps][-3:] == ["assign", "department_accept", "resolve"]
        assert case.steps[-3].unit == hub.department and case.steps[-3].deadline_at is not None
        told = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == hub.ids["resident"], Notification.kind == "case_step")
        )
        # Pulling again (the window overlaps) adds nothing and tells nobody again.
        link = db.session.get(links.HubLink, hub.community_id)
        link.pulled_until -= timedelta(hours=1)
        db.session.commit()
        assert pull.pull_all() == 0
        assert len(db.session.get(Case, case_id).steps) == len(case.steps)
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.user_id == hub.ids["resident"], Notification.kind == "case_step")
            )
            == told
        )
        assert db.session.scalar(select(func.count()).select_from(PulledUpdate)) >= 3


def test_a_failed_pull_keeps_its_cursor_and_error(app, hub, remote):
    with app.app_context():
        before = db.session.get(links.HubLink, hub.community_id).pulled_until
        remote.down = True
        assert pull.pull_all() == 0
        link = db.session.get(links.HubLink, hub.community_id)
        assert link.pulled_until == before and "ConnectionError" in link.last_pull_error


def test_the_secretary_sees_unsent_cases_and_retries_one(app, client, auth, hub, remote):
    remote.down = True
    with app.app_context():
        case_id = forwarded_case(hub)
        outbox.send_due()
        number = db.session.get(Case, case_id).number
        row_id = db.session.scalar(select(OutboxRow.id))
    auth.login(hub.secretary)
    page = client.get("/petitions/open311/outbox").get_data(as_text=True)
    assert number in page and "ConnectionError" in page and "hub.test" in page
    remote.down = False
    answer = submit(
        client,
        "/petitions/open311/outbox",
        action=f"/petitions/open311/outbox/{row_id}/retry",
        follow_redirects=True,
        headers={"Accept-Language": "en"},
    )
    text = answer.get_data(as_text=True)
    assert f"Case {number} has reached the city hub." in text
    assert "Every forwarded case has reached the city hub." in text
    with app.app_context():
        assert db.session.get(OutboxRow, row_id).status == OutboxStatus.SENT
    # Sent already: retrying again only says so.
    again = submit(
        client,
        "/petitions/open311/outbox",
        action=f"/petitions/open311/outbox/{row_id}/retry",
        follow_redirects=True,
    )
    assert again.status_code == 200


def test_another_communitys_secretary_may_not_retry(app, client, auth, hub, remote):
    with app.app_context():
        forwarded_case(hub)
        row_id = db.session.scalar(select(OutboxRow.id))
        other = make_keyed_hub()
    auth.login(other.secretary)
    assert client.get("/petitions/open311/outbox").status_code == 200
    answer = submit(client, "/petitions/open311/outbox", action=f"/petitions/open311/outbox/{row_id}/retry")
    assert answer.status_code == 403
    auth.logout()
    auth.login(hub.resident)
    assert client.get("/petitions/open311/outbox").status_code == 403


def test_steps_taken_before_the_delivery_was_confirmed_are_still_pulled(app, hub, remote):
    with app.app_context():
        case_id = forwarded_case(hub)
        outbox.send_due()
        people = load_hub(hub)
        [copy] = hub_copies(hub.community_id)
        handling.assign(people.dispatcher, copy, people.department)
        db.session.commit()
        # The hub's answer was lost: the portal does not know the hub's id yet, and pulls meanwhile.
        db.session.delete(db.session.get(RemoteCase, case_id))
        row = db.session.scalar(select(OutboxRow).where(OutboxRow.case_id == case_id))
        row.status = OutboxStatus.PENDING
        db.session.commit()
        assert pull.pull_all() == 0
        assert outbox.send_due() == (1, 0)  # the hub recognises the reference
        assert pull.pull_all() == 1
        assert db.session.get(Case, case_id).status == CaseStatus.ASSIGNED
