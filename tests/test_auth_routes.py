"""Registering, signing in and out, through the real forms."""

from __future__ import annotations

from sqlalchemy import func, select

from community.models import Role, User
from extensions import db
from tests.conftest import submit


def register_form(city, **overrides):
    data = {"display_name": "新居民", "phone": "13911112222", "email": "", "community": city.community_id,
            "password": "garden2026", "confirm": "garden2026"}
    data.update(overrides)
    return data


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_signs_the_resident_in_and_opens_their_community(client, city, app):
    response = submit(client, "/auth/register", register_form(city))
    assert response.status_code == 302
    assert response.location.endswith(f"/c/{city.community_slug}")
    page = client.get(response.location).get_data(as_text=True)
    assert "新居民" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.phone == "+8613911112222"))
        assert user.has_role(Role.RESIDENT, community=city.community_id)


def test_bad_registration_keeps_the_input_and_names_each_wrong_field(client, city, app):
    before = count_users(app)
    response = submit(client, "/auth/register",
                      register_form(city, password="weakpass", confirm="different", phone="abc"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="新居民"' in html and 'value="abc"' in html
    assert 'id="confirm-error"' in html
    assert count_users(app) == before


def test_duplicate_registration_is_a_field_error(client, city, app):
    submit(client, "/auth/register", register_form(city))
    client.get("/")
    other = app.test_client()
    response = submit(other, "/auth/register", register_form(city, display_name="又一个"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="phone-error"' in html


def test_weak_password_is_a_field_error(client, city):
    response = submit(client, "/auth/register", register_form(city, password="abcdefgh", confirm="abcdefgh"))
    assert 'id="password-error"' in response.get_data(as_text=True)


def test_login_error_does_not_reveal_whether_the_account_exists(client, city):
    wrong_password = submit(client, "/auth/login", {"login_name": city.logins[Role.RESIDENT],
                                                   "password": "wrong-one-1"})
    no_account = submit(client, "/auth/login", {"login_name": "nobody@test.cn", "password": "wrong-one-1"})
    assert wrong_password.status_code == no_account.status_code == 200

    def alert(response):
        html = response.get_data(as_text=True)
        return html[html.index('role="alert"'):].split("</div>")[0]

    assert alert(wrong_password) == alert(no_account)


def test_login_follows_next_on_this_host_only(client, auth, city):
    page = "/auth/login?next=/me"
    ok = submit(client, page, {"login_name": city.logins[Role.RESIDENT], "password": "neighbour2026"})
    assert ok.location == "/me"
    auth.logout()
    for evil in ("https://evil.example/x", "//evil.example", "/\\evil.example", "javascript:alert(1)"):
        response = submit(client, f"/auth/login?next={evil}",
                          {"login_name": city.logins[Role.RESIDENT], "password": "neighbour2026"})
        assert response.location == "/", evil
        auth.logout()


def test_remember_me_sets_a_remember_cookie(client, auth, city):
    auth.login(city.logins[Role.RESIDENT], remember="y")
    assert client.get_cookie("remember_token") is not None


def test_login_renews_the_session_but_keeps_the_language(client, auth, city):
    submit(client, "/", {"lang": "en"}, action="/language")
    before = client.get_cookie("session").value
    auth.login(city.logins[Role.RESIDENT])
    assert client.get_cookie("session").value != before
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_logout_signs_out(client, auth, city):
    auth.login(city.logins[Role.RESIDENT])
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/me").status_code == 302


def test_login_is_rate_limited(client, city):
    responses = [submit(client, "/auth/login", {"login_name": "x@test.cn", "password": "wrong-1"})
                 for _ in range(11)]
    assert [r.status_code for r in responses[:10]] == [200] * 10
    assert responses[10].status_code == 429
    assert ">429<" in responses[10].get_data(as_text=True)  # the friendly page, not a bare error


def test_changing_the_password_signs_out_other_sessions(app, city):
    laptop, phone = app.test_client(), app.test_client()
    for c in (laptop, phone):
        submit(c, "/auth/login", {"login_name": city.logins[Role.RESIDENT], "password": "neighbour2026"})
    response = submit(laptop, "/me/password", {"current_password": "neighbour2026",
                                               "new_password": "newgarden2026", "confirm": "newgarden2026"})
    assert response.status_code == 302
    assert laptop.get("/me").status_code == 200
    assert phone.get("/me").status_code == 302


def test_missing_csrf_token_is_a_friendly_400(client, city):
    response = client.post("/auth/login", data={"login_name": "a", "password": "b"})
    assert response.status_code == 400
    assert "<h1>" in response.get_data(as_text=True)


def test_a_body_over_the_limit_is_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/auth/login", data={"login_name": big})
    assert response.status_code == 413
