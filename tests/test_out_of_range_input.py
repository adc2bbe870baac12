"""Numbers and dates past what the database or Python's dates hold: a clear answer, never a 500.

A page number, an id or a date from the address bar can be any size; SQLite stores 64-bit integers
and Python's dates end at year 9999.
"""

from __future__ import annotations

import pytest

from community.models import Role
from community.routes import MAX_PAGE

HUGE = "99999999999999999999"  # past 2**64
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
