"""Service hours by local month and year, team totals, the monthly report and its CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from community.timeutil import utcnow
from extensions import db
from tests import volunteer_factories as vf
from volunteers import concerns, hours, visits
from volunteers.localdays import local_date
from volunteers.models import Outcome, Severity

# 2026-10-31 23:30 Shanghai is still October; 2026-11-01 00:30 is November.
OCT_31_2330 = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)
NOV_01_0030 = datetime(2026, 10, 31, 16, 30, tzinfo=UTC)


@pytest.fixture
def care(app_ctx):
    with time_machine.travel(OCT_31_2330 - timedelta(days=20), tick=False):
        return vf.make_care()


def log(care, when, minutes, outcome=Outcome.MET, who=None):  # type: ignore[no-untyped-def]
    with time_machine.travel(when + timedelta(minutes=1), tick=False):
        return visits.log_visit(care.team_member, care.elder, vf.report(
            when, outcome=outcome, minutes=minutes, volunteer_ids=who or [care.team_member.id]))


def test_hours_fall_in_the_local_month(care):
    log(care, OCT_31_2330, 60)
    log(care, NOV_01_0030, 30, who=[care.team_member.id, care.assigned_volunteer.id])
    log(care, NOV_01_0030 + timedelta(days=2), 10, Outcome.NO_ANSWER)
    months = hours.hours_by_month(care.team_member.id, 2026)
    assert (months[10].visits, months[10].minutes) == (1, 60)
    assert (months[11].visits, months[11].attempts, months[11].minutes) == (1, 1, 40)
    total = hours.year_total(months)
    assert (total.visits, total.attempts, total.minutes, total.hours) == (2, 1, 100, 1.7)
    assert hours.year_total(hours.hours_by_month(care.assigned_volunteer.id, 2026)).minutes == 30
    assert hours.elders_visited(care.team_member.id, 2026) == 1
    assert hours.year_total(hours.hours_by_month(care.team_member.id, 2025)).minutes == 0


def test_team_totals_count_their_members(care):
    log(care, OCT_31_2330, 60, who=[care.team_member.id, care.team_leader.id])
    totals = dict((team.name, tally) for team, tally in hours.team_totals(care.community.id, 2026))
    assert totals["退休工人守望团"].minutes == 120 and totals["退休工人守望团"].visits == 2
    assert totals["爱心义工队"].minutes == 0


def test_the_monthly_report(care):
    log(care, OCT_31_2330, 60)
    log(care, NOV_01_0030, 30)
    log(care, NOV_01_0030 + timedelta(days=1), 10, Outcome.NO_ANSWER)
    with time_machine.travel(NOV_01_0030 + timedelta(days=2), tick=False):
        raised = concerns.raise_concern(care.team_member, care.elder, Severity.NOTE, "想学书法")
        concerns.resolve(care.secretary, raised, "已报名")
    report = hours.monthly_report(care.community.id, 2026, 11)
    assert (report.visits, report.attempts, report.minutes) == (1, 1, 40)
    assert (report.elders_active, report.elders_covered) == (1, 1)
    assert (report.concerns_raised, report.concerns_resolved) == (1, 1)
    [line] = report.volunteers
    assert (line.name, line.visits, line.attempts, line.minutes, line.elders) == ("member", 1, 1, 40, 1)
    october = hours.monthly_report(care.community.id, 2026, 10)
    assert (october.visits, october.minutes, october.concerns_raised) == (1, 60, 0)


def test_the_report_is_empty_for_a_quiet_month(care):
    report = hours.monthly_report(care.community.id, 2026, 1)
    assert (report.visits, report.elders_covered, report.volunteers) == (0, 0, [])
    assert utcnow()  # the clock is untouched


def test_the_csv_cannot_start_a_formula(client, auth, app):
    """A volunteer named like a formula comes out as text."""
    with app.app_context():
        care = vf.make_care()
        care.team_member.display_name = "=HYPERLINK(\"http://evil\")"
        care.secretary.locale = "en"
        visits.log_visit(care.team_member, care.elder, vf.report())
        db.session.commit()
        login, community_id = care.secretary.email, care.community.id
    auth.login(login)
    month = local_date(utcnow() - timedelta(hours=1)).strftime("%Y-%m")
    response = client.get(f"/volunteers/report.csv?community={community_id}&month={month}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f"-{month}.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["month", "volunteer", "visits", "attempts", "hours", "elders_visited"]
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")"
    assert rows[-1] == [month, "Total", "1", "0", "0.5", "1"]
