"""Background work on APScheduler.

Each feature lists its jobs in its `jobs.py` as `JOBS`. They run either inside
the development server (`SCHEDULER_MODE=embedded`, what `make run` does) or in a
process of their own, `flask --app app scheduler`, whose job store is the
database. Every job is idempotent: running it twice does no harm.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import click
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext

from community.timeutil import DEFAULT_ZONE, utcnow
from extensions import db

log = logging.getLogger(__name__)

JOB_MODULES = ("community.jobs", "petitions.jobs", "volunteers.jobs", "events.jobs")
HEARTBEAT_JOB = "scheduler.heartbeat"
HEARTBEAT_SECONDS = 60

_app: Flask | None = None
_embedded: BackgroundScheduler | None = None


@dataclass(frozen=True)
class Job:
    """A scheduled job: `func` is "module:function", `trigger` an APScheduler trigger name."""

    id: str
    func: str
    trigger: str
    options: dict[str, Any] = field(default_factory=dict)


def heartbeat() -> None:
    """Nothing to do: its recorded run is the proof that the scheduler is alive."""


def all_jobs() -> list[Job]:
    jobs = [Job(HEARTBEAT_JOB, "scheduling:heartbeat", "interval", {"seconds": HEARTBEAT_SECONDS})]
    for module_name in JOB_MODULES:
        jobs.extend(importlib.import_module(module_name).JOBS)
    return jobs


def resolve(func_ref: str) -> Callable[[], Any]:
    module_name, _, name = func_ref.partition(":")
    return getattr(importlib.import_module(module_name), name)


def run_job(job_id: str, func_ref: str, app: Flask | None = None) -> None:
    """Run one job in an app context, record the run, commit its work or roll it back."""
    from community.models import JobRun

    app = app or _app
    if app is None:
        raise RuntimeError("the scheduler was started without an application")
    with app.app_context():
        run = db.session.get(JobRun, job_id) or JobRun(job_id=job_id)
        db.session.add(run)
        run.last_started_at = utcnow()
        db.session.commit()
        try:
            resolve(func_ref)()
            db.session.commit()
            run.last_error = None
        except Exception:
            db.session.rollback()
            run = db.session.get(JobRun, job_id)
            run.last_error = traceback.format_exc(limit=5)
            log.exception("job %s failed", job_id)
        run.last_finished_at = utcnow()
        db.session.commit()


def add_jobs(scheduler: BaseScheduler) -> None:
    for job in all_jobs():
        options = dict(job.options)
        if job.id == HEARTBEAT_JOB:
            options["next_run_time"] = utcnow()  # beat at once: /healthz is right from the start
        scheduler.add_job(
            "scheduling:run_job", job.trigger, args=[job.id, job.func], id=job.id,
            replace_existing=True, coalesce=True, max_instances=1, misfire_grace_time=3600,
            **options,
        )


def start_embedded(app: Flask) -> BackgroundScheduler:
    """Run the jobs in a thread of this process (the development server)."""
    global _app, _embedded
    if _embedded is not None and _embedded.running:
        return _embedded
    _app = app
    _embedded = BackgroundScheduler(jobstores={"default": MemoryJobStore()}, timezone=DEFAULT_ZONE)
    add_jobs(_embedded)
    _embedded.start()
    return _embedded


def scheduler_state() -> dict[str, Any]:
    """What /healthz reports: the mode, and whether the heartbeat job ran lately."""
    from community.models import JobRun

    mode = current_app.config["SCHEDULER_MODE"]
    beat = db.session.get(JobRun, HEARTBEAT_JOB)
    last = beat.last_finished_at if beat else None
    alive = last is not None and utcnow() - last < timedelta(seconds=3 * HEARTBEAT_SECONDS)
    state: dict[str, Any] = {"mode": mode, "alive": alive,
                             "last_heartbeat": last.isoformat() if last else None}
    if mode == "embedded":
        state["running"] = bool(_embedded and _embedded.running)
    return state


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the background jobs in this process until stopped (production)."""
    global _app
    _app = current_app._get_current_object()  # type: ignore[attr-defined]
    store = SQLAlchemyJobStore(engine=db.engine, tablename="apscheduler_jobs")
    scheduler = BlockingScheduler(jobstores={"default": store}, timezone=DEFAULT_ZONE)
    add_jobs(scheduler)
    click.echo(f"Scheduler running {len(scheduler.get_jobs())} jobs; Ctrl-C stops it.")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        scheduler.shutdown(wait=False)
