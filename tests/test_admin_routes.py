"""The administrator's pages, through the real forms."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from community import errorpages
from community.models import Community, Department, Role, User
from extensions import db
from tests.conftest import submit


def test_admin_creates_a_community_and_a_department(client, auth, city, app):
    auth.login(city.logins[Role.ADMIN])
    response = submit(client, "/admin/communities/new",
                      {"name": "新河社区", "slug": "Xin He", "district": "江南区", "street": "新河街道"})
    assert response.status_code == 302
    response = submit(client, "/admin/departments/new", {"name": "水务局", "description": "供水排水"})
    assert response.status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    assert "新河社区" in page and "水务局" in page
    with app.app_context():
        assert db.session.scalar(select(Community.slug).where(Community.name == "新河社区")) == "xin-he"
        description = db.session.scalar(select(Department.description).where(Department.name == "水务局"))
        assert description == "供水排水"


def test_a_taken_short_name_is_a_field_error_and_keeps_the_input(client, auth, city):
    auth.login(city.logins[Role.ADMIN])
    response = submit(client, "/admin/communities/new",
                      {"name": "重名社区", "slug": city.community_slug, "district": "江南区",
                       "street": "某街道"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="slug-error"' in html and 'value="重名社区"' in html


def test_admin_grants_and_revokes_a_role(client, auth, city, app):
    auth.login(city.logins[Role.ADMIN])
    response = submit(client, "/admin/roles", {"login_name": city.outsider, "role": "secretary",
                                               "community": city.community_id, "department": 0})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == city.outsider))
        assert user.has_role(Role.SECRETARY, community=city.community_id)
        grant_id = next(g.id for g in user.grants if g.role == Role.SECRETARY)
    listing = client.get(f"/admin/users?q={city.outsider}").get_data(as_text=True)
    assert f"/admin/roles/{grant_id}/revoke" in listing
    assert submit(client, "/admin/users", action=f"/admin/roles/{grant_id}/revoke").status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == city.outsider))
        assert not user.has_role(Role.SECRETARY)
    audit = client.get("/admin/audit?action=role.revoked").get_data(as_text=True)
    assert "role.revoked" in audit


def test_granting_needs_an_existing_account_and_the_right_scope(client, auth, city):
    auth.login(city.logins[Role.ADMIN])
    response = submit(client, "/admin/roles", {"login_name": "nobody@test.cn", "role": "supervisor",
                                               "community": 0, "department": 0})
    assert 'id="login_name-error"' in response.get_data(as_text=True)
    response = submit(client, "/admin/roles", {"login_name": city.outsider, "role": "handler",
                                               "community": 0, "department": 0})
    assert 'id="department-error"' in response.get_data(as_text=True)


def test_user_search_pages_through_accounts(client, auth, city):
    auth.login(city.logins[Role.ADMIN])
    html = client.get("/admin/users?q=user").get_data(as_text=True)
    assert "resident user" in html and "outsider" not in html


def test_the_500_page_is_friendly_in_both_languages(app: Flask):
    for lang, words in (("en", "Something went wrong"), ("zh", "出错")):
        with app.test_request_context("/", headers={"Accept-Language": lang}):
            body, code = errorpages.render_error(500)
            assert code == 500
            assert words in body
