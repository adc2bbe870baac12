"""Demo data of the hotspot analysis: a week in which kindergarten places surge (幼儿园入园 in both
communities, against about one case a week before), a few more cases about lifts, one refresh, and
two common problems: the lifts, answered together by the housing bureau; the kindergartens, declared
and waiting for the education bureau's answer."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from community.demo import DemoCity
from community.models import User
from extensions import db
from petitions import community_queue, intake
from petitions.demo import backdate
from petitions.hotspots import problems
from petitions.hotspots.models import Hotspot
from petitions.hotspots.refresh import refresh
from petitions.models import Case, CaseType, Category

KINDERGARTEN = [
    ("幼儿园报不上名", "孩子九月满三岁，附近公办幼儿园说学位已满，报不上名。"),
    ("小区配套幼儿园何时开园", "小区配套幼儿园建好两年了一直没开园，孩子只能去五公里外的幼儿园。"),
    ("普惠幼儿园太少", "普惠幼儿园太少，民办幼儿园一个月三千多，双职工家庭负担不起。"),
    ("幼儿园摇号没摇上", "今年幼儿园摇号没摇上，老人身体不好，我只能辞职在家带孩子。"),
    ("幼儿园学位不够", "新楼盘入住几千户，周边幼儿园学位严重不够，希望增加学位。"),
    ("托班取消了", "公办幼儿园托班取消了，两岁半的孩子没地方去，上班的家长很着急。"),
    ("幼儿园报名网站", "幼儿园报名网站一开放名额就没了，候补排到第四十位。"),
    ("随迁子女入园", "我们是外地来的随迁家庭，孩子上幼儿园要交一堆证明，还是没排上。"),
    ("幼儿园扩班", "听说幼儿园要扩班，说了一年没动静，今年还能不能多收一些孩子？"),
    ("入园难", "家里两个孩子都到了入园年龄，附近幼儿园只收了一个，接送两个地方太难。"),
    ("幼儿园离家太远", "划片的幼儿园离家太远，早上送完孩子上班要迟到，能不能就近入园？"),
    ("孩子上不了幼儿园", "幼儿园门口排了两天队还是没报上，孩子天天在家看电视。"),
    ("幼儿园学位", "爱人在外地工作，我一个人带孩子，公办幼儿园学位能不能优先照顾？"),
    ("幼儿园招生", "幼儿园招生说只收本街道户籍的孩子，我们租房住的怎么办？"),
    ("民办幼儿园收费", "民办幼儿园收费年年涨，普惠性幼儿园能不能多开几所？"),
]
LIFTS = [
    ("加装电梯审批太慢", "老楼加装电梯的申请交上去半年还没批下来，楼里十几户老人等着。"),
    ("加装电梯费用分摊", "加装电梯费用分摊方案大家谈不拢，希望社区和住建部门帮忙协调。"),
    ("加装电梯补贴", "加装电梯的补贴政策不清楚，不知道去哪里申请、要交哪些材料。"),
    ("加装电梯停工", "加装电梯施工队停工两个月了，井道搭了一半，影响进出。"),
]
LIFT_ANSWER = ("全市老旧小区加装电梯实行“一站式”审批，材料齐全的20个工作日内办结；每台补贴20万元，"
               "由街道统一申报。费用分摊可申请社区调解，住建局每月在各街道设现场咨询日。")


def _file(city: DemoCity, category: Category, title: str, text: str, slug: str, resident: User,
          age: timedelta) -> Case:
    draft = intake.CaseDraft(type=CaseType.COMPLAINT, category_id=category.id, title=title, description=text,
                             community_id=city.communities[slug].id)
    case = intake.file_case(draft, resident)
    db.session.flush()
    backdate([case, *case.steps], age)
    if age > timedelta(hours=8):  # the community took it up and sent it to the hub the same day
        secretary = city.accounts["secretary@linli.demo" if slug == "qingchuan" else "secretary2@linli.demo"]
        community_queue.accept(secretary, case)
        backdate([case.steps[-1]], age - timedelta(hours=3))
        community_queue.forward(secretary, case, "学位问题需教育部门统筹。")
        backdate([case.steps[-1]], age - timedelta(hours=5))
    return case


def create(city: DemoCity, seed: int = 7) -> str:
    rng = random.Random(seed)
    categories = {c.name: c for c in db.session.scalars(select(Category))}
    for n, (title, text) in enumerate(KINDERGARTEN):
        slug = "qingchuan" if n % 3 else "fenglin"
        resident = city.residents[slug][10 + n]
        _file(city, categories["幼儿园入园"], title, text, slug, resident,
              timedelta(days=n * 0.4, hours=rng.uniform(1, 6)))
    for n, (title, text) in enumerate(LIFTS):
        _file(city, categories["加装电梯"], title, text, "qingchuan", city.residents["qingchuan"][30 + n],
              timedelta(days=3 + n * 5, hours=rng.uniform(1, 6)))
    db.session.flush()
    state = refresh()

    citywide = (Hotspot.active, Hotspot.community_id.is_(None))
    lifts = db.session.scalar(select(Hotspot)
                              .where(Hotspot.category_id == categories["加装电梯"].id, *citywide)
                              .order_by(Hotspot.cases_90d.desc()))
    lift_problem = problems.declare(city.accounts["supervisor@linli.demo"], lifts, "老旧小区加装电梯难",
                                    city.departments["住房和城乡建设局"],
                                    "审批慢、费用分摊难、补贴政策不清：请住建局统一答复。")
    answered = problems.answer(city.accounts["handler.zhujian@linli.demo"], lift_problem, LIFT_ANSWER)
    kindergarten = db.session.scalar(select(Hotspot).where(
        Hotspot.category_id == categories["幼儿园入园"].id, *citywide).order_by(Hotspot.cases_7d.desc()))
    problems.declare(city.accounts["dispatcher@linli.demo"], kindergarten, "幼儿园入园难",
                     city.departments["教育局"], "本周幼儿园学位诉求激增，请教育局牵头研究并统一答复。")
    db.session.flush()
    return (f"Hotspots: {state.hotspots} over {state.cases_in_window} cases, {state.surges} surging "
            f"({kindergarten.name}: {kindergarten.cases_7d} cases this week, "
            f"{kindergarten.ratio:g}× the usual week); "
            f"common problems: {lift_problem.title} answered in {answered} cases, "
            "幼儿园入园难 waiting for 教育局.")
