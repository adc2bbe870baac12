"""Account operations: registration, authentication, passwords, profiles, roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Select, select

from community import audit, notifications
from community.errors import ServiceError
from community.models import Community, Department, Role, RoleGrant, User
from community.models.accounts import new_session_token
from community.security import (
    check_password_strength,
    hash_password,
    needs_rehash,
    normalise_email,
    normalise_phone,
    split_login_name,
    verify_password,
)
from community.timeutil import utcnow
from extensions import db


def find_by_login_name(login_name: str) -> User | None:
    phone, email = split_login_name(login_name)
    if email:
        return db.session.scalar(select(User).where(User.email == email))
    if phone:
        return db.session.scalar(select(User).where(User.phone == phone))
    return None


def register_user(
    display_name: str,
    password: str,
    phone: str | None = None,
    email: str | None = None,
    locale: str | None = None,
    community: Community | None = None,
) -> User:
    """Create an account with a phone number, an email or both.

    With a community the new user becomes one of its residents.
    """
    phone = normalise_phone(phone) if phone else None
    email = normalise_email(email) if email else None
    if not phone and not email:
        raise ServiceError(_l("Give a phone number or an email address."), "phone")
    if phone and db.session.scalar(select(User.id).where(User.phone == phone)):
        raise ServiceError(_l("An account with this phone number already exists."), "phone")
    if email and db.session.scalar(select(User.id).where(User.email == email)):
        raise ServiceError(_l("An account with this email address already exists."), "email")
    check_password_strength(password)
    user = User(
        display_name=display_name.strip(),
        phone=phone,
        email=email,
        password_hash=hash_password(password),
        locale=locale,
    )
    db.session.add(user)
    if community is not None:
        user.grants.append(RoleGrant(role=Role.RESIDENT, community_id=community.id))
    db.session.flush()
    audit.record(user, "account.registered", user)
    notifications.notify(user, "welcome", name=user.display_name)
    return user


def authenticate(login_name: str, password: str) -> User | None:
    """The active user with these credentials, or None (the caller never says which part failed)."""
    user = find_by_login_name(login_name)
    if user is None:
        # Hash anyway, so that a missing account takes as long as a wrong password.
        hash_password(password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is not right."), "current_password")
    try:
        check_password_strength(new)
    except ServiceError as exc:
        exc.field = "new_password"
        raise
    user.password_hash = hash_password(new)
    user.session_token = new_session_token()  # signs out every other session
    audit.record(user, "account.password_changed", user)
    notifications.notify(user, "password_changed")


def update_profile(user: User, display_name: str, locale: str | None) -> None:
    user.display_name = display_name.strip()
    user.locale = locale or None
    audit.record(user, "account.profile_updated", user)


def grant_role(
    actor: User,
    user: User,
    role: Role,
    community: Community | None = None,
    department: Department | None = None,
) -> RoleGrant:
    """Give `user` a role; a community role needs a community, a handler a department."""
    if role.scope == "community" and community is None:
        raise ServiceError(_l("Choose the community for this role."), "community")
    if role.scope == "department" and department is None:
        raise ServiceError(_l("Choose the department for this role."), "department")
    community_id = community.id if community and role.scope == "community" else None
    department_id = department.id if department and role.scope == "department" else None
    for grant in user.grants:
        if (grant.role, grant.community_id, grant.department_id) == (role, community_id, department_id):
            raise ServiceError(_l("This user already has this role."), "role")
    grant = RoleGrant(role=role, community_id=community_id, department_id=department_id)
    user.grants.append(grant)
    db.session.flush()
    audit.record(actor, "role.granted", user, role=role.value,
                 community_id=community_id, department_id=department_id)
    notifications.notify(user, "role_granted", role=role.value)
    return grant


def revoke_role(actor: User, grant: RoleGrant) -> None:
    user = grant.user
    audit.record(actor, "role.revoked", user, role=grant.role.value,
                 community_id=grant.community_id, department_id=grant.department_id)
    user.grants.remove(grant)


def users_with_role(role: Role, community: Community | int | None = None,
                    department: Department | int | None = None) -> list[User]:
    """The active users holding `role`, optionally in one community or department."""
    query = select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(
        RoleGrant.role == role, User.active.is_(True)
    )
    if community is not None:
        query = query.where(RoleGrant.community_id == getattr(community, "id", community))
    if department is not None:
        query = query.where(RoleGrant.department_id == getattr(department, "id", department))
    return list(db.session.scalars(query.distinct()))


def user_ids_with_role(role: Role, community: Community | int | None = None,
                       department: Department | int | None = None) -> list[int]:
    """The ids of `users_with_role`, without loading the users (to notify them)."""
    return list(db.session.scalars(role_holder_ids(role, community, department).order_by(User.id)))


def role_holder_ids(role: Role, community: Community | int | BindParameter | None = None,
                    department: Department | int | BindParameter | None = None) -> Select:
    """A query of the ids of the active users holding `role` (each once), to use inside another
    statement (`notifications.selected_notices`); the community or department may be a parameter."""
    grants = select(RoleGrant.user_id).where(RoleGrant.role == role)
    if community is not None:
        grants = grants.where(RoleGrant.community_id == _id_of(community))
    if department is not None:
        grants = grants.where(RoleGrant.department_id == _id_of(department))
    return select(User.id).where(User.active.is_(True), User.id.in_(grants))


def _id_of(unit: Community | Department | int | BindParameter) -> int | BindParameter:
    return unit.id if isinstance(unit, Community | Department) else unit
