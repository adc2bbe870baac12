"""Hotspot analysis: text at intake, the dictionary, grouping, surges, duplicates, common problems."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from community.errors import NotAllowed, ServiceError
from community.models import Community, Notification
from extensions import db
from petitions import intake
from petitions.hotspots import analysis, problems
from petitions.hotspots import text as hotspot_text
from petitions.hotspots.models import CaseAnalysis, CaseDuplicate, CommonProblemCase, Hotspot, ProblemStatus
from petitions.hotspots.refresh import refresh
from petitions.models import Case, CaseStatus, CaseStep
from tests import factories
from tests import petition_factories as pf

CITYWIDE = Hotspot.community_id.is_(None)
KINDERGARTEN = [
    "孩子今年三岁，附近公办幼儿园学位已满，报不上名。",
    "小区配套幼儿园一直没开办，入园难，只能去很远的地方。",
    "民办幼儿园收费太高，希望增加普惠幼儿园学位。",
    "幼儿园报名系统显示学位不足，孩子无法入园。",
]


@pytest.fixture
def hub(app_ctx) -> pf.Hub:  # type: ignore[no-untyped-def]
    return pf.make_hub()


def file(hub: pf.Hub, description: str, days_ago: float = 0, title: str = "诉求", community=None) -> Case:  # type: ignore[no-untyped-def]
    draft = pf.draft(hub, title=title, description=description)
    submitter = hub.resident
    if community is not None:
        draft.community_id = community.id
        submitter = factories.make_user(grants=[(factories.Role.RESIDENT, community.id, None)])
    case = intake.file_case(draft, submitter)
    if days_ago:
        pf.age(case, days=days_ago)
    db.session.flush()
    return case


@pytest.mark.parametrize("text", [
    "", "   \n\t ", "😀😀🎉🙏", "！！？？。。……——", "，,.;!?", "停车难" * 1333 + "a",
    "The lift in building 3 is broken again, 电梯坏了三天", "幼兒園學位太緊張，電梯壞了", "\x00\u200b",
])
def test_any_text_is_analysed_without_error(app_ctx, text: str) -> None:
    result = analysis.analyse_text("", text)
    assert len(result.keywords) <= hotspot_text.MAX_KEYWORDS
    if not text.strip() or all(not ch.isalnum() for ch in text):
        assert result.keywords == [] and result.bands == b""


def test_traditional_and_mixed_texts_give_the_keywords_of_simplified_ones(app_ctx) -> None:
    simplified = analysis.analyse_text("", "幼儿园学位太紧张，电梯坏了")
    traditional = analysis.analyse_text("", "幼兒園學位太緊張，電梯壞了")
    assert traditional.keywords == simplified.keywords
    assert "幼儿园" in traditional.keywords
    mixed = analysis.analyse_text("Lift broken", "The lift in building 3 is broken, 电梯坏了")
    assert {"lift", "broken", "电梯"} <= set(mixed.keywords)


def test_community_terms_are_whole_keywords(app_ctx) -> None:
    assert "加装电梯" in analysis.analyse_text("", "老楼加装电梯进展太慢").keywords


def test_the_administrator_extends_the_dictionary(app_ctx) -> None:
    admin = factories.make_user("管理员", grants=[(factories.Role.ADMIN, None, None)])
    sentence = "小区邻里互助点什么时候开放"
    assert "邻里互助点" not in analysis.analyse_text("", sentence).keywords
    term = analysis.add_term(admin, "邻里互助点", "社区服务")
    assert "邻里互助点" in analysis.analyse_text("", sentence).keywords
    with pytest.raises(ServiceError):
        analysis.add_term(admin, "邻里互助点")
    for bad in ("", "  ", "a", "两 个词", "!!", "x" * 30):
        with pytest.raises(ServiceError):
            analysis.add_term(admin, bad)
    analysis.remove_term(admin, term)
    db.session.flush()
    assert "邻里互助点" not in analysis.analyse_text("", sentence).keywords


def test_keywords_are_stored_when_a_case_is_filed(hub: pf.Hub) -> None:
    case = file(hub, "3号楼加装电梯的事情拖了半年，老人上下楼很困难。")
    row = db.session.get(CaseAnalysis, case.id)
    assert "加装电梯" in row.keyword_list
    assert len(row.bands) == 4 * hotspot_text.BANDS


def test_filing_succeeds_when_the_analysis_fails_and_the_refresh_catches_up(hub: pf.Hub, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("segmenter down")

    monkeypatch.setattr(hotspot_text.Analyser, "analyse", broken)
    case = file(hub, "幼儿园学位不足")
    assert case.id is not None and db.session.get(CaseAnalysis, case.id) is None
    monkeypatch.undo()
    state = refresh()
    assert state.cases_analysed >= 1
    assert "幼儿园" in db.session.get(CaseAnalysis, case.id).keyword_list
    assert refresh().cases_analysed == 0  # never analysed twice


def test_a_text_the_analyser_cannot_take_never_stops_the_refresh(hub: pf.Hub, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("segmenter down")

    monkeypatch.setattr(hotspot_text.Analyser, "analyse", broken)
    case = file(hub, "幼儿园学位不足")
    assert refresh().cases_analysed >= 1  # the refresh finishes …
    assert db.session.get(CaseAnalysis, case.id).keywords == ""  # … with the case stored without keywords
    assert refresh().cases_analysed == 0


def test_a_surge_is_flagged_against_the_groups_own_baseline(hub: pf.Hub) -> None:
    for week in range(1, 9):  # the usual week: one case
        file(hub, KINDERGARTEN[week % 4], days_ago=week * 7 + 2)
    for i in range(12):  # this week: twelve
        file(hub, KINDERGARTEN[i % 4] + f"第{i}次反映", days_ago=i * 0.4)
    for week in range(9):  # street lights: steady, three a week
        for i in range(3):
            file(hub, f"{i + 1}号楼路灯不亮，晚上很黑", days_ago=week * 7 + i + 0.5)
    refresh()
    hotspot = db.session.scalar(select(Hotspot).where(Hotspot.keyword == "幼儿园", CITYWIDE))
    assert hotspot is not None and hotspot.active
    assert (hotspot.cases_7d, hotspot.baseline_week, hotspot.ratio, hotspot.surge) == (12, 1.0, 12.0, True)
    assert hotspot.trend[-1] == 12 and sum(hotspot.trend) == 20
    assert hotspot.places[0]["name"] == hub.community.name
    lights = db.session.scalar(select(Hotspot).where(Hotspot.keyword == "路灯", CITYWIDE))
    assert lights.cases_7d == 3 and not lights.surge
    assert lights.baseline_week == 3.0


def test_a_surge_in_one_community_is_flagged_where_the_city_sees_none(hub: pf.Hub) -> None:
    elsewhere = [factories.make_community() for _ in range(2)]
    for week in range(9):
        for place in elsewhere:
            for i in range(2):  # two communities, steady
                file(hub, KINDERGARTEN[i], days_ago=week * 7 + i + 0.5, community=place)
        if week:
            file(hub, KINDERGARTEN[week % 4], days_ago=week * 7 + 3)  # one a week here …
    for i in range(9):  # … and nine this week
        file(hub, KINDERGARTEN[i % 4], days_ago=i * 0.5)
    refresh()
    city = db.session.scalar(select(Hotspot).where(Hotspot.keyword == "幼儿园", CITYWIDE))
    assert (city.cases_7d, city.baseline_week, city.surge) == (13, 5.0, False)
    local = db.session.scalar(select(Hotspot).where(Hotspot.keyword == "幼儿园",
                                                    Hotspot.community_id == hub.community.id))
    assert (local.cases_7d, local.baseline_week, local.ratio, local.surge) == (9, 1.0, 9.0, True)
    assert local.parent_id == city.id and local.name.endswith(hub.community.name)
    assert db.session.scalars(problems.members_query(local)).all()
    assert len(db.session.scalars(problems.members_query(local)).all()) == 17
    calm = db.session.scalar(select(Hotspot).where(Hotspot.keyword == "幼儿园",
                                                   Hotspot.community_id == elsewhere[0].id))
    assert calm.cases_7d == 2 and not calm.surge


def test_old_and_rejected_cases_are_left_out(hub: pf.Hub) -> None:
    for i in range(3):
        file(hub, KINDERGARTEN[i], days_ago=100)
    refresh()
    found = select(Hotspot).where(Hotspot.keyword == "幼儿园", Hotspot.active, CITYWIDE)
    assert db.session.scalar(found) is None


def test_near_duplicates_of_one_community_are_found(hub: pf.Hub) -> None:
    first = file(hub, "3号楼电梯又坏了，已经停运三天，老人上下楼很困难，请物业尽快维修。", days_ago=2)
    again = file(hub, "3号楼的电梯又坏了！停运三天了，老人上下楼非常困难，请物业赶快维修")
    other = file(hub, "我们楼的电梯经常出故障，物业维修不及时，希望加装电梯的事情也能推进。")
    elsewhere = factories.make_community()
    far = file(hub, "3号楼电梯又坏了，已经停运三天，老人上下楼很困难，请物业尽快维修。", community=elsewhere)
    state = refresh()
    pairs = {(d.case_id, d.duplicate_of_id) for d in db.session.scalars(select(CaseDuplicate))}
    assert (again.id, first.id) in pairs
    assert not {p for p in pairs if other.id in p or far.id in p}
    assert state.duplicate_pairs == len(pairs)
    assert refresh().duplicate_pairs == len(pairs)  # kept, not found twice


def test_a_refresh_compares_only_pairs_with_a_case_new_since_the_last(hub: pf.Hub) -> None:
    text = "5号楼楼道灯坏了两个星期，晚上老人上下楼看不见，摔了一跤，请物业尽快来修。"
    first = file(hub, text, days_ago=3)
    second = file(hub, "5号楼的楼道灯坏了两个星期！晚上老人上下楼看不见，摔了一跤，请物业赶快来修",
                  days_ago=2)
    refresh()
    assert db.session.get(CaseDuplicate, (second.id, first.id)) is not None
    for row in db.session.scalars(select(CaseDuplicate)):
        db.session.delete(row)
    db.session.flush()
    assert refresh().duplicate_pairs == 0  # both were compared last night: not again
    third = file(hub, text)
    state = refresh()
    assert db.session.get(CaseDuplicate, (third.id, first.id)) is not None
    assert db.session.get(CaseDuplicate, (third.id, second.id)) is not None
    assert db.session.get(CaseDuplicate, (second.id, first.id)) is None and state.duplicate_pairs == 2


def declared(hub: pf.Hub) -> tuple[Hotspot, list[Case]]:
    cases = [file(hub, text, days_ago=i) for i, text in enumerate(KINDERGARTEN)]
    refresh()
    return db.session.scalar(select(Hotspot).where(Hotspot.keyword == "幼儿园", CITYWIDE)), cases


def test_a_common_problem_is_answered_in_every_case_timeline(hub: pf.Hub) -> None:
    hotspot, cases = declared(hub)
    with pytest.raises(NotAllowed):
        problems.declare(hub.resident, hotspot, "幼儿园入园难", hub.department)
    with pytest.raises(ServiceError):
        problems.declare(hub.dispatcher, hotspot, "  ", hub.department)
    problem = problems.declare(hub.dispatcher, hotspot, "幼儿园入园难", hub.department)
    assert problems.case_count(problem) == 4
    with pytest.raises(ServiceError):
        problems.declare(hub.supervisor, hotspot, "again", hub.department)
    with pytest.raises(NotAllowed):
        problems.answer(hub.other_handler, problem, "答复")
    with pytest.raises(ServiceError):
        problems.answer(hub.handler, problem, " ")
    assert problems.answer(hub.handler, problem, "明年秋季新增两所普惠幼儿园，增加学位300个。") == 4
    assert problem.status == ProblemStatus.ANSWERED
    with pytest.raises(ServiceError):
        problems.answer(hub.handler, problem, "again")
    for case in cases:
        step = db.session.scalar(select(CaseStep).where(CaseStep.case_id == case.id,
                                                        CaseStep.action == "reply"))
        assert step.note == "【幼儿园入园难】明年秋季新增两所普惠幼儿园，增加学位300个。"
        assert case.status == CaseStatus.SUBMITTED  # answered, not closed: the community still acts on it
    told = db.session.scalars(select(Notification).where(Notification.user_id == hub.resident.id,
                                                         Notification.kind == "case_step"))
    assert len([n for n in told if n.params.get("action") == "reply"]) == 4

    later = file(hub, "幼儿园学位紧张，孩子报不上名，怎么办")
    refresh()
    assert db.session.get(CommonProblemCase, (problem.id, later.id)).answered
    assert any(s.action == "reply" and "幼儿园入园难" in s.note for s in later.steps)


def test_answering_with_resolve_resolves_the_departments_cases_in_progress(hub: pf.Hub) -> None:
    case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    case.description = "幼儿园学位不足，报名失败"
    analysis.analyse_case(case)
    hotspot, cases = declared(hub)
    problem = problems.declare(hub.supervisor, hotspot, "幼儿园入园难", hub.department)
    assert db.session.get(CommonProblemCase, (problem.id, case.id)) is not None
    problems.answer(hub.handler, problem, "新增学位。", resolve=True)
    assert case.status == CaseStatus.RESOLVED and case.reply == "【幼儿园入园难】新增学位。"
    assert all(c.status == CaseStatus.SUBMITTED for c in cases)


def test_secretaries_see_the_common_problems_of_their_area(hub: pf.Hub) -> None:
    hotspot, _cases = declared(hub)
    problem = problems.declare(hub.dispatcher, hotspot, "幼儿园入园难", hub.department)
    other = factories.make_user("别的书记", grants=[(factories.Role.SECRETARY, factories.make_community().id,
                                                      None)])
    assert problems.can_see(hub.secretary, problem) and not problems.can_see(other, problem)
    assert not problems.can_see(hub.resident, problem)
    mine = db.session.scalars(problems.problems_query(hub.secretary)).all()
    theirs = db.session.scalars(problems.problems_query(other)).all()
    assert problem in mine and problem not in theirs
    assert problem in db.session.scalars(problems.problems_query(hub.handler)).all()
    assert problem not in db.session.scalars(problems.problems_query(hub.other_handler)).all()
    assert db.session.get(Community, hub.community.id) is not None
