"""The public weekly scorecard (公示): the ranking of departments, its history, and a CSV download."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from flask import Response, jsonify, render_template, request
from flask_babel import format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from community.csvsafe import to_csv
from community.errorpages import render_error
from petitions import bp
from petitions import scorecard as scores

if TYPE_CHECKING:
    from petitions.scorecard import Figures

WEEK_RE = re.compile(r"\d{4}-W\d{2}")
PICKER_WEEKS = 52
CHART_WEEKS = 12
GRADES = {  # code → (label, Bootstrap colour)
    "good": (_l("Good"), "success"),
    "fair": (_l("Fair"), "warning"),
    "failing": (_l("Failing"), "danger"),
}
CSV_HEADER = ("week", "rank", "department", "received", "acceptance_due", "accepted_in_time",
              "acceptance_rate", "resolved", "completion_due", "resolved_on_time", "on_time_rate", "rated",
              "satisfied", "basically_satisfied", "unsatisfied", "satisfaction_rate", "returns",
              "overdue_now", "grade")



def valid_week(week: str) -> bool:
    """Whether `week` is an ISO week such as 2026-W47 that exists."""
    if not WEEK_RE.fullmatch(week):
        return False
    try:
        scores.week_bounds(week)
    except ValueError:
        return False
    return True


def percent(rate: float | None) -> str:
    """A rate as a percentage with one decimal; "—" when there is nothing to divide by."""
    if rate is None:
        return "—"
    return format_percent(rate, "#,##0.0%")


def week_name(week: str) -> str:
    """An ISO week ("2026-W47") as people say it: "Week 47 of 2026", "2026年第47周"."""
    year, number = week.split("-W")
    return _("Week %(number)d of %(year)d", number=int(number), year=int(year))


def week_dates(week: str) -> str:
    """Monday to Sunday of `week`, in the reader's language (16 Nov – 22 Nov)."""
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    locale = get_locale()
    return (f"{format_skeleton('MMMd', monday, locale=locale)} – "
            f"{format_skeleton('MMMd', monday + timedelta(days=6), locale=locale)}")


def chart_data(weeks: list[str]) -> dict:
    """Satisfaction rates in percent for the chart and its table: weeks oldest first, one series each."""
    history = scores.history(weeks)
    return {
        "weeks": weeks,
        "label": str(_l("Satisfaction rate (%)")),
        "series": [{"department": name,
                    "rates": [None if by_week.get(w) is None else round(by_week[w] * 100, 1) for w in weeks]}
                   for name, by_week in sorted(history.items())],
    }


@bp.get("/scorecard")
def scorecard_page():  # type: ignore[no-untyped-def]
    weeks = scores.frozen_weeks(PICKER_WEEKS)
    live_week = scores.current_week()
    asked = request.args.get("week", "")
    if asked and not valid_week(asked):
        return render_error(400, _("The week must be an ISO week such as 2026-W47."))
    notice = ""
    if asked == live_week:  # frozen only on Monday: the page's live part is that week
        notice, asked = _("This week's scorecard is published on Monday; below is the week so far."), ""
    week = asked or (weeks[0] if weeks else "")
    figures: list[Figures] = scores.frozen(week) if week else []
    if week and not figures:
        return render_error(404, _("The scorecard of %(week)s has not been published.", week=week))
    chart_weeks = list(reversed(weeks[:CHART_WEEKS]))
    return render_template(
        "petitions/scorecard.html", week=week, figures=figures, weeks=weeks, live_week=live_week,
        live=scores.compute(live_week), chart=chart_data(chart_weeks), grades=GRADES,
        percent=percent, week_dates=week_dates, week_name=week_name, notice=notice,
    )


def _csv_error(code: int, message: str):  # type: ignore[no-untyped-def]
    """Errors of the download are for scripts as much as people: short JSON, like the API's."""
    return jsonify({"error": {"code": code, "message": message}}), code


@bp.get("/scorecard.csv")
def scorecard_csv():  # type: ignore[no-untyped-def]
    week = request.args.get("week", "")
    if week == scores.current_week():  # not frozen before Monday: the week so far, as without `week`
        week = ""
    if week:
        if not valid_week(week):
            return _csv_error(400, _("The week must be an ISO week such as 2026-W47."))
        figures = scores.frozen(week)
        if not figures:
            return _csv_error(404, _("The scorecard of %(week)s has not been published.", week=week))
        filename = f"scorecard-{week}.csv"
    else:
        week = scores.current_week()
        figures = scores.compute(week)
        filename = f"scorecard-{week}-so-far.csv"

    def rate(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    rows = [(week, f.rank, f.department, f.received, f.acceptance_due, f.accepted_in_time,
             rate(f.acceptance_rate), f.resolved, f.completion_due, f.resolved_on_time, rate(f.on_time_rate),
             f.rated, f.satisfied, f.basically_satisfied, f.unsatisfied, rate(f.satisfaction_rate), f.returns,
             f.overdue_now, f.grade) for f in figures]
    return Response(to_csv(CSV_HEADER, rows), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
