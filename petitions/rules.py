"""The case lifecycle as a state machine: which action is allowed from which status."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from community.errors import ServiceError
from petitions.models import Case, CaseStatus

S = CaseStatus


class Action(enum.StrEnum):
    FILE = "file"
    ACCEPT = "accept"                      # 受理
    REJECT = "reject"                      # 不予受理
    MERGE = "merge"                        # 重复件合并
    REPLY = "reply"                        # 答复 (the case stays where it is)
    RESOLVE_LOCALLY = "resolve_locally"    # 社区办结
    FORWARD = "forward"                    # 转办
    ASSIGN = "assign"                      # 派单
    DEPARTMENT_ACCEPT = "department_accept"  # 签收
    RETURN = "return"                      # 退单
    REQUEST_EXTENSION = "request_extension"
    GRANT_EXTENSION = "grant_extension"
    REFUSE_EXTENSION = "refuse_extension"
    RESOLVE = "resolve"                    # 部门办结
    RATE = "rate"                          # 评价
    REOPEN = "reopen"                      # 重办
    EXPIRE_RATING = "expire_rating"        # 评价期满
    REMIND = "remind"                      # 一级督办: due tomorrow
    ESCALATE = "escalate"                  # 二级、三级督办
    SUPERVISE = "supervise"                # 督查员人工督办


OPEN = frozenset({S.ACCEPTED, S.FORWARDED, S.ASSIGNED, S.IN_PROGRESS})

# action -> (statuses it is allowed from, the status it leads to; None: unchanged)
TRANSITIONS: dict[Action, tuple[frozenset[CaseStatus], CaseStatus | None]] = {
    Action.ACCEPT: (frozenset({S.SUBMITTED}), S.ACCEPTED),
    Action.REJECT: (frozenset({S.SUBMITTED}), S.REJECTED),
    Action.MERGE: (frozenset({S.SUBMITTED}), S.MERGED),
    Action.REPLY: (frozenset({S.ACCEPTED, S.IN_PROGRESS}), None),
    Action.RESOLVE_LOCALLY: (frozenset({S.ACCEPTED}), S.RESOLVED),
    Action.FORWARD: (frozenset({S.ACCEPTED}), S.FORWARDED),
    Action.ASSIGN: (frozenset({S.FORWARDED}), S.ASSIGNED),
    Action.DEPARTMENT_ACCEPT: (frozenset({S.ASSIGNED}), S.IN_PROGRESS),
    Action.RETURN: (frozenset({S.ASSIGNED}), S.FORWARDED),
    Action.REQUEST_EXTENSION: (frozenset({S.IN_PROGRESS}), None),
    Action.GRANT_EXTENSION: (frozenset({S.IN_PROGRESS}), None),
    Action.REFUSE_EXTENSION: (frozenset({S.IN_PROGRESS}), None),
    Action.RESOLVE: (frozenset({S.IN_PROGRESS}), S.RESOLVED),
    Action.RATE: (frozenset({S.RESOLVED}), S.CLOSED),
    # Reopening leads back to the department (in progress) or, for a case the
    # community solved itself, to the community (accepted): see rating.reopen.
    Action.REOPEN: (frozenset({S.CLOSED}), None),
    Action.EXPIRE_RATING: (frozenset({S.RESOLVED}), S.CLOSED),
    Action.REMIND: (frozenset({S.ASSIGNED, S.IN_PROGRESS}), None),
    Action.ESCALATE: (frozenset({S.ASSIGNED, S.IN_PROGRESS}), None),
    Action.SUPERVISE: (OPEN, None),
}

MESSAGES = {
    Action.ACCEPT: _l("Only a newly filed case can be accepted or rejected."),
    Action.FORWARD: _l("Only an accepted case can be forwarded to the city hub."),
    Action.ASSIGN: _l("This case is not waiting for a department: it may already be assigned."),
    Action.DEPARTMENT_ACCEPT: _l("This case is not waiting for your department to take it up."),
    Action.RETURN: _l("A case can be returned only before the department takes it up."),
    Action.RESOLVE: _l("Only a case in progress can be resolved."),
    Action.RATE: _l("Only a resolved case can be rated, and only once."),
    Action.REOPEN: _l("This case cannot be reopened."),
}


def allowed(case: Case, action: Action) -> bool:
    sources, _ = TRANSITIONS[action]
    return case.status in sources


def check(case: Case, action: Action) -> CaseStatus:
    """The status `action` leads to; ServiceError when not allowed from the case's status."""
    sources, target = TRANSITIONS[action]
    if case.status not in sources:
        message = MESSAGES.get(action, _l("This step is not possible in the case's current state."))
        raise ServiceError(message, code="invalid_transition")
    return target or case.status
