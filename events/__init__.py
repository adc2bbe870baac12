"""Residents' golden ideas and voting rounds, events with capacity and a waiting list, reminders,
QR check-in and calendar feeds."""

from flask import Blueprint

from community import federation

bp = Blueprint("events", __name__, url_prefix="/events")

from events import figures, labels  # noqa: E402,F401  (labels registers the notification kinds)

# The community page shows this year's activities through the registry of `community.federation`:
# the community package stays free of any dependency on this feature.
federation.register_figures(figures.community_figures)
