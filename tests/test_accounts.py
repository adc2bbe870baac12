"""Account services, tested without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community import accounts
from community.errors import ServiceError
from community.models import AuditEntry, Notification, Role, User
from extensions import db
from tests import factories


@pytest.fixture
def community(app_ctx):
    return factories.make_community()


def test_register_with_phone_normalises_and_makes_a_resident(community):
    user = accounts.register_user("王芳", "garden2026", phone="139 1234 5678", community=community)
    assert user.phone == "+8613912345678"
    assert user.has_role(Role.RESIDENT, community=community)
    assert user.password_hash.startswith("$argon2id$")
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_id == user.id)) == (
        "account.registered"
    )
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == user.id)) == "welcome"


def test_register_with_email_lowercases_it(community):
    user = accounts.register_user("Li", "garden2026", email="Li.Hong@Example.COM", community=community)
    assert user.email == "li.hong@example.com"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({}, "phone"),
    ],
)
def test_register_rejects_bad_login_names(community, kwargs, field):
    with pytest.raises(ServiceError) as error:
        accounts.register_user("X", "garden2026", community=community, **kwargs)
    assert error.value.field == field


def test_register_refuses_a_duplicate_phone_or_email(community):
    accounts.register_user("A", "garden2026", phone="13912345678", email="a@example.com")
    with pytest.raises(ServiceError) as error:
        accounts.register_user("B", "garden2026", phone="+86 139 1234 5678")
    assert error.value.field == "phone"
    with pytest.raises(ServiceError) as error:
        accounts.register_user("C", "garden2026", email="A@example.com")
    assert error.value.field == "email"


@pytest.mark.parametrize("password", ["short1", "onlyletters", "1234567890", "password123", "aaaa1111"])
def test_register_refuses_weak_passwords(community, password):
    with pytest.raises(ServiceError) as error:
        accounts.register_user("A", password, email="weak@example.com")
    assert error.value.field == "password"
    assert db.session.scalar(select(User).where(User.email == "weak@example.com")) is None


def test_authenticate_accepts_phone_in_any_format_and_email(app_ctx):
    user = factories.make_user(email="z@example.com", phone="+8613900000001")
    assert accounts.authenticate("139-0000-0001", factories.PASSWORD) is user
    assert accounts.authenticate("Z@Example.com", factories.PASSWORD) is user
    assert user.last_login_at is not None


def test_authenticate_says_nothing_about_which_part_failed(app_ctx):
    factories.make_user(email="z@example.com")
    assert accounts.authenticate("z@example.com", "wrong-password1") is None
    assert accounts.authenticate("nobody@example.com", factories.PASSWORD) is None


def test_authenticate_refuses_inactive_accounts(app_ctx):
    user = factories.make_user(email="gone@example.com")
    user.active = False
    assert accounts.authenticate("gone@example.com", factories.PASSWORD) is None


def test_change_password_rotates_the_session_token(app_ctx):
    user = factories.make_user()
    token = user.session_token
    with pytest.raises(ServiceError) as error:
        accounts.change_password(user, "not-it-1", "newpass2026")
    assert error.value.field == "current_password"
    with pytest.raises(ServiceError) as error:
        accounts.change_password(user, factories.PASSWORD, "weak")
    assert error.value.field == "new_password"
    accounts.change_password(user, factories.PASSWORD, "newpass2026")
    assert user.session_token != token
    assert accounts.authenticate(user.email, "newpass2026") is user


def test_grant_role_needs_the_right_scope(app_ctx):
    admin = factories.make_user(grants=[(Role.ADMIN, None, None)])
    user = factories.make_user()
    community = factories.make_community()
    with pytest.raises(ServiceError) as error:
        accounts.grant_role(admin, user, Role.SECRETARY)
    assert error.value.field == "community"
    with pytest.raises(ServiceError) as error:
        accounts.grant_role(admin, user, Role.HANDLER)
    assert error.value.field == "department"
    accounts.grant_role(admin, user, Role.SECRETARY, community=community)
    assert user.has_role(Role.SECRETARY, community=community)
    with pytest.raises(ServiceError):
        accounts.grant_role(admin, user, Role.SECRETARY, community=community)
    # A city-wide role ignores a community given by mistake.
    grant = accounts.grant_role(admin, user, Role.SUPERVISOR, community=community)
    assert grant.community_id is None


def test_revoke_role_removes_it_and_is_audited(app_ctx):
    admin = factories.make_user(grants=[(Role.ADMIN, None, None)])
    user = factories.make_user(grants=[(Role.SUPERVISOR, None, None)])
    accounts.revoke_role(admin, user.grants[0])
    db.session.flush()
    assert not user.has_role(Role.SUPERVISOR)
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == admin.id)).all()
    assert actions == ["role.revoked"]
