"""Public pages, languages, display choices, notifications and error pages."""

from __future__ import annotations

from community.models import Role
from tests.conftest import submit


def text(response) -> str:
    return response.get_data(as_text=True)


def test_chinese_by_default(client, city):
    html = text(client.get("/"))
    assert '<html lang="zh-CN">' in html
    assert "登录" in html


def test_language_is_negotiated_from_accept_language(client, city):
    html = text(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert '<html lang="en">' in html and "Sign in" in html
    html = text(client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}))
    assert "登录" in html


def test_the_language_switch_overrides_the_browser(client, city):
    response = submit(client, "/c/home", {"lang": "en", "next": "/c/home"}, action="/language")
    assert response.location == "/c/home"
    html = text(client.get("/", headers={"Accept-Language": "zh-CN"}))
    assert "Sign in" in html


def test_a_signed_in_users_choice_is_kept_in_the_profile(client, auth, city, app):
    auth.login(city.logins[Role.RESIDENT])
    submit(client, "/", {"lang": "en"}, action="/language")
    auth.logout()
    fresh = app.test_client()
    submit(fresh, "/auth/login", {"login_name": city.logins[Role.RESIDENT], "password": "neighbour2026"})
    assert "Sign out" in text(fresh.get("/", headers={"Accept-Language": "zh"}))


def test_large_text_switch(client, city):
    assert 'class="large-text"' not in text(client.get("/"))
    submit(client, "/", action="/large-text")
    assert '<body class="large-text">' in text(client.get("/"))
    submit(client, "/", action="/large-text")
    assert '<body class="large-text">' not in text(client.get("/"))


def test_community_page_shows_all_six_categories_with_member_counts(client, city):
    html = text(client.get("/c/home", headers={"Accept-Language": "en"}))
    for label in ("Hobbies", "Charity", "Life services", "Culture and sports", "Mutual aid", "Safety watch"):
        assert label in html
    assert "守望团" in html
    assert "2 members" in html


def test_join_and_approve_through_the_pages(client, auth, city, app):
    auth.login(city.logins[Role.RESIDENT])
    response = submit(client, f"/teams/{city.team_id}", action=f"/teams/{city.team_id}/join")
    assert response.status_code == 302
    assert 'data-testid="join-pending"' in text(client.get(f"/teams/{city.team_id}"))
    auth.logout()

    auth.login(city.logins[Role.TEAM_LEADER])
    page = text(client.get(f"/teams/{city.team_id}"))
    assert 'data-testid="unread-count"' in page
    action = page.split('action="')[1:]
    approve = next(a.split('"')[0] for a in action if a.split('"')[0].endswith("/approve"))
    assert submit(client, f"/teams/{city.team_id}", action=approve).status_code == 302
    auth.logout()

    auth.login(city.logins[Role.RESIDENT])
    assert "3 members" in text(client.get(f"/teams/{city.team_id}", headers={"Accept-Language": "en"}))


def test_outsider_cannot_join_and_is_told_why(client, auth, city):
    auth.login(city.outsider)
    response = submit(client, f"/teams/{city.team_id}", action=f"/teams/{city.team_id}/join",
                      headers={"Accept-Language": "en"})
    follow = text(client.get(response.location))
    assert "Only residents of this community can join its teams." in follow


def test_team_form_keeps_input_on_a_duplicate_name(client, auth, city):
    auth.login(city.logins[Role.SECRETARY])
    response = submit(client, "/c/home/teams/new",
                      {"name": "守望团", "category": "charity", "description": "新的描述", "leader": ""})
    html = text(response)
    assert response.status_code == 200
    assert 'id="name-error"' in html and "新的描述" in html


def test_team_form_names_a_leader_by_phone_or_email(client, auth, city):
    auth.login(city.logins[Role.SECRETARY])
    response = submit(client, "/c/home/teams/new", {"name": "书画社", "category": "hobbies",
                                                    "description": "", "leader": "nobody@test.cn"})
    assert 'id="leader-error"' in text(response)
    response = submit(client, "/c/home/teams/new", {"name": "书画社", "category": "hobbies",
                                                    "description": "", "leader": city.logins[Role.RESIDENT]})
    assert response.status_code == 302
    assert "resident user" in text(client.get(response.location))


def test_notifications_page_and_mark_all_read(client, auth, city):
    auth.login(city.logins[Role.RESIDENT])
    submit(client, f"/teams/{city.team_id}", action=f"/teams/{city.team_id}/join")
    auth.logout()
    auth.login(city.logins[Role.TEAM_LEADER])
    html = text(client.get("/me/notifications", headers={"Accept-Language": "en"}))
    assert "resident user asks to join your team 守望团." in html
    submit(client, "/me/notifications", action="/me/notifications/read-all")
    assert 'data-testid="unread-count"' not in text(client.get("/"))


def test_error_pages_in_both_languages(client):
    assert "Page not found" in text(client.get("/nowhere", headers={"Accept-Language": "en"}))
    assert "页面" in text(client.get("/nowhere", headers={"Accept-Language": "zh"}))


def test_json_clients_get_json_errors(client):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_profile_update(client, auth, city):
    auth.login(city.logins[Role.RESIDENT])
    response = submit(client, "/me", {"display_name": "张三", "locale": "en"})
    assert response.status_code == 302
    assert "张三" in text(client.get("/me"))
    assert "Sign out" in text(client.get("/"))
    response = submit(client, "/me", {"display_name": "", "locale": "en"})
    assert 'id="display_name-error"' in text(response)
