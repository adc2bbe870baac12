"""Route modules of the events package, and the helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, request
from flask_login import current_user
from sqlalchemy import select

from community.errors import NotAllowed, ServiceError
from community.forms import show_service_error
from community.models import Community, Role
from extensions import db


def save(form, call: Callable[[], Any], success: str) -> bool:  # type: ignore[no-untyped-def]
    """Call the service and commit once; a rule broken is shown on the form, a refusal answers 403."""
    try:
        call()
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except ServiceError as error:
        db.session.rollback()
        show_service_error(form, error)
        return False
    db.session.commit()
    flash(success, "success")
    return True


def run(call: Callable[[], Any], success: str) -> bool:
    """For POST buttons that redirect: call the service and commit, or roll back and flash why."""
    try:
        call()
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return False
    db.session.commit()
    flash(success, "success")
    return True


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
