"""Translated names of the service guides' enums."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from community.models import AttachmentKind, DocumentForm, LifeEvent, ServicePointKind

LIFE_EVENT_LABELS: dict[LifeEvent, LazyString] = {
    LifeEvent.BIRTH: _l("Birth"),
    LifeEvent.SCHOOL: _l("School"),
    LifeEvent.WORK: _l("Work"),
    LifeEvent.RETIREMENT: _l("Retirement"),
    LifeEvent.MOVING: _l("Moving house"),
    LifeEvent.OLD_AGE: _l("Old age"),
}

DOCUMENT_FORM_LABELS: dict[DocumentForm, LazyString] = {
    DocumentForm.ORIGINAL: _l("Original"),
    DocumentForm.COPY: _l("Copy"),
    DocumentForm.BOTH: _l("Original and copy"),
}

ATTACHMENT_LABELS: dict[AttachmentKind, LazyString] = {
    AttachmentKind.BLANK: _l("Blank form"),
    AttachmentKind.EXAMPLE: _l("Filled-in example"),
}

POINT_LABELS: dict[ServicePointKind, LazyString] = {
    ServicePointKind.COMMUNITY_CENTRE: _l("Community service centre"),
    ServicePointKind.STREET_CENTRE: _l("Street service centre"),
    ServicePointKind.VILLAGE_POINT: _l("Village service point"),
}
