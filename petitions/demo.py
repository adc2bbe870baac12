"""Demo data of the petitions package: the category catalogue, and about a hundred cases lived through
the real services over the last six weeks, supervised and scored.

Each case is played at the real present. Between two of its steps, time passes for it: `backdate`
moves the rows of the case that the services read again into the past, so the next step happens that
much later, and the scheduled jobs (graded supervision, the end of the rating window) run when they
would have run. Afterwards the rows only written (timeline steps, notifications, audit entries) are
moved as far as their case has moved since, and the last four weeks' scorecards are frozen.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from community.demo import DemoCity
from community.models import AuditEntry, Notification, Role, RoleGrant, User
from community.timeutil import utcnow
from extensions import db
from petitions import community_queue, handling, intake, rating, supervision
from petitions.demo_cases import CATEGORIES, Plan, Timing, history, showcase
from petitions.models import (
    Assignment,
    Case,
    CaseStatus,
    CaseStep,
    Category,
    Channel,
    ExtensionRequest,
    LimitKind,
    PetitionSettings,
    ScorecardRow,
    TimeLimit,
)
from petitions.scorecard import freeze, iso_week, week_bounds
from petitions.workdays import WorkCalendar

HANDLERS = [  # a handler for each department besides the demo's own handler@linli.demo (城市管理局)
    ("handler.zhujian@linli.demo", "经办人 钱进", "住房和城乡建设局"),
    ("handler.jiaoyu@linli.demo", "经办人 郑洁", "教育局"),
    ("handler.minzheng@linli.demo", "经办人 冯静", "民政局"),
    ("handler.jiaotong@linli.demo", "经办人 何涛", "交通运输局"),
    ("handler.shengtai@linli.demo", "经办人 许亮", "生态环境局"),
]
TIMES: dict[type, tuple[str, ...]] = {  # the time columns of each kind of row
    Case: ("created_at", "updated_at", "accept_due_at", "deadline_at", "resolved_at", "rated_at",
           "closed_at"),
    Assignment: ("assigned_at", "accept_due_at", "accepted_at", "returned_at", "deadline_at",
                 "resolved_at", "rated_at"),
    ExtensionRequest: ("requested_at", "decided_at"),
    CaseStep: ("at", "deadline_at"),
    Notification: ("created_at",),
    AuditEntry: ("created_at",),
}
DEADLINES = {Case: ("accept_due_at", "deadline_at"), Assignment: ("accept_due_at", "deadline_at"),
             CaseStep: ("deadline_at",)}
QUERYING = {"assign", "extend", "grant", "refuse"}  # services that query rows earlier steps wrote
JOB_DELAY = timedelta(minutes=5)     # the supervision job runs every 5 minutes
RATING_JOB_DELAY = timedelta(minutes=30)  # the rating window is closed by an hourly job
FROZEN_WEEKS = 4
READ_AFTER = timedelta(days=2)       # older notifications have been read


def backdate(rows: Iterable[Any], delta: timedelta) -> None:
    """Move every time of `rows` (cases, assignments, extension requests, timeline steps,
    notifications, audit entries) `delta` into the past."""
    for row in rows:
        for name in TIMES[type(row)]:
            value = getattr(row, name)
            if value is not None:
                setattr(row, name, value - delta)


@dataclass
class Cast:
    """Who acts in the demo, and the cases played so far by key."""

    city: DemoCity
    categories: dict[str, Category]
    handlers: dict[int, User]
    cases: dict[str, Case] = field(default_factory=dict)

    def secretary_of(self, slug: str) -> User:
        return self.city.accounts["secretary@linli.demo" if slug == "qingchuan" else "secretary2@linli.demo"]

    def secretary(self, case: Case) -> User:
        return self.secretary_of(case.community.slug)

    def handler(self, case: Case) -> User:
        assert case.department_id is not None
        return self.handlers[case.department_id]

    def staff(self, role: str) -> User:
        return self.city.accounts[f"{role}@linli.demo"]

    def person(self, plan: Plan) -> User | None:
        if isinstance(plan.submitter, str):
            return self.city.accounts[plan.submitter]
        return None if plan.submitter is None else self.city.residents[plan.community][plan.submitter]


def _decide(cast: Cast, case: Case, grant: bool, note: str) -> None:
    request = db.session.scalar(select(ExtensionRequest).filter_by(assignment_id=case.assignment_id))
    handling.decide_extension(cast.staff("supervisor"), request, grant, note)


ACTIONS: dict[str, Callable[..., object]] = {
    "accept": lambda c, case: community_queue.accept(c.secretary(case), case),
    "reject": lambda c, case, why: community_queue.reject(c.secretary(case), case, why),
    "merge": lambda c, case, key, why: community_queue.merge(c.secretary(case), case, c.cases[key].number,
                                                             why),
    "reply": lambda c, case, text: community_queue.reply(
        c.secretary(case) if case.status == CaseStatus.ACCEPTED else c.handler(case), case, text),
    "resolve_locally": lambda c, case, text: community_queue.resolve_locally(c.secretary(case), case, text),
    "forward": lambda c, case, note: community_queue.forward(c.secretary(case), case, note),
    "assign": lambda c, case, dep: handling.assign(c.staff("dispatcher"), case, c.city.departments[dep]),
    "take_up": lambda c, case: handling.take_up(c.handler(case), case),
    "return": lambda c, case, why: handling.return_case(c.handler(case), case, why),
    "extend": lambda c, case, days, why: handling.request_extension(c.handler(case), case, days, why),
    "grant": lambda c, case, note: _decide(c, case, True, note),
    "refuse": lambda c, case, note: _decide(c, case, False, note),
    "resolve": lambda c, case, text: handling.resolve(c.handler(case), case, text),
    "rate": lambda c, case, value, comment: rating.rate(case.submitter, case, value, comment),
    "reopen": lambda c, case, why: rating.reopen(case.submitter, case, why),
    "supervise": lambda c, case, note: supervision.supervise(c.staff("supervisor"), case, note),
}


class Stage:
    """Plays the cases one after the other, and remembers which call wrote when."""

    def __init__(self, cast: Cast, timing: Timing) -> None:
        self.cast, self.timing = cast, timing
        # For each service call: the real instants between which it wrote, and how far its case had
        # been moved into the past by then.
        self.windows: list[tuple[datetime, datetime, Life, timedelta]] = []
        self.rating_window = rating.rating_window()
        calendar, day, late = timing.calendar, timing.calendar.local_date(timing.now), 0
        while late <= supervision.LEVEL_3_AFTER_DAYS:  # the last day more than 5 working days ago
            late += calendar.is_workday(day)
            day -= timedelta(days=1)
        # The supervision job, run now, raises a case to level 1 once its deadline is no later than
        # `level_1_from`, to level 2 once it has passed, to level 3 once no later than `level_3_from`.
        self.level_1_from = calendar.add_working_days(timing.now, 1)
        self.level_3_from = calendar.end_of_day(day)

    def play(self, plan: Plan) -> Case:
        life, person = Life(self), self.cast.person(plan)
        by_phone = plan.channel in {Channel.HOTLINE, Channel.WALK_IN}
        name, phone = plan.caller if person is None else (person.display_name, person.phone or "")
        draft = intake.CaseDraft(
            type=plan.type, category_id=self.cast.categories[plan.category].id, title=plan.title,
            description=plan.description, community_id=self.cast.city.communities[plan.community].id,
            building=plan.building, hide_name=plan.hide_name, channel=plan.channel,
            contact_name=name if by_phone else "", contact_phone=phone if by_phone else "")
        entered_by = self.cast.secretary_of(plan.community) if by_phone else None
        case = self.cast.cases[plan.key] = life.act(intake.file_case, draft, person, entered_by)
        for gap, action, *args in plan.steps:
            life.wait(gap)
            if action in QUERYING:
                db.session.flush()
            life.act(ACTIONS[action], self.cast, case, *args)
        life.wait(self.timing.now - plan.times[-1])
        return case

    def finish(self) -> None:
        """Move each timeline step, notification and audit entry as far into the past as its case has
        been moved since the call that wrote it; put every deadline at the end of its day, as the
        services do; mark older notifications read."""
        starts, calendar = [start for start, *_ in self.windows], self.timing.calendar
        for model in (CaseStep, Notification, AuditEntry):
            written_at = TIMES[model][0]
            for row in db.session.scalars(select(model).where(getattr(model, written_at) >= starts[0])):
                written = getattr(row, written_at)
                _start, end, life, elapsed = self.windows[max(bisect.bisect_right(starts, written) - 1, 0)]
                if starts[0] <= written <= end:
                    backdate([row], life.elapsed - elapsed)
                if isinstance(row, Notification) and row.created_at < self.timing.now - READ_AFTER:
                    row.read_at = row.created_at + timedelta(hours=3)
        for model, names in DEADLINES.items():
            for row in db.session.scalars(select(model)):
                for name in names:
                    if (value := getattr(row, name)) is not None:
                        setattr(row, name, calendar.end_of_day(calendar.local_date(value)))


class Life:
    """One case lived through the services. Its present is always the real present: letting time pass
    moves the case's rows that the services read again (the case, its assignments and extension
    requests) into the past; `Stage.finish` dates the rest."""

    def __init__(self, stage: Stage) -> None:
        self.stage, self.elapsed = stage, timedelta()
        self.rows: list[Any] = []

    @property
    def case(self) -> Case:
        return self.rows[0]

    def act(self, service: Callable[..., Any], *args: Any) -> Any:
        """Call a service without flushing (flushes cost most of the time): the services read this
        case's rows from the session. The rows it adds get their default time now, not at the flush."""
        start = utcnow()
        with db.session.no_autoflush:
            result = service(*args)
        for row in db.session.new:
            if (name := TIMES.get(type(row), ("",))[0]) and getattr(row, name) is None:
                setattr(row, name, start)
        self.stage.windows.append((start, utcnow(), self, self.elapsed))
        if not self.rows:  # the first call files the case
            self.rows.append(result)
        for row in (result, self.case.assignment):
            if isinstance(row, Assignment | ExtensionRequest) and row not in self.rows:
                self.rows.append(row)
        return result

    def wait(self, gap: timedelta) -> None:
        """Let `gap` pass for the case, running the scheduled jobs when they would have run."""
        while (job := self._next_job(gap)) is not None:
            due, run = job
            self._pass(due)
            gap -= due
            before = (self.case.status, self.case.supervision_level)
            db.session.flush()  # the jobs query the moved times
            self.act(run)
            if (self.case.status, self.case.supervision_level) == before:
                break  # not expected; the job at the end catches up
        self._pass(gap)

    def _pass(self, gap: timedelta) -> None:
        backdate(self.rows, gap)
        self.elapsed += gap

    def _next_job(self, limit: timedelta) -> tuple[timedelta, Callable[[], object]] | None:
        """How much later a job would change the case, and the job. A job reads the working-day calendar
        at the real present, so what counts is how far the case's deadline must move into the past."""
        case, now, stage = self.case, utcnow(), self.stage
        if case.status in supervision.WATCHED and case.deadline_at is not None and case.supervision_level < 3:
            deadline = case.deadline_at
            thresholds = [timedelta(), deadline - stage.level_1_from, deadline - now,
                          deadline - stage.level_3_from]
            for shift in sorted(threshold + JOB_DELAY for threshold in thresholds):
                moved = SimpleNamespace(deadline_at=deadline - shift)  # all `level_for` reads of a case
                level = supervision.level_for(moved, now, stage.timing.calendar)  # type: ignore[arg-type]
                if timedelta() <= shift <= limit and level > case.supervision_level:
                    return shift, supervision.run_supervision
        elif case.status == CaseStatus.RESOLVED and case.resolved_at is not None:
            due = case.resolved_at + stage.rating_window + RATING_JOB_DELAY - now
            if due <= limit:
                return max(due, timedelta()), rating.close_unrated
        return None


def prepare(city: DemoCity) -> Cast:
    """The category catalogue, time limits and settings; a handler for every department (sharing the
    demo handler's password)."""
    db.session.add_all([*(TimeLimit(kind=kind, working_days=kind.default_days) for kind in LimitKind),
                        PetitionSettings()])
    categories = {name: Category(name=name, name_en=name_en, limit_kind=kind,
                                 default_department_id=city.departments[department].id)
                  for name, name_en, kind, department in CATEGORIES}
    own = city.accounts["handler@linli.demo"]
    handlers = {city.departments["城市管理局"].id: own}
    for email, name, department in HANDLERS:
        user = User(email=email, display_name=name, password_hash=own.password_hash, locale=None)
        user.grants.append(RoleGrant(role=Role.HANDLER, department_id=city.departments[department].id))
        city.accounts[email] = handlers[city.departments[department].id] = user
    db.session.add_all([*categories.values(), *handlers.values()])
    db.session.flush()
    return Cast(city, categories, handlers)


def freeze_weeks(timing: Timing) -> list[str]:
    """Freeze the scorecards of the last weeks as the Monday job would have done."""
    today, weeks = timing.calendar.local_date(timing.now), []
    for weeks_ago in range(FROZEN_WEEKS, 0, -1):
        week = iso_week(today - timedelta(weeks=weeks_ago))
        _start, end = week_bounds(week)
        freeze(week, as_of=end)
        for row in db.session.scalars(select(ScorecardRow).where(ScorecardRow.week == week)):
            row.frozen_at = end + JOB_DELAY
        weeks.append(week)
    return weeks


def create(city: DemoCity, seed: int = 2026) -> str:
    """Add the petitions demo to the demo city; returns a line that sums it up."""
    cast = prepare(city)
    now, calendar = utcnow(), WorkCalendar.load()
    limits = {kind: calendar.add_working_days(now, kind.default_days) - now for kind in LimitKind}
    timing = Timing(now, calendar, limits, calendar.add_working_days(now, handling.RETURN_WINDOW_DAYS) - now)
    plans = showcase(timing) + history(timing, random.Random(seed), len(city.residents["qingchuan"]))
    for plan in plans:
        plan.schedule(now)
    stage = Stage(cast, timing)
    for plan in sorted(plans, key=lambda p: p.times[0]):  # filed in order, numbered in order
        stage.play(plan)
    supervision.run_supervision()
    stage.finish()
    # A case whose rating window ended within the last RATING_JOB_DELAY waits for the hourly job: run it.
    rating.close_unrated()
    weeks = freeze_weeks(timing)
    statuses = Counter(db.session.scalars(select(Case.status)))
    open_cases = select(Case.supervision_level).where(Case.status.in_(supervision.WATCHED))
    levels = Counter(db.session.scalars(open_cases))
    return (f"Petitions: {statuses.total()} cases ({', '.join(f'{s} {statuses[s]}' for s in CaseStatus)}); "
            f"open cases at supervision level 1/2/3: {levels[1]}/{levels[2]}/{levels[3]}; "
            f"scorecards frozen for {weeks[0]} to {weeks[-1]}.")
