"""Cases from residents to the city: intake, the community queue, the hub, departments,
supervision, rating and the weekly scorecard."""

from flask import Blueprint

bp = Blueprint("petitions", __name__, url_prefix="/petitions")

from petitions import labels  # noqa: E402,F401  (registers the notification kinds)
