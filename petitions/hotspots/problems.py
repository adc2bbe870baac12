"""Common problems (共性问题): a hotspot declared as one problem, owned by a department and answered
together; every resident still finds the answer in their own case's timeline."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from community import audit, notifications
from community.accounts import users_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Community, Department, Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import handling, timeline
from petitions.hotspots.models import CaseAnalysis, CommonProblem, CommonProblemCase, Hotspot, ProblemStatus
from petitions.models import Case, CaseStatus
from petitions.rules import Action

notifications.register_message("common_problem", _l("Common problem for your department: %(title)s."))


def can_declare(user: User) -> bool:
    return user.is_authenticated and (user.is_admin or user.has_role(Role.SUPERVISOR)
                                      or user.has_role(Role.DISPATCHER))


def declare(actor: User, hotspot: Hotspot, title: str, department: Department | None,
            description: str = "") -> CommonProblem:
    """Declare the hotspot a common problem of `department`; its cases join the problem now, and the
    cases later refreshes add to the hotspot join it then."""
    if not can_declare(actor):
        raise NotAllowed()
    if hotspot.problem is not None:
        raise ServiceError(_l("This hotspot is already a common problem."))
    if not title or not title.strip():
        raise ServiceError(_l("Give the common problem a title."), "title")
    if department is None:
        raise ServiceError(_l("Choose the department that owns the problem."), "department")
    problem = CommonProblem(title=title.strip()[:120], description=(description or "").strip(),
                            hotspot=hotspot, department_id=department.id, declared_by_id=actor.id,
                            declared_at=utcnow())
    db.session.add(problem)
    db.session.flush([problem])
    link_cases(problem, list(db.session.scalars(members_query(hotspot))))
    audit.record(actor, "hotspots.problem_declared", problem, hotspot_id=hotspot.id,
                 department_id=department.id)
    for handler in users_with_role(Role.HANDLER, department=department):
        notifications.notify(handler, "common_problem", link=f"/petitions/hotspots/problems/{problem.id}",
                             title=problem.title)
    return problem


def members_query(hotspot: Hotspot) -> Select:
    """The ids of the hotspot's cases as the last refresh grouped them (a community's hotspot: the
    city group's cases in that community)."""
    if hotspot.community_id is None:
        return select(CaseAnalysis.case_id).where(CaseAnalysis.hotspot_id == hotspot.id)
    return (select(CaseAnalysis.case_id).join(Case, Case.id == CaseAnalysis.case_id)
            .where(CaseAnalysis.hotspot_id == hotspot.parent_id, Case.community_id == hotspot.community_id))


def link_cases(problem: CommonProblem, case_ids: Iterable[int]) -> int:
    """Link the cases not linked yet; if the problem was answered, they get the answer too."""
    linked = set(db.session.scalars(select(CommonProblemCase.case_id)
                                    .where(CommonProblemCase.problem_id == problem.id)))
    new = sorted(set(case_ids) - linked)
    links = [CommonProblemCase(problem_id=problem.id, case_id=case_id) for case_id in new]
    db.session.add_all(links)
    if problem.status == ProblemStatus.ANSWERED:
        answerer = db.session.get(User, problem.answered_by_id) if problem.answered_by_id else None
        for link in links:
            _answer_case(problem, link, answerer, resolve=False)
    return len(new)


def answer(actor: User, problem: CommonProblem, text: str, resolve: bool = False) -> int:
    """Answer every linked case at once: a reply step on each case's timeline (the resident is told);
    with `resolve`, the cases in progress at the actor's department are resolved with the answer.
    Returns how many cases were answered."""
    if not problem.can_answer(actor):
        raise NotAllowed()
    if problem.status != ProblemStatus.OPEN:
        raise ServiceError(_l("This common problem has already been answered."))
    if not text or not text.strip():
        raise ServiceError(_l("Write the answer to the residents."), "answer")
    problem.answer, problem.status = text.strip(), ProblemStatus.ANSWERED
    problem.answered_by_id, problem.answered_at = actor.id, utcnow()
    links = db.session.scalars(select(CommonProblemCase).where(CommonProblemCase.problem_id == problem.id,
                                                               CommonProblemCase.answered.is_(False)))
    count = 0
    for link in links:
        count += _answer_case(problem, link, actor, resolve)
    audit.record(actor, "hotspots.problem_answered", problem, cases=count)
    return count


def _answer_case(problem: CommonProblem, link: CommonProblemCase, actor: User | None, resolve: bool) -> int:
    case = db.session.get(Case, link.case_id)
    if case is None or case.status in {CaseStatus.REJECTED, CaseStatus.MERGED}:
        return 0  # a merged case's resident follows the original, which is told
    note = f"【{problem.title}】{problem.answer}"
    if resolve and actor is not None and case.status == CaseStatus.IN_PROGRESS and case.can_handle(actor):
        handling.resolve(actor, case, note)
    else:
        timeline.record(case, Action.REPLY, actor, note=note, person=actor.display_name if actor else "")
        timeline.tell(case, Action.REPLY)
    link.answered = True
    return 1


def cases_query(problem: CommonProblem) -> Select:
    return (select(Case).join(CommonProblemCase, CommonProblemCase.case_id == Case.id)
            .where(CommonProblemCase.problem_id == problem.id).order_by(Case.created_at.desc()))


def case_count(problem: CommonProblem) -> int:
    return db.session.scalar(select(func.count()).select_from(CommonProblemCase)
                             .where(CommonProblemCase.problem_id == problem.id)) or 0


def managed_community_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    if user.is_admin:
        return set(db.session.scalars(select(Community.id)))
    return user.community_ids(Role.SECRETARY)


def problems_query(user: User) -> Select:
    """The common problems `user` sees, newest first: all of them for hub staff; for others those of
    their department and those with cases in the communities they run."""
    query = select(CommonProblem).order_by(CommonProblem.declared_at.desc(), CommonProblem.id.desc())
    if can_declare(user):
        return query
    area = (select(CommonProblemCase.problem_id).join(Case, Case.id == CommonProblemCase.case_id)
            .where(Case.community_id.in_(managed_community_ids(user))))
    return query.where(CommonProblem.id.in_(area) | CommonProblem.department_id.in_(user.department_ids()))


def can_see(user: User, problem: CommonProblem) -> bool:
    """Hub staff, the owner department's handlers, and secretaries of a community it has cases in."""
    if not user.is_authenticated:
        return False
    if can_declare(user) or problem.can_answer(user):
        return True
    ids = managed_community_ids(user)
    return bool(ids) and db.session.scalar(
        select(CommonProblemCase.case_id).join(Case, Case.id == CommonProblemCase.case_id)
        .where(CommonProblemCase.problem_id == problem.id, Case.community_id.in_(ids)).limit(1)) is not None
