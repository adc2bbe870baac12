"""/healthz, the scheduler wiring and the community jobs."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import scheduling
from community import jobs as community_jobs
from community import notifications
from community.models import JobRun, Notification
from community.timeutil import utcnow
from extensions import db
from tests import factories


def test_healthz_reports_database_scheduler_and_version(client):
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["database"]["ok"] is True
    assert body["version"] == "0.1.0"
    assert body["scheduler"] == {"mode": "off", "alive": False, "last_heartbeat": None}


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == {"ok": False, "error": "OperationalError"}


def test_heartbeat_run_makes_the_scheduler_alive(app, client):
    scheduling.run_job(scheduling.HEARTBEAT_JOB, "scheduling:heartbeat", app)
    assert client.get("/healthz").get_json()["scheduler"]["alive"] is True
    with time_machine.travel(utcnow() + timedelta(minutes=10)):
        assert client.get("/healthz").get_json()["scheduler"]["alive"] is False


def test_a_failing_job_is_recorded_and_rolled_back(app, monkeypatch):
    def explode():
        db.session.add(Notification(user_id=1, kind="welcome", params={}))
        raise RuntimeError("boom")

    monkeypatch.setattr(community_jobs, "purge_read_notifications", explode)
    scheduling.run_job("community.purge_read_notifications", "community.jobs:purge_read_notifications", app)
    with app.app_context():
        run = db.session.get(JobRun, "community.purge_read_notifications")
        assert "RuntimeError: boom" in run.last_error
        assert run.last_finished_at is not None
        assert db.session.scalar(select(Notification).where(Notification.kind == "welcome")) is None


def test_purge_read_notifications_is_idempotent(app_ctx):
    user = factories.make_user()
    old = notifications.notify(user, "welcome", name="x")
    recent = notifications.notify(user, "welcome", name="y")
    unread_old = notifications.notify(user, "welcome", name="z")
    old.read_at = utcnow() - timedelta(days=200)
    recent.read_at = utcnow() - timedelta(days=3)
    unread_old.created_at = utcnow() - timedelta(days=400)
    db.session.flush()
    assert community_jobs.purge_read_notifications() == 1
    assert community_jobs.purge_read_notifications() == 0
    left = set(db.session.scalars(select(Notification.id).where(Notification.user_id == user.id)))
    assert left == {recent.id, unread_old.id}


def test_every_job_is_registered_once_and_re_adding_replaces(app):
    jobs = scheduling.all_jobs()
    assert len({job.id for job in jobs}) == len(jobs)
    scheduler = BackgroundScheduler()
    scheduler.start(paused=True)
    try:
        scheduling.add_jobs(scheduler)
        scheduling.add_jobs(scheduler)
        assert sorted(j.id for j in scheduler.get_jobs()) == sorted(job.id for job in jobs)
    finally:
        scheduler.shutdown(wait=False)
    for job in jobs:
        assert callable(scheduling.resolve(job.func))


def test_the_scheduler_process_keeps_its_jobs_in_the_database(tmp_path):
    """`flask scheduler` stores its jobs in the database and beats at once."""
    import os
    import sqlite3
    import subprocess
    import sys
    import time
    from contextlib import closing

    database = tmp_path / "scheduler.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LINLI_ENV": "development"}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    process = subprocess.Popen([*flask, "scheduler"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        finished = None
        while time.monotonic() < deadline and finished is None:
            time.sleep(0.3)
            with closing(sqlite3.connect(database)) as conn:
                row = conn.execute("SELECT last_finished_at FROM job_runs "
                                   "WHERE job_id = 'scheduler.heartbeat'").fetchone()
            finished = row[0] if row else None
        assert finished is not None, "the heartbeat job did not finish within 20 s"
        with closing(sqlite3.connect(database)) as conn:
            stored = {row[0] for row in conn.execute("SELECT id FROM apscheduler_jobs")}
        assert stored == {job.id for job in scheduling.all_jobs()}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_secret_key_is_required_in_production(monkeypatch):
    import pytest

    from app import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("LINLI_ENV", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
