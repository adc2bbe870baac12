"""Translated names of the petitions package's codes."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from community import notifications
from petitions.models import CaseStatus, CaseType, Channel, LimitKind, Rating
from petitions.rules import Action
from petitions.worklists import DeadlineState

TYPE_LABELS: dict[CaseType, LazyString] = {
    CaseType.COMPLAINT: _l("Complaint"),
    CaseType.SUGGESTION: _l("Suggestion"),
    CaseType.INQUIRY: _l("Inquiry"),
}

CHANNEL_LABELS: dict[Channel, LazyString] = {
    Channel.WEB: _l("Website"),
    Channel.HOTLINE: _l("12345 hotline"),
    Channel.WALK_IN: _l("Walk-in"),
    Channel.MESSAGE_BOARD: _l("Message board"),
    Channel.OPEN311: _l("Open311"),
}

STATUS_LABELS: dict[CaseStatus, LazyString] = {
    CaseStatus.SUBMITTED: _l("Waiting for the community"),
    CaseStatus.ACCEPTED: _l("Accepted by the community"),
    CaseStatus.REJECTED: _l("Not accepted"),
    CaseStatus.MERGED: _l("Merged with another case"),
    CaseStatus.FORWARDED: _l("At the city hub"),
    CaseStatus.ASSIGNED: _l("Assigned to a department"),
    CaseStatus.IN_PROGRESS: _l("Being handled"),
    CaseStatus.RESOLVED: _l("Resolved, waiting for the resident's rating"),
    CaseStatus.CLOSED: _l("Closed"),
}

RATING_LABELS: dict[Rating, LazyString] = {
    Rating.SATISFIED: _l("Satisfied"),
    Rating.BASICALLY_SATISFIED: _l("Basically satisfied"),
    Rating.UNSATISFIED: _l("Unsatisfied"),
}

LIMIT_LABELS: dict[LimitKind, LazyString] = {
    LimitKind.URGENT: _l("Urgent"),
    LimitKind.INQUIRY: _l("Inquiry"),
    LimitKind.GENERAL: _l("General"),
    LimitKind.COMPLEX: _l("Complex"),
}

ACTION_LABELS: dict[Action, LazyString] = {
    Action.FILE: _l("Filed"),
    Action.ACCEPT: _l("Accepted by the community"),
    Action.REJECT: _l("Not accepted"),
    Action.MERGE: _l("Merged with an earlier case"),
    Action.REPLY: _l("Replied"),
    Action.RESOLVE_LOCALLY: _l("Resolved by the community"),
    Action.FORWARD: _l("Forwarded to the city hub"),
    Action.ASSIGN: _l("Assigned to a department"),
    Action.DEPARTMENT_ACCEPT: _l("Taken up by the department"),
    Action.RETURN: _l("Returned by the department"),
    Action.REQUEST_EXTENSION: _l("Extension requested"),
    Action.GRANT_EXTENSION: _l("Extension granted"),
    Action.REFUSE_EXTENSION: _l("Extension refused"),
    Action.RESOLVE: _l("Resolved by the department"),
    Action.RATE: _l("Rated"),
    Action.REOPEN: _l("Reopened"),
    Action.EXPIRE_RATING: _l("Closed without a rating"),
    Action.REMIND: _l("Reminder: due within a working day"),
    Action.ESCALATE: _l("Escalated: past the deadline"),
    Action.SUPERVISE: _l("Supervised"),
}

# What a deadline's colour on the work lists means (the legend above each list).
DEADLINE_LABELS: dict[DeadlineState, LazyString] = {
    DeadlineState.LATE: _l("Past the deadline"),
    DeadlineState.NEAR: _l("Due within a working day"),
    DeadlineState.AHEAD: _l("More than a working day left"),
    DeadlineState.SETTLED: _l("No longer open"),
}


AUTOMATIC_ACTIONS = frozenset({Action.REMIND.value, Action.ESCALATE.value, Action.EXPIRE_RATING.value})


def step_note(action: str, note: str) -> str:
    """A step's note as the timeline shows it: the facts some steps keep in their note, in words."""
    head, _, rest = note.partition(": ")
    if action == Action.REQUEST_EXTENSION.value and head.isdigit():
        return str(_l("%(n)s working days: %(reason)s", n=head, reason=rest))
    if action == Action.RATE.value and head in Rating._value2member_map_:
        label = str(RATING_LABELS[Rating(head)])
        return f"{label} — {rest}" if rest else label
    if action == Action.ESCALATE.value and note in {"L2", "L3"}:
        return str(_l("Level 2: past the deadline") if note == "L2"
                   else _l("Level 3: more than 5 working days past the deadline"))
    return note


def place_of(building: str, unit: str, address: str) -> str:
    """Where a case is, as people read it: a building or unit given as a bare number is named
    ("5" → "Building 5", "5号楼"); anything else is shown as typed."""
    parts = []
    if building := building.strip():
        parts.append(str(_l("Building %(name)s", name=building)) if building.isdigit() else building)
    if unit := unit.strip():
        parts.append(str(_l("Unit %(name)s", name=unit)) if unit.isdigit() else unit)
    if address := address.strip():
        parts.append(address)
    return " ".join(parts)


def action_label(code: str) -> str:
    try:
        return str(ACTION_LABELS[Action(code)])
    except ValueError:
        return code


notifications.register_param_label("action", action_label)
notifications.register_message("case_step", _l("Case %(number)s: %(action)s."))
notifications.register_message("case_to_act", _l("Case %(number)s needs you: %(action)s."))
notifications.register_message("case_overdue", _l(
    "Case %(number)s is past its deadline: escalated to level 2."))
notifications.register_message("case_far_overdue", _l(
    "Case %(number)s is more than %(days)s working days past its deadline: escalated to level 3, on the "
    "supervisor's board."))
