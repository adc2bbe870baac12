"""Cases from residents to the city: intake, the community queue, the hub, departments,
supervision, rating and the weekly scorecard."""

from flask import Blueprint

from community import fragments

bp = Blueprint("petitions", __name__, url_prefix="/petitions")

# The kept work lists, case pages and hotspot board (community.fragments) read the cases, the hotspot
# analysis and common problems, the cases' Open311 state and the guides an inquiry was answered with.
fragments.track("cases", "petitions.models", "petitions.hotspots.models", "petitions.open311.models",
                "community.models.guides")
# The administrator's calendar days, kept per process by petitions.workdays while this version holds.
CALENDAR_TOPIC = "calendar"
fragments.track_tables(CALENDAR_TOPIC, "calendar_days")

from petitions import labels  # noqa: E402,F401  (registers the notification kinds)
from petitions import onboard as _onboard  # noqa: E402,F401  (keeps Case.on_board with every flush)
from petitions.hotspots import routes as _hotspot_routes  # noqa: E402,F401

# Imported for their routes only; bound under other names so that `petitions.scorecard`
# stays the scorecard service, not its routes.
from petitions.routes import admin as _admin_routes  # noqa: E402,F401
from petitions.routes import boards as _board_routes  # noqa: E402,F401
from petitions.routes import cases as _case_routes  # noqa: E402,F401
from petitions.routes import filing as _filing_routes  # noqa: E402,F401
from petitions.routes import scorecard as _scorecard_routes  # noqa: E402,F401
