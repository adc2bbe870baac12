"""The Open311 pages of the `open311` scale: a hub's GET requests.json and POST requests.json.

The scale's data is the petitions generator's; the bench key (for the first community) is
added here, once, when the pages are prepared: only its hash is stored, as `create-key` does.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa

BENCH_KEY = "l311_bench-key-not-a-secret"


def ensure_bench_key(url: str) -> None:
    from bench.datagen import connect_args

    engine = sa.create_engine(url, connect_args=connect_args(url))
    digest = hashlib.sha256(BENCH_KEY.encode()).hexdigest()
    try:
        with engine.begin() as conn:
            if conn.scalar(sa.text("SELECT count(*) FROM open311_keys WHERE key_hash = :h"), {"h": digest}):
                return
            community = conn.scalar(sa.text("SELECT min(id) FROM communities"))
            conn.execute(
                sa.text(
                    "INSERT INTO open311_keys (community_id, key_hash, prefix, created_at) "
                    "VALUES (:c, :h, :p, :t)"
                ),
                {
                    "c": community,
                    "h": digest,
                    "p": BENCH_KEY[:11],
                    "t": datetime.now(UTC).replace(tzinfo=None),
                },
            )
    finally:
        engine.dispose()


def requests_paths(context: Any) -> list[str]:
    """The default query: the last 90 days, newest first, 1,000 requests."""
    return ["/open311/v2/requests.json"]


def post_paths(context: Any) -> list[str]:
    ensure_bench_key(context.url)
    return ["/open311/v2/requests.json"]


def post_form(context: Any, session: Any) -> str:
    return urlencode(
        {
            "api_key": BENCH_KEY,
            "service_code": "1",
            "description": "3号楼旁的路灯坏了好几天，晚上回家黑漆漆的。",
            "address_string": "3号楼2单元",
            "first_name": "王",
            "phone": "13800138000",
        }
    )


def link_assignments_by_join(conn: sa.Connection) -> None:
    """Every assigned case points to its latest assignment, found with one grouped join.

    A correlated `SELECT max(a.id) … WHERE a.case_id = cases.id` is planned on PostgreSQL as a
    backward scan of the assignments' primary key filtered by case: quadratic, hours at 1,000,000.
    """
    conn.execute(sa.text(
        "UPDATE cases SET assignment_id = latest.id "
        "FROM (SELECT case_id, max(id) AS id FROM assignments GROUP BY case_id) AS latest "
        "WHERE latest.case_id = cases.id AND cases.department_id IS NOT NULL"))
