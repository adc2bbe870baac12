"""Route modules of the events package, and the helpers they share."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from community.models import Community, Role
from extensions import db


def chosen_community() -> Community:
    """The community named by ?community= (id or slug), else the signed-in user's, else the first."""
    wanted = request.args.get("community", "")
    if wanted:
        found = (db.session.get(Community, int(wanted)) if wanted.isdigit()
                 else db.session.scalar(select(Community).where(Community.slug == wanted)))
        if found is None:
            abort(404)
        return found
    if current_user.is_authenticated:
        ids = sorted(current_user.community_ids(Role.RESIDENT) or current_user.community_ids())
        if ids:
            return db.get_or_404(Community, ids[0])
    first = db.session.scalar(select(Community).order_by(Community.name).limit(1))
    if first is None:
        abort(404)
    return first


def template_helpers() -> dict[str, Any]:
    from events import calendar, labels

    return {"SIGNUP_LABELS": labels.SIGNUP_LABELS, "SIGNUP_COLOURS": labels.SIGNUP_COLOURS,
            "webcal": calendar.webcal}
