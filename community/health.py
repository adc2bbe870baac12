"""`GET /healthz`: is the database reachable, is the scheduler alive, which version runs."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from extensions import db
from scheduling import scheduler_state

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    try:
        db.session.execute(text("SELECT 1"))
        database = {"ok": True}
    except SQLAlchemyError as exc:
        db.session.rollback()
        database = {"ok": False, "error": type(exc).__name__}
    body = {
        "status": "ok" if database["ok"] else "unavailable",
        "database": database,
        "scheduler": scheduler_state() if database["ok"] else {"mode": current_app.config["SCHEDULER_MODE"]},
        "version": current_app.config["VERSION"],
    }
    return jsonify(body), 200 if database["ok"] else 503
