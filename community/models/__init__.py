"""The community package's models, importable from one place."""

from community.models.accounts import COMMUNITY_ROLES, Role, RoleGrant, User
from community.models.activity import AuditEntry, JobRun, Notification
from community.models.places import Community, Department
from community.models.teams import MembershipStatus, Team, TeamCategory, TeamMembership

__all__ = [
    "COMMUNITY_ROLES",
    "AuditEntry",
    "Community",
    "Department",
    "JobRun",
    "MembershipStatus",
    "Notification",
    "Role",
    "RoleGrant",
    "Team",
    "TeamCategory",
    "TeamMembership",
    "User",
]
