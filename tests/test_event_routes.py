"""The events pages through HTTP: proposing, voting, events from ideas, sign-up, check-in, bad input."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from community.models import Notification
from community.timeutil import to_local, utcnow
from events import ideas, signups
from events.models import Event, Idea, Signup, SignupStatus, Vote
from extensions import db
from tests import events_factories as ef
from tests.conftest import submit
from tests.factories import PASSWORD


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """A browser that asks for English pages: the assertions read the English texts."""
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return browser


@pytest.fixture
def site(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        place = ef.make_neighbourhood(residents=3)
        voting_round = ef.make_round(place, votes=1)
        idea = ef.make_idea(place)
        event = ef.make_event(place, capacity=1)
        db.session.commit()
        return SimpleNamespace(
            community_id=place.community.id, slug=place.community.slug, team_id=place.team.id,
            round_id=voting_round.id, idea_id=idea.id, event_id=event.id,
            secretary=place.secretary.email, leader=place.leader.email, outsider=place.outsider.email,
            residents=[r.email for r in place.residents], resident_ids=[r.id for r in place.residents])


def count(app, model, *where) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def login(auth, email: str) -> None:  # type: ignore[no-untyped-def]
    assert auth.login(email, PASSWORD).status_code == 302


def local(moment) -> str:  # type: ignore[no-untyped-def]
    return to_local(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_resident_proposes_an_idea_and_bad_input_keeps_what_was_typed(client, auth, site, app):
    login(auth, site.residents[1])
    page = f"/events/ideas/new?community={site.community_id}"
    bad = submit(client, page, {"title": "家宴比赛", "description": "", "category": "culture_sports",
                                "expected_size": "0", "place": "小广场"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert 'value="家宴比赛"' in html and 'value="小广场"' in html and "is-invalid" in html
    assert count(app, Idea) == 1
    good = submit(client, page, {"title": "家宴比赛", "description": "每家做一道拿手菜。",
                                 "category": "culture_sports", "expected_size": "40", "place": "小广场"})
    assert good.status_code == 302
    with app.app_context():
        idea = db.session.scalar(select(Idea).where(Idea.title == "家宴比赛"))
        assert idea.round_id == site.round_id
    assert "家宴比赛" in client.get(f"/events/rounds/{site.round_id}").get_data(as_text=True)


def test_voting_through_the_page_respects_the_allowance(client, auth, site, app):
    with app.test_request_context():
        other = ideas.propose_idea(db.session.get(ef.User, site.resident_ids[0]),
                                   db.session.get(ef.Community, site.community_id),
                                   ideas.IdeaDraft("义剪", "给老人理发", ef.TeamCategory.CHARITY, 10))
        db.session.commit()
        other_id = other.id
    login(auth, site.residents[1])
    round_page = f"/events/rounds/{site.round_id}"
    assert submit(client, round_page, action=f"/events/ideas/{site.idea_id}/support").status_code == 302
    refused = submit(client, round_page, action=f"/events/ideas/{other_id}/support", follow_redirects=True)
    assert "used all 1 of your votes" in refused.get_data(as_text=True)
    assert count(app, Vote) == 1
    submit(client, round_page, action=f"/events/ideas/{site.idea_id}/withdraw")
    submit(client, round_page, action=f"/events/ideas/{other_id}/support")
    with app.app_context():
        assert db.session.scalar(select(Vote.idea_id)) == other_id


def test_an_outsider_cannot_vote_nor_propose(client, auth, site, app):
    login(auth, site.outsider)
    assert client.get(f"/events/ideas/new?community={site.community_id}").status_code == 403
    assert submit(client, f"/events/rounds/{site.round_id}",
                  action=f"/events/ideas/{site.idea_id}/support").status_code == 403
    assert count(app, Vote) == 0


def test_the_secretary_turns_an_idea_into_an_event_and_the_proposer_is_told(client, auth, site, app):
    login(auth, site.secretary)
    form = client.get(f"/events/new?idea={site.idea_id}").get_data(as_text=True)
    assert 'value="一起包粽子"' in form and "社区活动室" in form
    start = utcnow() + timedelta(days=10)
    data = {"title": "一起包粽子", "description": "", "place": "社区活动室", "starts_at": local(start),
            "ends_at": local(start - timedelta(hours=1)), "capacity": "0", "team_id": str(site.team_id)}
    bad = submit(client, f"/events/new?idea={site.idea_id}", data)
    assert bad.status_code == 400 and "must end after it starts" in bad.get_data(as_text=True)
    data.update(ends_at=local(start + timedelta(hours=2)))
    bad = submit(client, f"/events/new?idea={site.idea_id}", data)
    assert bad.status_code == 400 and "capacity must be at least 1" in bad.get_data(as_text=True)
    assert count(app, Event) == 1
    data.update(capacity="30")
    made = submit(client, f"/events/new?idea={site.idea_id}", data)
    assert made.status_code == 302
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "一起包粽子" in page and f"/events/ideas/{site.idea_id}" in page
    assert "became an event" in client.get(f"/events/ideas/{site.idea_id}").get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.idea_id == site.idea_id))
        assert to_local(event.starts_at).strftime("%Y-%m-%dT%H:%M") == local(start)
        assert count(app, Notification, Notification.user_id == site.resident_ids[0],
                     Notification.kind == "idea_became_event") == 1


def test_sign_up_waiting_list_and_promotion_through_the_pages(client, auth, site, app):
    event_page = f"/events/{site.event_id}"
    login(auth, site.residents[0])
    assert submit(client, event_page, action=f"{event_page}/signup").status_code == 302
    twice = submit(client, event_page, action=f"{event_page}/signup")
    assert twice.status_code == 409 and "already signed up" in twice.get_data(as_text=True)
    auth.logout()
    login(auth, site.residents[1])
    submit(client, event_page, action=f"{event_page}/signup")
    assert "number 1 on the waiting list" in client.get(event_page).get_data(as_text=True)
    no_ticket = client.get(f"{event_page}/ticket", follow_redirects=True)
    assert no_ticket.request.path == event_page
    assert "no place at this event yet" in no_ticket.get_data(as_text=True)
    auth.logout()
    login(auth, site.residents[0])
    assert client.get(f"{event_page}/ticket").status_code == 200
    submit(client, event_page, action=f"{event_page}/withdraw")
    with app.app_context():
        statuses = dict(db.session.execute(select(Signup.user_id, Signup.status)).all())
        assert statuses == {site.resident_ids[0]: SignupStatus.CANCELLED,
                            site.resident_ids[1]: SignupStatus.CONFIRMED}
    assert count(app, Notification, Notification.user_id == site.resident_ids[1],
                 Notification.kind == "event_promoted") == 1


def test_signing_up_for_a_cancelled_event_is_refused(client, auth, site, app):
    login(auth, site.secretary)
    event_page = f"/events/{site.event_id}"
    empty = submit(client, event_page, {"cancel-reason": ""}, action=f"{event_page}/cancel")
    assert empty.status_code == 400
    cancelled = submit(client, event_page, {"cancel-reason": "场地维修"}, action=f"{event_page}/cancel")
    assert cancelled.status_code == 302
    auth.logout()
    login(auth, site.residents[2])
    refused = submit(client, event_page, action=f"{event_page}/signup")
    assert refused.status_code == 409 and "event is cancelled" in refused.get_data(as_text=True)
    assert count(app, Signup) == 0


def test_the_organiser_checks_people_in_by_list_and_by_ticket(client, auth, site, app):
    with app.test_request_context():
        resident = db.session.get(ef.User, site.resident_ids[0])
        signup = signups.sign_up(resident, db.session.get(Event, site.event_id))
        db.session.commit()
        code, signup_id = signup.ticket_code, signup.id
    login(auth, site.residents[1])
    assert client.get(f"/events/{site.event_id}/checkin").status_code == 403
    assert client.get(f"/events/tickets/{code}").status_code == 403
    auth.logout()
    login(auth, site.leader)
    scan = client.get(f"/events/tickets/{code}")
    assert scan.status_code == 200 and "居民0" in scan.get_data(as_text=True)
    submit(client, f"/events/tickets/{code}", {"attended": "1"},
           action=f"/events/{site.event_id}/checkin/{signup_id}")
    listing = client.get(f"/events/{site.event_id}/checkin").get_data(as_text=True)
    assert "1 of 1 checked in" in listing and "attendance 100 %" in listing


def test_the_ticket_shows_a_qr_code_of_the_scan_address(client, auth, site, app):
    with app.test_request_context():
        resident = db.session.get(ef.User, site.resident_ids[0])
        code = signups.sign_up(resident, db.session.get(Event, site.event_id)).ticket_code
        db.session.commit()
    login(auth, site.residents[0])
    html = client.get(f"/events/{site.event_id}/ticket").get_data(as_text=True)
    assert "<svg" in html and code in html


def test_reminders_can_be_turned_off(client, auth, site, app):
    login(auth, site.residents[0])
    assert client.get("/events/mine").status_code == 200
    assert submit(client, "/events/mine", {}).status_code == 302
    with app.app_context():
        from events.models import EventPreferences
        assert db.session.get(EventPreferences, site.resident_ids[0]).reminders is False


def test_the_community_page_shows_this_years_events_and_participants(client, site, app):
    with app.test_request_context():
        signups.sign_up(db.session.get(ef.User, site.resident_ids[0]), db.session.get(Event, site.event_id))
        db.session.commit()
    html = client.get(f"/c/{site.slug}").get_data(as_text=True)
    assert "activities this year" in html and "participants this year" in html
    assert "<strong class=\"fs-4\">1</strong> activities this year" in html


def test_the_secretary_opens_a_round_and_bad_times_keep_the_form(client, auth, site, app):
    with app.app_context():
        running = db.session.get(ideas.VotingRound, site.round_id)
        running.ends_at = utcnow() - timedelta(minutes=1)  # the fixture's round is over
        db.session.commit()
    login(auth, site.secretary)
    page = f"/events/rounds/new?community={site.community_id}"
    start = utcnow() + timedelta(hours=1)
    data = {"title": "夏季金点子", "starts_at": local(start), "ends_at": local(start - timedelta(days=1)),
            "votes_per_resident": "3", "live_results": "y"}
    bad = submit(client, page, data)
    assert bad.status_code == 400 and "must end after it starts" in bad.get_data(as_text=True)
    assert 'value="夏季金点子"' in bad.get_data(as_text=True)
    assert count(app, ideas.VotingRound) == 1
    data.update(ends_at=local(start + timedelta(days=7)))
    made = submit(client, page, data)
    assert made.status_code == 302
    assert "夏季金点子" in client.get(made.headers["Location"]).get_data(as_text=True)


def test_the_secretary_hides_an_idea_with_a_reason_and_others_no_longer_see_it(client, auth, site, app):
    login(auth, site.secretary)
    idea_page = f"/events/ideas/{site.idea_id}"
    no_reason = submit(client, idea_page, {"hide-reason": ""}, action=f"{idea_page}/hide")
    assert no_reason.status_code == 400
    hidden = submit(client, idea_page, {"hide-reason": "重复的提议"}, action=f"{idea_page}/hide")
    assert hidden.status_code == 302
    auth.logout()
    assert client.get(idea_page).status_code == 404
    assert "一起包粽子" not in client.get(f"/events/rounds/{site.round_id}").get_data(as_text=True)
    login(auth, site.residents[0])  # the proposer still sees it, and why
    assert "重复的提议" in client.get(idea_page).get_data(as_text=True)


def test_a_resident_reports_an_idea_and_the_secretary_sees_the_count(client, auth, site):
    login(auth, site.residents[1])
    idea_page = f"/events/ideas/{site.idea_id}"
    reported = submit(client, idea_page, {"flag-reason": "广告"}, action=f"{idea_page}/flag",
                      follow_redirects=True)
    assert "the secretary will look at it" in reported.get_data(as_text=True)
    auth.logout()
    login(auth, site.secretary)
    assert "1 report" in client.get(f"/events/rounds/{site.round_id}").get_data(as_text=True)


def test_an_unknown_idea_or_event_is_404(client, auth, site):
    login(auth, site.secretary)
    for path in ("/events/new?idea=abc", "/events/new?idea=99999", "/events/99999", "/events/ideas/99999",
                 "/events/rounds/99999", "/events/tickets/nope", "/events/teams/99999/calendar.ics"):
        assert client.get(path).status_code == 404, path
