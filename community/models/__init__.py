"""The community package's models, importable from one place."""

from community.models.accounts import COMMUNITY_ROLES, Role, RoleGrant, User
from community.models.activity import AuditEntry, DataVersion, JobRun, Notification
from community.models.guides import (
    AttachmentKind,
    DocumentForm,
    Guide,
    GuideAttachment,
    GuideDocument,
    GuideResolution,
    GuideVersion,
    LifeEvent,
    ServicePoint,
    ServicePointKind,
    can_edit_guides,
)
from community.models.places import Community, Department
from community.models.teams import MembershipStatus, Team, TeamCategory, TeamMembership

__all__ = [
    "COMMUNITY_ROLES",
    "AttachmentKind",
    "AuditEntry",
    "Community",
    "DataVersion",
    "Department",
    "DocumentForm",
    "Guide",
    "GuideAttachment",
    "GuideDocument",
    "GuideResolution",
    "GuideVersion",
    "JobRun",
    "LifeEvent",
    "MembershipStatus",
    "Notification",
    "Role",
    "RoleGrant",
    "ServicePoint",
    "ServicePointKind",
    "Team",
    "TeamCategory",
    "TeamMembership",
    "User",
    "can_edit_guides",
]
