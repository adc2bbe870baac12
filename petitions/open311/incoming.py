"""POST requests: an Open311 client files a case at the hub, in the community its key belongs to.

A request carrying `attribute[linli_reference]` comes from a Linli community portal that
has already accepted and forwarded the case: it goes straight to the dispatchers. Any
other request enters the community's queue, as a case from the Open311 channel. The
same reference from the same community always names the same case.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from community import audit
from community.accounts import users_with_role
from community.models import Role
from community.timeutil import to_local, utcnow
from extensions import db
from petitions import timeline
from petitions.intake import MAX_DESCRIPTION, next_case_number
from petitions.models import Case, CaseStatus, CaseType, Channel
from petitions.open311.catalogue import find_category
from petitions.open311.formats import Open311Error
from petitions.open311.models import ApiKey, IncomingRequest
from petitions.rules import Action
from petitions.workdays import WorkCalendar

ATTRIBUTE_RE = re.compile(r"^attribute\[([a-z_]{1,40})\]$")
LIMITS = {"address_string": 200, "phone": 20, "email": 120, "media_url": 500, "title": 120,
          "building": 40, "unit": 40, "linli_reference": 80, "forward_note": 2000}


@dataclass(frozen=True)
class Filed:
    case: Case
    created: bool


def _coordinate(form: Mapping[str, str], name: str, bound: float) -> float | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Open311Error(400, f"{name} must be a number") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise Open311Error(400, f"{name} is out of range")
    return value


def _field(values: Mapping[str, str], name: str) -> str:
    text = (values.get(name) or "").strip()
    if name in LIMITS and len(text) > LIMITS[name]:
        raise Open311Error(400, f"{name} is longer than {LIMITS[name]} characters")
    return text


def parse_attributes(form: Mapping[str, str]) -> dict[str, str]:
    attributes = {}
    for key in form:
        match = ATTRIBUTE_RE.match(key)
        if match:
            attributes[match.group(1)] = form.get(key) or ""
    return attributes


def file_request(key: ApiKey, form: Mapping[str, str]) -> Filed:
    """Validate a POST's form and file its case (or find the one its reference already filed)."""
    if not (form.get("service_code") or "").strip():
        raise Open311Error(400, "service_code is required")
    category = find_category(form.get("service_code", "").strip())
    description = (form.get("description") or "").strip()
    if not description:
        raise Open311Error(400, "description is required")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is longer than {MAX_DESCRIPTION} characters")
    lat, lng = _coordinate(form, "lat", 90), _coordinate(form, "long", 180)
    if (lat is None) != (lng is None):
        raise Open311Error(400, "lat and long must be given together")
    address = _field(form, "address_string")
    if lat is None and not address:
        raise Open311Error(400, "a location is required: lat and long, or address_string")
    email, phone, media_url = _field(form, "email"), _field(form, "phone"), _field(form, "media_url")
    if email and "@" not in email:
        raise Open311Error(400, "email is not an e-mail address")
    if media_url and not media_url.startswith(("http://", "https://")):
        raise Open311Error(400, "media_url must be an http or https URL")
    name = " ".join(filter(None, (_field(form, "first_name"), _field(form, "last_name"))))
    if len(name) > 60:
        raise Open311Error(400, "first_name and last_name are longer than 60 characters")
    attributes = parse_attributes(form)
    case_type = attributes.get("case_type", CaseType.COMPLAINT.value) or CaseType.COMPLAINT.value
    if case_type not in {t.value for t in CaseType}:
        raise Open311Error(400, "attribute[case_type] must be complaint, suggestion or inquiry")
    reference = _field(attributes, "linli_reference") or None
    title = _field(attributes, "title") or description.splitlines()[0][:60]

    if reference is not None:
        existing = _by_reference(key.community_id, reference)
        if existing is not None:
            return Filed(existing, created=False)
    now = utcnow()
    case = Case(
        number="", type=CaseType(case_type), category_id=category.id, title=title,
        description=description, community_id=key.community_id, building=_field(attributes, "building"),
        unit=_field(attributes, "unit"), address=address, lat=lat, lng=lng,
        hide_name=attributes.get("hide_name", "").strip().lower() == "true", channel=Channel.OPEN311,
        contact_name=name, contact_phone=phone, created_at=now,
        status=CaseStatus.SUBMITTED,
        accept_due_at=WorkCalendar.load().add_working_days(now, 1),
    )
    case.category, case.community = category, key.community
    # Only a request with a reference can meet its double; the others need no savepoint.
    guard = db.session.begin_nested() if reference is not None else contextlib.nullcontext()
    try:
        with guard:
            case.number = next_case_number(to_local(now).year)
            db.session.add(case)
            timeline.record(case, Action.FILE, None)
            if reference is not None:
                case.status = CaseStatus.FORWARDED
                timeline.record(case, Action.FORWARD, None, note=_field(attributes, "forward_note"))
            db.session.flush()
            db.session.add(IncomingRequest(case_id=case.id, community_id=key.community_id, key_id=key.id,
                                           reference=reference, email=email, media_url=media_url))
            db.session.flush()
    except IntegrityError:  # the same reference, filed at the same moment by another request
        existing = _by_reference(key.community_id, reference) if reference is not None else None
        if existing is None:
            raise
        return Filed(existing, created=False)
    audit.record(None, "case.filed", case, channel=Channel.OPEN311.value, key=key.prefix)
    if reference is not None:
        timeline.tell(case, Action.FORWARD, to_act=users_with_role(Role.DISPATCHER), resident=False)
    else:
        timeline.tell(case, Action.FILE, to_act=users_with_role(Role.SECRETARY, community=key.community_id),
                      resident=False)
    return Filed(case, created=True)


def _by_reference(community_id: int, reference: str) -> Case | None:
    return db.session.scalar(
        select(Case).join(IncomingRequest, IncomingRequest.case_id == Case.id)
        .where(IncomingRequest.community_id == community_id, IncomingRequest.reference == reference)
    )
