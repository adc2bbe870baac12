"""Numbers and dates past what the database or Python's dates hold: a clear answer, never a 500.

A page number, an id or a date from the address bar can be any size; SQLite stores 64-bit integers
and Python's dates end at year 9999.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from community.models import Role
from community.routes import MAX_PAGE
from petitions.scorecard import current_week

HUGE = "99999999999999999999"  # past 2**64
PAST_ID = str(2**31)  # one past an INTEGER column on PostgreSQL
LAST_ID = str(2**31 - 1)  # matches the route, then finds nothing
EN = {"Accept-Language": "en"}

LISTS = [  # (who, list)
    (Role.DISPATCHER, "/petitions/hub"),
    (Role.SECRETARY, "/petitions/queue"),
    (Role.HANDLER, "/petitions/department"),
    (Role.SUPERVISOR, "/petitions/supervision"),
    (Role.RESIDENT, "/petitions/mine"),
    (Role.RESIDENT, "/me/notifications"),
    (Role.ADMIN, "/admin/users"),
    (Role.ADMIN, "/admin/audit"),
    (Role.RESIDENT, "/guides"),
    (Role.RESIDENT, "/events/"),
]
WORK_LISTS = [(who, path) for who, path in LISTS if path.startswith("/petitions/")]


def main_part(response) -> str:  # type: ignore[no-untyped-def]
    html = response.get_data(as_text=True)
    return html[html.index('<main id="main"'):html.index("</main>")]


@pytest.mark.parametrize(("who", "path"), LISTS)
def test_a_page_number_past_any_list_shows_what_a_page_past_the_end_shows(client, auth, city, who, path):
    auth.login(city.logins[who])
    client.get("/")  # shows the sign-in message
    huge = client.get(f"{path}?page={HUGE}", headers=EN)
    past_the_end = client.get(f"{path}?page={MAX_PAGE}", headers=EN)
    assert huge.status_code == past_the_end.status_code == 200
    assert main_part(huge) == main_part(past_the_end)


@pytest.mark.parametrize(("who", "path"), WORK_LISTS)
@pytest.mark.parametrize("args", ["date_from=0001-01-01", "date_to=9999-12-31", "date_from=1999-12-31",
                                  "date_to=3000-01-01"])
def test_a_date_outside_the_years_the_lists_know_is_refused_with_a_message(client, auth, city, who, path,
                                                                            args):
    auth.login(city.logins[who])
    response = client.get(f"{path}?{args}", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Choose a date between 2000 and 2999." in html


def test_dates_inside_the_years_still_filter(client, auth, city):
    auth.login(city.logins[Role.RESIDENT])
    html = client.get("/petitions/mine?date_from=2000-01-01&date_to=2999-12-31", headers=EN).get_data(
        as_text=True)
    assert "Choose a date" not in html and "No case matches." in html


@pytest.mark.parametrize("path", ["/petitions/scorecard?week=0001-W01", "/petitions/scorecard?week=9999-W52",
                                  "/petitions/scorecard?week=1999-W52", "/petitions/scorecard?week=3000-W01"])
def test_a_scorecard_week_outside_the_years_is_a_bad_request(client, app, path):
    response = client.get(path, headers=EN)
    assert response.status_code == 400
    assert "The week must be an ISO week such as 2026-W47." in response.get_data(as_text=True)


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "1999-W52", "3000-W01"])
def test_the_scorecard_download_refuses_a_week_outside_the_years(client, app, week):
    response = client.get(f"/petitions/scorecard.csv?week={week}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == 400


def test_the_current_week_is_still_a_valid_week():
    from petitions.routes.scorecard import valid_week

    assert valid_week(current_week())


@pytest.mark.parametrize(("who", "path"), [
    (Role.RESIDENT, "/petitions/photos/{}"),
    (Role.ADMIN, "/petitions/admin/categories/{}"),
    (Role.SUPERVISOR, "/petitions/hotspots/{}"),
    (Role.RESIDENT, "/me/notifications/{}"),
    (Role.RESIDENT, "/guides/{}"),
    (Role.RESIDENT, "/events/{}"),
])
@pytest.mark.parametrize("ident", [HUGE, PAST_ID, LAST_ID, "-1"])
def test_an_id_the_database_cannot_hold_is_not_found(client, auth, city, who, path, ident):
    auth.login(city.logins[who])
    response = client.get(path.format(ident), headers=EN)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def routes_with_integer_ids(app: Flask, ident: str) -> list[tuple[str, str]]:
    """(method, address) of every route with an integer part, each integer `ident`."""
    found = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        address = re.sub(r"<int:\w+>", ident, rule.rule)
        address = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", address)
        address = re.sub(r"<(?:\w+:)?\w+>", "x", address)
        found.append(("GET" if "GET" in rule.methods else "POST", address))
    return sorted(found)


@pytest.mark.parametrize("ident", [HUGE, PAST_ID])
def test_every_route_with_an_integer_id_answers_404_to_an_id_the_database_cannot_hold(client, app, ident):
    routes = routes_with_integer_ids(app, ident)
    assert len(routes) > 40
    answers = {(method, address): client.open(address, method=method).status_code
               for method, address in routes}
    assert {key: code for key, code in answers.items() if code != 404} == {}


@pytest.mark.parametrize(("who", "path", "status"), [
    (Role.RESIDENT, "/events/?community={}", 200),  # as for a community that is not there: every event
    (Role.TEAM_LEADER, "/events/new?idea={}", 404),
    (Role.SECRETARY, "/volunteers/hours?user={}", 404),
    (Role.VOLUNTEER, "/volunteers/visits/new?elder={}", 404),
    (Role.SECRETARY, "/volunteers/coverage?community={}", 200),  # the first community, as for any other
])
@pytest.mark.parametrize("ident", [HUGE, PAST_ID])
def test_an_id_in_the_query_that_the_database_cannot_hold_finds_nothing(client, auth, city, who, path,
                                                                         status, ident):
    auth.login(city.logins[who])
    assert client.get(path.format(ident), headers=EN).status_code == status


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "not-a-date"])
def test_a_roster_week_outside_the_years_shows_this_week(client, auth, city, week):
    auth.login(city.logins[Role.SECRETARY])
    client.get("/")  # shows the sign-in message
    this_week = client.get(f"/volunteers/teams/{city.team_id}/roster")
    response = client.get(f"/volunteers/teams/{city.team_id}/roster?week={week}")
    assert response.status_code == this_week.status_code == 200
    assert main_part(response) == main_part(this_week)
