"""The weekly department scorecard (公示): figures per department for one ISO week.

Definitions (all per department, for the Monday-to-Sunday week in Asia/Shanghai):
- received: cases assigned to it that week (reassignments included, reopenings not);
- acceptance rate: of the cases whose taking up was settled that week, the share it took up within
  its 1 working day. A case is settled when taken up in time, when returned in time, or else when its
  1 working day ends: a case assigned on Friday evening counts in the week its limit ends in;
- on-time rate (按期办结率): of the cases whose completion was settled that week, the share resolved
  by the deadline. A case is settled when resolved in time, or else at its deadline, resolved or
  not: a case left open past its deadline lowers the rate of that week;
- satisfaction rate: (satisfied + basically satisfied) / rated, for ratings given that week;
  a case not rated within the window is not rated, never satisfied;
- returns: cases it returned that week (how often cases bounce);
- overdue now: its open cases past their deadline when the figures were taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, func, or_, select, union_all

from community.models import Department
from community.timeutil import DEFAULT_ZONE, FIRST_YEAR, LAST_YEAR, utcnow
from extensions import db
from petitions.models import Assignment, AssignmentKind, Rating, ScorecardRow
from petitions.rating import settings

ZONE = ZoneInfo(DEFAULT_ZONE)
COUNTS = ("received", "acceptance_due", "accepted_in_time", "resolved", "completion_due", "resolved_on_time",
          "rated", "satisfied", "basically_satisfied", "unsatisfied", "returns", "overdue_now")


@dataclass
class Figures:
    department_id: int
    department: str
    received: int = 0
    acceptance_due: int = 0  # taking up settled this week: the acceptance rate's whole
    accepted_in_time: int = 0
    resolved: int = 0
    completion_due: int = 0  # completion settled this week: the on-time rate's whole
    resolved_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0
    returns: int = 0
    overdue_now: int = 0
    rank: int = 0
    grade: str = ""
    extra: dict = field(default_factory=dict)

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def acceptance_rate(self) -> float | None:
        return self._rate(self.accepted_in_time, self.acceptance_due)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.resolved_on_time, self.completion_due)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied + self.basically_satisfied, self.rated)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """The UTC instants at which the ISO week starts and ends (Monday 00:00, Asia/Shanghai).

    ValueError when `week` is not an ISO week of a year from FIRST_YEAR to LAST_YEAR.
    """
    try:
        year, number = week.split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not an ISO week: {week!r}") from exc
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"not a week of {FIRST_YEAR}–{LAST_YEAR}: {week!r}")
    start = datetime.combine(monday, time(0, 0), tzinfo=ZONE).astimezone(UTC)
    return start, start + timedelta(days=7)


def current_week(now: datetime | None = None) -> str:
    return iso_week((now or utcnow()).astimezone(ZONE).date())


def previous_week(now: datetime | None = None) -> str:
    return iso_week((now or utcnow()).astimezone(ZONE).date() - timedelta(days=7))


def _in(column, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
    return and_(column >= start, column < end)


def compute(week: str, as_of: datetime | None = None) -> list[Figures]:
    """Every department's figures for `week`, ranked; `as_of` is the moment "overdue now" refers to."""
    start, end = week_bounds(week)
    as_of = as_of or utcnow()
    A = Assignment
    departments = db.session.execute(select(Department.id, Department.name).order_by(Department.name)).all()
    figures = {dep_id: Figures(dep_id, name) for dep_id, name in departments}

    def add(query, *names: str) -> None:  # type: ignore[no-untyped-def]
        for row in db.session.execute(query):
            target = figures.get(row[0])
            if target is not None:
                for name, value in zip(names, row[1:], strict=True):
                    setattr(target, name, int(value or 0))

    not_reopened = A.kind != AssignmentKind.REOPENED
    add(select(A.department_id, func.count()).where(_in(A.assigned_at, start, end), not_reopened)
        .group_by(A.department_id), "received")
    # Settled by `as_of` within the week. A case settles at the latest at its limit, so only assignments
    # whose deadline (never before the limit) is not before the week are read: ix_assignments_deadline_at.
    until = min(end, as_of)
    recent = [A.deadline_at >= start, A.assigned_at < until]
    accepted_in_time = and_(A.accepted_at.is_not(None), A.accepted_at <= A.accept_due_at)
    returned_in_time = and_(A.returned_at.is_not(None), A.returned_at <= A.accept_due_at)
    acceptance_settled = case((accepted_in_time, A.accepted_at), (returned_in_time, A.returned_at),
                              else_=A.accept_due_at)
    add(select(A.department_id, func.count(), func.sum(case((accepted_in_time, 1), else_=0)))
        .where(*recent, not_reopened, _in(acceptance_settled, start, until)).group_by(A.department_id),
        "acceptance_due", "accepted_in_time")
    resolved_in_time = and_(A.resolved_at.is_not(None), A.resolved_at <= A.deadline_at)
    completion_settled = case((resolved_in_time, A.resolved_at), else_=A.deadline_at)
    add(select(A.department_id, func.count(), func.sum(case((resolved_in_time, 1), else_=0)))
        .where(*recent, A.returned_at.is_(None), _in(completion_settled, start, until))
        .group_by(A.department_id), "completion_due", "resolved_on_time")
    add(select(A.department_id, func.count()).where(_in(A.resolved_at, start, end))
        .group_by(A.department_id), "resolved")
    add(select(A.department_id, func.count(),
               func.sum(case((A.rating == Rating.SATISFIED, 1), else_=0)),
               func.sum(case((A.rating == Rating.BASICALLY_SATISFIED, 1), else_=0)),
               func.sum(case((A.rating == Rating.UNSATISFIED, 1), else_=0)))
        .where(_in(A.rated_at, start, end)).group_by(A.department_id),
        "rated", "satisfied", "basically_satisfied", "unsatisfied")
    add(select(A.department_id, func.count()).where(_in(A.returned_at, start, end))
        .group_by(A.department_id), "returns")
    # Open at `as_of` and past its deadline then (a past week's freeze counts what was open that day):
    # never resolved, or resolved after `as_of`, each a range of ix_assignments_resolved_at rather than
    # a read of every assignment ever made.
    overdue = [A.assigned_at <= as_of, A.deadline_at < as_of,
               or_(A.returned_at.is_(None), A.returned_at > as_of)]
    open_then = union_all(select(A.department_id).where(A.resolved_at.is_(None), *overdue),
                          select(A.department_id).where(A.resolved_at > as_of, *overdue)).subquery()
    add(select(open_then.c.department_id, func.count()).group_by(open_then.c.department_id), "overdue_now")
    return rank(list(figures.values()))


def rank(rows: list[Figures]) -> list[Figures]:
    """Order by satisfaction, then on-time, then acceptance; departments with no rating come last."""
    limits = settings()

    def key(f: Figures) -> tuple:
        def value(rate: float | None) -> float:
            return -1.0 if rate is None else rate

        return (f.satisfaction_rate is None, -value(f.satisfaction_rate), -value(f.on_time_rate),
                -value(f.acceptance_rate), f.department)

    ordered = sorted(rows, key=key)
    for position, f in enumerate(ordered, start=1):
        f.rank = position
        rate = f.satisfaction_rate
        if rate is None:
            f.grade = ""
        elif rate >= limits.good_threshold:
            f.grade = "good"
        elif rate < limits.failing_threshold:
            f.grade = "failing"
        else:
            f.grade = "fair"
    return ordered


def freeze(week: str, as_of: datetime | None = None) -> int:
    """Store `week`'s figures (replacing any earlier freeze of it); returns the number of rows."""
    figures = compute(week, as_of)
    db.session.execute(delete(ScorecardRow).where(ScorecardRow.week == week))
    db.session.add_all([
        ScorecardRow(week=week, department_id=f.department_id, rank=f.rank, grade=f.grade,
                     **{name: getattr(f, name) for name in COUNTS})
        for f in figures
    ])
    db.session.flush()
    return len(figures)


MAKE_UP_WEEKS = 8  # how far back a late run freezes the weeks it missed
FREEZE_AFTER = timedelta(minutes=5)  # Monday 00:05: the figures are those of that moment


def _is_frozen(week: str) -> bool:
    return db.session.scalar(select(ScorecardRow.id).where(ScorecardRow.week == week).limit(1)) is not None


def freeze_previous_week(now: datetime | None = None) -> int:
    """The job (daily at 00:05; Monday's run freezes last week): freeze last week once, and any weeks
    before it that a stopped scheduler missed, back to the last frozen one (at most MAKE_UP_WEEKS).
    Each week is frozen as of its Monday 00:05, so a late freeze gives the figures a punctual one
    would have. A second run changes nothing; returns the number of rows written."""
    now = now or utcnow()
    missing = []
    day = now.astimezone(ZONE).date() - timedelta(days=7)
    for _ in range(MAKE_UP_WEEKS):
        week = iso_week(day)
        if _is_frozen(week):
            break
        missing.append(week)
        day -= timedelta(days=7)
    else:
        if not frozen_weeks(1):  # nothing ever frozen: a new portal starts with last week
            missing = missing[:1]
    return sum(freeze(week, as_of=min(now, week_bounds(week)[1] + FREEZE_AFTER))
               for week in reversed(missing))


def frozen(week: str) -> list[Figures]:
    rows = db.session.execute(
        select(ScorecardRow, Department.name).join(Department, Department.id == ScorecardRow.department_id)
        .where(ScorecardRow.week == week).order_by(ScorecardRow.rank)
    ).all()
    return [Figures(row.department_id, name, rank=row.rank, grade=row.grade,
                    **{c: getattr(row, c) for c in COUNTS}) for row, name in rows]


def frozen_weeks(limit: int = 12) -> list[str]:
    return list(db.session.scalars(
        select(ScorecardRow.week).distinct().order_by(ScorecardRow.week.desc()).limit(limit)
    ))


def history(weeks: list[str]) -> dict[str, dict[str, float | None]]:
    """Each department's satisfaction rate over `weeks` (for the chart): {department: {week: rate}}."""
    result: dict[str, dict[str, float | None]] = {}
    if not weeks:
        return result
    rows = db.session.execute(
        select(ScorecardRow, Department.name).join(Department, Department.id == ScorecardRow.department_id)
        .where(ScorecardRow.week.in_(weeks))
    ).all()
    for row, name in rows:
        f = Figures(row.department_id, name, **{c: getattr(row, c) for c in COUNTS})
        result.setdefault(name, {})[row.week] = f.satisfaction_rate
    return result
