"""The migrations build the models' schema; the catalogs translate every string; the demo loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from community.models import Community, Role, RoleGrant, Team, TeamCategory, User
from extensions import db

ROOT = Path(__file__).resolve().parent.parent
FOREIGN_TABLES = {"apscheduler_jobs", "alembic_version"}


def test_migrations_give_exactly_the_models_schema(app):
    """The session's database was built by `flask db upgrade` from empty (see conftest)."""
    with app.app_context():
        # The test's own connection: a second one would wait for the test transaction's lock.
        context = MigrationContext.configure(db.session.connection(), opts={"compare_type": True})
        diff = [d for d in compare_metadata(context, db.metadata)
                if not (d[0] == "remove_table" and d[1].name in FOREIGN_TABLES)]
    assert diff == []


def catalog(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def test_every_string_has_a_chinese_translation():
    untranslated = [m.id for m in catalog("zh") if m.id and (not m.string or m.fuzzy or (
        isinstance(m.string, tuple) and not all(m.string)))]
    assert untranslated == []


def test_the_catalog_holds_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", "."],
                   cwd=ROOT, check=True)
    with open(pot, "rb") as f:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog("zh") if m.id}
    assert in_code - in_catalog == set(), "run `make messages` and translate the new strings"


def test_demo_data_creates_every_role_and_runs_once(runner, app):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "linli-demo-2026" in result.output
    with app.app_context():
        roles = set(db.session.scalars(select(RoleGrant.role).distinct()))
        assert roles == set(Role)
        assert db.session.scalar(select(func.count()).select_from(Community)) >= 2
        categories = set(db.session.scalars(select(Team.category).distinct()))
        assert categories == set(TeamCategory)
        admin = db.session.scalar(select(User).where(User.email == "admin@linli.demo"))
        assert admin.is_admin
    again = runner.invoke(args=["demo-data"])
    assert "nothing added" in again.output
