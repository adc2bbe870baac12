"""Cases with text for the `hotspots` scale: a hub's last ~11 months, about 270,000 in the last 90 days.

Each case says three clauses of its problem (from the sentences of the labelled cases of tests/data:
what is wrong, the resident's situation, what it does to them) and four details of its own drawn
from a pool of a few thousand (a day, a place, a duration …), and a request. About 2 % are the same
resident filing again with a detail added (near-duplicates). One problem surges: the
water outage in five communities, six times its usual week in the last 7 days. Cases older than the
90 days the refresh reads take their text (and its analysis) from a pool of 500 per problem.

Every case of the window gets its `case_analyses` row from the real analyser, as intake writes it.
Old cases keep their status closed; the last two weeks are waiting at the community or the hub.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from petitions.hotspots.models import CaseAnalysis
from petitions.hotspots.text import analyser
from petitions.models import Case, CaseStatus, CaseType, Channel
from tests.data.make_hotspot_cases import BUILDINGS, GROUPS, OPENERS, REQUESTS

Rows = list[dict[str, Any]]
WINDOW_DAYS, WINDOW_SHARE = 90, 0.27
SPAN_DAYS = round(WINDOW_DAYS / WINDOW_SHARE)  # 333 days: ~27 % of the cases in the last 90
DUPLICATE_SHARE = 0.02
CLAUSES, DETAILS = 3, 4  # a case says three of its problem's clauses and four details of its own
OLD_POOL = 500  # texts per problem for the cases older than the window
SURGE_GROUP, SURGE_COMMUNITIES, SURGE_FACTOR = "water", 5, 6
# The demo's categories (bench.petitions_data.catalogue_rows numbers them 1…12) for each problem.
CATEGORY_OF = {"streetlight": 1, "vendor": 2, "garbage": 3, "noise": 4, "fumes": 5, "water": 6,
               "lift_install": 7, "lift_broken": 8, "property": 8, "kindergarten": 9, "canteen": 10,
               "parking": 11}
PLACES = ["东门", "南门", "西门", "北门", "菜市场", "地铁口", "公交站", "幼儿园门口", "小学门口", "广场",
          "地下车库", "自行车棚", "篮球场", "健身路径", "老年活动室", "社区医院", "超市", "便利店", "花园",
          "物业办公室", "快递驿站", "垃圾站", "消防通道", "人行道", "河边步道", "天桥", "停车场"]
MOMENTS = ["从{m}月{d}日开始", "{m}月{d}日晚上", "上周{w}", "这个月{d}号", "{h}点左右", "连续{k}天",
           "已经{k}个星期", "每天{h}点到{h2}点", "前后{k}次"]
WEEKDAYS = "一二三四五六日"
NUMBERS = "一二三四五六七八九十"


def details(rng: random.Random, count: int = 4000) -> list[str]:
    """Short sentences of a resident's own circumstances: a moment, a place, a figure."""
    found: set[str] = set()
    while len(found) < count:
        moment = rng.choice(MOMENTS).format(m=rng.randint(1, 12), d=rng.randint(1, 28),
                                            w=rng.choice(WEEKDAYS), h=rng.randint(6, 11),
                                            h2=rng.randint(12, 23), k=rng.choice(NUMBERS))
        place = rng.choice(PLACES)
        found.add(rng.choice([f"{moment}{place}那边", f"{place}{moment}", f"{moment}",
                              f"就在{place}附近", f"{place}一带{moment}"]))
    return sorted(found)


def clauses(group: str) -> list[str]:
    """The clauses of a problem's sentences (a resident says two or three of them in their own order)."""
    _category, problems, situations, effects, _titles = GROUPS[group]
    return sorted({c for sentence in [*problems, *situations, *effects] for c in sentence.split("，") if c})


def case_text(rng: random.Random, group: str, said: list[str], pool: list[str]) -> tuple[str, str]:
    """A title and a description: a few of the problem's clauses, the resident's own details."""
    titles = GROUPS[group][4]
    opener = rng.choice(OPENERS).format(b=rng.choice(BUILDINGS), c="本社区")
    body = [opener.rstrip("，：,"), *rng.sample(said, CLAUSES), *rng.sample(pool, DETAILS),
            rng.choice(REQUESTS).rstrip("。！")]
    return rng.choice(titles), "，".join(part for part in body if part) + "。"


def hotspot_case_rows(cases: int, communities: int, residents: dict[int, list[int]], now: datetime,
                      rng: random.Random) -> list[tuple[sa.Table, Rows]]:
    tool, pool = analyser(), details(rng)
    groups = sorted(GROUPS)
    said = {group: clauses(group) for group in groups}
    start = now - timedelta(days=SPAN_DAYS)
    window_from, surge_from = now - timedelta(days=WINDOW_DAYS + 1), now - timedelta(days=7)
    step = timedelta(days=SPAN_DAYS) / cases

    def analysed(title: str, description: str) -> tuple[str, str, tuple[str, str, bytes]]:
        result = tool.analyse(title, description)  # what intake stores
        return title, description, (" ".join(result.keywords)[:200], " ".join(result.terms), result.bands)

    old_texts = {g: [analysed(*case_text(rng, g, said[g], pool)) for _ in range(OLD_POOL)] for g in groups}
    case_list: Rows = []
    analyses: Rows = []
    previous: dict[tuple[int, str], tuple[str, str]] = {}
    for case_id in range(1, cases + 1):
        created = start + step * (case_id - 1)
        community_id = rng.randint(1, communities)
        group = rng.choice(groups)
        if created >= surge_from and rng.random() < surge_share(communities, len(groups)):
            group, community_id = SURGE_GROUP, rng.randint(1, SURGE_COMMUNITIES)
        key = (community_id, group)
        if created < window_from:
            title, description, (keywords, terms, bands) = rng.choice(old_texts[group])
        else:
            if key in previous and rng.random() < DUPLICATE_SHARE:  # the same resident again
                title, description = previous[key]
                description = rng.choice(pool) + "，" + description
            else:
                title, description = case_text(rng, group, said[group], pool)
            previous[key] = (title, description)
            title, description, (keywords, terms, bands) = analysed(title, description)
        age = now - created
        status = (CaseStatus.CLOSED if age > timedelta(days=14) else
                  CaseStatus.FORWARDED if age > timedelta(days=1) else CaseStatus.SUBMITTED)
        case_list.append({
            "id": case_id, "number": f"LL-{created.year}-H{case_id:07d}", "type": CaseType.COMPLAINT,
            "category_id": CATEGORY_OF[group], "title": title, "description": description,
            "community_id": community_id, "building": "", "unit": "", "address": "", "lat": None,
            "lng": None, "hide_name": False, "channel": Channel.WEB,
            "submitter_id": rng.choice(residents[community_id]), "contact_name": "", "contact_phone": "",
            "status": status, "accept_due_at": created + timedelta(days=1), "department_id": None,
            "assignment_id": None, "deadline_at": None, "supervision_level": 0, "reopened": False,
            "merged_into_id": None, "reply": "", "rating": None, "rating_comment": "", "rated_at": None,
            "resolved_at": None, "closed_at": created + timedelta(days=14) if status == CaseStatus.CLOSED
            else None, "created_at": created, "updated_at": created, "version": 1,
        })
        analyses.append({"case_id": case_id, "keywords": keywords, "terms": terms, "bands": bands,
                         "dictionary_version": 0, "analysed_at": created, "hotspot_id": None})
    return [(Case.__table__, case_list), (CaseAnalysis.__table__, analyses)]


def surge_share(communities: int, groups: int) -> float:
    """The share of the last week's cases that go to the surge, so that the surge's communities see
    SURGE_FACTOR times their usual week of that problem."""
    usual = SURGE_COMMUNITIES / (communities * groups)  # its usual share of all cases
    return usual * (SURGE_FACTOR - 1)
