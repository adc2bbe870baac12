"""The hotspot pages: the board, a hotspot, declaring and answering a common problem, the dictionary."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from community.models import Role
from extensions import db
from petitions import intake
from petitions.hotspots.models import CaseAnalysis, CommonProblem, CommunityTerm, Hotspot
from petitions.hotspots.refresh import refresh
from petitions.models import Case, CaseStep
from tests import factories
from tests import petition_factories as pf
from tests.conftest import submit

TEXTS = ["孩子今年三岁，附近公办幼儿园学位已满，报不上名。", "民办幼儿园收费太高，希望增加普惠幼儿园学位。",
         "幼儿园报名系统显示学位不足，孩子无法入园。", "幼儿园学位紧张，排队两天没报上。"]


@pytest.fixture
def hot(app):  # type: ignore[no-untyped-def]
    """A hub whose community has a surging kindergarten hotspot, refreshed; plus a secretary elsewhere."""
    with app.app_context():
        hub = pf.make_hub()
        for i in range(12):
            case = intake.file_case(pf.draft(hub, title="入园难", description=TEXTS[i % 4] + f"（{i}）"),
                                    hub.resident)
            pf.age(case, days=i * 0.5)
        db.session.flush()
        refresh()
        citywide = select(Hotspot).where(Hotspot.community_id.is_(None))
        hotspot = db.session.scalar(citywide.order_by(Hotspot.cases_7d.desc()))
        assert hotspot.cases_7d == 12 and hotspot.surge
        elsewhere = factories.make_community()
        stranger = factories.make_user("别处书记", grants=[(Role.SECRETARY, elsewhere.id, None)])
        admin = factories.make_user("管理员", grants=[(Role.ADMIN, None, None)])
        db.session.commit()
        return SimpleNamespace(hotspot_id=hotspot.id, name=hotspot.name, department_id=hub.department.id,
                               supervisor=hub.supervisor.email,
                               dispatcher=hub.dispatcher.email, secretary=hub.secretary.email,
                               handler=hub.handler.email, other_handler=hub.other_handler.email,
                               resident=hub.resident.email, stranger=stranger.email, admin=admin.email)


def english(client) -> None:  # type: ignore[no-untyped-def]
    submit(client, "/", {"lang": "en"}, action="/language")


def test_the_board_shows_the_surge_with_its_figures(client, auth, hot) -> None:  # type: ignore[no-untyped-def]
    auth.login(hot.supervisor)
    english(client)
    html = client.get("/petitions/hotspots").get_data(as_text=True)
    assert f"{hot.name}: 12 cases, new this week" in html
    assert 'data-testid="computed-at"' in html and "<polyline" in html
    assert client.get("/petitions/hotspots?period=month").status_code == 200
    assert client.get("/petitions/hotspots?period=nonsense&surging=1").status_code == 200
    page = client.get(f"/petitions/hotspots/{hot.hotspot_id}").get_data(as_text=True)
    assert "Declare a common problem" in page and hot.name in page
    assert client.get("/petitions/hotspots/999999").status_code == 404


def test_who_sees_the_board(client, auth, hot) -> None:  # type: ignore[no-untyped-def]
    expected = [(hot.resident, 403), (hot.handler, 403), (hot.dispatcher, 200), (hot.secretary, 200)]
    for login, status in expected:
        auth.login(login)
        assert client.get("/petitions/hotspots").status_code == status, login
        auth.logout()
    auth.login(hot.stranger)  # a secretary of another community: allowed, but nothing of theirs is hot
    html = client.get("/petitions/hotspots").get_data(as_text=True)
    assert hot.name not in html
    assert "幼儿园学位" not in client.get(f"/petitions/hotspots/{hot.hotspot_id}").get_data(as_text=True)


def test_declare_and_answer_together(client, auth, hot, app) -> None:  # type: ignore[no-untyped-def]
    auth.login(hot.secretary)
    page = f"/petitions/hotspots/{hot.hotspot_id}"
    assert submit(client, page, {"declare-title": "x", "declare-department": hot.department_id},
                  action=f"{page}/declare").status_code == 403
    auth.logout()
    auth.login(hot.dispatcher)
    bad = submit(client, page, {"declare-title": "  ", "declare-department": hot.department_id},
                 action=f"{page}/declare")
    assert bad.status_code == 400
    done = submit(client, page, {"declare-title": "幼儿园入园难", "declare-department": hot.department_id,
                                 "declare-description": "学位缺口"}, action=f"{page}/declare")
    assert done.status_code == 302
    with app.app_context():
        problem = db.session.scalar(select(CommonProblem))
        problem_id = problem.id
    problem_page = f"/petitions/hotspots/problems/{problem_id}"
    assert 'data-testid="linked">12<' in client.get(problem_page).get_data(as_text=True)
    auth.logout()

    auth.login(hot.other_handler)
    assert client.get(problem_page).status_code == 403
    auth.logout()
    auth.login(hot.handler)
    assert "幼儿园入园难" in client.get("/petitions/hotspots/problems").get_data(as_text=True)
    empty = submit(client, problem_page, {"answer-answer": " "}, action=f"{problem_page}/answer")
    assert empty.status_code == 400
    answered = submit(client, problem_page, {"answer-answer": "新增两所普惠幼儿园。"},
                      action=f"{problem_page}/answer", follow_redirects=True)
    assert "新增两所普惠幼儿园。" in answered.get_data(as_text=True)
    auth.logout()

    auth.login(hot.secretary)  # the community's secretary sees the problem of their area
    assert client.get(problem_page).status_code == 200
    auth.logout()
    auth.login(hot.stranger)
    assert client.get(problem_page).status_code == 403
    auth.logout()
    auth.login(hot.resident)  # and each resident reads the answer on their own case
    with app.app_context():
        step = db.session.scalar(select(CaseStep).where(CaseStep.action == "reply"))
        number = step.case.number
    case_page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert "【幼儿园入园难】新增两所普惠幼儿园。" in case_page


def test_refresh_now(client, auth, hot) -> None:  # type: ignore[no-untyped-def]
    auth.login(hot.secretary)
    assert submit(client, "/petitions/hotspots", action="/petitions/hotspots/refresh").status_code == 403
    auth.logout()
    auth.login(hot.supervisor)
    response = submit(client, "/petitions/hotspots", action="/petitions/hotspots/refresh",
                      follow_redirects=True)
    assert response.status_code == 200 and "12" in response.get_data(as_text=True)
    assert client.post("/petitions/hotspots/refresh").status_code == 400  # no CSRF token


def test_the_administrator_extends_the_dictionary(client, auth, hot, app) -> None:  # type: ignore[no-untyped-def]
    auth.login(hot.admin)
    added = submit(client, "/petitions/admin/terms", {"term-term": "邻里互助点", "term-note": "社区服务"},
                   follow_redirects=True)
    assert "邻里互助点" in added.get_data(as_text=True)
    again = submit(client, "/petitions/admin/terms", {"term-term": "邻里互助点"})
    assert again.status_code == 400
    for bad in ["", "a b", "😀😀"]:
        response = submit(client, "/petitions/admin/terms", {"term-term": bad, "term-note": "kept"})
        assert response.status_code == 400 and 'value="kept"' in response.get_data(as_text=True)
    with app.app_context():
        term_id = db.session.scalar(select(CommunityTerm.id))
    removed = submit(client, "/petitions/admin/terms", action=f"/petitions/admin/terms/{term_id}/delete",
                     follow_redirects=True)
    assert 'data-testid="terms"' not in removed.get_data(as_text=True)


def test_a_refresh_meeting_another_one_is_told_so(client, auth, hot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    from petitions.hotspots import routes

    def clash():  # type: ignore[no-untyped-def]
        raise IntegrityError("INSERT INTO hotspots", {}, Exception("duplicate key"))

    monkeypatch.setattr(routes, "refresh", clash)
    auth.login(hot.supervisor)
    english(client)
    response = submit(client, "/petitions/hotspots", action="/petitions/hotspots/refresh",
                      follow_redirects=True)
    assert response.status_code == 200 and "Another refresh was running" in response.get_data(as_text=True)


@pytest.mark.parametrize("description", [
    "😀😀😀🙏", "！！！？？？……", "停车难，" * 800, "The lift is broken again，电梯又坏了",
    "幼兒園學位太緊張，報不上名",
])
def test_odd_texts_are_filed_and_analysed(client, auth, hot, app, description: str) -> None:  # type: ignore[no-untyped-def]
    from tests.test_petition_routes import file_form

    with app.app_context():
        category_id = db.session.scalar(select(Hotspot.category_id).where(Hotspot.id == hot.hotspot_id))
    auth.login(hot.resident)
    form = {**file_form(SimpleNamespace(category_id=category_id)), "title": "诉求",
            "description": description}
    response = submit(client, "/petitions/new", form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    number = response.headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert db.session.get(CaseAnalysis, case.id) is not None
