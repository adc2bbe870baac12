"""`python -m bench.jobs`: time the scheduled jobs against a generated scale.

    python -m bench.jobs --scale petitions --db sqlite   # freeze a week, run the supervision job
    python -m bench.jobs --scale volunteers --db sqlite  # the district's daily digest
    python -m bench.jobs --scale hotspots --db postgresql  # the hotspot refresh over 90 days

Each job runs in an app context and is flushed (its writes are part of its cost),
then rolled back: the database stays as generated. The supervision job is timed
twice: on the data as loaded, then after every candidate's deadline but
`--near` of them is moved a year ahead (in the same rolled-back transaction), so
that its cost can be compared with the number of cases near or past their deadline
while the total number of cases stays the same. The figures go into
bench/results.json and bench/RESULTS.md as `job:<name>` rows with `seconds`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bench import results
from bench.databases import bench_database, report
from bench.datagen import SCALES, Scale, generator_app
from bench.machine import cpu_model, source_digest
from bench.server import ROOT
from community.timeutil import utcnow
from extensions import db


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = call()
    db.session.flush()
    return time.perf_counter() - started, value


def supervision_candidates(now: datetime) -> sa.Select:
    from petitions.models import Case
    from petitions.supervision import WATCHED
    from petitions.workdays import WorkCalendar

    horizon = WorkCalendar.load().add_working_days(now, 1)
    return sa.select(Case.id).where(Case.status.in_(WATCHED), Case.deadline_at <= horizon,
                                    Case.supervision_level < 3)


def petitions_jobs(near: int) -> list[tuple[str, float, str]]:
    from petitions.models import Case
    from petitions.scorecard import freeze, previous_week
    from petitions.supervision import run_supervision

    found = []
    week = previous_week()
    seconds, rows = timed(lambda: freeze(week))
    db.session.rollback()
    found.append(("job:freeze_week", seconds, f"{week}: {rows} departments"))

    now = utcnow()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Case)) or 0
    candidates = db.session.scalar(sa.select(sa.func.count()).select_from(
        supervision_candidates(now).subquery())) or 0
    seconds, raised = timed(lambda: run_supervision(now))
    db.session.rollback()
    found.append(("job:supervision_as_loaded", seconds,
                  f"{candidates} candidates of {total} cases; raised {raised}"))

    kept = sa.select(Case.id).where(Case.id.in_(supervision_candidates(now))).order_by(Case.id).limit(near)
    db.session.execute(sa.update(Case).where(Case.id.in_(supervision_candidates(now)),
                                             Case.id.not_in(kept.scalar_subquery()))
                       .values(deadline_at=now + timedelta(days=365)),
                       execution_options={"synchronize_session": False})
    left = db.session.scalar(sa.select(sa.func.count()).select_from(supervision_candidates(now).subquery()))
    seconds, raised = timed(lambda: run_supervision(now))
    db.session.rollback()
    found.append((f"job:supervision_{near}_near", seconds,
                  f"{left} candidates of {total} cases; raised {raised}"))
    return found


def volunteers_jobs() -> list[tuple[str, float, str]]:
    from volunteers.coverage import send_daily_digest
    from volunteers.models import Elder

    elders = db.session.scalar(sa.select(sa.func.count()).select_from(Elder)) or 0
    seconds, sent = timed(send_daily_digest)
    db.session.rollback()
    return [("job:daily_digest", seconds, f"{sent} digests for {elders} elders")]


def events_jobs() -> list[tuple[str, float, str]]:
    """After `event_signup` was measured: no event holds more confirmed places than it has, and every
    event's `places_taken` equals its confirmed sign-ups. Then the reminder job, as loaded."""
    from events.models import Event, Signup, SignupStatus
    from events.reminders import send_due_reminders

    confirmed = (sa.select(Signup.event_id, sa.func.sum(1 + Signup.guests).label("n"))
                 .where(Signup.status == SignupStatus.CONFIRMED).group_by(Signup.event_id).subquery())
    started = time.perf_counter()
    signed = db.session.scalar(sa.select(sa.func.count(sa.distinct(Signup.event_id)))) or 0
    over = db.session.scalar(sa.select(sa.func.count()).select_from(Event).join(
        confirmed, confirmed.c.event_id == Event.id).where(confirmed.c.n > Event.capacity)) or 0
    wrong = db.session.scalar(sa.select(sa.func.count()).select_from(Event).outerjoin(
        confirmed, confirmed.c.event_id == Event.id)
        .where(sa.func.coalesce(confirmed.c.n, 0) != Event.places_taken)) or 0
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(Signup)
                                .where(Signup.status == SignupStatus.WAITING)) or 0
    seconds = time.perf_counter() - started
    found = [("job:overbooking_check", seconds,
              f"{over} of {signed} events with sign-ups over capacity; {wrong} with places_taken "
              f"not their confirmed sign-ups; {waiting} waiting")]
    seconds, sent = timed(send_due_reminders)
    db.session.rollback()
    found.append(("job:event_reminders", seconds, f"{sent} reminders"))
    return found


def hotspots_jobs() -> list[tuple[str, float, str]]:
    """The nightly refresh twice: from nothing (the stored groups, memberships and duplicate pairs
    removed first, in the same rolled-back transaction), then as the data stands (last night's results
    there: the usual night)."""
    from petitions.hotspots.models import CaseAnalysis, CaseDuplicate, Hotspot, HotspotState
    from petitions.hotspots.refresh import refresh
    from petitions.hotspots.text import analyser

    analyser()  # loaded once per process, as in the scheduler: not the job's cost
    found = []
    db.session.execute(sa.update(CaseAnalysis).where(CaseAnalysis.hotspot_id.is_not(None))
                       .values(hotspot_id=None))
    db.session.execute(sa.delete(CaseDuplicate))
    db.session.execute(sa.update(Hotspot).values(parent_id=None))
    db.session.execute(sa.delete(Hotspot))
    db.session.execute(sa.update(HotspotState).values(refreshed_at=None))  # every pair compared anew
    db.session.flush()
    seconds, state = timed(refresh)
    found.append(("job:hotspot_refresh_full", seconds,
                  f"{state.cases_in_window} cases in 90 days; {state.hotspots} groups, "
                  f"{state.surges} surging, {state.duplicate_pairs} near-duplicate pairs"))
    db.session.rollback()
    seconds, state = timed(refresh)
    found.append(("job:hotspot_refresh", seconds,
                  f"{state.cases_in_window} cases in 90 days, last night's results kept; "
                  f"{state.duplicate_pairs} near-duplicate pairs"))
    db.session.rollback()
    return found


def run(scale: Scale, kind: str, near: int) -> list[tuple[str, float, str]]:
    with bench_database(kind, scale) as url:
        app = generator_app(url)
        with app.app_context():
            try:
                found = []
                if scale.cases:
                    found += petitions_jobs(near)
                if scale.elders:
                    found += volunteers_jobs()
                if scale.ideas:
                    found += events_jobs()
                if scale.hotspot_cases:
                    found += hotspots_jobs()
            finally:
                db.session.rollback()
                db.engine.dispose()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="petitions")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--near", type=int, default=500,
                        help="supervision candidates kept for the second run (default 500)")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    if not (scale.cases or scale.elders or scale.ideas or scale.hotspot_cases):
        parser.error(f"the {scale.name} scale has no cases, elders, ideas or hotspot cases: no job to time")
    code = source_digest(ROOT)
    found = run(scale, args.db, args.near)
    machine = {"measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu_model(),
               "code": code}
    entries = [{"name": name, "scale": scale.name, "db": args.db, "seconds": round(seconds, 4),
                "detail": detail, **machine} for name, seconds, detail in found]
    for entry in entries:
        report(f"{entry['name']:<28} {entry['seconds']:8.3f} s  {entry['detail']}")
    merged = results.merge(entries)
    results.write(merged)
    report(f"wrote {results.RESULTS_JSON} and {results.RESULTS_MD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
