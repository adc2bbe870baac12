"""The events package's models, importable from one place."""

from events.models.events import Event, EventPreferences, EventStatus, Signup, SignupStatus
from events.models.ideas import Idea, IdeaFlag, Vote, VotingRound

__all__ = [
    "Event",
    "EventPreferences",
    "EventStatus",
    "Idea",
    "IdeaFlag",
    "Signup",
    "SignupStatus",
    "Vote",
    "VotingRound",
]
