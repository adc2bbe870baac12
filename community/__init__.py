"""Accounts, roles, communities and their federation of teams, notifications, audit log.

Three blueprints: `community` (public pages, teams, the signed-in user's pages),
`auth` (register, log in and out) and `admin` (communities, departments, roles).
"""

from flask import Blueprint

bp = Blueprint("community", __name__)
auth_bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

from community.routes import account, admin, auth, pages, service_points, teams  # noqa: E402,F401

# Bound under another name: `community.guides` is the guides service, not its routes.
from community.routes import guides as _guide_routes  # noqa: E402,F401
