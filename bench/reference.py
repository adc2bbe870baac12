"""Reference routes served next to the app: what a page costs at the least.

`/_bench/bare` answers a short string (Flask, its extensions' request hooks, no
database, no template); `/_bench/rows` renders 20 rows read from the same database
through a tiny template (a file, so that Jinja compiles it once, like the app's),
with the app's context processors. A page's rps divided by theirs says how much
of its cost is its own. `POST /_bench/insert` inserts one row into the harness's
`bench_inserts` table and commits, a form post with a session and its CSRF token
checked like any of the app's: what writing anything costs at the least, the
reference of `file_case`. `POST /_bench/insert-signed` is the same insert for a
signed-in user (the user and their roles loaded, as on every signed-in page): what
any signed-in form post costs before its own work, shown beside `file_case`.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import insert, select

from bench.datagen import bench_inserts
from community.models import Community, Team
from community.timeutil import utcnow
from extensions import db

bp = Blueprint("bench_reference", __name__, url_prefix="/_bench", template_folder="templates")


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
    return render_template("_bench/rows.html", rows=found)


@bp.post("/insert")
def insert_row() -> str:
    db.session.execute(insert(bench_inserts).values(note="x", created_at=utcnow().replace(tzinfo=None)))
    db.session.commit()
    return "ok"


@bp.post("/insert-signed")
@login_required
def insert_row_signed_in() -> str:
    return insert_row()
