"""Case photos: checked by their content, cleaned of location metadata, stored under the instance folder."""

from __future__ import annotations

import io
import os
import uuid
import warnings
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from community.errors import ServiceError

ALLOWED = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
MAX_PHOTOS = 3
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    extension: str


def clean_photo(raw: bytes) -> CleanPhoto:
    """Re-encode an uploaded image without its metadata (EXIF, GPS), or refuse it."""
    limit = current_app.config["CASE_PHOTO_MAX_BYTES"]
    if len(raw) > limit:
        raise ServiceError(_l("Each photo may be at most %(mb)d MB.", mb=limit // (1024 * 1024)), "photos")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.format not in ALLOWED or image.width * image.height > MAX_PIXELS:
                raise ServiceError(_l("Photos must be JPEG, PNG or WebP images."), "photos")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise ServiceError(_l("Photos must be JPEG, PNG or WebP images."), "photos") from exc
    content_type, extension = ALLOWED[image.format]
    fmt = image.format
    upright = ImageOps.exif_transpose(image)  # keep the photo the right way up once EXIF is gone
    upright.info = {}
    if fmt == "JPEG" and upright.mode not in {"RGB", "L"}:
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, format=fmt, **({"quality": 88} if fmt in {"JPEG", "WEBP"} else {}))
    return CleanPhoto(out.getvalue(), content_type, extension)


def photo_folder() -> str:
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "cases")
    os.makedirs(folder, exist_ok=True)
    return folder


def store(photo: CleanPhoto) -> str:
    """Write the photo under a random name; return that name."""
    name = uuid.uuid4().hex + photo.extension
    with open(os.path.join(photo_folder(), name), "wb") as f:
        f.write(photo.data)
    return name


def remove(names: list[str]) -> None:
    for name in names:
        path = os.path.join(photo_folder(), name)
        if os.path.exists(path):
            os.remove(path)
