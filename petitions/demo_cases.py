"""What the petitions demo plays: the category catalogue, the showcase cases the demo accounts meet,
and the history of rated cases behind four weeks of scorecards. A case's story is a list of steps
`(gap, action, *args)`, each `gap` after the one before; `Plan.anchor` says when one step happened.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from community.timeutil import DEFAULT_ZONE
from petitions.models import CaseType, Channel, LimitKind, Rating
from petitions.workdays import WorkCalendar

ZONE = ZoneInfo(DEFAULT_ZONE)
Step = tuple  # (gap: timedelta, action: str, *arguments)
C, S, Q = CaseType.COMPLAINT, CaseType.SUGGESTION, CaseType.INQUIRY
CITY, HOUSING, EDUCATION, CIVIL, TRANSPORT, ENVIRONMENT = (
    "城市管理局", "住房和城乡建设局", "教育局", "民政局", "交通运输局", "生态环境局")
ME, QC, FL = "resident@linli.demo", "qingchuan", "fenglin"

CATEGORIES = [  # (name, English name, limit kind, usual department)
    ("路灯照明", "Street lighting", LimitKind.GENERAL, CITY),
    ("占道经营", "Street vending", LimitKind.GENERAL, CITY),
    ("垃圾清运", "Rubbish collection", LimitKind.URGENT, CITY),
    ("噪声扰民", "Noise nuisance", LimitKind.GENERAL, ENVIRONMENT),
    ("油烟污染", "Cooking fumes", LimitKind.GENERAL, ENVIRONMENT),
    ("老旧小区改造", "Old estate renovation", LimitKind.COMPLEX, HOUSING),
    ("加装电梯", "Lift installation", LimitKind.COMPLEX, HOUSING),
    ("物业管理", "Property management", LimitKind.GENERAL, HOUSING),
    ("幼儿园入园", "Kindergarten places", LimitKind.INQUIRY, EDUCATION),
    ("养老服务", "Elderly care", LimitKind.INQUIRY, CIVIL),
    ("停车管理", "Parking", LimitKind.GENERAL, TRANSPORT),
    ("公交线路", "Bus routes", LimitKind.COMPLEX, TRANSPORT),
]
KIND = {name: kind for name, _en, kind, _department in CATEGORIES}

# category: [(type, title, description, the department's answer)]; {b} is a building number.
TEMPLATES: dict[str, list[tuple[CaseType, str, str, str]]] = {
    "路灯照明": [(C, "{b}号楼旁路灯不亮", "{b}号楼旁的路灯坏了好几天，晚上回家黑漆漆的。",
                  "已更换灯具，夜间复查照明正常。"),
                 (C, "{b}号楼前路灯白天也亮着", "{b}号楼前的路灯白天一直亮着，浪费电。",
                  "已更换路灯时控开关。")],
    "占道经营": [(C, "{b}号楼门口水果摊占道", "流动水果摊每天下午停在{b}号楼门口，占了消防通道。",
                  "已劝导摊贩整改，该点位列入日常巡查。"),
                 (C, "早餐摊占用盲道", "社区南门早餐摊把桌椅摆到盲道上，视障居民没法通行。",
                  "已责令早餐摊退回店内经营，盲道已清理。")],
    "垃圾清运": [(C, "{b}号楼垃圾桶满溢", "{b}号楼旁的垃圾桶两天没有清运，气味很大。",
                  "已当天清运，该点清运调整为每日两次。"),
                 (C, "装修垃圾长期堆放", "{b}号楼单元门口的装修垃圾堆了半个月没人清走。",
                  "已联系清运公司，装修垃圾已全部清运。")],
    "噪声扰民": [(C, "夜间施工噪音扰民", "{b}号楼旁的工地晚上十点以后还在施工，影响休息。",
                  "已责令施工单位停止夜间施工并依法处罚。"),
                 (C, "商铺音响声音太大", "临街商铺用大功率音响招揽顾客，{b}号楼住户不堪其扰。",
                  "已约谈商铺负责人，音响已撤除。")],
    "油烟污染": [(C, "餐馆油烟直排", "{b}号楼底商餐馆的油烟没有净化就直接排放。",
                  "已责令餐馆安装油烟净化设施，复测达标。"),
                 (C, "露天烧烤油烟呛人", "晚上社区西门有露天烧烤，烟雾飘进{b}号楼。",
                  "已取缔露天烧烤摊点，引导其入室经营。")],
    "老旧小区改造": [(S, "{b}号楼外墙脱落", "{b}号楼外墙瓷砖不断脱落，楼下就是通道，很危险。",
                      "已纳入今年老旧小区改造计划，先行清理隐患。"),
                     (S, "小区雨污管道经常堵塞", "一下大雨{b}号楼前就积水，管道老化严重。",
                      "已完成管道疏通，雨污分流改造列入明年计划。")],
    "加装电梯": [(Q, "{b}号楼加装电梯怎么申请", "{b}号楼是老式六层楼，想了解加装电梯的流程和补贴。",
                  "业主协商一致后向街道申请，市级补贴每台20万元。"),
                 (S, "加装电梯低层住户有异议", "{b}号楼加装电梯，一楼住户担心采光，希望协调。",
                  "已组织设计单位与住户协商，调整了电梯井位置。")],
    "物业管理": [(C, "物业不及时维修漏水", "{b}号楼顶层漏水报修一个月，物业一直没有来修。",
                  "已督促物业完成屋面防水维修，纳入服务考核。"),
                 (C, "小区门禁长期损坏", "{b}号楼单元门禁坏了很久，陌生人随便进出。",
                  "已督促物业更换门禁系统，现已恢复使用。")],
    "幼儿园入园": [(Q, "幼儿园报名需要哪些材料", "孩子明年入园，想问公办幼儿园报名时间和材料。",
                    "每年5月报名，需户口簿、房产证明或居住证、接种证。"),
                   (Q, "非本地户籍孩子能否入园", "我们是外地户籍，在社区租房，孩子能上公办园吗？",
                    "持有效居住证并办理租赁备案即可报名。")],
    "养老服务": [(Q, "居家养老补贴如何申请", "家里老人八十多岁独居，想了解居家养老补贴怎么申请。",
                  "可到社区服务站申请，评估后每月提供上门服务。"),
                 (S, "希望开设老年助餐点", "{b}号楼老人很多，做饭不方便，希望附近开设助餐点。",
                  "已在社区服务中心开设助餐点，老人就餐有补贴。")],
    "停车管理": [(C, "消防通道被违停车辆堵塞", "{b}号楼旁的消防通道每天晚上停满私家车。",
                  "已施划禁停标线并加强夜间巡查。"),
                 (S, "建议增设电动车充电桩", "{b}号楼电动车很多，只能飞线充电，建议建充电桩。",
                  "已在小区内新增两处集中充电点。")],
    "公交线路": [(S, "建议公交延长末班时间", "附近公交末班车九点就结束了，下夜班回家不方便。",
                  "经客流评估，末班车已延长至22:30。"),
                 (S, "公交站台缺少遮雨棚", "社区门口公交站没有遮雨棚和座椅，老人候车辛苦。",
                  "已列入候车亭改造计划，本月内安装。")],
}
COMMENTS = {
    Rating.SATISFIED: ["处理很及时，谢谢！", "问题解决了，点赞。", "效率高，态度好。", ""],
    Rating.BASICALLY_SATISFIED: ["解决了，就是等得有点久。", "基本解决，希望长期保持。", ""],
    Rating.UNSATISFIED: ["问题没有根本解决。", "回复敷衍，现场还是老样子。", "过两天又恢复原样了。"],
}
# department: (share satisfied, share unsatisfied, share resolved on time, share taken up in time)
PROFILES = {CITY: (0.75, 0.05, 0.92, 0.95), HOUSING: (0.40, 0.30, 0.65, 0.75),
            EDUCATION: (0.70, 0.08, 0.95, 0.90), CIVIL: (0.85, 0.03, 0.97, 1.00),
            TRANSPORT: (0.50, 0.20, 0.80, 0.85), ENVIRONMENT: (0.60, 0.12, 0.85, 0.90)}


@dataclass
class Plan:
    key: str
    community: str                  # slug
    category: str
    type: CaseType
    title: str
    description: str
    steps: list[Step]
    anchor: tuple[int, datetime]    # a step's number (0: the filing) and when it happened
    submitter: str | int | None = None  # a demo account's email, a resident's index, None: a caller
    building: str = ""
    hide_name: bool = False
    channel: Channel = Channel.WEB
    caller: tuple[str, str] = ("", "")
    times: list[datetime] = field(default_factory=list)  # the filing's, then each step's

    def schedule(self, now: datetime) -> None:
        """Work out when each step happens; steps that would lie in the future are left out."""
        index, at = self.anchor
        self.times = [at - sum((gap for gap, *_ in self.steps[:index]), timedelta())]
        for gap, *_ in self.steps:
            self.times.append(self.times[-1] + gap)
        kept = sum(1 for t in self.times[1:] if t <= now)
        self.steps, self.times = self.steps[:kept], self.times[:kept + 1]
        assert self.times[0] <= now, self.key


@dataclass
class Timing:
    """The demo's present, and how long a department has for a case assigned now."""

    now: datetime
    calendar: WorkCalendar
    limits: dict[LimitKind, timedelta]
    window: timedelta  # to take a case up or return it

    def day(self, days_ago: int, hour: float = 0) -> datetime:
        """`hour` o'clock (local time) `days_ago` days before today."""
        day = self.calendar.local_date(self.now) - timedelta(days=days_ago)
        return datetime.combine(day, time(0), tzinfo=ZONE).astimezone(UTC) + timedelta(hours=hour)

    def week_start(self, weeks_ago: int) -> datetime:
        return self.day(self.calendar.local_date(self.now).weekday() + 7 * weeks_ago)


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


def d(days: float) -> timedelta:
    return timedelta(days=days)


def to_hub(department: str, accept: float = 3, forward: float = 1, assign: float = 2) -> list[Step]:
    """Accepted by the community, forwarded to the hub, assigned (the gaps in hours)."""
    return [(h(accept), "accept"), (h(forward), "forward", ""), (h(assign), "assign", department)]


def showcase(t: Timing) -> list[Plan]:
    """The cases the demo accounts meet: every status, each level of supervision, the hotline."""
    now, general = t.now, t.limits[LimitKind.GENERAL]
    ago = lambda delta: (0, now - delta)  # noqa: E731
    on = lambda days_ago, hour: (0, t.day(days_ago, hour))  # noqa: E731
    assigned = lambda at: (3, at)  # noqa: E731
    return [
        Plan("q-light", QC, "路灯照明", C, "3号楼东侧路灯不亮",
             "3号楼东侧通往车棚的两盏路灯坏了一个多星期，晚上一片漆黑，老人下楼倒垃圾很不安全。",
             [*to_hub(CITY, 2, 1, 3), (h(4), "take_up"),
              (d(1), "reply", "已安排维修班组查看，初步判断是线路老化，需要更换电缆。"),
              (d(2), "resolve", "已更换3号楼东侧两盏路灯的电缆和灯头，夜间复查照明正常。")],
             on(6, 8.5), ME, "3号楼"),
        Plan("q-light-again", QC, "路灯照明", C, "3号楼旁边路灯坏了", "从3号楼走到车棚看不清路。",
             [(h(3), "merge", "q-light", "与3号楼东侧路灯问题为同一事项。")], on(5, 10.2), 5, "3号楼"),
        Plan("q-night-market", QC, "噪声扰民", C, "北门夜市噪音持续到凌晨",
             "小区北门外的夜市每天营业到凌晨一两点，音响和叫卖声很大，临街1号楼、2号楼的居民"
             "根本没法休息。多次劝说无果，请有关部门管一管。",
             [*to_hub(ENVIRONMENT, 5, 2, 4), (h(20), "take_up")], assigned(now - general - d(1.5)),
             ME, "1号楼", hide_name=True),
        Plan("q-kindergarten", QC, "幼儿园入园", Q, "孩子明年入园，片区幼儿园名额够吗",
             "孩子明年9月满三岁，户籍在晴川社区。附近公办幼儿园名额很紧张，想问报名时间、"
             "需要哪些材料，名额不够时怎么安排。",
             [*to_hub(EDUCATION), (h(2), "take_up"),
              (d(1.5), "resolve", "公办幼儿园5月报名，需户口簿、房产证明或租赁备案、接种证。"
                                  "片区新建的望湖幼儿园明年9月开园，新增学位360个。"),
              (d(1), "rate", Rating.SATISFIED, "回答很详细，谢谢！")], on(20, 9.3), ME),
        Plan("q-stairwell", QC, "物业管理", C, "楼道堆放杂物影响通行",
             "5号楼2单元楼道里堆了很多纸箱和旧家具，堵住半边楼梯，有消防隐患，物业一直不清理。",
             [], ago(h(3)), ME, "5号楼"),
        Plan("q-lift", QC, "加装电梯", S, "12号楼申请加装电梯",
             "12号楼是1995年建的六层老楼，住着很多老人，爬楼很困难。大部分住户已同意加装电梯，"
             "想了解申请流程和补贴政策。",
             [(h(20), "accept"), (d(1), "forward", "涉及加装电梯审批和补贴，请协调住建部门。")],
             on(3, 14.4), ME, "12号楼"),
        Plan("q-market-stalls", QC, "占道经营", C, "菜市场门口占道经营堵路",
             "望湖菜市场门口每天早上都有流动摊贩把摊位摆到机动车道上，早高峰人车混行，非常危险。",
             [*to_hub(CITY), (h(3), "take_up"),
              (d(3), "resolve", "已联合街道对菜场门口占道摊贩进行劝导，设置了临时疏导区。"),
              (d(1), "rate", Rating.UNSATISFIED, "只管了两天，现在摊贩又回来了。"),
              (h(2), "reopen", "问题反复出现，希望有长效管理。"),
              (d(1), "reply", "已将菜市场门口列入每日早高峰巡查点位，正与市场协商增设便民摊位。")],
             (8, now - d(2)), ME),
        Plan("q-bins", QC, "垃圾清运", C, "8号楼垃圾桶满溢无人清运",
             "8号楼旁边的垃圾桶已经两天没人清运，垃圾堆到地上，气味很大，还招来了老鼠。",
             to_hub(CITY, 1, 0.5, 1), assigned(now - h(3)), 8, "8号楼"),
        Plan("q-barbecue", QC, "占道经营", C, "湖滨路人行道被烧烤摊占用",
             "湖滨路靠近社区西门的人行道，每天傍晚被烧烤摊占满，行人只能走机动车道。",
             to_hub(CITY), assigned(now - h(5)), 11, hide_name=True),
        Plan("q-square-lights", QC, "路灯照明", C, "中心广场路灯忽明忽暗",
             "中心广场的路灯最近一直忽明忽暗，晚上跳广场舞的人很多，担心漏电。",
             [*to_hub(CITY), (h(2), "take_up"), (d(1), "extend", 2, "需供电公司配合停电检修。"),
              (h(6), "grant", "同意延期2个工作日，请做好安全防护。")], assigned(now - d(3)), 14),
        Plan("q-fire-lane", QC, "停车管理", C, "小区周边违停严重，消防通道被堵",
             "晴川路两侧晚上停满了车，消防通道经常被堵，救护车都进不来。建议施划车位、加强执法。",
             [*to_hub(TRANSPORT), (h(6), "take_up"), (d(9), "supervise", "请三日内书面说明办理进展。")],
             assigned(now - general - d(20)), 17),
        Plan("q-lift-breakdowns", QC, "物业管理", C, "7号楼电梯一个月坏了四次",
             "7号楼电梯这个月已经坏了四次，有一次还困了人。物业说没钱大修，反映多次没有结果。",
             [*to_hub(HOUSING), (d(2), "take_up")], assigned(now - general - d(22)), 20, "7号楼"),
        Plan("f-sewers", FL, "老旧小区改造", S, "管网改造后路面一直没有恢复",
             "枫林小区雨污管网改造完工两个月了，挖开的路面还是坑坑洼洼，下雨全是泥水。",
             [*to_hub(HOUSING), (h(4), "take_up"), (t.limits[LimitKind.COMPLEX] - d(3), "extend", 3,
                                                    "路面恢复需等待管线单位验收。")], (5, now - h(20)), 3),
        Plan("f-kindergarten", FL, "幼儿园入园", S, "枫林片区公办幼儿园学位不足",
             "枫林片区近两年新建了三个楼盘，适龄儿童越来越多，附近只有一所公办幼儿园，"
             "今年很多孩子没摇上号。建议增建幼儿园或扩班。",
             [*to_hub(CIVIL), (h(3), "return", "学前教育学位规划属教育局职责，请改派教育局。")],
             on(2, 10.6), 6),
        Plan("f-piling", FL, "噪声扰民", C, "地铁工地夜间打桩",
             "枫桥路地铁站工地最近每天晚上十点以后还在打桩，孩子睡不着觉。",
             to_hub(ENVIRONMENT), assigned(now - general - d(1)), 9),
        Plan("f-fumes", FL, "油烟污染", C, "2号楼底商饭店油烟直排",
             "2号楼底商的川菜馆油烟没有净化就直接排放，楼上住户不敢开窗，衣服晾出去都是油味。",
             [*to_hub(ENVIRONMENT), (h(3), "take_up"), (d(2), "resolve", "已责令安装油烟净化器，复测达标。"),
              (d(1), "rate", Rating.BASICALLY_SATISFIED, "油烟小多了。")], on(18, 19.5), 12, "2号楼"),
        Plan("f-bus", FL, "公交线路", S, "建议增开到地铁站的社区公交",
             "枫林社区离最近的地铁站有2.5公里，早晚高峰公交很挤，建议开通社区微循环公交。",
             [*to_hub(TRANSPORT), (h(5), "take_up"),
              (d(10), "resolve", "已开通枫林社区至枫桥地铁站的微循环公交，高峰10分钟一班。"),
              (d(2), "rate", Rating.SATISFIED, "上班方便多了！")], on(30, 8.2), 15),
        Plan("f-home-care", FL, "养老服务", Q, "独居老人申请居家养老服务补贴",
             "来电人的母亲82岁独居，行动不便，想了解居家养老补贴如何申请、每月几次上门服务。",
             [*to_hub(CIVIL), (h(2), "take_up"),
              (d(1), "resolve", "已电话答复：家属可到社区服务站代为申请，每月上门服务8次。")],
             on(14, 10.1), None, channel=Channel.HOTLINE, caller=("刘桂兰", "13912345678")),
        Plan("q-canteen", QC, "养老服务", S, "老年食堂晚餐时间太早",
             "居民来访反映社区老年食堂晚餐17:30就结束了，希望延长供餐时间。",
             [(h(1), "accept"), (d(1), "resolve_locally", "老年食堂下周起晚餐供应延长至18:30。")],
             on(3, 9.7), 23, channel=Channel.WALK_IN),
        Plan("q-sorting", QC, "垃圾清运", S, "垃圾分类投放点设置不合理",
             "居民来电反映，10号楼附近的垃圾分类投放点离单元门太近，气味很大，希望挪到绿化带旁。",
             [], ago(h(1)), 22, "10号楼", channel=Channel.HOTLINE),
        Plan("q-advert", QC, "物业管理", C, "低价出售二手家电", "九成新冰箱、洗衣机低价出售，有需要请联系。",
             [(h(2), "reject", "个人广告不属于诉求受理范围，可发布在社区邻里集市。")], on(9, 21.3), 25),
        Plan("f-mall-parking", FL, "停车管理", C, "商场停车费太贵", "市中心商场停车每小时10元，希望降价。",
             [(h(4), "reject", "商业停车场收费属市场调节价，不属于受理范围；如有违规可拨打12315。")],
             on(4, 12.6), 18),
        Plan("q-fitness", QC, "物业管理", C, "中心花园健身器材损坏",
             "中心花园两台健身器材螺丝松动，有一台扶手已经断了，老人和孩子使用有危险。",
             [(h(4), "accept"), (h(3), "reply", "将联系物业本周内维修，已贴警示标识。")], on(1, 16.2), 27),
        Plan("f-phones", FL, "养老服务", S, "希望组织老年人智能手机培训",
             "很多老人不会用手机挂号、扫码，建议社区组织培训。", [(h(5), "accept")], ago(h(20)), 24),
        Plan("f-dancing", FL, "噪声扰民", C, "广场舞音响声音太大", "广场舞音响开到九点半，6号楼意见很大。",
             [], ago(h(0.5)), 30, "6号楼"),
        Plan("q-stair-light", QC, "路灯照明", C, "4号楼1单元楼道声控灯不亮", "三到五楼的声控灯都不亮了。",
             [(h(2), "accept"), (d(1), "resolve_locally", "已联系物业更换4号楼1单元楼道声控灯。"),
              (d(1), "rate", Rating.SATISFIED, "社区办事真快。")], on(10, 8.8), 30, "4号楼"),
        Plan("f-shelter", FL, "公交线路", S, "公交站台没有遮雨棚", "社区门口公交站没有遮雨棚，老人候车淋雨。",
             [(h(6), "accept"), (h(2), "forward", "")], on(1, 7.5), 33),
        Plan("f-streetlight", FL, "路灯照明", C, "枫林路路灯白天还亮着", "枫林路一整排路灯白天也亮着。",
             [*to_hub(CITY), (h(3), "take_up")], assigned(now - d(2)), 2),
        Plan("q-courtyard", QC, "老旧小区改造", S, "9号楼院内路面坑洼积水", "9号楼院内路面破损，下雨就积水。",
             [*to_hub(HOUSING), (h(6), "take_up"), (d(5), "extend", 3, "需等待改造方案审批。"),
              (h(8), "refuse", "方案已批复，请按原时限完成。")], assigned(now - d(10)), 33, "9号楼"),
        Plan("f-fees", FL, "物业管理", C, "物业费上涨未公示", "物业突然上调物业费，事先没有公示。",
             [*to_hub(HOUSING), (h(8), "take_up"), (d(3), "resolve", "已约谈物业，要求补充公示调价依据。"),
              (d(1), "rate", Rating.UNSATISFIED, "只是补了公示，涨价的事没解决。")], on(15, 20.4), 5),
    ]


def history(t: Timing, rng: random.Random, residents: int) -> list[Plan]:
    """In each of the last four weeks, each department has two or three cases rated (a few never are)."""
    plans = []
    for weeks_ago in range(1, 5):
        for dep, (satisfied, unsatisfied, on_time, in_time) in PROFILES.items():
            satisfied += rng.uniform(-0.15, 0.15)  # some weeks better than others
            for n in range(rng.randint(2, 3)):
                category = rng.choice([name for name, *_, owner in CATEGORIES if owner == dep])
                kind, title, text, answer = rng.choice(TEMPLATES[category])
                b = rng.randint(1, 24)
                limit = t.limits[KIND[category]] * (0.5 if KIND[category] == LimitKind.COMPLEX else 1)
                steps = to_hub(dep, rng.uniform(0.5, 6), rng.uniform(0.2, 2), rng.uniform(1, 8))
                if rng.random() < 0.1:  # sent to the wrong department first
                    steps[-1] = (steps[-1][0], "assign", rng.choice([o for o in PROFILES if o != dep]))
                    steps += [(h(rng.uniform(1, 4)), "return", f"不属于本部门职责，建议改派{dep}。"),
                              (h(rng.uniform(1, 5)), "assign", dep)]
                take = h(rng.uniform(0.5, 8)) if rng.random() < in_time else t.window + h(rng.uniform(2, 20))
                span = limit * (rng.uniform(0.3, 0.85) if rng.random() < on_time else rng.uniform(1.05, 1.4))
                steps += [(take, "take_up"), (max(span - take, h(1)), "resolve", answer)]
                roll = rng.random()
                rated = (Rating.SATISFIED if roll < satisfied
                         else Rating.UNSATISFIED if roll > 1 - unsatisfied else Rating.BASICALLY_SATISFIED)
                if rng.random() < 0.9:
                    steps.append((h(rng.uniform(2, 72)), "rate", rated, rng.choice(COMMENTS[rated])))
                if rated == Rating.UNSATISFIED and steps[-1][1] == "rate" and rng.random() < 0.4:
                    steps += [(h(rng.uniform(1, 20)), "reopen", "问题没有解决，申请重办。"),
                              (d(rng.uniform(1, 4)), "resolve", "已重新核查并整改到位。"),
                              (d(rng.uniform(0.2, 2)), "rate", Rating.BASICALLY_SATISFIED, "")]
                mark = "rate" if steps[-1][1] == "rate" else "resolve"  # the step that falls in the week
                anchor = next(i for i, step in enumerate(steps, 1) if step[1] == mark)
                at = t.week_start(weeks_ago) + d(rng.randrange(7)) + h(rng.uniform(8, 21))
                plans.append(Plan(
                    f"w{weeks_ago}-{dep}-{n}", rng.choice([QC, FL]), category, kind, title.format(b=b),
                    text.format(b=b), steps, (anchor, at), rng.randrange(residents),
                    f"{b}号楼" if "{b}" in text else "", hide_name=rng.random() < 0.15,
                    channel=Channel.HOTLINE if rng.random() < 0.1 else Channel.WEB))
    return plans
