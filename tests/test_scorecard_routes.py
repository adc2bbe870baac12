"""The public scorecard page and its CSV download, on a hand-built week (see test_scorecard.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from community.models import Department
from extensions import db
from petitions.models import Assignment, AssignmentKind, Rating
from petitions.scorecard import freeze
from tests import petition_factories as pf

# 2026-W47 runs from Monday 16 November 00:00 Shanghai time (15 November 16:00 UTC).
MON = datetime(2026, 11, 15, 16, 0, tzinfo=UTC)
EN = {"Accept-Language": "en"}
NAUGHTY = '=HYPERLINK("x")'


def at(days: float, hours: float = 0) -> datetime:
    return MON + timedelta(days=days, hours=hours)


@pytest.fixture
def published(app):
    """W46 and W47 frozen, one case received in W48 so far.

    The clock stays stopped 6 minutes into W48 for the whole test, so "this week so far" is W48.
    """
    with time_machine.travel(at(7, 0.1), tick=False):
        with app.test_request_context():
            hub = pf.make_hub()
            naughty = Department(name=NAUGHTY)
            db.session.add(naughty)
            case = pf.case_in(hub, pf.CaseStatus.SUBMITTED)
            db.session.flush()
            dep, other = hub.department.id, hub.other_department.id

            def assign(department_id, assigned, accepted=None, returned=None, resolved=None, deadline=None,
                       rating=None, rated=None, kind=AssignmentKind.FIRST):
                db.session.add(Assignment(
                    case_id=case.id, department_id=department_id, kind=kind, assigned_at=assigned,
                    accept_due_at=assigned + timedelta(days=1), accepted_at=accepted, returned_at=returned,
                    resolved_at=resolved, deadline_at=deadline or assigned + timedelta(days=5),
                    rating=rating, rated_at=rated))

            assign(dep, at(0, 2), accepted=at(0, 5), resolved=at(2), rating=Rating.SATISFIED, rated=at(3))
            assign(dep, at(1), accepted=at(3))
            assign(dep, at(2), returned=at(2, 3))
            assign(dep, at(3), accepted=at(3, 1), resolved=at(6), deadline=at(5), rating=Rating.UNSATISFIED,
                   rated=at(6, 5))
            assign(dep, at(4), accepted=at(4), kind=AssignmentKind.REOPENED)
            assign(dep, at(-6), accepted=at(-6), resolved=at(1), deadline=at(2),
                   rating=Rating.BASICALLY_SATISFIED, rated=at(1, 1))
            assign(dep, at(-20), accepted=at(-20), deadline=at(-10))
            assign(other, at(5), accepted=at(5, 1), resolved=at(5, 2))
            assign(naughty.id, at(7, 0.05))  # this week, not yet taken up
            db.session.flush()
            freeze("2026-W46", as_of=at(0, 0.1))
            freeze("2026-W47", as_of=at(7, 0.1))
            db.session.commit()
            names = {"a": hub.department.name, "b": hub.other_department.name}
        yield names


def table(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start:html.index("</table>", start)]


def row(section: str, department: str) -> list[str]:
    """The cells of a department's row, as text."""
    tr = section[re.search(rf'<th scope="row"[^>]*>{re.escape(department)}</th>', section).start():]
    tr = tr[:tr.index("</tr>")]
    return [re.sub(r"<[^>]+>", " ", cell).split()[0] if re.sub(r"<[^>]+>", "", cell).strip() else ""
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]


def test_the_latest_frozen_week_with_rates_and_grades(client, published):
    response = client.get("/petitions/scorecard", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    frozen = table(html, "frozen-ranking")
    # received, acceptance, on-time, satisfaction, returns, overdue now, grade
    assert row(frozen, published["a"]) == ["4", "50.0%", "50.0%", "66.7%", "1", "2", "Failing"]
    assert row(frozen, published["b"]) == ["1", "100.0%", "100.0%", "—", "0", "0", "—"]
    assert 'class="badge text-bg-danger">Failing' in frozen
    assert "Week 47 of 2026" in html and "Nov 16 – Nov 22" in html
    assert frozen.index(published["a"]) < frozen.index(published["b"])  # ranked
    chinese = client.get("/petitions/scorecard").get_data(as_text=True)
    assert "2026年第47周" in chinese and "2026年第47周排名" in chinese and "2026年第48周" in chinese


def test_this_week_so_far_is_live_and_labelled_not_final(client, published):
    html = client.get("/petitions/scorecard", headers=EN).get_data(as_text=True)
    assert "This week so far" in html and "Not final" in html and "Week 48 of 2026, Nov 23 – Nov 29" in html
    live = table(html, "live-ranking")
    # Received, not taken up yet, its day not over: no figure yet (not a failure).
    assert row(live, "=HYPERLINK(&#34;x&#34;)")[:4] == ["1", "—", "—", "—"]
    assert row(live, published["a"])[:4] == ["0", "—", "—", "—"]


def test_chinese_page_and_definitions(client, published):
    html = client.get("/petitions/scorecard", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "66.7%" in html and "不合格" in html and "满意度" in html and "受理率" in html


def test_the_chart_data_is_oldest_first_with_gaps_and_a_table(client, published):
    html = client.get("/petitions/scorecard", headers=EN).get_data(as_text=True)
    raw = re.search(r'<script type="application/json" id="scorecard-chart-data">(.*?)</script>', html, re.S)
    data = json.loads(raw.group(1))
    assert data["weeks"] == ["2026-W46", "2026-W47"]
    series = {s["department"]: s["rates"] for s in data["series"]}
    assert series[published["a"]] == [None, 66.7]
    assert series[NAUGHTY] == [None, None]
    assert "<" not in raw.group(1)  # the JSON cannot close the script element
    assert "chart.js-4.6.1/chart.umd.min.js" in html and "scorecard.js" in html
    assert 'id="scorecard-chart-table" open' in html


def test_the_tables_scroll_in_a_box_that_keeps_the_department_in_view(client, published):
    html = client.get("/petitions/scorecard", headers=EN).get_data(as_text=True)
    boxes = re.findall(r'<div class="table-responsive[^"]*">\s*<table.*?</table>', html, re.S)
    assert len(boxes) == 3  # the two rankings and the chart's figures
    for box in boxes:
        assert "scroll-shadow" in box  # a shadow at the edge while columns lie beyond
        assert re.search(rf'<th scope="row" class="stay[^"]*">{published["a"]}</th>', box)
    assert html.count("Swipe the table sideways to see every column.") == 3


def test_an_older_week_can_be_chosen(client, published):
    html = client.get("/petitions/scorecard?week=2026-W46", headers=EN).get_data(as_text=True)
    assert "Week 46 of 2026" in html
    assert 'aria-current="page">Week 46 of 2026' in html
    assert row(table(html, "frozen-ranking"), published["a"])[0] == "1"


@pytest.mark.parametrize("week", ["2026-W45", "2026-W49", "2027-W01"])
def test_an_unpublished_week_is_not_found_and_says_so(client, published, week):
    response = client.get(f"/petitions/scorecard?week={week}", headers=EN)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and f"The scorecard of {week} has not been published." in html


@pytest.mark.parametrize("week", ["2026-W99", "bogus", "abc", "2026-47", "2026-W47<script>", "2026-W47%0A",
                                  "0001-W01", "9999-W52"])
def test_a_malformed_week_is_a_bad_request_that_says_what_a_week_looks_like(client, published, week):
    response = client.get(f"/petitions/scorecard?week={week}", headers=EN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The week must be an ISO week such as 2026-W47." in html


def test_the_week_in_progress_shows_the_page_and_its_figures_so_far(client, published):
    response = client.get("/petitions/scorecard?week=2026-W48", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This week&#39;s scorecard is published on Monday; below is the week so far." in html
    assert "Week 47 of 2026" in html  # the latest published week, as without a week
    assert row(table(html, "live-ranking"), "=HYPERLINK(&#34;x&#34;)")[0] == "1"


def test_before_any_week_is_published(client, app):
    response = client.get("/petitions/scorecard", headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No week has been published yet" in html and "This week so far" in html
    assert "chart.umd.min.js" not in html


def parse_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_of_a_frozen_week(client, app, published):
    response = client.get("/petitions/scorecard.csv?week=2026-W47")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=scorecard-2026-W47.csv"
    header, *rows = parse_csv(response)
    assert header == ["week", "rank", "department", "received", "acceptance_due", "accepted_in_time",
                      "acceptance_rate", "resolved", "completion_due", "resolved_on_time", "on_time_rate",
                      "rated", "satisfied",
                      "basically_satisfied", "unsatisfied", "satisfaction_rate", "returns", "overdue_now",
                      "grade"]
    with app.app_context():
        assert len(rows) == db.session.scalar(select(func.count()).select_from(Department)) == 3
    by_name = {r[2]: r for r in rows}
    assert by_name[published["a"]] == ["2026-W47", "1", published["a"], "4", "4", "2", "0.5", "3", "4", "2",
                                       "0.5", "3", "1", "1", "1", "0.6667", "1", "2", "failing"]
    assert by_name[published["b"]][15] == "" and by_name[published["b"]][18] == ""  # no data is no figure
    assert "'" + NAUGHTY in by_name  # a formula is written as text


def test_csv_of_the_week_so_far(client, published):
    response = client.get("/petitions/scorecard.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=scorecard-2026-W48-so-far.csv"
    _header, *rows = parse_csv(response)
    assert {r[0] for r in rows} == {"2026-W48"} and len(rows) == 3
    naughty = next(r for r in rows if r[2] == "'" + NAUGHTY)
    # received 1; its taking up not settled yet: nothing counted, no rate
    assert naughty[3:7] == ["1", "0", "0", ""]


def test_csv_of_the_current_week_named_is_the_week_so_far(client, published):
    # Frozen only next Monday: asked for by name, the current week is downloaded as it stands.
    named = client.get("/petitions/scorecard.csv?week=2026-W48")
    assert named.status_code == 200
    assert named.headers["Content-Disposition"] == "attachment; filename=scorecard-2026-W48-so-far.csv"
    assert parse_csv(named) == parse_csv(client.get("/petitions/scorecard.csv"))


@pytest.mark.parametrize(("week", "status"), [("bogus", 400), ("2026-W99", 400), ("2026-W47;drop", 400),
                                              ("2026-W45", 404)])
def test_csv_refuses_bad_and_unpublished_weeks(client, published, week, status):
    response = client.get(f"/petitions/scorecard.csv?week={week}")
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]["code"] == status


def test_the_downloads_json_errors_are_readable_utf8(client, published):
    response = client.get("/petitions/scorecard.csv?week=2026-W45", headers={"Accept-Language": "zh"})
    assert response.status_code == 404
    message = "2026-W45的公示尚未发布。"
    assert message.encode() in response.data and b"\\u" not in response.data
    assert response.get_json()["error"]["message"] == message
