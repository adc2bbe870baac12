"""Demo data of service guides: a dozen guides with a blank form and an example each, and service points.

`create(city)` takes the `community.demo.DemoCity`; demo_data.py calls it after the community demo.
The forms are made here (a small hand-written PDF and a Pillow image), no network needed.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw
from sqlalchemy import select

from community import guide_files, guides
from community.demo import DemoCity
from community.guides import DocumentData, GuideData, ServicePointData
from community.models import (
    AttachmentKind,
    Department,
    DocumentForm,
    Guide,
    LifeEvent,
    ServicePoint,
    ServicePointKind,
)
from extensions import db

ORIG, C, B = DocumentForm.ORIGINAL, DocumentForm.COPY, DocumentForm.BOTH
HOURS = "周一至周五 8:30-12:00，14:00-17:30；周六上午 9:00-12:00"

# (name, keywords, life event, department, summary, eligibility, steps, documents, fees, time limit, form)
GUIDES = [
    ("高龄津贴申领", "养老补贴 老年补贴 高龄补贴", LifeEvent.OLD_AGE, "民政局",
     "80周岁以上老人每月可领高龄津贴。", "本市户籍、年满80周岁的老年人。",
     "带齐材料到社区服务中心提交申请\n社区3个工作日内初审并公示\n民政局审核后次月起按月发放到社保卡",
     [("身份证", 1, B, "本人"), ("户口簿", 1, ORIG, "本人"), ("社会保障卡", 1, C, "人社局或合作银行")],
     "免费", "10个工作日", "高龄津贴申请表"),
    ("居住证办理", "暂住证 居住登记", LifeEvent.MOVING, "公安局",
     "在本市居住满半年的非本市户籍人员可申领居住证。",
     "已办居住登记满6个月，有合法稳定就业、住所或连续就读之一。",
     "在社区服务中心或线上填写申请\n现场采集照片和指纹\n派出所审核制证\n凭回执领取居住证",
     [("身份证", 1, B, "本人"), ("租房合同或房产证", 1, B, "房东或不动产登记中心"),
      ("劳动合同或在读证明", 1, C, "用人单位或学校")], "首次申领免费", "15个工作日", "居住证申领登记表"),
    ("幼儿园入园报名", "入园 学位 幼儿园报名", LifeEvent.SCHOOL, "教育局",
     "适龄儿童按学区报名公办幼儿园。", "当年8月31日前年满3周岁的儿童。",
     "5月在教育局网站网上报名\n按通知到幼儿园现场审核材料\n6月底公布录取结果\n8月底办理入园手续",
     [("儿童出生医学证明", 1, B, "出生医院"), ("户口簿", 1, B, "派出所"),
      ("房产证或居住证", 1, C, "不动产登记中心"), ("预防接种证", 1, ORIG, "社区卫生服务中心")],
     "免费", "按当年招生通知", "入园报名表"),
    ("无障碍改造补贴", "适老化改造 无障碍厕所 扶手 坐便", LifeEvent.OLD_AGE, "民政局",
     "为困难老人和残疾人家庭改造卫生间、加装扶手，给予补贴。", "本市户籍的60周岁以上困难老人或持证残疾人。",
     "向社区提出申请\n评估机构上门评估\n确定改造方案并施工\n验收后补贴直接结算给施工单位",
     [("身份证", 1, C, "本人"), ("残疾人证或低保证", 1, C, "残联或民政局"),
      ("房屋产权或租赁证明", 1, C, "不动产登记中心")],
     "免费，最高补贴5000元", "评估后20个工作日内施工", "无障碍改造申请表"),
    ("出生登记（新生儿落户）", "新生儿 上户口 报户口", LifeEvent.BIRTH, "公安局",
     "孩子出生后一个月内办理户口登记。", "父母一方为本市户籍的新生儿。",
     "准备出生医学证明\n到户籍所在地派出所或社区服务中心申报\n当场审核，办结后领取户口簿",
     [("出生医学证明", 1, B, "出生医院"), ("父母身份证", 1, B, "本人"), ("户口簿", 1, ORIG, "本人"),
      ("结婚证", 1, B, "民政局婚姻登记处")], "免费", "当场办结", "出生登记申报表"),
    ("生育登记", "准生证 生育服务证", LifeEvent.BIRTH, "卫生健康委员会",
     "生育前后均可办理，便于享受孕产期保健服务。", "夫妻一方为本市户籍或持居住证。",
     "在线上或社区服务中心填写生育登记\n社区当场核对身份\n领取生育登记凭证",
     [("夫妻双方身份证", 1, ORIG, "本人"), ("结婚证", 1, ORIG, "民政局婚姻登记处")],
     "免费", "当场办结", "生育登记表"),
    ("退休养老金申领", "退休手续 养老金 退休金", LifeEvent.RETIREMENT, "人力资源和社会保障局",
     "达到退休年龄、缴费满15年，可按月领取基本养老金。", "达到法定退休年龄、累计缴费满15年的参保人。",
     "单位或本人在退休前1个月提交申请\n社保经办机构审核缴费年限\n核定养老金并通知本人\n次月起按月发放",
     [("身份证", 1, B, "本人"), ("社会保障卡", 1, ORIG, "人社局"), ("本人档案", 1, ORIG, "单位或人才中心")],
     "免费", "20个工作日", "基本养老金申领表"),
    ("社会保障卡申领", "社保卡 医保卡", LifeEvent.WORK, "人力资源和社会保障局",
     "看病、领养老金都用得上的社保卡。", "本市参保人员。",
     "到社区服务中心或合作银行填写申请\n现场拍照\n约15个工作日制卡\n凭回执领卡并激活",
     [("身份证", 1, B, "本人"), ("近期免冠照片", 1, ORIG, "照相馆或现场拍")],
     "首次免费，补卡20元", "15个工作日",
     "社会保障卡申领表"),
    ("户口迁移", "迁户口 户籍迁移 投靠落户", LifeEvent.MOVING, "公安局",
     "因购房、工作、投靠亲属把户口迁入本市。", "符合本市落户条件的人员。",
     "到迁入地派出所提交申请\n审核通过后开具准迁证明\n网上或迁出地办理迁出\n到迁入地办理落户",
     [("身份证", 1, B, "本人"), ("户口簿", 1, ORIG, "本人"),
      ("房产证或劳动合同", 1, B, "不动产登记中心或单位")],
     "免费", "20个工作日", "户口迁移申请表"),
    ("灵活就业人员社保登记", "自由职业 个体 社保缴费", LifeEvent.WORK, "人力资源和社会保障局",
     "没有单位的自由职业者以个人身份参加养老和医疗保险。", "16周岁以上、无用人单位的本市户籍或居住证持有人。",
     "带身份证到社区服务中心登记\n选择缴费档次\n签订银行代扣协议\n次月起按月扣缴",
     [("身份证", 1, C, "本人"), ("银行卡", 1, ORIG, "任一合作银行")],
     "免费", "当场办结", "灵活就业参保登记表"),
    ("居家养老服务申请", "助餐 上门服务 养老服务补贴", LifeEvent.OLD_AGE, "民政局",
     "独居、高龄老人可申请助餐、助洁、上门探访等服务。", "本社区60周岁以上的老年人。",
     "向社区提出申请\n社工上门评估需求\n确定服务内容并签协议\n服务机构按约上门",
     [("身份证", 1, C, "本人"), ("户口簿或居住证", 1, C, "本人")],
     "困难老人免费，其他按服务价目", "10个工作日",
     "居家养老服务申请表"),
    ("小学新生入学登记", "小学报名 一年级 学位", LifeEvent.SCHOOL, "教育局",
     "适龄儿童按学区登记入读公办小学。", "当年8月31日前年满6周岁的儿童。",
     "4月在教育局平台网上登记\n按通知到学校审核材料\n7月公布录取结果",
     [("户口簿", 1, B, "派出所"), ("房产证或居住证", 1, C, "不动产登记中心"),
      ("预防接种证", 1, ORIG, "社区卫生服务中心")],
     "免费", "按当年招生通知", "小学入学登记表"),
]


# English names, kept among the keywords so that an English search finds the guides too.
ENGLISH = {
    "高龄津贴申领": "elderly allowance", "居住证办理": "residence certificate",
    "幼儿园入园报名": "kindergarten enrolment", "无障碍改造补贴": "accessible toilet subsidy",
    "出生登记（新生儿落户）": "birth registration", "生育登记": "birth registration before birth",
    "退休养老金申领": "retirement pension", "社会保障卡申领": "social security card",
    "户口迁移": "moving household registration", "灵活就业人员社保登记": "self-employed social insurance",
    "居家养老服务申请": "home care for the elderly", "小学新生入学登记": "primary school enrolment",
}


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of ASCII text and boxes to fill in."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -28 Td" for line in lines)
    boxes = " ".join(f"50 {690 - 40 * n} 495 26 re S" for n in range(len(lines)))
    content = f"BT /F1 14 Tf 50 780 Td {text} ET {boxes}".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def example_png(title: str) -> bytes:
    """A filled-in example as an image: the form's boxes with handwriting-like strokes in them."""
    image = Image.new("RGB", (620, 420), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 16), f"EXAMPLE - {title}", fill="black")
    for n in range(6):
        top = 50 + n * 58
        draw.rectangle((20, top, 600, top + 44), outline="black", width=2)
        draw.line((40, top + 30, 200 + 50 * n, top + 26), fill=(20, 60, 160), width=3)
    draw.text((420, 392), "Sample only", fill=(180, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _department(city: DemoCity, name: str) -> Department:
    if name not in city.departments:
        department = db.session.scalar(select(Department).where(Department.name == name))
        if department is None:
            department = Department(name=name, description="")
            db.session.add(department)
            db.session.flush()
        city.departments[name] = department
    return city.departments[name]


def _service_points(city: DemoCity, admin) -> list[ServicePoint]:  # type: ignore[no-untyped-def]
    points = []
    streets = {community.street: community for community in city.communities.values()}
    for street, community in streets.items():
        points.append(guides.save_service_point(admin, ServicePointData(
            name=f"{street}便民服务中心", kind=ServicePointKind.STREET_CENTRE,
            address=f"{community.district}{street}政务服务大厅一楼", hours=HOURS, phone="0571-8800 1234",
            services="户籍、社保、医保、民政、计生一窗受理")))
    for community in city.communities.values():
        points.append(guides.save_service_point(admin, ServicePointData(
            name=f"{community.name}服务中心", kind=ServicePointKind.COMMUNITY_CENTRE,
            community_id=community.id,
            address=f"{community.street}{community.name}党群服务中心一楼", hours=HOURS,
            phone="0571-8800 5678",
            services="高龄津贴、居家养老、居住登记、社保卡代办、生育登记")))
    points.append(guides.save_service_point(admin, ServicePointData(
        name="湖畔村便民服务点", kind=ServicePointKind.VILLAGE_POINT, address="湖畔村村委会",
        hours="周一、三、五 9:00-11:30", phone="0571-8800 9012", services="代办社保、养老、医保")))
    return points


def create(city: DemoCity) -> list[Guide]:
    admin = city.accounts["admin@linli.demo"]
    points = _service_points(city, admin)
    made = []
    for (name, keywords, event, department, summary, eligibility, steps, documents, fees, limit,
         form_name) in GUIDES:
        near = [p.id for p in points
                if p.kind != ServicePointKind.VILLAGE_POINT or event == LifeEvent.OLD_AGE]
        data = GuideData(name=name, keywords=f"{keywords} {ENGLISH.get(name, '')}".strip(), life_event=event,
                         steps=steps, summary=summary,
                         department_id=_department(city, department).id, eligibility=eligibility,
                         time_limit=limit, fees=fees, hours=HOURS, location="综合受理窗口（取号后等候叫号）",
                         documents=[DocumentData(*row) for row in documents], service_point_ids=near)
        guide = guides.save_guide(admin, data)
        guide_files.add_attachment(admin, guide, form_name, AttachmentKind.BLANK, f"{form_name}.pdf",
                                   minimal_pdf(["Application form (blank)", "Name", "ID number", "Address",
                                                "Phone", "Signature and date"]))
        guide_files.add_attachment(admin, guide, form_name, AttachmentKind.EXAMPLE, f"{form_name}-样例.png",
                                   example_png(form_name))
        made.append(guide)
    return made
