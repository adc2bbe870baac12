"""Elders and the volunteers who visit them: the private registry, assignments, visit logs from a phone,
concerns that escalate, the coverage board and daily digest, rosters, service hours and reports."""

from flask import Blueprint

from community import fragments

bp = Blueprint("volunteers", __name__, url_prefix="/volunteers")

# The kept coverage board (community.fragments) reads the registry, visits and concerns.
fragments.track("elders", "volunteers.models")

from volunteers import labels  # noqa: E402,F401  (registers the notification kinds)

# Imported for their routes only; bound under other names so that `volunteers.concerns`,
# `volunteers.coverage`, `volunteers.hours` and `volunteers.visits` stay the services.
from volunteers.routes import concerns as _concern_routes  # noqa: E402,F401
from volunteers.routes import coverage as _coverage_routes  # noqa: E402,F401
from volunteers.routes import elders as _elder_routes  # noqa: E402,F401
from volunteers.routes import hours as _hours_routes  # noqa: E402,F401
from volunteers.routes import people as _people_routes  # noqa: E402,F401
from volunteers.routes import template_helpers  # noqa: E402
from volunteers.routes import visits as _visit_routes  # noqa: E402,F401

bp.context_processor(template_helpers)
