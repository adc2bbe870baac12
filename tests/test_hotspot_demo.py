"""`flask demo-data` shows a surging hotspot and common problems, one answered in every case's timeline."""

from __future__ import annotations

from sqlalchemy import select

from extensions import db
from petitions.hotspots.models import CaseAnalysis, CommonProblem, CommonProblemCase, Hotspot, ProblemStatus
from petitions.models import Case, CaseStep


def test_demo_data_has_a_visible_hotspot_and_common_problems(runner, app, client, auth) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "Hotspots:" in result.output
    with app.app_context():
        assert db.session.scalar(select(Case.id).outerjoin(CaseAnalysis, CaseAnalysis.case_id == Case.id)
                                 .where(CaseAnalysis.case_id.is_(None))) is None  # every case analysed
        surge = db.session.scalar(select(Hotspot).where(Hotspot.surge))
        assert surge.category.name == "幼儿园入园" and surge.cases_7d >= 12 and surge.ratio >= 5
        declared = {p.title: p for p in db.session.scalars(select(CommonProblem))}
        assert declared["幼儿园入园难"].status == ProblemStatus.OPEN
        lifts = declared["老旧小区加装电梯难"]
        assert lifts.status == ProblemStatus.ANSWERED
        linked = db.session.scalars(select(CommonProblemCase.case_id)
                                    .where(CommonProblemCase.problem_id == lifts.id))
        for case_id in linked:
            notes = db.session.scalars(select(CaseStep.note).where(CaseStep.case_id == case_id,
                                                                   CaseStep.action == "reply"))
            assert any(note.startswith("【老旧小区加装电梯难】") for note in notes)
    auth.login("supervisor@linli.demo", app.config["DEMO_PASSWORD"])
    html = client.get("/petitions/hotspots").get_data(as_text=True)
    assert "幼儿园入园 · 幼儿园" in html and 'data-testid="surges"' in html
