"""Reference routes served next to the app: what a page costs at the least.

`/_bench/bare` answers a short string (Flask, the session and the context
processors, no database); `/_bench/rows` renders 20 rows read from the same
database through a tiny template. A page's rps divided by theirs says how much of
its cost is its own.
"""

from __future__ import annotations

from flask import Blueprint, render_template_string
from sqlalchemy import select

from community.models import Community, Team
from extensions import db

bp = Blueprint("bench_reference", __name__, url_prefix="/_bench")

ROWS_TEMPLATE = """<!doctype html>
<title>rows</title>
<table>
{% for team, community in rows %}<tr><td>{{ team }}</td><td>{{ community }}</td></tr>
{% endfor %}</table>
"""


@bp.get("/bare")
def bare() -> str:
    return "ok"


@bp.get("/rows")
def rows() -> str:
    found = db.session.execute(
        select(Team.name, Community.name)
        .join(Community, Community.id == Team.community_id)
        .order_by(Team.id)
        .limit(20)
    ).all()
    return render_template_string(ROWS_TEMPLATE, rows=found)
