"""Residents' golden ideas and voting rounds, events with capacity and a waiting list, reminders,
QR check-in and calendar feeds."""

from flask import Blueprint

from community import federation, fragments

bp = Blueprint("events", __name__, url_prefix="/events")

# The kept list of a round's ideas (community.fragments) reads ideas, votes and rounds.
fragments.track("ideas", "events.models")

from events import figures, labels  # noqa: E402,F401  (labels registers the notification kinds)

# The community page shows this year's activities through the registry of `community.federation`:
# the community package stays free of any dependency on this feature.
federation.register_figures(figures.community_figures)

# Imported for their routes only; bound under other names so that `events.ideas` stays the service.
from events.routes import checkin as _checkin_routes  # noqa: E402,F401
from events.routes import events as _event_routes  # noqa: E402,F401
from events.routes import feeds as _feed_routes  # noqa: E402,F401
from events.routes import ideas as _idea_routes  # noqa: E402,F401
from events.routes import template_helpers  # noqa: E402

bp.context_processor(template_helpers)
