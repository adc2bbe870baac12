"""The volunteers package's models, importable from one place."""

from volunteers.models.elders import (
    PERSONAL_FIELDS,
    CareAssignment,
    Elder,
    ElderStatus,
    Gender,
    LivingSituation,
    VolunteerSettings,
)
from volunteers.models.people import DigestLog, VolunteerProfile
from volunteers.models.visits import (
    WELLBEING_ASPECTS,
    Concern,
    ConcernStatus,
    Outcome,
    Severity,
    Visit,
    VisitKind,
    VisitVolunteer,
    Wellbeing,
)

__all__ = [
    "PERSONAL_FIELDS",
    "WELLBEING_ASPECTS",
    "CareAssignment",
    "Concern",
    "ConcernStatus",
    "DigestLog",
    "Elder",
    "ElderStatus",
    "Gender",
    "LivingSituation",
    "Outcome",
    "Severity",
    "Visit",
    "VisitKind",
    "VisitVolunteer",
    "VolunteerProfile",
    "VolunteerSettings",
    "Wellbeing",
]
