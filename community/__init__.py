"""Accounts, roles, communities and their federation of teams, notifications, audit log.

Three blueprints: `community` (public pages, teams, the signed-in user's pages),
`auth` (register, log in and out) and `admin` (communities, departments, roles).
"""

from flask import Blueprint

bp = Blueprint("community", __name__)
auth_bp = Blueprint("auth", __name__, url_prefix="/auth")
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

from community.routes import account, admin, auth, pages, teams  # noqa: E402,F401
