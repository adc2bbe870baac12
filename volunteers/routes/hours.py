"""Service hours by month and year, the yearly certificate, and the monthly community report."""

from __future__ import annotations

import re

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from community.csvsafe import to_csv
from community.models import Community, Role, User
from community.routes import id_arg
from community.timeutil import to_local, utcnow
from extensions import db
from volunteers import assignments, bp, hours
from volunteers.localdays import year_bounds
from volunteers.routes import ensure_any_role, managed_communities, overseen_communities, pick_community

FIRST_YEAR = 2000
MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
CSV_HEADER = ("month", "volunteer", "visits", "attempts", "hours", "elders_visited")


def _year() -> int:
    this_year = to_local(utcnow()).year
    year = request.args.get("year", type=int) or this_year
    if not FIRST_YEAR <= year <= this_year:
        abort(404)
    return year


def _person() -> tuple[User, list[Community]]:
    """The signed-in user, or with ?user= a volunteer of a community the signed-in secretary keeps."""
    managed = managed_communities(current_user)
    wanted = id_arg("user")
    if wanted is None or wanted == current_user.id:
        ensure_any_role(Role.VOLUNTEER, Role.TEAM_LEADER, Role.SECRETARY)
        return current_user, managed
    person = db.session.get(User, wanted)
    if person is None:
        abort(404)
    theirs = [c for c in managed if person in assignments.candidates(c.id)]
    if not theirs:
        abort(403)
    return person, theirs


@bp.get("/hours")
@login_required
def hours_page():  # type: ignore[no-untyped-def]
    person, managed = _person()
    year = _year()
    months = hours.hours_by_month(person.id, year)
    community = pick_community(managed) if managed and person is current_user else None
    start, end = year_bounds(year)
    return render_template(
        "volunteers/hours.html", person=person, year=year, months=months, total=hours.year_total(months),
        community=community, communities=managed,
        teams=hours.team_totals(community.id, year) if community else [],
        lines=hours.volunteer_lines(community.id, start, end) if community else [])


@bp.get("/hours/certificate")
@login_required
def certificate():  # type: ignore[no-untyped-def]
    person, _communities = _person()
    year = _year()
    total = hours.year_total(hours.hours_by_month(person.id, year))
    community_ids = person.community_ids()
    communities = db.session.scalars(select(Community).where(Community.id.in_(community_ids))
                                     .order_by(Community.name)).all()
    return render_template("volunteers/certificate.html", person=person, year=year, total=total,
                           elders=hours.elders_visited(person.id, year), communities=communities,
                           issued=to_local(utcnow()).date())


def _report_args() -> tuple[Community, int, int]:
    community = pick_community(overseen_communities(current_user))
    here_now = to_local(utcnow())
    match = MONTH_RE.fullmatch(request.args.get("month", ""))
    year, month = (int(match.group(1)), int(match.group(2))) if match else (here_now.year, here_now.month)
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= here_now.year):
        abort(404)
    return community, year, month


@bp.get("/report")
@login_required
def monthly_report():  # type: ignore[no-untyped-def]
    community, year, month = _report_args()
    return render_template("volunteers/report.html", community=community,
                           communities=overseen_communities(current_user),
                           report=hours.monthly_report(community.id, year, month),
                           month=f"{year}-{month:02d}")


@bp.get("/report.csv")
@login_required
def monthly_report_csv():  # type: ignore[no-untyped-def]
    community, year, month = _report_args()
    report = hours.monthly_report(community.id, year, month)
    label = f"{year}-{month:02d}"
    rows = [(label, line.name, line.visits, line.attempts, line.hours, line.elders)
            for line in report.volunteers]
    rows.append((label, _("Total"), report.visits, report.attempts, report.hours, report.elders_covered))
    filename = f"visits-{community.slug}-{label}.csv"
    return Response(to_csv(CSV_HEADER, rows), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
