"""Petitions through the pages: the case page, each role's actions and work lists (filing itself:
test_petition_filing_routes.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from extensions import db
from petitions.models import Case, CaseStatus
from tests import petition_factories as pf
from tests.conftest import csrf_token, submit
from tests.petition_pages import ROLES, act, case_number, file_form, make_page_hub


@pytest.fixture
def hub(app):  # type: ignore[no-untyped-def]
    return make_page_hub(app)


def test_the_whole_journey_through_the_pages(client, auth, hub, app):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub, hide_name="y")))
    auth.logout()

    auth.login(hub.secretary)
    assert number in client.get("/petitions/queue").get_data(as_text=True)
    assert act(client, number, "accept").status_code == 302
    assert act(client, number, "forward", {"note": "需市城管处理"}).status_code == 302
    auth.logout()

    auth.login(hub.dispatcher)
    assert number in client.get("/petitions/hub").get_data(as_text=True)
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert f'<option selected value="{hub.department_id}">' in page  # the category's usual department
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate element ids"
    act(client, number, "assign", {"department": hub.department_id})
    auth.logout()

    auth.login(hub.other_handler)
    assert act(client, number, "take-up").status_code == 403
    auth.logout()

    auth.login(hub.handler)
    assert number in client.get("/petitions/department").get_data(as_text=True)
    act(client, number, "take-up")
    missing = act(client, number, "resolve", {"reply": ""})
    assert missing.status_code == 400 and 'id="resolve-reply-error"' in missing.get_data(as_text=True)
    act(client, number, "resolve", {"reply": "已更换灯泡"})
    auth.logout()

    auth.login(hub.resident)
    assert 'data-testid="rate-by"' in client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    act(client, number, "rate", {"rating": "satisfied", "comment": "很快"})
    again = act(client, number, "rate", {"rating": "unsatisfied"})
    assert again.status_code == 302
    assert "只能对已办结的诉求评价" in client.get(again.location).get_data(as_text=True)  # said why
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.status == CaseStatus.CLOSED and case.rating.value == "satisfied"
        assert [s.action for s in case.steps] == ["file", "accept", "forward", "assign", "department_accept",
                                                  "resolve", "rate"]
        actors = {s.action: s.actor.display_name for s in case.steps}
    # The resident's timeline says who took each step, and what the rating was.
    page = client.get(f"/petitions/cases/{number}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    timeline = page[page.index('data-testid="timeline"'):]
    for action in ("accept", "forward", "assign", "department_accept", "resolve"):
        assert f"by {actors[action]}" in timeline
    assert "Satisfied — 很快" in timeline


def test_a_refusal_about_a_field_is_shown_at_it_with_the_input_kept(client, auth, hub):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub)))
    auth.logout()
    auth.login(hub.secretary)
    response = act(client, number, "merge", {"original": "LL-2026-999999", "reason": "重复反映"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="merge-original-error"' in html and 'value="LL-2026-999999"' in html and "重复反映" in html


def test_a_returned_case_is_not_proposed_to_the_department_that_returned_it(client, auth, app):
    from petitions import handling

    with app.app_context():
        made = pf.make_hub()
        case = pf.case_in(made, CaseStatus.ASSIGNED)
        handling.return_case(made.handler, case, "不属于本部门")
        db.session.commit()
        number, dispatcher, returned_by = case.number, made.dispatcher.email, made.department.id
        staffed = made.department.name
    auth.login(dispatcher)
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert f'<option value="{returned_by}">' in page
    assert f'<option selected value="{returned_by}">' not in page
    with app.app_context():
        db.session.add(pf.Department(name="无人部门"))
        db.session.commit()
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert ">无人部门（尚无经办人）</option>" in page and f">{staffed}</option>" in page


def test_assigning_to_a_department_nobody_handles_for_warns_the_dispatcher(client, auth, app):
    with app.app_context():
        made = pf.make_hub()
        staffed_case = pf.case_in(made, CaseStatus.FORWARDED)
        empty_case = pf.case_in(made, CaseStatus.FORWARDED)
        nobody = pf.Department(name="无人部门")
        db.session.add(nobody)
        db.session.commit()
        numbers, dispatcher = (staffed_case.number, empty_case.number), made.dispatcher.email
        staffed, empty = made.department.id, nobody.id
    auth.login(dispatcher)
    warning = "该部门还没有经办人"
    for number, department in zip(numbers, (staffed, empty), strict=True):
        response = act(client, number, "assign", {"department": department})
        assert response.status_code == 302
        shown = client.get(response.location).get_data(as_text=True)
        assert "已派单。" in shown
        assert (warning in shown) is (department == empty)


def test_the_secretary_records_the_rating_of_a_caller_without_an_account(client, auth, app):
    with app.app_context():
        made = pf.make_hub()
        case = pf.case_in(made, CaseStatus.RESOLVED)
        case.submitter_id = None
        db.session.commit()
        number, secretary = case.number, made.secretary.email
    auth.login(secretary)
    page = client.get(f"/petitions/cases/{number}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Record the caller&#39;s rating" in page or "Record the caller's rating" in page
    rated = act(client, number, "rate", {"rating": "basically_satisfied", "comment": "回访满意"})
    assert rated.status_code == 302
    with app.app_context():
        rated = db.session.scalar(select(Case).where(Case.number == number))
        assert rated.status == CaseStatus.CLOSED and rated.rating.value == "basically_satisfied"


def test_a_merged_case_links_to_the_one_it_follows(client, auth, app):
    with app.app_context():
        made = pf.make_hub()
        case = pf.case_in(made, CaseStatus.MERGED)
        db.session.commit()
        number, original, resident = case.number, case.merged_into.number, made.resident.email
    auth.login(resident)
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert f'这件诉求已合并至 <a href="/petitions/cases/{original}">{original}</a>。' in page


def test_forwarding_needs_a_note_for_the_hub(client, auth, hub, app):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub)))
    auth.logout()
    auth.login(hub.secretary)
    act(client, number, "accept")
    response = act(client, number, "forward", {"note": "  "})
    assert response.status_code == 400 and 'id="forward-note-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Case.status).where(Case.number == number)) == CaseStatus.ACCEPTED


def test_switching_language_on_a_refused_form_goes_back_to_the_page_it_was_sent_from(client, auth, hub):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub)))
    auth.logout()
    auth.login(hub.secretary)
    act(client, number, "accept")
    page = f"/petitions/cases/{number}"
    token = csrf_token(client, page)
    refused = client.post(f"{page}/forward", data={"forward-csrf_token": token, "forward-note": " "},
                          headers={"Referer": f"http://localhost{page}"})
    assert refused.status_code == 400
    back = re.findall(r'name="next" value="([^"]+)"', refused.get_data(as_text=True))
    assert back and set(back) == {page}  # not the form's address, which answers only a POST
    switched = client.post("/language", data={"lang": "en", "next": back[0]})
    assert switched.status_code == 302 and switched.location.endswith(page)
    assert "Forward to the city hub" in client.get(page).get_data(as_text=True)


def test_a_request_decided_in_another_tab_is_said_to_be_decided(client, auth, app):
    from petitions import handling

    with app.app_context():
        made = pf.make_hub()
        case = pf.case_in(made, CaseStatus.IN_PROGRESS)
        handling.request_extension(made.handler, case, 2, "需要协调")
        db.session.commit()
        number, supervisor = case.number, made.supervisor.email
    auth.login(supervisor)
    undecided = act(client, number, "decide-extension", {"note": "好"})  # no choice is made for them
    assert undecided.status_code == 400 and 'id="decide-extension-decision-error"' in undecided.get_data(
        as_text=True)
    first = act(client, number, "decide-extension", {"decision": "refuse"})
    assert first.status_code == 302
    second = act(client, number, "decide-extension", {"decision": "grant"})  # the same form, sent again
    assert second.status_code == 302
    assert "这条申请已经处理过了" in client.get(second.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Case).where(Case.number == number)).assignment.extended_days == 0


def test_a_request_for_more_time_left_undecided_says_so_once_the_case_is_resolved(client, auth, app):
    from petitions import handling

    with app.app_context():
        made = pf.make_hub()
        undecided = pf.case_in(made, CaseStatus.IN_PROGRESS)
        decided = pf.case_in(made, CaseStatus.IN_PROGRESS)
        handling.request_extension(made.handler, undecided, 2, "需要协调")
        request = handling.request_extension(made.handler, decided, 2, "需要协调")
        handling.decide_extension(made.supervisor, request, grant=False)
        for case in (undecided, decided):
            handling.resolve(made.handler, case, "已修好")
        db.session.commit()
        numbers, resident = (undecided.number, decided.number), made.resident.email
    auth.login(resident)
    lapsed = "Not decided: the case was resolved first."
    pages = [client.get(f"/petitions/cases/{n}", headers={"Accept-Language": "en"}).get_data(as_text=True)
             for n in numbers]
    assert lapsed in pages[0] and lapsed not in pages[1]


def test_public_view_hides_personal_data(client, auth, hub, app):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub, hide_name="y")))
    auth.logout()
    assert client.get(f"/petitions/cases/{number}").status_code == 404  # not public until accepted
    auth.login(hub.secretary)
    act(client, number, "accept")
    act(client, number, "reply", {"reply": "请联系13912345678的师傅"})
    auth.logout()
    public = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert "路灯不亮" in public
    assert "居民甲" not in public and "书记" not in public  # neither the resident nor the secretary
    assert "139****5678" in public and "13912345678" not in public
    assert "/petitions/photos/" not in public


def test_forwarding_a_rejected_case_leaves_it_unchanged(client, auth, hub, app):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub)))
    auth.logout()
    auth.login(hub.secretary)
    act(client, number, "reject", {"reason": "重复提交"})
    response = act(client, number, "forward", {"note": "需市里处理"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Case.status).where(Case.number == number)) == CaseStatus.REJECTED


def test_boards_filter_and_search(client, auth, hub):
    auth.login(hub.resident)
    first = case_number(submit(client, "/petitions/new", file_form(hub, title="楼道灯坏了")))
    second = case_number(submit(client, "/petitions/new", file_form(hub, title="垃圾没人收")))
    mine = client.get("/petitions/mine?q=垃圾").get_data(as_text=True)
    assert second in mine and first not in mine
    assert first in client.get(f"/petitions/mine?q={first}").get_data(as_text=True)
    assert "No case matches" in client.get("/petitions/mine?status=closed",
                                           headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert client.get("/petitions/mine?date_from=not-a-date").status_code == 200
    english = {"Accept-Language": "en"}
    past_the_end = client.get("/petitions/mine?page=99", headers=english).get_data(as_text=True)
    assert "This page is past the end of the list." in past_the_end and "No case matches" not in past_the_end
    reversed_range = client.get("/petitions/mine?date_from=2026-12-01&date_to=2026-01-01",
                                headers=english).get_data(as_text=True)
    assert "Filed until: The end date is before the start date." in reversed_range


def test_search_takes_percent_and_underscore_as_themselves(client, auth, hub):
    auth.login(hub.resident)
    plain = case_number(submit(client, "/petitions/new", file_form(hub, title="楼道灯坏了")))
    percent = case_number(submit(client, "/petitions/new", file_form(hub, title="水费涨了50%")))
    underscore = case_number(submit(client, "/petitions/new", file_form(hub, title="网名a_b的留言")))
    client.get("/")  # shows the message naming the last case
    found = {q: client.get("/petitions/mine", query_string={"q": q}).get_data(as_text=True)
             for q in ("%", "_", "50%", "a_b", "\\")}
    assert percent in found["%"] and plain not in found["%"] and underscore not in found["%"]
    assert underscore in found["_"] and plain not in found["_"] and percent not in found["_"]
    assert percent in found["50%"] and underscore in found["a_b"]
    assert not any(number in found["\\"] for number in (plain, percent, underscore))


def test_search_finds_a_case_by_the_end_of_its_number(client, auth, hub):
    auth.login(hub.resident)
    first = case_number(submit(client, "/petitions/new", file_form(hub, title="楼道灯坏了")))
    second = case_number(submit(client, "/petitions/new", file_form(hub, title="垃圾没人收")))
    client.get("/")  # shows the message naming the last case
    _, year, digits = first.split("-")
    short = str(int(digits))
    for q in (digits, short, f"{year}-{digits}", f"{year}-{short}", f"LL-{year}-{short}",
              f"ll-{year}-{digits}", first.lower()):
        assert first in client.get("/petitions/mine", query_string={"q": q}).get_data(as_text=True), q
    exact = client.get("/petitions/mine", query_string={"q": first}).get_data(as_text=True)
    assert first in exact and second not in exact
    other_year = client.get("/petitions/mine", query_string={"q": f"LL-{int(year) - 1}-{digits}"})
    assert first not in other_year.get_data(as_text=True)


@pytest.mark.parametrize(("path", "allowed"), [
    ("/petitions/queue", {"secretary"}),
    ("/petitions/hub", {"dispatcher", "supervisor"}),
    ("/petitions/department", {"handler", "other_handler"}),
    ("/petitions/supervision", {"supervisor"}),
    ("/petitions/intake", {"secretary"}),
    ("/petitions/new", {"resident", "neighbour"}),  # residents file; secretaries use /intake
    ("/petitions/mine", {"resident", "neighbour", "secretary", "dispatcher", "handler", "other_handler",
                         "supervisor"}),
])
def test_work_lists_by_role(client, auth, hub, path, allowed):
    for role in ROLES:
        auth.login(getattr(hub, role))
        status = client.get(path).status_code
        if role in allowed:
            assert status == 200, (path, role)
        else:
            assert status in (302, 403), (path, role)  # /new redirects non-residents with a message
        auth.logout()
    assert client.get(path).status_code == 302
