"""The case lifecycle as a state machine: every allowed and every forbidden transition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from community.errors import NotAllowed, ServiceError
from community.models import Notification
from extensions import db
from petitions import community_queue, handling, rating, supervision
from petitions.models import CaseStatus, CaseStep, ExtensionStatus, Rating
from tests import petition_factories as pf

S = CaseStatus
ALL = list(CaseStatus)

# Written from the issue, independently of petitions.rules: action -> statuses it is allowed from.
ALLOWED_FROM = {
    "accept": {S.SUBMITTED},
    "reject": {S.SUBMITTED},
    "merge": {S.SUBMITTED},
    "resolve_locally": {S.ACCEPTED},
    "forward": {S.ACCEPTED},
    "reply": {S.ACCEPTED, S.IN_PROGRESS},
    "assign": {S.FORWARDED},
    "take_up": {S.ASSIGNED},
    "return": {S.ASSIGNED},
    "resolve": {S.IN_PROGRESS},
    "request_extension": {S.IN_PROGRESS},
    "rate": {S.RESOLVED},
    "supervise": {S.ACCEPTED, S.FORWARDED, S.ASSIGNED, S.IN_PROGRESS},
}
# Where each allowed action leaves the case (None: where it was).
RESULT = {
    "accept": S.ACCEPTED, "reject": S.REJECTED, "merge": S.MERGED, "resolve_locally": S.RESOLVED,
    "forward": S.FORWARDED, "reply": None, "assign": S.ASSIGNED, "take_up": S.IN_PROGRESS,
    "return": S.FORWARDED, "resolve": S.RESOLVED, "request_extension": None, "rate": S.CLOSED,
    "supervise": None,
}


def perform(hub: pf.Hub, action: str, case) -> None:  # type: ignore[no-untyped-def]
    """Do `action` as the person whose job it is (the handler of the case's department, if any)."""
    handler = hub.handler
    match action:
        case "accept":
            community_queue.accept(hub.secretary, case)
        case "reject":
            community_queue.reject(hub.secretary, case, "无效")
        case "merge":
            other = pf.case_in(hub, S.ACCEPTED, submitter=hub.neighbour)
            other.created_at = case.created_at - timedelta(minutes=5)
            community_queue.merge(hub.secretary, case, other.number)
        case "resolve_locally":
            community_queue.resolve_locally(hub.secretary, case, "已由物业修好")
        case "forward":
            community_queue.forward(hub.secretary, case)
        case "reply":
            actor = hub.secretary if case.status == S.ACCEPTED or case.department_id is None else handler
            community_queue.reply(actor, case, "正在处理")
        case "assign":
            handling.assign(hub.dispatcher, case, hub.department)
        case "take_up":
            handling.take_up(handler, case)
        case "return":
            handling.return_case(handler, case, "不属于本部门")
        case "resolve":
            handling.resolve(handler, case, "已修好")
        case "request_extension":
            handling.request_extension(handler, case, 2, "需要采购")
        case "rate":
            rating.rate(hub.resident, case, Rating.SATISFIED)
        case "supervise":
            supervision.supervise(hub.supervisor, case, "请加快")


@pytest.fixture
def hub(app_ctx):
    return pf.make_hub()


@pytest.mark.parametrize("status", ALL, ids=lambda s: s.value)
@pytest.mark.parametrize("action", list(ALLOWED_FROM))
def test_transition(hub, action, status):
    case = pf.case_in(hub, status)
    db.session.flush()
    before = (case.status, len(case.steps))
    if status in ALLOWED_FROM[action]:
        perform(hub, action, case)
        db.session.flush()
        assert len(case.steps) > before[1]
        assert case.status == (RESULT[action] or status)
    else:
        with pytest.raises((ServiceError, NotAllowed)):
            perform(hub, action, case)
        assert (case.status, len(case.steps)) == before


def test_the_whole_journey_notifies_each_next_actor_and_the_resident(hub):
    case = pf.case_in(hub, S.CLOSED)
    actions = [step.action for step in case.steps]
    assert actions == ["file", "accept", "forward", "assign", "department_accept", "resolve", "rate"]
    kinds = dict(db.session.execute(
        select(Notification.user_id, Notification.kind).where(Notification.kind == "case_to_act")
    ).all())
    assert {hub.secretary.id, hub.dispatcher.id, hub.handler.id} <= set(kinds)
    resident_notes = db.session.scalars(
        select(Notification).where(Notification.user_id == hub.resident.id, Notification.kind == "case_step")
    ).all()
    assert len(resident_notes) >= 5
    assert all(n.link == f"/petitions/cases/{case.number}" for n in resident_notes)


def test_every_step_has_unit_and_the_assignment_has_its_deadline(hub):
    case = pf.case_in(hub, S.IN_PROGRESS)
    assign_step = next(s for s in case.steps if s.action == "assign")
    assert assign_step.unit == hub.department.name
    assert assign_step.deadline_at == case.deadline_at
    forward_step = next(s for s in case.steps if s.action == "forward")
    assert forward_step.unit == "市民诉求服务中心"
    accept_step = next(s for s in case.steps if s.action == "department_accept")
    assert accept_step.person == hub.handler.display_name


def test_a_handler_cannot_act_on_another_departments_case(hub):
    case = pf.case_in(hub, S.ASSIGNED)
    with pytest.raises(NotAllowed):
        handling.take_up(hub.other_handler, case)
    with pytest.raises(NotAllowed):
        handling.return_case(hub.other_handler, case, "x")
    assert case.status == S.ASSIGNED


def test_while_a_department_has_the_case_only_its_handlers_answer(hub):
    case = pf.case_in(hub, S.IN_PROGRESS)
    for outsider in (hub.secretary, hub.other_handler):
        with pytest.raises(NotAllowed):
            community_queue.reply(outsider, case, "书记的答复")
    assert case.reply == ""
    community_queue.reply(hub.handler, case, "已派人查看")
    assert case.reply == "已派人查看"
    local = pf.case_in(hub, S.ACCEPTED)
    with pytest.raises(NotAllowed):
        community_queue.reply(hub.handler, local, "x")
    community_queue.reply(hub.secretary, local, "物业明天来修")
    assert local.reply == "物业明天来修"


def test_return_goes_back_to_the_hub_and_is_recorded(hub):
    case = pf.case_in(hub, S.ASSIGNED)
    first = case.assignment
    handling.return_case(hub.handler, case, "应由住建局处理")
    assert case.status == S.FORWARDED and case.department_id is None
    assert first.returned_at is not None and first.return_reason == "应由住建局处理"
    second = handling.assign(hub.dispatcher, case, hub.other_department)
    assert second.kind.value == "reassigned"
    with pytest.raises(ServiceError):
        handling.return_case(hub.handler, case, "x")  # no longer theirs: NotAllowed is a ServiceError


def test_return_needs_a_reason_and_the_window(hub):
    case = pf.case_in(hub, S.ASSIGNED)
    with pytest.raises(ServiceError) as error:
        handling.return_case(hub.handler, case, "  ")
    assert error.value.field == "reason"
    pf.age(case, days=10)
    with pytest.raises(ServiceError):
        handling.return_case(hub.handler, case, "太晚了")
    assert case.status == S.ASSIGNED


def test_forwarding_a_rejected_case_is_refused(hub):
    case = pf.case_in(hub, S.REJECTED)
    with pytest.raises(ServiceError) as error:
        community_queue.forward(hub.secretary, case)
    assert error.value.code == "invalid_transition"


def test_merged_case_submitter_follows_the_original(hub):
    original = pf.case_in(hub, S.ACCEPTED, submitter=hub.neighbour)
    duplicate = pf.case_in(hub, S.SUBMITTED)
    community_queue.merge(hub.secretary, duplicate, original.number)
    assert duplicate.merged_into_id == original.id
    community_queue.forward(hub.secretary, original)
    db.session.flush()
    told = db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "case_step", Notification.params["number"].as_string() == original.number)).all()
    assert hub.resident.id in told and hub.neighbour.id in told


def test_merge_needs_an_earlier_case_of_the_same_community(hub):
    case = pf.case_in(hub, S.SUBMITTED)
    with pytest.raises(ServiceError) as error:
        community_queue.merge(hub.secretary, case, "LL-1999-000001")
    assert error.value.field == "original"
    with pytest.raises(ServiceError):
        community_queue.merge(hub.secretary, case, case.number)
    later = pf.case_in(hub, S.ACCEPTED, submitter=hub.neighbour)
    later.created_at = case.created_at + timedelta(minutes=5)
    with pytest.raises(ServiceError) as error:
        community_queue.merge(hub.secretary, case, later.number)
    assert error.value.field == "original"
    waiting = pf.case_in(hub, S.SUBMITTED, submitter=hub.neighbour)
    waiting.created_at = case.created_at - timedelta(minutes=5)
    with pytest.raises(ServiceError):
        community_queue.merge(hub.secretary, case, waiting.number)
    assert case.status == S.SUBMITTED and case.merged_into_id is None


def test_extension_once_and_decided_by_the_supervisor(hub):
    case = pf.case_in(hub, S.IN_PROGRESS)
    deadline = case.deadline_at
    with pytest.raises(ServiceError):
        handling.request_extension(hub.handler, case, 4, "太多")
    request = handling.request_extension(hub.handler, case, 3, "需要采购零件")
    with pytest.raises(ServiceError):
        handling.request_extension(hub.handler, case, 1, "再来一次")
    with pytest.raises(NotAllowed):
        handling.decide_extension(hub.handler, request, grant=True)
    handling.decide_extension(hub.supervisor, request, grant=True, note="同意")
    assert case.deadline_at > deadline
    assert case.assignment.extended_days == 3
    with pytest.raises(ServiceError):
        handling.decide_extension(hub.supervisor, request, grant=False)


def test_a_request_for_more_time_lapses_when_the_case_is_resolved(hub):
    case = pf.case_in(hub, S.IN_PROGRESS)
    assignment, deadline = case.assignment, case.deadline_at
    request = handling.request_extension(hub.handler, case, 2, "需要协调")
    handling.resolve(hub.handler, case, "已修好")
    db.session.flush()
    assert request.status == ExtensionStatus.LAPSED and not case.on_board
    with pytest.raises(ServiceError) as error:
        handling.decide_extension(hub.supervisor, request, grant=True)
    with force_locale("en"):
        assert "lapsed" in str(error.value)
    assert assignment.deadline_at == deadline and assignment.extended_days == 0


def test_a_request_of_an_earlier_assignment_cannot_be_granted_after_a_reopening(hub):
    case = pf.case_in(hub, S.IN_PROGRESS)
    request = handling.request_extension(hub.handler, case, 3, "需要采购零件")
    request.assignment.resolved_at = case.resolved_at = pf.utcnow()  # resolved without the service
    case.status = S.RESOLVED
    rating.rate(hub.resident, case, Rating.UNSATISFIED)
    rating.reopen(hub.resident, case, "灯还是不亮")
    deadline = case.deadline_at
    with pytest.raises(ServiceError):
        handling.decide_extension(hub.supervisor, request, grant=True)
    assert case.deadline_at == deadline and request.status == ExtensionStatus.PENDING


def test_rating_once_and_reopen_once_when_unsatisfied(hub):
    case = pf.case_in(hub, S.CLOSED)  # rated unsatisfied
    first = case.assignment
    assert first.rating == Rating.UNSATISFIED
    with pytest.raises(ServiceError):
        rating.rate(hub.resident, case, Rating.SATISFIED)
    with pytest.raises(NotAllowed):
        rating.reopen(hub.neighbour, case)
    rating.reopen(hub.resident, case, "灯还是不亮")
    assert case.status == S.IN_PROGRESS and case.department_id == hub.department.id
    assert case.assignment is not first and case.assignment.kind.value == "reopened"
    handling.resolve(hub.handler, case, "换了线路")
    rating.rate(hub.resident, case, Rating.UNSATISFIED)
    with pytest.raises(ServiceError):
        rating.reopen(hub.resident, case)


def test_a_late_rating_is_refused_and_leaves_the_case_resolved(hub):
    case = pf.case_in(hub, S.RESOLVED)
    pf.age(case, days=8)
    with pytest.raises(ServiceError):
        rating.rate(hub.resident, case, Rating.SATISFIED)
    assert case.status == S.RESOLVED and case.rating is None and case.closed_at is None


def test_reopening_is_open_for_the_rating_window_after_the_rating(hub):
    case = pf.case_in(hub, S.CLOSED)  # rated unsatisfied just now
    assert rating.can_reopen(case)
    case.rated_at -= timedelta(days=8)
    assert not rating.can_reopen(case)
    with pytest.raises(ServiceError):
        rating.reopen(hub.resident, case, "过了很久又坏了")
    assert case.status == S.CLOSED and not case.reopened


def test_for_a_caller_without_an_account_the_secretary_records_the_rating(hub):
    case = pf.case_in(hub, S.RESOLVED)
    case.submitter_id = case.submitter = None  # a hotline caller without an account
    for outsider in (hub.resident, hub.handler):
        with pytest.raises(NotAllowed):
            rating.rate(outsider, case, Rating.SATISFIED)
    rating.rate(hub.secretary, case, Rating.UNSATISFIED, "回访：问题仍在")
    assert case.status == S.CLOSED and case.rating == Rating.UNSATISFIED
    assert case.steps[-1].actor_id == hub.secretary.id
    rating.reopen(hub.secretary, case, "来电人要求重办")
    assert case.status == S.IN_PROGRESS


def test_only_the_submitter_rates(hub):
    case = pf.case_in(hub, S.RESOLVED)
    with pytest.raises(NotAllowed):
        rating.rate(hub.neighbour, case, Rating.SATISFIED)


def test_a_locally_resolved_case_reopens_to_the_community(hub):
    case = pf.case_in(hub, S.ACCEPTED)
    community_queue.resolve_locally(hub.secretary, case, "物业已处理")
    rating.rate(hub.resident, case, Rating.UNSATISFIED)
    rating.reopen(hub.resident, case)
    assert case.status == S.ACCEPTED


def test_unrated_cases_close_after_the_window_and_count_as_not_rated(hub):
    case = pf.case_in(hub, S.RESOLVED)
    assert rating.close_unrated() == 0
    pf.age(case, days=8)
    assert rating.close_unrated() == 1
    assert case.status == S.CLOSED and case.rating is None
    assert rating.close_unrated() == 0
    assert db.session.scalar(select(CaseStep.action).where(CaseStep.case_id == case.id)
                             .order_by(CaseStep.id.desc()).limit(1)) == "expire_rating"
