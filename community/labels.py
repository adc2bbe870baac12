"""Translated names of the enums users see."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from community import notifications
from community.models import MembershipStatus, Role, TeamCategory

ROLE_LABELS: dict[Role, LazyString] = {
    Role.RESIDENT: _l("Resident"),
    Role.VOLUNTEER: _l("Volunteer"),
    Role.TEAM_LEADER: _l("Team leader"),
    Role.SECRETARY: _l("Community secretary"),
    Role.DISPATCHER: _l("Hub dispatcher"),
    Role.HANDLER: _l("Department handler"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.ADMIN: _l("Administrator"),
}

CATEGORY_LABELS: dict[TeamCategory, LazyString] = {
    TeamCategory.HOBBIES: _l("Hobbies"),
    TeamCategory.CHARITY: _l("Charity"),
    TeamCategory.LIFE_SERVICES: _l("Life services"),
    TeamCategory.CULTURE_SPORTS: _l("Culture and sports"),
    TeamCategory.MUTUAL_AID: _l("Mutual aid"),
    TeamCategory.SAFETY_WATCH: _l("Safety watch"),
}

MEMBERSHIP_LABELS: dict[MembershipStatus, LazyString] = {
    MembershipStatus.PENDING: _l("Waiting for approval"),
    MembershipStatus.ACTIVE: _l("Member"),
    MembershipStatus.DECLINED: _l("Declined"),
}


def role_label(value: str | Role) -> str:
    try:
        return str(ROLE_LABELS[Role(value)])
    except ValueError:
        return str(value)


notifications.register_param_label("role", role_label)
