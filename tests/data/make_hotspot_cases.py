"""Writes `hotspot_cases.json`: the labelled cases the hotspot analysis is measured on.

Each group is one problem residents raise; a case is written from that problem's sentences (what is
wrong, a detail of the resident's own situation, what it does to them, what they ask), so that two
residents never share more than one sentence. Planted near-duplicates are the same resident filing
again: the text reworded, reordered, shortened or taken down by the hotline. One group surges: a
water outage in 望江社区, some thirty cases in the last week against about one a week before.

Run `python -m tests.data.make_hotspot_cases` to write the file again (seeded: always the same).
"""

from __future__ import annotations

import json
import random
from itertools import product
from pathlib import Path

COMMUNITIES = ["青川社区", "枫林社区", "望江社区", "东湖社区"]
OPENERS = ["", "", "", "您好，", "领导好，", "我是{b}的住户，", "反映一个问题：", "我家住{b}，",
           "作为老住户，", "麻烦关注一下，", "我想问一下，", "求助：", "再不管就要出事了，", "打扰了，",
           "我是{b}业主，"]
REQUESTS = ["请尽快处理。", "希望相关部门重视。", "盼复。", "请给个说法。", "希望早日解决。", "谢谢！",
            "请派人来看看。", "希望能有个时间表。", "请督促落实。", "拜托了。", "恳请帮忙协调。", ""]

# group: (category, [problem sentences], [own situation], [what it does], title words)
GROUPS: dict[str, tuple[str, list[str], list[str], list[str], list[str]]] = {
    "kindergarten": ("入园难", [
        "附近公办幼儿园学位已满，孩子报不上名", "小区配套幼儿园建好两年了一直没开园",
        "今年幼儿园报名网站一开放名额就没了", "普惠幼儿园太少，民办园收费一个月三千多",
        "划片的幼儿园离家五公里，接送太难", "幼儿园摇号没摇上，只能在家带孩子",
        "新楼盘入住几千户，幼儿园学位严重不够", "幼儿园说只收本街道户籍的孩子",
        "公办幼儿园托班取消了，两岁半的孩子没地方去", "幼儿园扩班的事说了一年没动静",
        "随迁子女上幼儿园要交一堆证明", "幼儿园门口排了两天队还是没报上"],
        ["孩子今年九月满三岁", "我们是双职工，老人身体不好", "家里两个孩子都到了入园年龄",
         "我们刚搬来{c}不到一年", "孩子在外地老家读了一年又接回来", "我上班在开发区，每天通勤两小时",
         "孩子有点过敏体质，需要离家近", "爱人在外地工作，我一个人带孩子", "去年就报过名排在候补第四十位",
         "邻居家孩子也是同样情况"],
        ["没人带孩子只能辞职", "每月光学费就占工资一半", "孩子天天在家看电视", "耽误孩子上学",
         "家里为这事天天吵架", "全家都很焦虑", "只能请老人从老家过来", "工作都快保不住了"],
        ["幼儿园学位", "入园难", "幼儿园报名", "孩子上幼儿园"]),
    "lift_install": ("加装电梯", [
        "老楼加装电梯的申请交上去半年没批", "加装电梯一楼住户一直反对签字",
        "加装电梯的补贴政策不清楚，不知道怎么申请", "加装电梯施工队停工两个月了",
        "加装电梯费用分摊方案大家谈不拢", "加装电梯规划公示期过了还没开工",
        "想加装电梯但管线迁移费用太高", "加装电梯后电梯井挡住了二楼采光",
        "加装电梯验收后一直没交付使用", "楼里十几户老人盼着加装电梯"],
        ["我们楼是九十年代的老楼，没有电梯", "我住六楼，今年七十多了", "老伴腿脚不好很少下楼",
         "单元里一半住户超过六十岁", "楼里已经有十户签了同意书", "我们自己垫了前期设计费",
         "社区开过两次协调会", "隔壁小区早就装好了"],
        ["老人一个月都下不了一次楼", "看病都要邻居背下楼", "买菜提东西上楼太累",
         "老人在家憋出了病", "邻里关系越来越僵"],
        ["加装电梯", "老楼电梯", "电梯加装", "加梯"]),
    "lift_broken": ("电梯故障", [
        "电梯又坏了，已经停运三天", "电梯运行中突然下坠了一层，吓死人",
        "电梯经常困人，上周又关了一位老人", "电梯按钮失灵，到不了高层",
        "电梯门关不严，一直报警", "电梯年检过期了还在用", "电梯里异响很大，晃得厉害",
        "电梯维保人员半个月没来过", "电梯停在两层之间，门打不开", "一部电梯坏了一部在修，只能爬楼"],
        ["我家住十八楼", "家里有坐轮椅的老人", "我每天要推婴儿车上下楼", "楼里有好几位行动不便的老人",
         "我刚做完手术在家休养", "报修电话打了五次", "物业说配件还没到", "上个月刚修过一次"],
        ["出门一趟要半个小时", "孩子上学都迟到了", "老人不敢出门", "外卖快递都送不上来",
         "大家天天提心吊胆"],
        ["电梯坏了", "电梯故障", "电梯困人", "电梯停运"]),
    "parking": ("停车管理", [
        "小区停车位太少，晚上车都停到消防通道上", "地下车库车位只卖不租，价格太高",
        "小区门口路边停车收费标准乱", "外来车辆随意进小区占车位",
        "充电桩太少，电动车排队充电", "僵尸车占着车位好几年没人管",
        "新划的停车位把人行道占了", "物业把公共车位租给外面的人",
        "晚上路边违停把公交车道堵死了", "小区道闸坏了，谁都能开进来"],
        ["我每天下班要转二十分钟找车位", "我家有两辆车", "前天车被刮了找不到人",
         "我们楼前就是消防通道", "我腿脚不好要开车去医院", "上周救护车进不来耽误了时间"],
        ["经常吵架堵路", "出门就是一场战斗", "安全隐患很大", "大家怨气很大"],
        ["停车难", "停车位", "乱停车", "小区停车"]),
    "garbage": ("垃圾分类", [
        "垃圾分类投放点太少，要走很远", "垃圾桶满了好几天没人清运", "定时定点投放时间太短，上班族赶不上",
        "垃圾站离楼太近，夏天臭味熏人", "分好类的垃圾被清运车混在一起拉走", "厨余垃圾桶破了，污水流一地",
        "楼道里堆满了装修垃圾没人管", "大件垃圾没有地方扔", "垃圾分类督导员态度很差",
        "垃圾房苍蝇老鼠成群"],
        ["我家正对着垃圾站", "家里有刚出生的宝宝", "我早上七点前就要出门", "楼下老人天天在捡垃圾",
         "我们反映给物业好几次了", "夏天窗户都不敢开"],
        ["环境太差了", "影响居民健康", "孩子都不敢在楼下玩", "分类的积极性都没了"],
        ["垃圾分类", "垃圾清运", "垃圾站", "垃圾投放"]),
    "noise": ("噪音扰民", [
        "楼下广场舞音响声音太大，每晚跳到十点", "楼上装修天天电钻，周末也不停",
        "小区旁边工地夜里施工", "楼下烧烤店深夜喧哗", "隔壁商铺整天用喇叭循环叫卖",
        "篮球场晚上打球到半夜", "楼顶空调外机噪音像打雷", "酒吧音乐声震得玻璃都响"],
        ["孩子马上中考需要安静", "我上夜班白天要睡觉", "家里有心脏不好的老人", "宝宝每晚被吵醒",
         "我们去沟通过没有用", "打了110来过一次第二天照旧"],
        ["好几个月没睡过好觉", "人都快神经衰弱了", "孩子学习受影响", "老人血压都高了"],
        ["噪音扰民", "广场舞噪音", "施工噪音", "深夜噪音"]),
    "streetlight": ("路灯照明", [
        "路灯坏了一个多月没人修", "小区主干道路灯一到晚上就灭", "河边步道的路灯全不亮",
        "路灯线路裸露在外面很危险", "新修的路没有装路灯", "路灯一闪一闪的，晃眼睛",
        "地下通道的照明灯全坏了", "公园路灯十点就关了"],
        ["我每天晚上九点多下班", "上周有人在这里摔倒了", "附近老人晚上要出来散步",
         "孩子放学要经过这里", "我们找物业，物业说归市政管"],
        ["走夜路心里发慌", "治安隐患很大", "晚上都不敢出门", "骑车差点撞到人"],
        ["路灯不亮", "路灯坏了", "照明", "夜里太黑"]),
    "water": ("供水", [
        "小区突然停水，没有任何通知", "停水已经两天了，还没说什么时候来水",
        "来水以后自来水发黄，有股铁锈味", "高层水压太低，白天基本没水", "停水期间送水车只来了一次",
        "供水管道爆裂，路面全是水", "停水通知只贴在一个单元门口", "二次供水泵房坏了一直没修",
        "自来水浑浊，烧开有白色沉淀", "晚上来了一会儿水又停了", "物业说是水务公司的事，水务说找物业",
        "楼顶水箱好几年没清洗", "停水后热水器烧坏了", "整个片区停水，超市矿泉水都卖光了",
        "水表井漏水，水费比平时多了一倍", "停水没有应急供水点"],
        ["家里有卧床的老人", "孩子还小要喝奶粉", "我们已经两天没洗澡了", "我住二十六楼",
         "家里开小饭馆做不了生意", "邻居都去亲戚家住了", "我打了热线三次", "早上起来就没水了",
         "我家洗衣机里泡着衣服", "楼里有透析病人", "单位也停了只能请假", "我们一栋楼都一样",
         "买了十几桶水扛上楼", "物业群里没人回"],
        ["做饭上厕所都成问题", "生活完全乱了", "老人孩子受不了", "卫生状况很差",
         "大家意见很大", "担心水质有问题不敢喝"],
        ["停水", "自来水", "小区停水", "水压低"]),
    "property": ("物业服务", [
        "物业费年年涨，服务越来越差", "物业不公开公共收益账目", "物业保安经常不在岗",
        "小区绿化被物业改成了停车位", "物业强制收取装修押金", "物业合同到期业主不同意续签",
        "物业维修基金使用不透明", "物业管家群里只催缴费不解决问题"],
        ["业主群里很多人有意见", "我们要求开业主大会", "我家交了十年物业费从没拖欠",
         "去年小区被盗了好几户", "业委会已经换届半年"],
        ["业主和物业矛盾很大", "大家都不想交物业费了", "小区越来越乱"],
        ["物业服务", "物业费", "物业公司", "物业管理"]),
    "fumes": ("餐饮油烟", [
        "楼下饭店油烟直排，熏得家里全是味", "烧烤摊油烟顺着窗户飘进来",
        "餐馆排烟管道接到了居民楼外墙", "火锅店抽油烟机噪音和油烟一起来",
        "小吃街油烟净化器形同虚设", "早餐店凌晨四点就开始炸油条"],
        ["我家在三楼正上方", "孩子有哮喘", "晾的衣服全是油味", "我们投诉到环保热线了"],
        ["窗户一年四季不敢开", "家里墙都被熏黄了", "呼吸都难受"],
        ["油烟扰民", "餐饮油烟", "油烟直排", "饭店油烟"]),
    "vendor": ("占道经营", [
        "菜市场门口小摊占满了人行道", "夜市摊位把马路占了一半", "水果摊摆到了盲道上",
        "修车铺在路边占道作业", "早点摊占道经营，垃圾满地", "商户把货物堆到店外"],
        ["我推着轮椅只能走机动车道", "孩子上学必经这条路", "这里离学校只有一百米",
         "城管来了就收走了就又摆出来"],
        ["交通堵得厉害", "行人只能走马路中间", "安全隐患很大"],
        ["占道经营", "马路市场", "小摊占道", "店外经营"]),
    "canteen": ("养老服务", [
        "建议社区开设老年食堂，老人吃饭太难", "社区助餐点只有午饭没有晚饭",
        "老年食堂的菜太咸太油，不适合老人", "助餐点离家太远，腿脚不好去不了",
        "希望助餐服务能送餐上门", "老年食堂补贴只给八十岁以上老人"],
        ["我今年七十八岁，一个人住", "老伴去年走了", "子女都在外地工作", "我有高血压糖尿病"],
        ["一天三顿都凑合", "常常饿一顿饱一顿", "身体越来越差"],
        ["老年食堂", "助餐点", "社区食堂", "老人吃饭"]),
}
BUILDINGS = [f"{n}号楼" for n in range(1, 21)]
SYNONYMS = [("尽快", "赶紧"), ("已经", "都"), ("一直", "始终"), ("希望", "盼望"), ("太", "特别"),
            ("没有", "没"), ("反映", "说"), ("孩子", "小孩"), ("老人", "老年人"), ("很", "非常")]
SURGE_GROUP, SURGE_COMMUNITY, SURGE_CASES = "water", "望江社区", 30


def compose(rng: random.Random, group: str, community: str, used: set[tuple]) -> tuple[str, str]:
    _category, problems, situations, effects, titles = GROUPS[group]
    choices = list(product(range(len(problems)), range(len(situations)), range(len(effects))))
    rng.shuffle(choices)

    def pairs(choice: tuple[int, int, int]) -> set[tuple]:
        p, s, e = choice
        key = (group, community)
        return {(*key, "ps", p, s), (*key, "pe", p, e), (*key, "se", s, e)}

    # Two residents of one community share at most one of their three sentences.
    p, s, e = min(choices, key=lambda choice: len(pairs(choice) & used))
    used.update(pairs((p, s, e)))
    building = rng.choice(BUILDINGS)
    opener = rng.choice(OPENERS).format(b=building, c=community)
    where = rng.choice([f"{community}{building}", building, f"{community}", ""])
    problem = problems[p]
    sentences = [f"{where}{problem}" if where and rng.random() < 0.5 else problem,
                 situations[s].format(c=community), effects[e]]
    if rng.random() < 0.5:
        sentences[1], sentences[2] = sentences[2], sentences[1]
    text = opener + "，".join(sentences) + "。" + rng.choice(REQUESTS)
    title = rng.choice(titles) + rng.choice(["", "的问题", "问题反映", "求助", "，请处理"])
    return title, text


def reword(rng: random.Random, title: str, text: str) -> tuple[str, str]:
    """The same resident again: two or three of the ways a text changes when written a second time."""
    if rng.random() < 0.2:  # the hotline's summary: only the problem and one more sentence are left
        parts = [p for p in text.replace("。", "，").split("，") if p]
        kept = "，".join(parts[:2] if len(parts) < 4 else [parts[0], parts[1], parts[rng.randrange(2, 4)]])
        return title, f"市民来电反映：{kept}。市民要求相关部门尽快处理并回复。"
    edits = rng.sample(["again", "synonyms", "punctuation", "reorder", "shorten", "hotline"], 3)
    body = text
    for edit in edits:
        if edit == "again":
            again = ["再次反映：", "上次反映了没人管，", "第二次投诉了，", "还是上次那个问题，"]
            body = rng.choice(again) + body
        elif edit == "synonyms":
            for a, b in rng.sample(SYNONYMS, 4):
                body = body.replace(a, b, 1)
        elif edit == "punctuation":
            body = body.replace("，", " ").replace("。", "！", 1)
        elif edit == "reorder":
            parts = [p for p in body.replace("。", "，").split("，") if p]
            if len(parts) > 3:
                parts[1], parts[2] = parts[2], parts[1]
            body = "，".join(parts) + "。"
        elif edit == "shorten":
            parts = [p for p in body.split("，") if p]
            if len(parts) > 3:
                parts.pop(rng.randrange(1, len(parts) - 1))
            body = "，".join(parts)
        elif edit == "hotline":
            body = "来电人反映：" + body + "来电人要求回复。"
    return rng.choice([title, title + "（再次）", "再次反映" + title]), body


def build(seed: int = 20261202) -> list[dict]:
    rng, used, cases = random.Random(seed), set(), []

    def add(group: str, community: str, days_ago: float, title: str, text: str, duplicate_of=None) -> dict:
        category = GROUPS[group][0] if group in GROUPS else "其他"
        case = {"id": len(cases) + 1, "group": group, "category": category, "community": community,
                "days_ago": round(days_ago, 2), "title": title, "description": text,
                "duplicate_of": duplicate_of}
        cases.append(case)
        return case

    for group in GROUPS:
        per_group = 8 if group == SURGE_GROUP else rng.randint(18, 26)
        for _ in range(per_group):
            community = SURGE_COMMUNITY if group == SURGE_GROUP else rng.choice(COMMUNITIES)
            # the surge group: about one case a week over the 8 weeks before the last 7 days
            days = 7 + 7 * len([c for c in cases if c["group"] == group]) + rng.random() * 6 \
                if group == SURGE_GROUP else rng.uniform(0, 88)
            add(group, community, days, *compose(rng, group, community, used))
    for _ in range(SURGE_CASES):
        text = compose(rng, SURGE_GROUP, SURGE_COMMUNITY, used)
        add(SURGE_GROUP, SURGE_COMMUNITY, rng.uniform(0, 6.9), *text)
    originals = rng.sample([c for c in cases if c["days_ago"] > 3], 40)
    for original in originals:
        title, text = reword(rng, original["title"], original["description"])
        add(original["group"], original["community"], original["days_ago"] - rng.uniform(0.1, 3), title, text,
            duplicate_of=original["id"])
    odd = [("路灯坏了", "灯"), ("", "!!!"), ("😡😡😡", "😡😡😡"), ("求助", "   "),
           ("Help", "Water is off again since Monday, 停水"),
           ("停車難", "社區停車位太少，晚上車都停在消防通道上，請儘快處理。"), ("…", "……？？？")]
    for title, text in odd:
        add("odd", rng.choice(COMMUNITIES), rng.uniform(0, 80), title, text)
    return cases


def main() -> None:
    path = Path(__file__).with_name("hotspot_cases.json")
    cases = build()
    path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    pairs = sum(1 for c in cases if c["duplicate_of"])
    print(f"{len(cases)} cases, {pairs} planted duplicate pairs -> {path}")


if __name__ == "__main__":
    main()
