"""Demo data of the events package, through the real services: in 晴川社区 a closed round whose winners
became events (one upcoming and full, with a waiting list; one past, with check-ins), an open round with
ideas and votes, more upcoming events in both communities and a cancelled one, so that the calendar feeds
have events from the first `make run`.

`demo_data.py` calls `create(city)` after the community demo.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from community.demo import DemoCity
from community.models import Community, Team, TeamCategory, User
from community.timeutil import DEFAULT_ZONE, to_local, utcnow
from events import ideas, planning, signups
from events.models import Event, Idea, VotingRound
from extensions import db

C = TeamCategory
# (title, category, expected size, time window, place, needs, description)
SPRING_IDEAS = [
    ("端午一起包粽子", C.CULTURE_SPORTS, 20, "端午节前的周末", "社区活动室", "糯米、粽叶、红枣",
     "大家一起包粽子，包好的一半送给独居老人。"),
    ("家宴比赛", C.HOBBIES, 30, "周六中午", "中心广场", "桌椅、评委三位",
     "每家做一道拿手菜，邻居们品尝打分。"),
    ("旧物交换集市", C.MUTUAL_AID, 50, "月初周日上午", "小区东门", "摊位桌",
     "把家里用不上的东西拿出来交换，不花钱。"),
    ("义剪进社区", C.CHARITY, 25, "工作日上午", "活动室", "理发师志愿者",
     "请理发师志愿者给老人和孩子免费理发。"),
]
WINTER_IDEAS = [
    ("冬至包饺子", C.CULTURE_SPORTS, 30, "冬至当天", "社区食堂", "面粉、肉馅", "冬至到了，一起包饺子过节。"),
    ("老人智能手机课", C.LIFE_SERVICES, 20, "每周二下午", "活动室", "投影仪",
     "教老人用手机挂号、付款、视频通话。"),
    ("楼道大扫除", C.MUTUAL_AID, 40, "周六上午", "各楼道", "扫帚、垃圾袋", "各楼栋一起清理楼道杂物。"),
    ("亲子读书会", C.HOBBIES, 25, "周日下午", "图书角", "绘本", "家长和孩子一起读绘本、讲故事。"),
    ("夜间平安巡逻", C.SAFETY_WATCH, 12, "每晚八点", "小区内", "手电、马甲", "居民轮流在小区里巡逻一圈。"),
    ("书法迎新春", C.HOBBIES, 20, "春节前", "书画社", "笔墨纸砚", "书画社的老师带大家写春联。"),
    ("社区运动会", C.CULTURE_SPORTS, 80, "元旦假期", "中心广场", "奖品", "拔河、跳绳、趣味接力。"),
    ("邻里互助清单", C.MUTUAL_AID, 15, "随时", "线上", "", "登记每家能帮的忙和需要的帮助。"),
]


def _local(days: int, hour: int, minute: int = 0) -> datetime:
    """`days` from today at a wall-clock time in Asia/Shanghai."""
    day = to_local(utcnow()).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(DEFAULT_ZONE))


def _team(city: DemoCity, slug: str, name: str) -> Team:
    return next(t for t in city.teams[slug] if t.name == name)


def _draft(title: str, place: str, start: datetime, hours: int, capacity: int, team: Team,
           description: str = "", guest: bool = False) -> planning.EventDraft:
    return planning.EventDraft(title=title, description=description, place=place, starts_at=start,
                               ends_at=start + timedelta(hours=hours), capacity=capacity, team_id=team.id,
                               allow_guest=guest)


def _propose(community: Community, author: User, row: tuple) -> Idea:  # type: ignore[type-arg]
    title, category, size, window, place, needs, description = row
    return ideas.propose_idea(author, community, ideas.IdeaDraft(
        title=title, description=description, category=category, expected_size=size, time_window=window,
        place=place, needs=needs))


def _vote(rng: random.Random, voters: list[User], voting_round: VotingRound, pool: list[Idea],
          weights: list[int]) -> int:
    votes = 0
    for voter in voters:
        for idea in set(rng.choices(pool, weights=weights, k=voting_round.votes_per_resident)):
            ideas.support(voter, idea)
            votes += 1
    return votes


def _sign_up(people: list[User], event: Event) -> None:
    for person in people:
        signups.sign_up(person, event)


def create(city: DemoCity, seed: int = 6) -> str:
    rng = random.Random(seed)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    qingchuan, fenglin = city.communities["qingchuan"], city.communities["fenglin"]
    secretary, secretary2 = city.accounts["secretary@linli.demo"], city.accounts["secretary2@linli.demo"]
    resident = city.accounts["resident@linli.demo"]
    people = city.residents["qingchuan"]

    # The spring round: voted while open, then closed 20 days ago; its two winners became events.
    spring = ideas.open_round(secretary, qingchuan, ideas.RoundDraft(
        title="春季金点子征集", starts_at=now - timedelta(days=40), ends_at=now + timedelta(days=1),
        votes_per_resident=2, live_results=False))
    spring_ideas = [_propose(qingchuan, rng.choice(people), row) for row in SPRING_IDEAS]
    votes = _vote(rng, people[:30], spring, spring_ideas, [9, 7, 3, 2])
    spring.ends_at = now - timedelta(days=20)

    zongzi, banquet = spring_ideas[0], spring_ideas[1]
    full = planning.create_event(secretary, qingchuan, _draft(
        zongzi.title, zongzi.place, _local(5, 9), 3, 20, _team(city, "qingchuan", "爱心义工队"),
        "带上围裙和饭盒。包好的粽子一半送给独居老人。"), idea=zongzi)
    _sign_up([resident, *people[:23]], full)  # 20 confirmed, 4 waiting

    past = planning.create_event(secretary, qingchuan, _draft(
        banquet.title, banquet.place, _local(1, 11), 3, 30, _team(city, "qingchuan", "棋牌俱乐部"),
        "每家一道拿手菜，评委打分，人人有奖。", guest=True), idea=banquet)
    _sign_up(people[10:28], past)
    for signup in signups.participants(past)[:14]:
        signups.check_in(secretary, signup)
    past.starts_at, past.ends_at = _local(-10, 11), _local(-10, 14)
    past.created_at = past.updated_at = now - timedelta(days=18)

    # The winter round, open now, with ideas and live counts.
    winter = ideas.open_round(secretary, qingchuan, ideas.RoundDraft(
        title="冬季金点子征集", starts_at=now - timedelta(days=2), ends_at=now + timedelta(days=12),
        votes_per_resident=3, support_threshold=10, live_results=True))
    winter_ideas = [_propose(qingchuan, rng.choice([resident, *people]), row) for row in WINTER_IDEAS]
    votes += _vote(rng, people[:35], winter, winter_ideas, [8, 7, 4, 3, 3, 2, 5, 1])
    ideas.support(resident, winter_ideas[1])
    votes += 1

    # More events: upcoming ones in both communities, and one cancelled.
    taiji = planning.create_event(secretary, qingchuan, _draft(
        "太极拳公开课", "公园东门", _local(3, 6, 30), 1, 30, _team(city, "qingchuan", "太极拳队"),
        "零基础也能学，穿运动鞋。"))
    _sign_up(people[20:32], taiji)
    repair = planning.create_event(secretary, qingchuan, _draft(
        "便民维修日", "小区东门", _local(9, 9), 4, 40, _team(city, "qingchuan", "便民维修队"),
        "修小家电、自行车、雨伞，磨剪刀。"))
    _sign_up(people[:8], repair)
    movie = planning.create_event(secretary, qingchuan, _draft(
        "露天电影夜", "中心广场", _local(7, 19), 2, 60, _team(city, "qingchuan", "广场舞队")))
    _sign_up(people[5:15], movie)
    planning.cancel_event(secretary, movie, "放映设备送修，改期另行通知。")
    dance = planning.create_event(secretary2, fenglin, _draft(
        "广场舞联欢", "枫林广场", _local(6, 19, 30), 2, 50, _team(city, "fenglin", "广场舞队")))
    _sign_up(city.residents["fenglin"][:15], dance)
    db.session.flush()
    return (f"Events: 2 rounds, {len(spring_ideas) + len(winter_ideas)} ideas, {votes} votes, "
            f"6 events (one past with check-ins, one cancelled, one full with a waiting list)")
