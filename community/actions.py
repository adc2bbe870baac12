"""How a route calls a service: commit once when it succeeds, roll back on any refusal.

`save` serves a form (a broken rule is shown next to its field); `run` serves a POST button
that redirects (the reason is flashed). A `NotAllowed` from the service answers 403 in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash
from flask_wtf import FlaskForm

from community.errors import NotAllowed, ServiceError
from community.forms import show_service_error
from extensions import db


def save(form: FlaskForm, call: Callable[[], Any], success: str,
         on_refused: Callable[[], None] | None = None) -> bool:
    """Call the service and commit; True when it went through. On a refusal `on_refused` runs
    first (it may record the refused attempt and answer on its own), then the answer is 403."""
    try:
        call()
    except NotAllowed:
        if on_refused is not None:
            on_refused()
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
    """Call the service and commit, or roll back and flash why; True when it went through."""
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
