"""Demo data of the community package: a city with two communities, their teams, every role."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from community.models import (
    Community,
    Department,
    MembershipStatus,
    Role,
    RoleGrant,
    Team,
    TeamCategory,
    TeamMembership,
    User,
)
from community.security import hash_password
from extensions import db

COMMUNITIES = [
    ("qingchuan", "晴川社区", "江南区", "望湖街道"),
    ("fenglin", "枫林社区", "江南区", "枫桥街道"),
]

DEPARTMENTS = [
    ("城市管理局", "市容环境、占道经营、违章搭建"),
    ("住房和城乡建设局", "老旧小区改造、加装电梯、物业监管"),
    ("教育局", "入学入园、学位、校园周边"),
    ("民政局", "养老服务、低保救助、社区建设"),
    ("交通运输局", "公交线路、停车、道路养护"),
    ("生态环境局", "噪声、油烟、水和空气污染"),
]

TEAMS = [
    ("书画社", TeamCategory.HOBBIES, "每周三下午在活动室练字作画，欢迎初学者。"),
    ("棋牌俱乐部", TeamCategory.HOBBIES, "象棋、围棋、掼蛋，每天下午开放。"),
    ("爱心义工队", TeamCategory.CHARITY, "探望困难家庭，组织爱心义卖。"),
    ("便民维修队", TeamCategory.LIFE_SERVICES, "退休师傅义务修理小家电、自行车、雨伞。"),
    ("广场舞队", TeamCategory.CULTURE_SPORTS, "每晚七点在中心广场，一起跳起来。"),
    ("太极拳队", TeamCategory.CULTURE_SPORTS, "清晨六点半，公园东门集合。"),
    ("邻里帮帮团", TeamCategory.MUTUAL_AID, "代买代办、接送孩子，邻里之间搭把手。"),
    ("退休工人守望团", TeamCategory.SAFETY_WATCH, "定期走访独居老人，看看他们过得好不好。"),
]

# (login email, display name, role, scope): scope is a community slug, a department name or None.
ACCOUNTS = [
    ("admin@linli.demo", "管理员 王敏", Role.ADMIN, None),
    ("secretary@linli.demo", "社区书记 李红", Role.SECRETARY, "qingchuan"),
    ("secretary2@linli.demo", "社区书记 周强", Role.SECRETARY, "fenglin"),
    ("leader@linli.demo", "队长 陈建国", Role.TEAM_LEADER, "qingchuan"),
    ("volunteer@linli.demo", "志愿者 刘芳", Role.VOLUNTEER, "qingchuan"),
    ("resident@linli.demo", "居民 张伟", Role.RESIDENT, "qingchuan"),
    ("dispatcher@linli.demo", "派单员 赵磊", Role.DISPATCHER, None),
    ("handler@linli.demo", "经办人 孙丽", Role.HANDLER, "城市管理局"),
    ("supervisor@linli.demo", "督查员 吴斌", Role.SUPERVISOR, None),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华建国玉梅红波辉鹏飞凤兰德福志海"


@dataclass
class DemoCity:
    communities: dict[str, Community] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    accounts: dict[str, User] = field(default_factory=dict)
    residents: dict[str, list[User]] = field(default_factory=dict)
    teams: dict[str, list[Team]] = field(default_factory=dict)


def create(password: str, residents_per_community: int = 40, seed: int = 2026) -> DemoCity:
    rng = random.Random(seed)
    password_hash = hash_password(password)  # one hash for every demo account: quick to load
    city = DemoCity()
    for slug, name, district, street in COMMUNITIES:
        city.communities[slug] = Community(slug=slug, name=name, district=district, street=street)
    for name, description in DEPARTMENTS:
        city.departments[name] = Department(name=name, description=description)
    db.session.add_all([*city.communities.values(), *city.departments.values()])
    db.session.flush()

    for email, display_name, role, scope in ACCOUNTS:
        user = User(email=email, display_name=display_name, password_hash=password_hash, locale=None)
        grant = RoleGrant(role=role)
        if role.scope == "community":
            grant.community_id = city.communities[scope].id
        elif role.scope == "department":
            grant.department_id = city.departments[scope].id
        user.grants.append(grant)
        if role in {Role.TEAM_LEADER, Role.VOLUNTEER, Role.SECRETARY}:
            user.grants.append(RoleGrant(role=Role.RESIDENT, community_id=grant.community_id))
        city.accounts[email] = user
        db.session.add(user)

    for index, (slug, community) in enumerate(city.communities.items()):
        people = []
        for n in range(residents_per_community):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
            phone = f"+86139{index:02d}{n:06d}"
            user = User(phone=phone, display_name=name, password_hash=password_hash)
            user.grants.append(RoleGrant(role=Role.RESIDENT, community_id=community.id))
            people.append(user)
        db.session.add_all(people)
        city.residents[slug] = people
    db.session.flush()

    leader = city.accounts["leader@linli.demo"]
    volunteer = city.accounts["volunteer@linli.demo"]
    for slug, community in city.communities.items():
        people = city.residents[slug]
        teams = []
        for name, category, description in TEAMS:
            watch_group = slug == "qingchuan" and category is TeamCategory.SAFETY_WATCH
            team_leader = leader if watch_group else rng.choice(people)
            team = Team(community_id=community.id, name=name, category=category,
                        description=description, leader_id=team_leader.id)
            members = {team_leader.id, *(u.id for u in rng.sample(people, rng.randint(4, 14)))}
            if team_leader is leader:
                members.add(volunteer.id)
            team.memberships = [TeamMembership(user_id=uid, status=MembershipStatus.ACTIVE)
                                for uid in members]
            pending = rng.choice([u for u in people if u.id not in members])
            team.memberships.append(TeamMembership(user_id=pending.id, status=MembershipStatus.PENDING))
            teams.append(team)
        db.session.add_all(teams)
        city.teams[slug] = teams
    db.session.flush()
    return city
