"""Measures the hotspot analysis on the labelled cases of `hotspot_cases.json`.

The cases are filed through the real intake (so their keywords are stored as in production), dated
as labelled, and one refresh runs. Then: the near-duplicate pairs found against the planted ones
(recall, and the share of false pairs), the surging hotspots against the planted surge, and how pure
the hotspots are (the share of each hotspot's cases that belong to its main labelled group).

`python -m tests.data.hotspot_report` prints the figures (on a throwaway SQLite database).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from community.models import Community, Role, RoleGrant, User
from community.timeutil import utcnow
from extensions import db
from petitions import intake
from petitions.hotspots.models import CaseAnalysis, CaseDuplicate, Hotspot
from petitions.hotspots.problems import members_query
from petitions.hotspots.refresh import refresh
from petitions.models import CaseType, Category

DATA = Path(__file__).with_name("hotspot_cases.json")
PLANTED_SURGE = ("water", "望江社区")


@dataclass
class Quality:
    cases: int
    planted_pairs: int
    found_pairs: int
    true_pairs: int
    surging: list[tuple[str, int, float, str]]  # (hotspot, cases in 7 days, ratio, main labelled group)
    purity: float
    hotspots: int

    @property
    def recall(self) -> float:
        return self.true_pairs / self.planted_pairs

    @property
    def precision(self) -> float:
        return self.true_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def false_share(self) -> float:
        return 1 - self.precision

    def lines(self) -> list[str]:
        return [
            f"{self.cases} labelled cases, {self.hotspots} hotspots, purity {self.purity:.1%}",
            f"near-duplicate pairs: {self.planted_pairs} planted, {self.found_pairs} found, "
            f"{self.true_pairs} of them planted: recall {self.recall:.1%}, precision {self.precision:.1%} "
            f"(false pairs {self.false_share:.1%})",
            *(f"surge: {name}: {week} cases, {ratio:g}× the usual week (labelled {group})"
              for name, week, ratio, group in self.surging),
        ]


def load_cases() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def file_all(cases: list[dict]) -> dict[int, dict]:
    """File every labelled case as a resident of its community; returns the labels by case id."""
    now, labels = utcnow(), {}
    communities, residents, categories = {}, {}, {}
    for n, name in enumerate(sorted({c["community"] for c in cases})):
        community = Community(slug=f"label-{n}", name=name, district="江岸区", street=f"街道{n % 2}")
        resident = User(display_name=f"居民{n}", email=f"label{n}@quality.test", password_hash="x")
        resident.grants.append(RoleGrant(role=Role.RESIDENT, community=community))
        db.session.add_all([community, resident])
        communities[name], residents[name] = community, resident
    for name in sorted({c["category"] for c in cases}):
        categories[name] = Category(name=f"{name}·评测", name_en=name)
        db.session.add(categories[name])
    db.session.flush()
    for label in cases:
        draft = intake.CaseDraft(type=CaseType.COMPLAINT, category_id=categories[label["category"]].id,
                                 title=label["title"] or "诉求",
                                 description=label["description"].strip() or "无",
                                 community_id=communities[label["community"]].id)
        case = intake.file_case(draft, residents[label["community"]])
        case.created_at = now - timedelta(days=label["days_ago"])
        labels[case.id] = label
    db.session.flush()
    return labels


def measure(labels: dict[int, dict]) -> Quality:
    refresh()
    ids = {label["id"]: case_id for case_id, label in labels.items()}
    planted = {(ids[label["id"]], ids[label["duplicate_of"]]) for label in labels.values()
               if label["duplicate_of"]}
    found = set(db.session.execute(select(CaseDuplicate.case_id, CaseDuplicate.duplicate_of_id)
                                   .where(CaseDuplicate.case_id.in_(list(labels)))).tuples())
    members: dict[int, Counter] = {}
    for case_id, hotspot_id in db.session.execute(select(CaseAnalysis.case_id, CaseAnalysis.hotspot_id)
                                                  .where(CaseAnalysis.case_id.in_(list(labels)))):
        if hotspot_id is not None:
            members.setdefault(hotspot_id, Counter())[labels[case_id]["group"]] += 1
    grouped = sum(c.total() for c in members.values())
    purity = sum(c.most_common(1)[0][1] for c in members.values()) / grouped if grouped else 0.0
    surging = []  # of the city or of one community
    for hotspot in db.session.scalars(select(Hotspot).where(Hotspot.surge)):
        cases = db.session.scalars(members_query(hotspot)).all()
        if cases and all(case_id in labels for case_id in cases):
            main = Counter(labels[case_id]["group"] for case_id in cases).most_common(1)[0][0]
            surging.append((hotspot.name, hotspot.cases_7d, hotspot.ratio, main))
    return Quality(cases=len(labels), planted_pairs=len(planted), found_pairs=len(found),
                   true_pairs=len(found & planted), surging=surging, purity=purity, hotspots=len(members))


def main() -> None:
    import flask_migrate

    from app import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "LINLI_ENV": "test", "SECRET_KEY": "report",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/report.sqlite3",
                          "UPLOAD_FOLDER": folder, "SCHEDULER_MODE": "off"})
        with app.app_context():
            flask_migrate.upgrade()
            quality = measure(file_all(load_cases()))
            print("\n".join(quality.lines()))
            db.engine.dispose()


if __name__ == "__main__":
    main()
