"""The bench city at named scales, bulk-loaded with Core inserts and cached per database.

Every account shares one argon2 hash of `BENCH_PASSWORD`, computed once. A row in
`bench_marker` (a table of the harness, not of the app) records which scale and
generator version a database holds, so that a second run skips the loading.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import flask_migrate
import sqlalchemy as sa
from flask import Flask

from app import create_app
from bench import open311_pages
from bench.events_data import event_rows
from bench.hotspots_data import hotspot_case_rows
from bench.petitions_data import case_rows, catalogue_rows, link_assignments, more_departments
from bench.volunteers_data import elder_rows
from community.demo import DEPARTMENTS, GIVEN, SURNAMES, TEAMS
from community.models import (
    Community,
    Department,
    MembershipStatus,
    Role,
    RoleGrant,
    Team,
    TeamMembership,
    User,
)
from community.models.accounts import new_session_token
from community.security import hash_password
from community.timeutil import utcnow
from extensions import db

# Bump when the generated data changes: cached databases of an older version are rebuilt.
GENERATOR_VERSION = 1
BENCH_PASSWORD = "linli-bench-2026"
BATCH_SIZE = 5000
SEED = 2026

MORE_DEPARTMENTS = [
    ("市场监督管理局", "食品安全、价格、消费投诉"),
    ("卫生健康委员会", "社区医院、家庭医生、疫苗接种"),
    ("水务局", "供水、排水、河道"),
    ("人力资源和社会保障局", "就业、社保、退休待遇"),
]
NAME_FIRST = "晴枫翠桂梧松柳梅兰竹菊荷桃杏李"
NAME_SECOND = "川林园苑里湾坊庭湖山"
DISTRICTS = ("江南区", "江北区", "湖滨区", "西山区", "高新区")


@dataclass(frozen=True)
class Scale:
    name: str
    communities: int
    residents_per_community: int
    teams_per_community: int = 8
    members_per_team: int = 20
    departments: int = 10
    bench_accounts: int = 16
    cases: int = 0       # petitions (bench/petitions_data.py)
    elders: int = 0      # volunteers (bench/volunteers_data.py)
    hotspot_cases: int = 0  # cases with text and their analysis (bench/hotspots_data.py)
    visits: int = 0
    ideas: int = 0       # events (bench/events_data.py): one round's ideas and votes
    votes: int = 0
    signup_events: int = 0
    role_accounts: int = 4  # per role, where cases or elders are generated
    open311: bool = False  # an API key for the Open311 pages (bench/open311_pages.py)

    @property
    def has_roles(self) -> bool:
        return bool(self.cases or self.elders or self.hotspot_cases)

    def role_login_names(self, role: str) -> list[str]:
        return [role_login_name(role, n) for n in range(1, self.role_accounts + 1)]

    @property
    def community_slugs(self) -> list[str]:
        return [community_slug(n) for n in range(1, self.communities + 1)]

    @property
    def login_names(self) -> list[str]:
        return [bench_login_name(n) for n in range(1, self.bench_accounts + 1)]


SCALES: dict[str, Scale] = {
    scale.name: scale
    for scale in (
        Scale("community", communities=1, residents_per_community=3000),
        Scale("district", communities=50, residents_per_community=3000),
        Scale("petitions", communities=50, residents_per_community=3000, cases=200_000),
        Scale("petitions-xl", communities=50, residents_per_community=3000, departments=60,
              cases=1_000_000),
        Scale("volunteers", communities=50, residents_per_community=3000, elders=20_000,
              visits=1_000_000),
        # A hub holding 1,000,000 cases for the Open311 pages (the petitions-xl cases, generated apart).
        Scale("open311", communities=50, residents_per_community=3000, departments=60,
              cases=1_000_000, open311=True),
        Scale("events", communities=10, residents_per_community=10_000, ideas=10_000, votes=500_000,
              signup_events=20_000),
        Scale("hotspots", communities=50, residents_per_community=3000, hotspot_cases=1_000_000),
    )
}

marker_metadata = sa.MetaData()
bench_marker = sa.Table(
    "bench_marker",
    marker_metadata,
    sa.Column("scale", sa.String(20), primary_key=True),
    sa.Column("generator_version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)


# A bare insert's table (the reference of the `file_case` page), not an app model.
bench_inserts = sa.Table(
    "bench_inserts",
    marker_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("note", sa.String(40), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
# The bench accounts with a role the petitions and volunteers pages need: (role, grant's scope).
BENCH_ROLES = {"handler": (Role.HANDLER, "department"), "supervisor": (Role.SUPERVISOR, None),
               "secretary": (Role.SECRETARY, "community")}


def role_login_name(role: str, n: int) -> str:
    """`bench-handler01@…` handles for department 1; secretaries keep community 1."""
    return f"bench-{role}{n:02d}@bench.linli.demo"


def community_slug(n: int) -> str:
    return f"c{n:03d}"


def bench_login_name(n: int) -> str:
    """The bench accounts log in by email; they are residents of the first community."""
    return f"bench{n:02d}@bench.linli.demo"


def holds_scale(url: str, scale: Scale) -> bool:
    """Whether the database at `url` exists and holds `scale` from this generator version."""
    engine = sa.create_engine(url, connect_args=connect_args(url))
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("bench_marker"):
                return False
            version = conn.scalar(
                sa.select(bench_marker.c.generator_version).where(bench_marker.c.scale == scale.name)
            )
            return version == GENERATOR_VERSION
    except sa.exc.OperationalError:  # no such database (PostgreSQL) or unreadable file
        return False
    finally:
        engine.dispose()


def connect_args(url: str) -> dict[str, Any]:
    return {"connect_timeout": 5} if url.startswith("postgresql") else {}


def generator_app(url: str) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-generator",
                       "SCHEDULER_MODE": "off"})


def upgrade(url: str) -> None:
    """Apply migrations added since the data was generated (the data stays)."""
    with generator_app(url).app_context():
        flask_migrate.upgrade()
        marker_metadata.create_all(db.engine)  # bench_inserts, for databases generated before it
        db.engine.dispose()


def generate(url: str, scale: Scale) -> None:
    """Migrate the empty database at `url` and load `scale`'s city into it."""
    with generator_app(url).app_context():
        flask_migrate.upgrade()
        password_hash = hash_password(BENCH_PASSWORD)
        rng = random.Random(SEED)
        city = city_rows(scale, password_hash, rng)
        for table, rows in [*city, *feature_rows(scale, city, rng)]:
            for start in range(0, len(rows), BATCH_SIZE):
                db.session.execute(sa.insert(table), rows[start:start + BATCH_SIZE])
        if scale.cases and scale.open311:
            open311_pages.link_assignments_by_join(db.session.connection())
        elif scale.cases:
            link_assignments(db.session.connection())
        if scale.hotspot_cases:
            from petitions.hotspots.refresh import refresh

            refresh()  # as the nightly job would have: the board reads its results
        postgres = db.engine.dialect.name == "postgresql"
        if postgres:
            # Ids were given explicitly; the app's own inserts must continue after them.
            for table in ("communities", "departments", "users", "teams", "case_categories",
                          "petition_settings", "cases", "assignments", "extension_requests", "elders",
                          "care_assignments", "elder_visits", "voting_rounds", "ideas", "idea_votes",
                          "events"):
                db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                ))
        marker_metadata.create_all(db.session.connection())
        db.session.execute(sa.insert(bench_marker), [
            {"scale": scale.name, "generator_version": GENERATOR_VERSION,
             "created_at": utcnow().replace(tzinfo=None)},
        ])
        db.session.commit()
        if postgres:
            # What autovacuum does soon after a real bulk import (linking the assignments updated every
            # case once), done here: a server may run without autovacuum.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            db.session.close()
            # With a large scale SQLite may still answer "table is locked": the data is committed.
            with db.engine.connect() as conn, contextlib.suppress(sa.exc.OperationalError):
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()


Rows = list[dict[str, Any]]


def city_rows(scale: Scale, password_hash: str, rng: random.Random) -> list[tuple[sa.Table, Rows]]:
    """Every row of the city, table by table in foreign-key order."""
    now = utcnow()
    communities: Rows = [
        {"id": n, "slug": community_slug(n), "name": community_name(n),
         "district": DISTRICTS[n % len(DISTRICTS)], "street": f"{community_name(n)[:2]}街道",
         "timezone": "Asia/Shanghai", "created_at": now}
        for n in range(1, scale.communities + 1)
    ]
    departments: Rows = [
        {"id": n, "name": name, "description": description, "created_at": now}
        for n, (name, description) in enumerate([*DEPARTMENTS, *MORE_DEPARTMENTS][:scale.departments], 1)
    ]
    departments += more_departments(scale.departments, len(departments), now)
    users: Rows = []
    grants: Rows = []

    def add_resident(community_id: int, phone: str | None, email: str | None) -> int:
        user_id = len(users) + 1
        users.append({
            "id": user_id, "phone": phone, "email": email, "password_hash": password_hash,
            "display_name": chinese_name(rng), "locale": None, "session_token": new_session_token(),
            "active": True, "created_at": now, "last_login_at": None,
        })
        grants.append(grant_row(user_id, Role.RESIDENT, community_id, now))
        return user_id

    for n in range(1, scale.bench_accounts + 1):
        add_resident(1, None, bench_login_name(n))
    residents: dict[int, list[int]] = {
        c: [add_resident(c, f"+8613{c:04d}{n:05d}", None) for n in range(scale.residents_per_community)]
        for c in range(1, scale.communities + 1)
    }

    teams: Rows = []
    memberships: Rows = []
    leaders: set[tuple[int, int]] = set()
    for community_id, people in residents.items():
        for index in range(scale.teams_per_community):
            name, category, description = TEAMS[index % len(TEAMS)]
            if index >= len(TEAMS):
                name = f"{name}{index // len(TEAMS) + 1}"
            chosen = rng.sample(people, scale.members_per_team + 1)
            members, pending = chosen[:-1], chosen[-1]
            team_id = len(teams) + 1
            teams.append({"id": team_id, "community_id": community_id, "name": name,
                          "category": category, "description": description,
                          "leader_id": members[0], "created_at": now})
            leaders.add((members[0], community_id))
            memberships.extend(membership_row(team_id, user_id, MembershipStatus.ACTIVE, now)
                               for user_id in members)
            memberships.append(membership_row(team_id, pending, MembershipStatus.PENDING, now))
    grants.extend(grant_row(user_id, Role.TEAM_LEADER, community_id, now)
                  for user_id, community_id in sorted(leaders))
    if scale.has_roles:
        for key, (role, scope) in BENCH_ROLES.items():
            for n in range(1, scale.role_accounts + 1):
                user_id = add_resident(1, None, role_login_name(key, n))
                grants.append({"user_id": user_id, "role": role, "created_at": now,
                               "community_id": 1 if scope == "community" else None,
                               "department_id": 1 if scope == "department" else None})

    return [
        (Community.__table__, communities),
        (Department.__table__, departments),
        (User.__table__, users),
        (RoleGrant.__table__, grants),
        (Team.__table__, teams),
        (TeamMembership.__table__, memberships),
    ]


def feature_rows(scale: Scale, city: list[tuple[sa.Table, Rows]],
                 rng: random.Random) -> list[tuple[sa.Table, Rows]]:
    """The petitions and volunteers rows of the scale, after the city's."""
    now = utcnow()
    found: list[tuple[sa.Table, Rows]] = []
    if scale.cases:
        tables = dict(city)
        residents: dict[int, list[int]] = {}
        for grant in tables[RoleGrant.__table__]:
            if grant["role"] is Role.RESIDENT and grant["user_id"] > scale.bench_accounts:
                residents.setdefault(grant["community_id"], []).append(grant["user_id"])
        found += catalogue_rows(tables[Department.__table__])
        found += case_rows(scale.cases, scale.departments, scale.communities, residents, now, rng)
    if scale.ideas:
        tables = dict(city)
        first = [g["user_id"] for g in tables[RoleGrant.__table__] if g["role"] is Role.RESIDENT
                 and g["community_id"] == 1 and g["user_id"] > scale.bench_accounts]
        found += event_rows(scale.ideas, scale.votes, scale.signup_events, first, team_id=1, now=now, rng=rng)
    if scale.hotspot_cases:
        tables = dict(city)
        residents = {}
        for grant in tables[RoleGrant.__table__]:
            if grant["role"] is Role.RESIDENT and grant["user_id"] > scale.bench_accounts:
                residents.setdefault(grant["community_id"], []).append(grant["user_id"])
        found += catalogue_rows(tables[Department.__table__])
        found += hotspot_case_rows(scale.hotspot_cases, scale.communities, residents, now, rng)
    if scale.elders:
        found += elder_rows(scale.elders, scale.visits, scale.communities, scale.teams_per_community,
                            now, rng)
    return found


def grant_row(user_id: int, role: Role, community_id: int, now: Any) -> dict[str, Any]:
    return {"user_id": user_id, "role": role, "community_id": community_id,
            "department_id": None, "created_at": now}


def membership_row(team_id: int, user_id: int, status: MembershipStatus, now: Any) -> dict[str, Any]:
    active = status is MembershipStatus.ACTIVE
    return {"team_id": team_id, "user_id": user_id, "status": status, "requested_at": now,
            "decided_at": now if active else None, "decided_by_id": None}


def community_name(n: int) -> str:
    first = NAME_FIRST[(n - 1) % len(NAME_FIRST)]
    second = NAME_SECOND[(n - 1) // len(NAME_FIRST) % len(NAME_SECOND)]
    return f"{first}{second}社区"


def chinese_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])


def table_counts(url: str, tables: Sequence[str]) -> dict[str, int]:
    """Row counts, for the run's summary line."""
    engine = sa.create_engine(url, connect_args=connect_args(url))
    try:
        with engine.connect() as conn:
            return {name: conn.scalar(sa.text(f"SELECT count(*) FROM {name}")) or 0 for name in tables}
    finally:
        engine.dispose()
