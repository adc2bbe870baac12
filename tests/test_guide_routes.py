"""Service guides through the pages: catalogue, guide, print, downloads, editing, and inquiries."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from community import guide_files, guides
from community.guides import DocumentData, GuideData, ServicePointData
from community.models import (
    AttachmentKind,
    DocumentForm,
    Guide,
    GuideAttachment,
    LifeEvent,
    Role,
    ServicePoint,
    User,
)
from community.models import ServicePointKind as Kind
from extensions import db
from petitions.models import Case, CaseStatus, CaseType
from tests import petition_factories as pf
from tests.conftest import submit

R = Role


@pytest.fixture
def guide(app, city):  # type: ignore[no-untyped-def]
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == city.logins[R.ADMIN]))
        point = guides.save_service_point(admin, ServicePointData(
            name="望湖街道便民服务中心", kind=Kind.STREET_CENTRE, address="望湖路1号", phone="0571-1234"))
        made = guides.save_guide(admin, GuideData(
            name="高龄津贴申领", keywords="养老补贴 elderly allowance", life_event=LifeEvent.OLD_AGE,
            steps="到社区服务中心申请\n民政局审核发放", fees="免费", time_limit="10个工作日",
            documents=[DocumentData("身份证", 1, DocumentForm.BOTH, "本人")], service_point_ids=[point.id]))
        blank = guide_files.add_attachment(admin, made, "申请表", AttachmentKind.BLANK, "申请表.pdf",
                                           b"%PDF-1.4 blank")
        db.session.commit()
        return SimpleNamespace(id=made.id, blank_id=blank.id, point_id=point.id)


def test_catalogue_search_and_guide_page(client, guide):
    page = client.get("/guides?q=ylbt").get_data(as_text=True)
    assert "高龄津贴申领" in page
    assert "高龄津贴申领" not in client.get("/guides?q=kindergarten").get_data(as_text=True)
    assert "高龄津贴申领" in client.get("/guides?event=old_age").get_data(as_text=True)
    body = client.get(f"/guides/{guide.id}").get_data(as_text=True)
    for text in ("身份证", "望湖街道便民服务中心", "10个工作日", 'data-testid="last-updated"', "申请表"):
        assert text in body
    printed = client.get(f"/guides/{guide.id}/print").get_data(as_text=True)
    assert "身份证" in printed and "check-box" in printed


@pytest.mark.parametrize("query", ["养" * 1000, "%%%!!!", "'; DROP TABLE guides; --", "_" * 50])
def test_bad_searches_answer_clearly(client, guide, query):
    response = client.get("/guides", query_string={"q": query})
    assert response.status_code == 200
    assert "高龄津贴申领" not in response.get_data(as_text=True).split('id="h-results"')[1]


def test_download_is_an_attachment_with_its_type(client, guide):
    with client.get(f"/guides/files/{guide.blank_id}") as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.data.startswith(b"%PDF-")
    assert client.get("/guides/files/99999").status_code == 404


def test_secretary_writes_and_edits_a_guide_and_versions_are_kept(client, auth, city, guide, app):
    auth.login(city.logins[R.SECRETARY])
    form = {"name": "居住证办理", "life_event": "moving", "department": "0", "steps": "网上申请\n现场拍照",
            "documents-0-name": "身份证", "documents-0-copies": "2", "documents-0-form": "copy",
            "service_points": str(guide.point_id)}
    response = submit(client, "/guides/new", form)
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalar(select(Guide).where(Guide.name == "居住证办理"))
        assert [(d.name, d.copies) for d in made.documents] == [("身份证", 2)]
        new_id = made.id
    assert submit(client, f"/guides/{new_id}/edit", {**form, "fees": "免费"}).status_code == 302
    versions = client.get(f"/guides/{new_id}/versions").get_data(as_text=True)
    assert "Version 2" in versions or "版本 2" in versions or "第 2 版" in versions
    refused = submit(client, "/guides/new", {**form, "steps": "  "})
    assert refused.status_code == 200 and "is-invalid" in refused.get_data(as_text=True)


def test_attachments_upload_checks_content_and_delete_asks(client, auth, city, guide, app):
    auth.login(city.logins[R.ADMIN])
    page = f"/guides/{guide.id}/files"
    bad = submit(client, page, {"form_name": "申请表", "kind": "example",
                                "file": (io.BytesIO(b"just text"), "fake.pdf")},
                 content_type="multipart/form-data")
    assert bad.status_code == 400 and "invalid-feedback" in bad.get_data(as_text=True)
    assert 'data-confirm' in client.get(page).get_data(as_text=True)
    response = submit(client, page, action=f"/guides/{guide.id}/files/{guide.blank_id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(GuideAttachment, guide.blank_id) is None


def test_service_points_crud(client, auth, city, guide, app):
    auth.login(city.logins[R.SECRETARY])
    response = submit(client, "/service-points/new", {"name": "湖畔村便民服务点", "kind": "village_point",
                                                      "community": "0", "address": "湖畔村村委会"})
    assert response.status_code == 302
    assert "湖畔村便民服务点" in client.get("/service-points").get_data(as_text=True)
    response = submit(client, "/service-points", action=f"/service-points/{guide.point_id}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ServicePoint, guide.point_id) is None


@pytest.mark.parametrize("role", [None, R.RESIDENT, R.HANDLER, R.DISPATCHER])
def test_others_cannot_change_guides(client, auth, city, guide, role):
    if role is not None:
        auth.login(city.logins[role])
    token_page = "/auth/login" if role is None else "/me"
    for path in (f"/guides/{guide.id}/edit", f"/guides/{guide.id}/files/{guide.blank_id}/delete",
                 f"/service-points/{guide.point_id}/delete"):
        response = submit(client, token_page, {"name": "x", "steps": "y"}, action=path)
        assert response.status_code == (302 if role is None else 403), path


def test_suggestions_endpoint(client, guide):
    html = client.get("/guides/suggest", query_string={"q": "养老补贴怎么领"}).get_data(as_text=True)
    assert "高龄津贴申领" in html
    assert client.get("/guides/suggest", query_string={"q": "x" * 5000}).status_code == 200
    data = client.get("/guides/suggest", query_string={"q": "ylbt", "format": "json"}).get_json()
    assert data["guides"][0]["name"] == "高龄津贴申领"


@pytest.fixture
def hub(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        made = pf.make_hub()
        db.session.commit()
        return SimpleNamespace(category_id=made.category.id, resident=made.resident.email,
                               secretary=made.secretary.email)


def test_an_inquiry_suggests_guides_and_its_answer_links_one(client, auth, hub, guide, app):
    auth.login(hub.resident)
    response = submit(client, "/petitions/new", {"type": "inquiry", "category": hub.category_id,
                                                 "title": "养老补贴怎么申请",
                                                 "description": "我父亲今年85岁。"})
    number = response.location.rsplit("/", 1)[-1]
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert 'data-testid="guide-suggestions"' in page and "高龄津贴申领" in page  # the no-JS fallback
    auth.logout()
    auth.login(hub.secretary)
    submit(client, f"/petitions/cases/{number}", action=f"/petitions/cases/{number}/accept")
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert 'name="resolve-locally-guide"' in page
    response = submit(client, f"/petitions/cases/{number}", {
        "resolve-locally-reply": "请按指南准备材料到社区办理。", "resolve-locally-guide": str(guide.id)},
        action=f"/petitions/cases/{number}/resolve-locally")
    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.status == CaseStatus.RESOLVED and f"/guides/{guide.id}" in case.reply
        assert case.type == CaseType.INQUIRY
        assert db.session.get(Guide, guide.id).resolved_count == 1
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert 'data-testid="case-guides"' in page


def test_a_complaint_answer_offers_no_guide(client, auth, hub, guide):
    auth.login(hub.resident)
    response = submit(client, "/petitions/new", {"type": "complaint", "category": hub.category_id,
                                                 "title": "路灯不亮", "description": "3号楼"})
    number = response.location.rsplit("/", 1)[-1]
    auth.logout()
    auth.login(hub.secretary)
    assert "resolve-locally-guide" not in client.get(f"/petitions/cases/{number}").get_data(as_text=True)
