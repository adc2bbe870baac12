"""Service guides and service points: saving (with versions), searching, suggesting, counting."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from pypinyin import Style, lazy_pinyin
from sqlalchemy import Select, false, func, or_, select

from community import audit
from community.errors import NotAllowed, ServiceError
from community.models import (
    Department,
    DocumentForm,
    Guide,
    GuideDocument,
    GuideResolution,
    GuideVersion,
    LifeEvent,
    ServicePoint,
    ServicePointKind,
    User,
    can_edit_guides,
)
from community.timeutil import utcnow
from extensions import db

MAX_QUERY = 100
MAX_TERMS = 6
HAN = re.compile(r"[\u3400-\u9fff]+")
# Words that every inquiry and every guide share: they suggest nothing.
COMMON_PAIRS = {"怎么", "如何", "办理", "申请", "需要", "什么", "哪里", "可以", "请问", "我想", "咨询",
                "问题", "手续", "材料", "一下", "多少", "时候", "我们", "社区", "家里"}


@dataclass
class DocumentData:
    name: str
    copies: int = 1
    form: DocumentForm = DocumentForm.ORIGINAL
    where_to_get: str = ""


@dataclass
class GuideData:
    name: str
    life_event: LifeEvent
    steps: str
    keywords: str = ""
    summary: str = ""
    department_id: int | None = None
    eligibility: str = ""
    time_limit: str = ""
    fees: str = ""
    hours: str = ""
    location: str = ""
    online_url: str = ""
    documents: list[DocumentData] = field(default_factory=list)
    service_point_ids: list[int] = field(default_factory=list)


class AnsweredCase(Protocol):
    """What a guide needs to know of a case (petitions' Case fits): no import of petitions here."""

    number: str
    type: Any


def pinyin_keys(text: str) -> tuple[str, str]:
    """(initials, full pinyin) of the Chinese in `text`, words kept apart by spaces, lower case.

    养老补贴 → ("ylbt", "yanglaobutie"); Latin letters and digits are kept as they are.
    """
    initials, full = [], []
    for word in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9]+", text):
        if HAN.fullmatch(word):
            initials.append("".join(lazy_pinyin(word, style=Style.FIRST_LETTER)))
            full.append("".join(lazy_pinyin(word)))
        else:
            initials.append(word.lower())
            full.append(word.lower())
    return " ".join(initials), " ".join(full)


def snapshot(guide: Guide) -> dict[str, Any]:
    """The guide's content as plain data, kept in its version row."""
    return {
        "name": guide.name, "keywords": guide.keywords, "summary": guide.summary,
        "life_event": guide.life_event.value, "department": guide.department.name if guide.department else "",
        "eligibility": guide.eligibility, "steps": guide.steps, "time_limit": guide.time_limit,
        "fees": guide.fees, "hours": guide.hours, "location": guide.location, "online_url": guide.online_url,
        "documents": [{**asdict(DocumentData(d.name, d.copies, d.form, d.where_to_get)), "form": d.form.value}
                      for d in guide.documents],
        "service_points": [p.name for p in guide.service_points],
    }


def _check(data: GuideData) -> None:
    if not data.name.strip():
        raise ServiceError(_l("Give the service a name."), "name")
    if not [line for line in data.steps.splitlines() if line.strip()]:
        raise ServiceError(_l("A guide needs its steps, one a line."), "steps")
    if data.online_url.strip() and not re.match(r"https?://", data.online_url.strip()):
        raise ServiceError(_l("An online address starts with http:// or https://."), "online_url")
    if data.department_id is not None and db.session.get(Department, data.department_id) is None:
        raise ServiceError(_l("Choose a department from the list."), "department")
    for document in data.documents:
        if not 1 <= document.copies <= 20:
            raise ServiceError(_l("Ask for 1 to 20 copies of a document."), "documents")


def save_guide(actor: User, data: GuideData, guide: Guide | None = None) -> Guide:
    """Create a guide, or change `guide`; every save adds a version, so earlier ones are kept."""
    if not can_edit_guides(actor):
        raise NotAllowed()
    _check(data)
    created = guide is None
    if guide is None:
        guide = Guide(version=0)
        db.session.add(guide)
    for name in ("name", "keywords", "summary", "eligibility", "time_limit", "fees", "hours", "location",
                 "online_url"):
        setattr(guide, name, getattr(data, name).strip())
    guide.steps = "\n".join(line.strip() for line in data.steps.splitlines() if line.strip())
    guide.life_event, guide.department_id = data.life_event, data.department_id
    guide.department = db.session.get(Department, data.department_id) if data.department_id else None
    guide.pinyin_initials, guide.pinyin_full = pinyin_keys(f"{guide.name} {guide.keywords}")
    guide.documents = [GuideDocument(position=n, name=d.name.strip(), copies=d.copies, form=d.form,
                                     where_to_get=d.where_to_get.strip())
                       for n, d in enumerate(data.documents) if d.name.strip()]
    points = select(ServicePoint).where(ServicePoint.id.in_(data.service_point_ids))
    guide.service_points = list(db.session.scalars(points)) if data.service_point_ids else []
    guide.version += 1
    guide.updated_at, guide.updated_by_id = utcnow(), actor.id
    db.session.flush()
    db.session.add(GuideVersion(guide_id=guide.id, number=guide.version, content=snapshot(guide),
                                saved_at=guide.updated_at, saved_by_id=actor.id))
    db.session.flush()
    audit.record(actor, "guide.created" if created else "guide.updated", guide, version=guide.version)
    return guide


def search_terms(query: str) -> list[str]:
    """The words of a query (letters, digits, Chinese), lower case; symbols alone give none."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY:
        raise ServiceError(_l("Search with at most %(n)d characters.", n=MAX_QUERY), "q")
    return [term.lower() for term in re.findall(r"[^\W_]+", query)][:MAX_TERMS]


def _term_matches(term: str) -> Any:
    columns = [Guide.name, Guide.keywords, Guide.summary, Guide.eligibility, Guide.steps]
    conditions = [func.lower(column).contains(term, autoescape=True) for column in columns]
    conditions.append(Guide.id.in_(select(GuideDocument.guide_id).where(
        func.lower(GuideDocument.name).contains(term, autoescape=True))))
    if term.isascii() and term.isalnum():
        conditions += [Guide.pinyin_initials.contains(term, autoescape=True),
                       Guide.pinyin_full.contains(term, autoescape=True)]
    return or_(*conditions)


def search_query(query: str = "", life_event: LifeEvent | None = None,
                 department_id: int | None = None) -> Select[tuple[Guide]]:
    """Guides whose every word appears in their text, or in the pinyin of their name ("ylbt").

    Raises ServiceError for an over-long query; a query of symbols only finds nothing.
    """
    terms = search_terms(query)
    statement = select(Guide).order_by(Guide.resolved_count.desc(), Guide.name)
    if query.strip() and not terms:
        return statement.where(false())
    for term in terms:
        statement = statement.where(_term_matches(term))
    if life_event is not None:
        statement = statement.where(Guide.life_event == life_event)
    if department_id is not None:
        statement = statement.where(Guide.department_id == department_id)
    return statement


def search_guides(query: str = "", life_event: LifeEvent | None = None,
                  department_id: int | None = None, limit: int = 50) -> list[Guide]:
    return list(db.session.scalars(search_query(query, life_event, department_id).limit(limit)))


def _inquiry_keys(text: str) -> set[str]:
    """Pairs of Chinese characters and Latin words of an inquiry: Chinese has no spaces between words."""
    keys: set[str] = set()
    for run in HAN.findall(text):
        keys.update(run[i:i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            keys.add(run)
    keys.update(word.lower() for word in re.findall(r"[A-Za-z0-9]{2,}", text))
    return {key for key in keys if key not in COMMON_PAIRS}


def suggest_for_inquiry(title: str, description: str = "", limit: int = 3) -> list[Guide]:
    """Guides whose name or other names share words (or pinyin initials) with an inquiry, best first."""
    text = f"{title or ''} {description or ''}"[:600]
    keys = sorted(_inquiry_keys(text))[:60]
    if not keys:
        return []
    conditions = []
    for key in keys:
        conditions += [Guide.name.contains(key, autoescape=True),
                       Guide.keywords.contains(key, autoescape=True)]
        if key.isascii():
            conditions.append(Guide.pinyin_initials.contains(key, autoescape=True))
    candidates = db.session.scalars(select(Guide).where(or_(*conditions)).limit(50)).all()

    def score(guide: Guide) -> tuple[int, int]:
        haystack = f"{guide.name} {guide.keywords} {guide.pinyin_initials}".lower()
        return sum(key in haystack for key in keys), guide.resolved_count

    return sorted(candidates, key=score, reverse=True)[:limit]


def record_resolution(guide: Guide, case: AnsweredCase) -> bool:
    """Count an inquiry answered with `guide` (once per case); other kinds of case are not counted."""
    if str(getattr(case.type, "value", case.type)) != "inquiry":
        return False
    exists = db.session.scalar(select(GuideResolution.id).where(
        GuideResolution.guide_id == guide.id, GuideResolution.case_number == case.number))
    if exists:
        return False
    db.session.add(GuideResolution(guide_id=guide.id, case_number=case.number))
    guide.resolved_count = Guide.resolved_count + 1  # one UPDATE, safe when two answers come at once
    db.session.flush()
    db.session.refresh(guide, ["resolved_count"])
    return True


def guides_for_case(case_number: str) -> list[Guide]:
    """The guides a case was answered with."""
    return list(db.session.scalars(select(Guide).join(GuideResolution, GuideResolution.guide_id == Guide.id)
                                   .where(GuideResolution.case_number == case_number).order_by(Guide.name)))


def answer_with_link(text: str, guide: Guide, url: str) -> str:
    label = _l("Service guide")
    return f"{text.strip()}\n\n{label}: {guide.name} {url}"


def guide_choices() -> list[tuple[int, str]]:
    return [(g.id, g.name) for g in db.session.scalars(select(Guide).order_by(Guide.name))]


@dataclass
class ServicePointData:
    name: str
    kind: ServicePointKind
    address: str
    hours: str = ""
    phone: str = ""
    services: str = ""
    community_id: int | None = None


def save_service_point(actor: User, data: ServicePointData,
                       point: ServicePoint | None = None) -> ServicePoint:
    if not can_edit_guides(actor):
        raise NotAllowed()
    if not data.name.strip():
        raise ServiceError(_l("Give the service point a name."), "name")
    if not data.address.strip():
        raise ServiceError(_l("Give the service point's address."), "address")
    created = point is None
    if point is None:
        point = ServicePoint()
        db.session.add(point)
    point.name, point.kind, point.community_id = data.name.strip(), data.kind, data.community_id
    point.address, point.hours = data.address.strip(), data.hours.strip()
    point.phone, point.services = data.phone.strip(), data.services.strip()
    db.session.flush()
    audit.record(actor, "service_point.created" if created else "service_point.updated", point)
    return point


def delete_service_point(actor: User, point: ServicePoint) -> None:
    if not can_edit_guides(actor):
        raise NotAllowed()
    audit.record(actor, "service_point.deleted", point, name=point.name)
    db.session.delete(point)
    db.session.flush()
