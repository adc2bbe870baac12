"""The weekly scorecard on a hand-built week whose figures were worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from community.csvsafe import safe_cell, to_csv
from extensions import db
from petitions import scorecard
from petitions.models import Assignment, AssignmentKind, Rating
from tests import petition_factories as pf

# ISO week 2026-W47 runs Monday 16 November 00:00 to Monday 23 November 00:00, Shanghai time,
# that is 15 November 16:00 UTC to 22 November 16:00 UTC.
MON = datetime(2026, 11, 15, 16, 0, tzinfo=UTC)


def at(days: float, hours: float = 0) -> datetime:
    return MON + timedelta(days=days, hours=hours)


@pytest.fixture
def week(app_ctx):
    hub = pf.make_hub()
    case = pf.case_in(hub, pf.CaseStatus.SUBMITTED)
    dep, other = hub.department.id, hub.other_department.id

    def assignment(department_id, assigned, accepted=None, returned=None, resolved=None, deadline=None,
                   rating=None, rated=None, kind=AssignmentKind.FIRST, accept_due=None):
        row = Assignment(case_id=case.id, department_id=department_id, kind=kind, assigned_at=assigned,
                         accept_due_at=accept_due or assigned + timedelta(days=1), accepted_at=accepted,
                         returned_at=returned, resolved_at=resolved,
                         deadline_at=deadline or assigned + timedelta(days=5), rating=rating, rated_at=rated)
        db.session.add(row)
        return row

    # Department A (hub.department): 4 received this week.
    assignment(dep, at(0, 2), accepted=at(0, 5), resolved=at(2), rating=Rating.SATISFIED, rated=at(3))
    assignment(dep, at(1), accepted=at(3))                                 # accepted late
    assignment(dep, at(2), returned=at(2, 3))                              # returned
    assignment(dep, at(3), accepted=at(3, 1), resolved=at(6), deadline=at(5),  # resolved late
               rating=Rating.UNSATISFIED, rated=at(6, 5))
    assignment(dep, at(4), accepted=at(4), kind=AssignmentKind.REOPENED)    # not counted as received
    # Resolved this week but assigned the week before, on time, rated basically satisfied.
    assignment(dep, at(-6), accepted=at(-6), resolved=at(1), deadline=at(2),
               rating=Rating.BASICALLY_SATISFIED, rated=at(1, 1))
    # An open case past its deadline, assigned long ago.
    assignment(dep, at(-20), accepted=at(-20), deadline=at(-10))
    # Next week: ignored.
    assignment(dep, at(7, 1), accepted=at(7, 2), resolved=at(7, 3), rating=Rating.SATISFIED, rated=at(7, 4))
    # Department B: one received, taken up in time, resolved on time, not rated.
    assignment(other, at(5), accepted=at(5, 1), resolved=at(5, 2))
    db.session.flush()
    hub.add_assignment = assignment
    return hub


def test_figures_of_a_hand_built_week(week):
    with time_machine.travel(at(7, 0.1), tick=False):
        rows = {f.department: f for f in scorecard.compute("2026-W47")}
    a = rows[week.department.name]
    # Taking up settled this week: the four received (in time, late, returned, in time).
    assert (a.received, a.acceptance_due, a.accepted_in_time, a.returns) == (4, 4, 2, 1)
    assert a.acceptance_rate == 0.5
    # Completion settled this week: two resolved in time (days 1 and 2), one resolved after its deadline
    # (day 5), one still open past its deadline (day 6); the reopening is due on day 9.
    assert (a.resolved, a.completion_due, a.resolved_on_time) == (3, 4, 2)
    assert a.on_time_rate == 0.5
    assert (a.rated, a.satisfied, a.basically_satisfied, a.unsatisfied) == (3, 1, 1, 1)
    assert a.satisfaction_rate == pytest.approx(2 / 3)
    assert a.overdue_now == 2  # the late-accepted one (due day 6) and the old one
    assert a.grade == "failing"  # 66.7 % < 75 %
    b = rows[week.other_department.name]
    assert (b.received, b.accepted_in_time, b.resolved, b.resolved_on_time, b.rated) == (1, 1, 1, 1, 0)
    assert (b.acceptance_due, b.completion_due) == (1, 1)
    assert b.satisfaction_rate is None and b.grade == ""
    assert a.rank == 1 and b.rank == 2  # rated departments rank before unrated ones


def test_a_case_counts_where_its_limit_ends_not_against_the_week_it_came_in(week):
    """Assigned on Friday evening, due to be taken up by Monday night: not settled when the week is
    frozen, so not a failure of that week; taken up on Monday morning, it counts in time the week after."""
    friday_evening, monday_night = at(4, 17), at(7, 23.9)
    late_week = week.add_assignment(week.other_department.id, friday_evening, accept_due=monday_night,
                                    accepted=at(7, 9), deadline=at(11))
    db.session.flush()
    with time_machine.travel(at(7, 0.1), tick=False):
        scorecard.freeze("2026-W47")
    b = {f.department: f for f in scorecard.frozen("2026-W47")}[week.other_department.name]
    assert (b.received, b.acceptance_due, b.accepted_in_time) == (2, 1, 1)
    with time_machine.travel(at(8), tick=False):
        w48 = {f.department: f for f in scorecard.compute("2026-W48")}[week.other_department.name]
    assert (w48.received, w48.acceptance_due, w48.accepted_in_time) == (0, 1, 1)
    # Left open past its deadline (day 11), it lowers the on-time rate of W48 without being resolved.
    late_week.accepted_at = None
    with time_machine.travel(at(12), tick=False):
        w48 = {f.department: f for f in scorecard.compute("2026-W48")}[week.other_department.name]
    settled = (w48.acceptance_due, w48.accepted_in_time, w48.completion_due, w48.resolved_on_time)
    assert settled == (1, 0, 1, 0)
    assert w48.on_time_rate == 0.0


def test_freezing_is_idempotent_and_kept(week):
    with time_machine.travel(at(7, 0.1), tick=False):
        assert scorecard.freeze_previous_week() == 2
        assert scorecard.freeze_previous_week() == 0
    rows = {f.department: f for f in scorecard.frozen("2026-W47")}
    assert rows[week.department.name].received == 4
    assert rows[week.department.name].satisfaction_rate == pytest.approx(2 / 3)
    assert scorecard.frozen_weeks() == ["2026-W47"]
    assert scorecard.history(["2026-W47"])[week.department.name]["2026-W47"] == pytest.approx(2 / 3)


def test_a_late_run_makes_up_the_weeks_it_missed_as_of_their_mondays(week):
    with time_machine.travel(at(0, 0.1), tick=False):
        departments = scorecard.freeze_previous_week()  # W46, punctually: a row per department
    # The scheduler was stopped over W48's Monday: the run on W49's Tuesday freezes W47 and W48.
    with time_machine.travel(at(15, 9), tick=False):
        written = scorecard.freeze_previous_week()
        assert scorecard.freeze_previous_week() == 0
    assert departments and written == 2 * departments
    assert scorecard.frozen_weeks() == ["2026-W48", "2026-W47", "2026-W46"]
    a = {f.department: f for f in scorecard.frozen("2026-W47")}[week.department.name]
    assert a.overdue_now == 2  # as on Monday 00:05 after W47, not as on the day it was frozen
    assert (a.received, a.acceptance_due, a.completion_due) == (4, 4, 4)


def test_week_bounds_are_monday_midnight_in_shanghai():
    start, end = scorecard.week_bounds("2026-W47")
    assert start == MON and end == MON + timedelta(days=7)
    assert scorecard.iso_week(datetime(2026, 11, 22).date()) == "2026-W47"
    with pytest.raises(ValueError):
        scorecard.week_bounds("2026-47")


def test_csv_cells_cannot_start_a_formula():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("+1") == "'+1" and safe_cell("@SUM") == "'@SUM" and safe_cell("-2+3") == "'-2+3"
    assert safe_cell(-3) == "-3" and safe_cell(0.5) == "0.5" and safe_cell(None) == ""
    text = to_csv(["部门", "rate"], [["=cmd|' /C calc'!A0", 0.5]])
    assert text.startswith("\ufeff") and "'=cmd" in text


def test_a_past_week_counts_what_was_overdue_then(week):
    """Frozen late, a week still counts the cases open and overdue at its end, though resolved since."""
    with time_machine.travel(at(30), tick=False):
        late = {f.department: f for f in scorecard.compute("2026-W47", as_of=at(7))}
        today = {f.department: f for f in scorecard.compute("2026-W47")}
    assert late[week.department.name].overdue_now == 2
    # The case assigned on day 4 (a reopening, due day 9) is overdue by day 30 but not at the week's end.
    assert today[week.department.name].overdue_now == 3
