"""A guide's forms (blank and filled-in example): checked by content, kept under the instance folder."""

from __future__ import annotations

import io
import os
import re
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from community import audit
from community.errors import NotAllowed, ServiceError
from community.models import AttachmentKind, Guide, GuideAttachment, User, can_edit_guides
from extensions import db

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMAGES = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg")}


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str


def max_bytes() -> int:
    return int(current_app.config.get("GUIDE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _not_allowed() -> ServiceError:
    return ServiceError(_l("A form must be a PDF, a Word document (DOCX), or a PNG or JPEG image."), "file")


def _is_docx(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _clean_image(raw: bytes) -> CheckedFile:
    """Re-encode an image, which drops its metadata (a phone photo of a form may carry a location)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.format not in IMAGES or image.width * image.height > MAX_PIXELS:
                raise _not_allowed()
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise _not_allowed() from exc
    fmt = image.format
    if fmt == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format=fmt)
    content_type, extension = IMAGES[fmt]
    return CheckedFile(out.getvalue(), content_type, extension)


def check_file(raw: bytes) -> CheckedFile:
    """What the bytes are, whatever the file was called: PDF, DOCX or an image; else a ServiceError."""
    limit = max_bytes()
    if not raw:
        raise ServiceError(_l("Choose a file."), "file")
    if len(raw) > limit:
        raise ServiceError(_l("A form may be at most %(mb)d MB.", mb=max(limit // (1024 * 1024), 1)), "file")
    if raw.startswith(b"%PDF-"):
        return CheckedFile(raw, "application/pdf", ".pdf")
    if raw.startswith(b"PK"):
        if _is_docx(raw):
            return CheckedFile(raw, DOCX_TYPE, ".docx")
        raise _not_allowed()
    return _clean_image(raw)


def download_name(filename: str, extension: str) -> str:
    """The uploader's name for the file, without a path, ending in the extension its content has."""
    stem = os.path.splitext(os.path.basename(filename.replace("\\", "/")))[0]
    stem = re.sub(r"[\x00-\x1f\"/\\:*?<>|]+", "", stem).strip(" .")[:120] or "form"
    return stem + extension


def folder() -> str:
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], "guides")
    os.makedirs(path, exist_ok=True)
    return path


def add_attachment(actor: User, guide: Guide, form_name: str, kind: AttachmentKind, filename: str,
                   raw: bytes) -> GuideAttachment:
    """Keep a blank form or an example; a form already there for this name and kind is replaced."""
    if not can_edit_guides(actor):
        raise NotAllowed()
    form_name = form_name.strip()
    if not form_name:
        raise ServiceError(_l("Name the form, e.g. “Application form”."), "form_name")
    checked = check_file(raw)
    stored_name = uuid.uuid4().hex + checked.extension
    path = os.path.join(folder(), stored_name)
    with open(path, "wb") as f:
        f.write(checked.data)
    try:
        for old in [a for a in guide.attachments if a.form_name == form_name and a.kind == kind]:
            delete_attachment(actor, old)
        attachment = GuideAttachment(form_name=form_name, kind=kind, stored_name=stored_name,
                                     filename=download_name(filename, checked.extension),
                                     content_type=checked.content_type, size=len(checked.data))
        guide.attachments.append(attachment)
        db.session.flush()
    except Exception:
        os.remove(path)
        raise
    audit.record(actor, "guide.attachment_added", guide, form=form_name, kind=kind.value)
    return attachment


def delete_attachment(actor: User, attachment: GuideAttachment) -> None:
    """Forget the attachment; its file goes too (a left-over file harms nobody if the commit fails)."""
    if not can_edit_guides(actor):
        raise NotAllowed()
    path = os.path.join(folder(), attachment.stored_name)
    guide = attachment.guide
    guide.attachments.remove(attachment)
    db.session.flush()
    audit.record(actor, "guide.attachment_deleted", guide, form=attachment.form_name)
    if os.path.exists(path):
        os.remove(path)
