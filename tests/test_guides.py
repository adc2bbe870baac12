"""Service guides without HTTP: saving with versions, search by words and pinyin, suggestions, files."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from PIL import Image
from sqlalchemy import func, select

from community import guide_demo, guide_files, guides
from community.errors import NotAllowed, ServiceError
from community.guides import DocumentData, GuideData, ServicePointData
from community.models import (
    AttachmentKind,
    DocumentForm,
    GuideAttachment,
    GuideResolution,
    LifeEvent,
    Role,
    ServicePointKind,
)
from extensions import db
from tests import factories


@pytest.fixture
def secretary(app_ctx):  # type: ignore[no-untyped-def]
    community = factories.make_community()
    return factories.make_user("书记", grants=[(Role.SECRETARY, community.id, None)])


def data(**overrides) -> GuideData:  # type: ignore[no-untyped-def]
    values = dict(name="高龄津贴申领", keywords="养老补贴 elderly allowance", life_event=LifeEvent.OLD_AGE,
                  summary="80周岁以上老人每月可领。", steps="到社区服务中心申请\n社区初审\n民政局审核发放",
                  documents=[DocumentData("身份证", 1, DocumentForm.BOTH, "本人"),
                             DocumentData("户口簿", 2, DocumentForm.ORIGINAL, "派出所")])
    values.update(overrides)
    return GuideData(**values)


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(out, format="PNG")
    return out.getvalue()


def test_pinyin_keys_keep_initials_and_full_pinyin():
    assert guides.pinyin_keys("养老补贴") == ("ylbt", "yanglaobutie")
    assert guides.pinyin_keys("居住证 ID") == ("jzz id", "juzhuzheng id")


def test_a_guide_is_saved_with_its_checklist_and_pinyin(secretary):
    guide = guides.save_guide(secretary, data())
    assert guide.version == 1 and [v.number for v in guide.versions] == [1]
    assert [(d.name, d.copies) for d in guide.documents] == [("身份证", 1), ("户口簿", 2)]
    assert "ylbt" in guide.pinyin_initials and "yanglaobutie" in guide.pinyin_full
    assert guide.step_list == ["到社区服务中心申请", "社区初审", "民政局审核发放"]


def test_an_edit_keeps_the_previous_version(secretary):
    guide = guides.save_guide(secretary, data())
    first_saved = guide.updated_at
    guides.save_guide(secretary, data(fees="免费", steps="网上申请\n审核"), guide)
    assert guide.version == 2 and guide.updated_at >= first_saved
    old, new = sorted(guide.versions, key=lambda v: v.number)
    assert old.content["steps"] == "到社区服务中心申请\n社区初审\n民政局审核发放"
    assert new.content["fees"] == "免费" and new.content["steps"] == "网上申请\n审核"


@pytest.mark.parametrize("steps", ["", "   \n  \n"])
def test_a_guide_without_steps_is_refused(secretary, steps):
    with pytest.raises(ServiceError) as error:
        guides.save_guide(secretary, data(steps=steps))
    assert error.value.field == "steps"


def test_only_secretaries_and_administrators_write_guides(app_ctx):
    resident = factories.make_user(grants=[(Role.RESIDENT, factories.make_community().id, None)])
    with pytest.raises(NotAllowed):
        guides.save_guide(resident, data())
    admin = factories.make_user(grants=[(Role.ADMIN, None, None)])
    assert guides.save_guide(admin, data()).id


@pytest.mark.parametrize("query", ["ylbt", "YLBT", "养老补贴", "高龄", "Elderly", "allowance", "yanglao",
                                   "gljt", "身份证"])
def test_search_finds_by_words_and_by_pinyin(secretary, query):
    guide = guides.save_guide(secretary, data())
    guides.save_guide(secretary, data(name="居住证办理", keywords="residence", life_event=LifeEvent.MOVING))
    found = guides.search_guides(query)
    assert guide in found
    assert all(g.name != "居住证办理" for g in found) or query == "身份证"


def test_search_by_life_event_and_department(secretary):
    guides.save_guide(secretary, data())
    moving = guides.save_guide(secretary, data(name="居住证办理", life_event=LifeEvent.MOVING))
    assert guides.search_guides("", LifeEvent.MOVING) == [moving]


@pytest.mark.parametrize("query", ["%%%", "!!??……", "___", "   "])
def test_symbols_only_find_nothing(secretary, query):
    guides.save_guide(secretary, data())
    found = guides.search_guides(query)
    assert found == [] or query.strip() == ""


def test_a_thousand_character_search_is_refused_clearly(secretary):
    with pytest.raises(ServiceError) as error:
        guides.search_guides("养" * 1000)
    assert error.value.field == "q"


def test_suggestions_for_an_inquiry(secretary):
    allowance = guides.save_guide(secretary, data())
    guides.save_guide(secretary, data(name="幼儿园入园报名", keywords="入园 学位",
                                      life_event=LifeEvent.SCHOOL))
    assert guides.suggest_for_inquiry("我妈妈85岁了，养老补贴怎么领？")[0] == allowance
    assert guides.suggest_for_inquiry("请问ylbt怎么办理")[0] == allowance
    assert guides.suggest_for_inquiry("怎么办理？") == []
    assert guides.suggest_for_inquiry("") == []


def test_record_resolution_counts_each_inquiry_once(secretary):
    guide = guides.save_guide(secretary, data())

    class Case:
        def __init__(self, number: str, type: str) -> None:
            self.number, self.type = number, type

    assert guides.record_resolution(guide, Case("LL-2026-000001", "inquiry"))
    assert not guides.record_resolution(guide, Case("LL-2026-000001", "inquiry"))
    assert not guides.record_resolution(guide, Case("LL-2026-000002", "complaint"))
    assert guides.record_resolution(guide, Case("LL-2026-000003", "inquiry"))
    assert guide.resolved_count == 2
    assert guides.guides_for_case("LL-2026-000003") == [guide]
    assert db.session.scalar(select(func.count()).select_from(GuideResolution)) == 2


@pytest.mark.parametrize(("raw", "content_type"), [
    (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf"),
    (docx_bytes(), guide_files.DOCX_TYPE),
    (png_bytes(), "image/png"),
])
def test_forms_are_recognised_by_their_content(secretary, app, raw, content_type):
    guide = guides.save_guide(secretary, data())
    item = guide_files.add_attachment(secretary, guide, "申请表", AttachmentKind.BLANK, "whatever.bin", raw)
    assert item.content_type == content_type
    assert item.filename.startswith("whatever.") and not item.filename.endswith(".bin")
    assert os.path.exists(os.path.join(guide_files.folder(), item.stored_name))


@pytest.mark.parametrize(("raw", "filename"), [
    (b"This is plain text, not a PDF.", "form.pdf"),
    (b"PK\x03\x04 not really a zip", "form.docx"),
    (b"%PDF-" + b"0" * (guide_files.DEFAULT_MAX_BYTES + 1), "big.pdf"),
    (b"", "empty.pdf"),
])
def test_bad_forms_are_refused_and_nothing_is_saved(secretary, raw, filename):
    guide = guides.save_guide(secretary, data())
    before = set(os.listdir(guide_files.folder()))
    with pytest.raises(ServiceError) as error:
        guide_files.add_attachment(secretary, guide, "申请表", AttachmentKind.BLANK, filename, raw)
    assert error.value.field == "file"
    assert set(os.listdir(guide_files.folder())) == before
    assert db.session.scalar(select(func.count()).select_from(GuideAttachment)) == 0


def test_a_zip_without_a_word_document_is_refused(secretary):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ServiceError):
        guide_files.check_file(out.getvalue())


def test_a_new_file_replaces_the_same_form_and_kind(secretary):
    guide = guides.save_guide(secretary, data())
    first = guide_files.add_attachment(secretary, guide, "申请表", AttachmentKind.BLANK, "a.pdf", b"%PDF-1")
    old_path = os.path.join(guide_files.folder(), first.stored_name)
    guide_files.add_attachment(secretary, guide, "申请表", AttachmentKind.BLANK, "b.pdf", b"%PDF-2")
    guide_files.add_attachment(secretary, guide, "申请表", AttachmentKind.EXAMPLE, "c.png", png_bytes())
    assert sorted(a.filename for a in guide.attachments) == ["b.pdf", "c.png"]
    assert not os.path.exists(old_path)


def test_service_points_are_saved_and_listed_with_their_guides(secretary):
    point = guides.save_service_point(secretary, ServicePointData(
        name="望湖街道便民服务中心", kind=ServicePointKind.STREET_CENTRE, address="望湖路1号"))
    guide = guides.save_guide(secretary, data(service_point_ids=[point.id]))
    assert guide.service_points == [point] and point.guides == [guide]
    with pytest.raises(ServiceError):
        guides.save_service_point(secretary, ServicePointData(
            name="无地址", kind=ServicePointKind.VILLAGE_POINT, address=" "))
    guides.delete_service_point(secretary, point)
    db.session.expire_all()
    assert guide.service_points == []


def test_the_demo_guides_load(app_ctx):
    from community import demo

    city = demo.create("demo-password", residents_per_community=15)
    made = guide_demo.create(city)
    assert len(made) >= 12
    both = {AttachmentKind.BLANK, AttachmentKind.EXAMPLE}
    assert all({a.kind for a in g.attachments} == both for g in made)
    assert guides.search_guides("ylbt")[0].name == "高龄津贴申领"
    pdf = next(a for a in made[0].attachments if a.kind == AttachmentKind.BLANK)
    assert pdf.content_type == "application/pdf"
