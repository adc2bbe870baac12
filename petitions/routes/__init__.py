"""Route modules of the petitions package; each registers on `petitions.bp`."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from sqlalchemy import bindparam, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from community.errors import NotAllowed, ServiceError
from community.forms import show_service_error
from extensions import db
from petitions.models import Case, CaseAccess

# Errors that mean "someone changed this case at the same moment": the other change stands.
CONCURRENT_CHANGE = (StaleDataError, OperationalError)


def load_case(number: str, *options: Any) -> Case:
    case = db.session.scalar(select(Case).where(Case.number == number).options(*options))
    if case is None:
        abort(404)
    return case


# What deciding who may see a case needs (bound as `number`), built once: read on every case page.
_ACCESS = (select(Case.status, Case.submitter_id, Case.community_id, Case.department_id)
           .where(Case.number == bindparam("number")))


def load_case_access(number: str) -> CaseAccess:
    """What deciding who may see the case needs, without loading the case itself."""
    row = db.session.execute(_ACCESS, {"number": number}).first()
    if row is None:
        abort(404)
    return CaseAccess(*row)


def run_action(action, *args, success: str, show_on=None, **kwargs) -> bool:  # type: ignore[no-untyped-def]
    """Call a service and commit; on a refusal, roll back and flash why (or, when the refusal is about
    a field of the form `show_on`, put it at that field). True when it went through."""
    from flask_babel import gettext as _

    try:
        action(*args, **kwargs)
        db.session.commit()
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except ServiceError as error:
        db.session.rollback()
        if show_on is not None:
            show_service_error(show_on, error)
        else:
            flash(error.message, "danger")
        return False
    except CONCURRENT_CHANGE:
        db.session.rollback()
        flash(_("Someone else changed this case at the same moment; their change stands. "
                "Look at the case again."), "warning")
        return False
    flash(success, "success")
    return True
