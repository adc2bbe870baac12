"""Filing a case through the pages: the resident's form, photos, refusals, a secretary's hotline intake."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from extensions import db
from petitions.models import Case, CasePhoto
from tests.conftest import submit
from tests.petition_pages import act, case_number, file_form, make_page_hub


@pytest.fixture
def hub(app):  # type: ignore[no-untyped-def]
    return make_page_hub(app)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    raw = out.getvalue()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the upload does carry a location
    return raw


def test_resident_files_a_case_with_a_photo_stripped_of_location(client, auth, hub, app):
    auth.login(hub.resident)
    data = file_form(hub, photos=(io.BytesIO(jpeg_with_gps()), "street.jpg"))
    response = submit(client, "/petitions/new", data, content_type="multipart/form-data")
    assert response.status_code == 302
    number = case_number(response)
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert "路灯不亮" in page and 'data-testid="timeline"' in page
    with app.app_context():
        photo = db.session.scalar(select(CasePhoto).join(Case).where(Case.number == number))
        with client.get(f"/petitions/photos/{photo.id}") as stored:
            assert stored.status_code == 200 and stored.mimetype == "image/jpeg"
            assert not Image.open(io.BytesIO(stored.data)).getexif()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"description": ""}, "description"),
    ({"title": ""}, "title"),
    ({"category": 999999}, "category"),
    ({"category": ""}, "category"),  # the list's "choose a category"
    ({"photos": (io.BytesIO(b"%PDF-1.4 not an image"), "a.jpg")}, "photos"),
])
def test_bad_cases_are_refused_with_a_field_error_and_nothing_saved(client, auth, hub, app, overrides, field):
    auth.login(hub.resident)
    before = 0
    with app.app_context():
        before = len(db.session.scalars(select(Case.id)).all())
    response = submit(client, "/petitions/new", file_form(hub, **overrides),
                      content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    with app.app_context():
        assert len(db.session.scalars(select(Case.id)).all()) == before


def test_a_form_sent_back_asks_for_its_photos_again(client, auth, hub):
    auth.login(hub.resident)
    response = submit(client, "/petitions/new", file_form(hub, description="", photos=(
        io.BytesIO(jpeg_with_gps()), "street.jpg")), content_type="multipart/form-data",
        headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert 'id="description-error"' in html and "Choose your photos again" in html
    assert "Choose your photos again" not in submit(client, "/petitions/new", file_form(hub, description=""),
                                                    headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_photo_over_the_limit_is_refused(client, auth, hub, app, monkeypatch):
    # A small limit keeps the upload in memory (the test client spools big bodies to a file it never closes).
    monkeypatch.setitem(app.config, "CASE_PHOTO_MAX_BYTES", 100 * 1024)
    auth.login(hub.resident)
    big = jpeg_with_gps() + b"\0" * (150 * 1024)
    response = submit(client, "/petitions/new", file_form(hub, photos=(io.BytesIO(big), "big.jpg")),
                      content_type="multipart/form-data")
    assert 'id="photos-error"' in response.get_data(as_text=True)


def test_a_filing_that_fails_after_its_photos_were_saved_leaves_no_file_behind(client, auth, hub, app,
                                                                                monkeypatch):
    from petitions import intake, photos

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the analysis failed")

    monkeypatch.setattr(intake, "store_at_intake", broken)
    auth.login(hub.resident)
    with app.app_context():
        folder = Path(photos.photo_folder())
    before = sorted(folder.rglob("*")) if folder.exists() else []
    with pytest.raises(RuntimeError):
        submit(client, "/petitions/new", file_form(hub, photos=(io.BytesIO(jpeg_with_gps()), "street.jpg")),
               content_type="multipart/form-data")
    assert (sorted(folder.rglob("*")) if folder.exists() else []) == before


def test_secretary_enters_a_hotline_case_for_a_caller_without_an_account(client, auth, hub, app):
    auth.login(hub.secretary)
    page = client.get("/petitions/intake").get_data(as_text=True)
    community_id = re.search(r'<option selected value="(\d+)">|<option value="(\d+)">', page)
    assert re.search(r'<input checked[^>]*name="hide_name"', page)  # unnamed unless the caller agrees
    bad = submit(client, "/petitions/intake", file_form(hub, channel="hotline", contact_name="王大爷",
                                                         contact_phone="abc-not-a-phone"))
    assert 'id="contact_phone-error"' in bad.get_data(as_text=True)
    data = file_form(hub, channel="hotline", contact_name="王大爷", contact_phone="13800001111",
                     description="路灯坏了，请回电13800001111",
                     community=next(g for g in community_id.groups() if g))
    response = submit(client, "/petitions/intake", data)  # the box unticked: still never named publicly
    assert response.status_code == 302
    number = case_number(response)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.channel.value == "hotline" and case.submitter_id is None
        assert case.contact_name == "王大爷" and not case.hide_name
    act(client, number, "accept")
    assert "13800001111" in client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    auth.logout()
    public = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert "路灯坏了" in public and "138****1111" in public
    assert "13800001111" not in public and "王大爷" not in public


@pytest.mark.parametrize("category", ["99999999999999999999", str(2**31), "0"])
def test_a_category_no_row_can_have_is_refused_on_the_form(client, auth, hub, category):
    auth.login(hub.resident)
    response = submit(client, "/petitions/new", file_form(hub, category=category),
                      headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Choose a category from the list." in response.get_data(as_text=True)


def test_a_building_and_unit_given_as_numbers_are_named_on_the_case_page(client, auth, hub):
    auth.login(hub.resident)
    number = case_number(submit(client, "/petitions/new", file_form(hub, building="5", unit="2",
                                                                      address="东门旁")))
    assert "5号楼 2单元 东门旁" in client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    english = client.get(f"/petitions/cases/{number}", headers={"Accept-Language": "en"})
    assert "Building 5 Unit 2 东门旁" in english.get_data(as_text=True)
    typed = case_number(submit(client, "/petitions/new", file_form(hub, building="3号楼", unit="")))
    assert "3号楼</p>" in client.get(f"/petitions/cases/{typed}").get_data(as_text=True)
