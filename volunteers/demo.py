"""Demo data of the volunteers package: fictional elders of both communities, the retired workers'
watch group (退休工人守望团) of 晴川社区 visiting them, a few weeks of visits through the real services,
some elders overdue, concerns open and closed.

`demo_data.py` calls `create(city)` after the community and petitions demos.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from community.demo import DemoCity
from community.models import MembershipStatus, Team, TeamCategory, TeamMembership, User
from community.timeutil import utcnow
from extensions import db
from petitions.models import CaseType, Category
from volunteers import assignments, concerns, profiles, registry, visits
from volunteers.localdays import at_local, local_date, mask_of
from volunteers.models import Elder, Gender, LivingSituation, Outcome, Severity, VisitKind, Wellbeing

WATCH_GROUP = "退休工人守望团"
CHARITY_TEAM = "爱心义工队"
F, M = Gender.FEMALE, Gender.MALE
ALONE, SPOUSE, OTHER = LivingSituation.ALONE, LivingSituation.WITH_SPOUSE, LivingSituation.OTHER
# (name, gender, birth year, building, living situation, health notes, needs); all fictional.
ELDERS = {
    "qingchuan": [
        ("王桂兰", F, 1938, "3号楼", ALONE, "高血压，早晚服药", "代买蔬菜，读报"),
        ("李德福", M, 1941, "3号楼", ALONE, "耳背，说话要大声", "陪聊天，修小家电"),
        ("赵秀英", F, 1936, "5号楼", ALONE, "糖尿病，注意饮食", "陪同去医院复查"),
        ("孙建华", M, 1945, "5号楼", SPOUSE, "腿脚不便，拄拐杖", "代取快递"),
        ("周玉梅", F, 1940, "7号楼", ALONE, "轻度健忘", "提醒按时吃饭"),
        ("吴国强", M, 1939, "7号楼", ALONE, "心脏不好，装有起搏器", "陪聊天"),
        ("郑淑珍", F, 1943, "8号楼", OTHER, "视力差", "读信、代缴水电费"),
        ("冯志刚", M, 1937, "9号楼", ALONE, "慢性支气管炎", "冬天检查取暖"),
        ("陈桂芳", F, 1942, "10号楼", ALONE, "", "陪同散步"),
        ("褚明德", M, 1935, "11号楼", SPOUSE, "老伴卧床", "陪老伴一会儿"),
        ("卫兰英", F, 1944, "12号楼", ALONE, "关节炎", "代买药"),
        ("蒋福生", M, 1940, "12号楼", ALONE, "", "陪下象棋"),
    ],
    "fenglin": [
        ("沈秀兰", F, 1939, "2幢", ALONE, "高血压", "代买菜"),
        ("韩德明", M, 1941, "4幢", ALONE, "刚出院，恢复中", "陪同复诊"),
        ("杨美华", F, 1937, "6幢", SPOUSE, "", "陪聊天"),
        ("朱永康", M, 1943, "6幢", ALONE, "住六楼，无电梯", "代取快递"),
    ],
}
NOTES = ["", "精神不错，聊了家常。", "帮忙收拾了一下屋子。", "说最近睡得不好。"]
# Days since the last visit for each elder, in order; None: never visited. Weekly visits, so more
# than 7 is overdue. An entry "xx" means two failed attempts in a row after that visit.
LAST_SEEN = {"qingchuan": [2, 4, 1, 12, 6, 16, None, 3, 9, 5, "xx", 2], "fenglin": [3, 10, 6, None]}
WEEKS_OF_HISTORY = 4


def _team(city: DemoCity, slug: str, name: str) -> Team:
    return next(team for team in city.teams[slug] if team.name == name)


def _members(team: Team) -> list[User]:
    return list(db.session.scalars(
        select(User).join(TeamMembership, TeamMembership.user_id == User.id)
        .where(TeamMembership.team_id == team.id, TeamMembership.status == MembershipStatus.ACTIVE)
        .order_by(User.id)))


def _visit(actor: User, elder: Elder, when: datetime, rng: random.Random,
           outcome: Outcome = Outcome.MET) -> None:
    met = outcome == Outcome.MET
    moods = [Wellbeing.GOOD] * 4 + [Wellbeing.FAIR] * 2 + [Wellbeing.POOR]
    report = visits.VisitReport(
        visited_at=when, duration_minutes=rng.choice([20, 30, 45, 60, 90]) if met else 10,
        kind=rng.choice([VisitKind.HOME] * 4 + [VisitKind.PHONE, VisitKind.OUTING]), outcome=outcome,
        volunteer_ids=[actor.id],
        wellbeing={aspect: rng.choice(moods) for aspect in ("mood", "health", "safety", "meals", "needs")},
        notes=rng.choice(NOTES) if met else "")
    visits.log_visit(actor, elder, report).created_at = when


def _when(days_ago: int, rng: random.Random) -> datetime:
    day = local_date(utcnow()) - timedelta(days=days_ago)
    return at_local(day, time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])))


def create(city: DemoCity, seed: int = 2026) -> str:
    """Add the volunteers demo to the demo city; returns a line that sums it up."""
    rng = random.Random(seed)
    leader, volunteer = city.accounts["leader@linli.demo"], city.accounts["volunteer@linli.demo"]
    secretaries = {"qingchuan": city.accounts["secretary@linli.demo"],
                   "fenglin": city.accounts["secretary2@linli.demo"]}
    teams = {"qingchuan": _team(city, "qingchuan", WATCH_GROUP),
             "fenglin": _team(city, "fenglin", CHARITY_TEAM)}
    for slug, team in teams.items():
        assert team.category in (TeamCategory.SAFETY_WATCH, TeamCategory.CHARITY)
        for n, member in enumerate(_members(team)):
            profiles.save_profile(member, profiles.ProfileData(
                building=f"{rng.randint(1, 12)}号楼" if slug == "qingchuan" else f"{rng.randint(1, 8)}幢",
                skills=rng.choice(["", "急救", "修理家电", "会说本地方言", "理发"]),
                available_days=mask_of(rng.sample(range(7), rng.randint(2, 5))),
                available_slots=mask_of(rng.sample(range(3), rng.randint(1, 2))),
                phone=f"+861370000{n:04d}" if slug == "qingchuan" else ""))
    profiles.save_profile(volunteer, profiles.ProfileData(building="3号楼", skills="陪聊天、读报",
                                                          available_days=mask_of([1, 3, 5]),
                                                          available_slots=mask_of([0, 1])))
    made = {slug: 0 for slug in ELDERS}
    today = local_date(utcnow())
    for slug, people in ELDERS.items():
        community, secretary, team = city.communities[slug], secretaries[slug], teams[slug]
        visitor = leader if slug == "qingchuan" else team.leader
        for index, (name, gender, born, building, living, health, needs) in enumerate(people):
            elder = registry.save_elder(secretary, community, registry.ElderData(
                name=name, gender=gender, birth_year=born, building=building, living_situation=living,
                unit=f"{rng.randint(1, 3)}单元", room=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}",
                phone=f"+86138{list(ELDERS).index(slug):02d}{index:06d}", health_notes=health, needs=needs,
                emergency_contacts=f"女儿 {name[0]}丽 13900{rng.randint(100000, 999999)}",
                consent_on=today - timedelta(days=90), consent_witness=secretary.display_name,
                preferred_days=mask_of(rng.sample(range(7), 3)),
                preferred_slots=mask_of([rng.randint(0, 1)])))
            elder.created_at = utcnow() - timedelta(days=WEEKS_OF_HISTORY * 7 + 10)
            direct = slug == "qingchuan" and index in (0, 1, 4)
            assignments.assign(secretary, elder, team=team, volunteers=[volunteer] if direct else [])
            made[slug] += 1
            last_seen = LAST_SEEN[slug][index]
            if last_seen is None:
                visits.refresh_coverage(elder)  # never visited: due from its registration
                continue
            days = [d for d in range(WEEKS_OF_HISTORY * 7, 0, -rng.choice([6, 7, 8]))]
            last = 6 if last_seen == "xx" else last_seen
            for days_ago in [d for d in days if d > last + 2] + [last]:
                _visit(volunteer if direct else visitor, elder, _when(days_ago, rng), rng)
            if last_seen == "xx":
                for days_ago in (4, 1):
                    _visit(visitor, elder, _when(days_ago, rng), rng, outcome=Outcome.NO_ANSWER)
    _concerns(city, secretaries["qingchuan"], leader, volunteer, rng)
    raised = concerns.escalate_overdue()
    return (f"Volunteers: {made['qingchuan']} + {made['fenglin']} elders, "
            f"visits over {WEEKS_OF_HISTORY} weeks, concerns escalated {raised[1] + raised[2]}.")


def _concerns(city: DemoCity, secretary: User, leader: User, volunteer: User, rng: random.Random) -> None:
    """Open and closed concerns in 晴川社区: one urgent today, one follow-up past its deadline, two done."""
    elders = {e.name: e for e in db.session.scalars(select(Elder).where(
        Elder.community_id == city.communities["qingchuan"].id))}
    urgent_text = "老人说胸口闷，已建议去医院，家属联系不上。"
    gas, course = "煤气灶打火不好，有隐患。", "想报名老年书法班。"
    concerns.raise_concern(volunteer, elders["王桂兰"], Severity.URGENT, urgent_text,
                           raised_at=utcnow() - timedelta(hours=1))
    concerns.raise_concern(leader, elders["郑淑珍"], Severity.FOLLOW_UP, gas, raised_at=_when(5, rng))
    concerns.raise_concern(leader, elders["冯志刚"], Severity.NOTE, course, raised_at=_when(2, rng))
    done = concerns.raise_concern(volunteer, elders["周玉梅"], Severity.FOLLOW_UP, "冰箱里的食物过期了。",
                                  raised_at=_when(9, rng))
    concerns.resolve(secretary, done, "联系了她的女儿，每周送一次菜；走访时查看冰箱。")
    stair = concerns.raise_concern(leader, elders["蒋福生"], Severity.FOLLOW_UP, "12号楼2单元楼道灯坏了。",
                                   raised_at=_when(3, rng))
    # The first category the petitions demo made (none when it did not run): the case goes through
    # `petitions.intake` like any other.
    category_id = db.session.scalar(select(Category.id).where(Category.active.is_(True))
                                    .order_by(Category.id))
    if category_id is not None:
        concerns.turn_into_case(secretary, stair, concerns.CaseRequest(
            type=CaseType.COMPLAINT, category_id=category_id, title="12号楼2单元楼道灯不亮",
            description=stair.description, contact_phone="+8657188886666"))
