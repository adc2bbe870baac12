"""The petitions package's models, importable from one place."""

from petitions.models.cases import (
    Case,
    CaseAccess,
    CaseCounter,
    CasePhoto,
    CaseRights,
    CaseStatus,
    CaseStep,
    CaseType,
    Channel,
    Rating,
)
from petitions.models.catalogue import CalendarDay, Category, LimitKind, PetitionSettings, TimeLimit
from petitions.models.handling import (
    Assignment,
    AssignmentKind,
    ExtensionRequest,
    ExtensionStatus,
    ScorecardRow,
)

__all__ = [
    "Assignment",
    "AssignmentKind",
    "CalendarDay",
    "Case",
    "CaseAccess",
    "CaseCounter",
    "CasePhoto",
    "CaseRights",
    "CaseStatus",
    "CaseStep",
    "CaseType",
    "Category",
    "Channel",
    "ExtensionRequest",
    "ExtensionStatus",
    "LimitKind",
    "PetitionSettings",
    "Rating",
    "ScorecardRow",
    "TimeLimit",
]
