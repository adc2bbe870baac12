"""Filing a case: by a resident on the web, or by a secretary for a hotline or walk-in caller."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from community import audit, fragments
from community.dbtypes import is_id
from community.errors import NotAllowed, ServiceError
from community.models import Community, User
from community.models.places import manages_community
from community.timeutil import to_local, utcnow
from community.transactions import start_writing
from extensions import db
from petitions import photos as photo_store
from petitions import timeline, workdays
from petitions.hotspots.analysis import DICTIONARY_VERSION, analyse_at_intake, store_at_intake
from petitions.models import Case, CaseCounter, CasePhoto, CaseStatus, CaseType, Category, Channel
from petitions.workdays import WorkCalendar

MAX_DESCRIPTION = 4000


@dataclass
class CaseDraft:
    type: CaseType
    category_id: int
    title: str
    description: str
    community_id: int
    building: str = ""
    unit: str = ""
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    hide_name: bool = False
    channel: Channel = Channel.WEB
    contact_name: str = ""
    contact_phone: str = ""
    photos: list[bytes] = field(default_factory=list)


_COUNTERS = CaseCounter.__table__
_BUMP_COUNTER = (update(_COUNTERS).where(_COUNTERS.c.year == bindparam("of_year"))
                 .values(last=_COUNTERS.c.last + 1).returning(_COUNTERS.c.last))


def next_case_number(year: int) -> str:
    """`LL-<year>-<6 digits>`, unique even when many cases are filed at once.

    The counter row is incremented with one UPDATE … RETURNING, which the
    database serialises; the first case of a year creates the row.
    """
    connection = db.session.connection()  # a Core statement: the counter is never loaded as an object
    number = connection.execute(_BUMP_COUNTER, {"of_year": year}).scalar()
    if number is None:
        try:
            with db.session.begin_nested():
                connection.execute(insert(_COUNTERS).values(year=year, last=1))
            number = 1
        except IntegrityError:  # another request created the year's row first
            number = connection.execute(_BUMP_COUNTER, {"of_year": year}).scalar_one()
    return f"LL-{year}-{number:06d}"


@dataclass(frozen=True)
class IntakeFacts:
    """What filing reads before it writes, in one statement (`validate`)."""

    community_name: str
    calendar_version: int  # 0 for one never written
    dictionary_version: int


def _facts_statement() -> Select:
    category_active = select(Category.active).where(Category.id == bindparam("category_id"))
    community_name = select(Community.name).where(Community.id == bindparam("community_id"))
    return select(category_active.scalar_subquery(), community_name.scalar_subquery(),
                  fragments.version_of(workdays.TOPIC), DICTIONARY_VERSION.scalar_subquery())


_FACTS = _facts_statement()


def validate(draft: CaseDraft) -> IntakeFacts:
    """The draft's checks; with its category and community, the versions of the calendar and of the
    hotspot dictionary are read in the same statement (filing is a hot path)."""
    if not draft.title.strip():
        raise ServiceError(_l("Give the case a short title."), "title")
    if not draft.description.strip():
        raise ServiceError(_l("Describe the problem."), "description")
    if len(draft.description) > MAX_DESCRIPTION:
        raise ServiceError(_l("Keep the description under %(n)d characters.", n=MAX_DESCRIPTION),
                           "description")
    if not is_id(draft.category_id):
        raise ServiceError(_l("Choose a category from the list."), "category")
    community_id = draft.community_id if is_id(draft.community_id) else 0
    active, community_name, calendar_version, dictionary_version = db.session.execute(
        _FACTS, {"category_id": draft.category_id, "community_id": community_id}).one()
    if not active:
        raise ServiceError(_l("Choose a category from the list."), "category")
    if community_name is None:
        raise ServiceError(_l("Choose your community."), "community")
    if (draft.lat is None) != (draft.lng is None):
        raise ServiceError(_l("A map point needs both latitude and longitude."), "lat")
    if len(draft.photos) > photo_store.MAX_PHOTOS:
        raise ServiceError(_l("Attach at most %(n)d photos.", n=photo_store.MAX_PHOTOS), "photos")
    return IntakeFacts(community_name, calendar_version or 0, dictionary_version or 0)


def file_case(draft: CaseDraft, submitter: User | None, entered_by: User | None = None) -> Case:
    """File a case. `entered_by` is the secretary who takes a hotline or walk-in case.

    Everything that only reads or computes (the checks, whose reads are one statement, the
    photos, the deadline, the text analysis) comes first; then `start_writing()`, so that on SQLite the write
    lock is held only for the rows written. Photos are checked before anything is written;
    if saving fails, the stored files are removed again. The case returned is the session's
    object: a rollback expires it with its row gone, so a caller keeps what it needs first.
    """
    facts = validate(draft)
    if entered_by is not None and not manages_community(entered_by, draft.community_id):
        raise NotAllowed()
    if entered_by is None and (submitter is None or not submitter.active
                               or draft.community_id not in submitter.community_ids()):
        raise ServiceError(_l("You can file cases only in your own community."), "community")
    if submitter is None and not (draft.contact_name.strip() and draft.contact_phone.strip()):
        raise ServiceError(_l("Give the caller's name and phone number."), "contact_name")
    cleaned = [photo_store.clean_photo(raw) for raw in draft.photos]
    now = utcnow()
    accept_due_at = WorkCalendar.load(facts.calendar_version).add_working_days(now, 1)
    analysed = analyse_at_intake(draft.title, draft.description, facts.dictionary_version)
    actor = entered_by or submitter

    start_writing()
    values = {
        "number": next_case_number(to_local(now).year), "type": draft.type, "category_id": draft.category_id,
        "title": draft.title.strip(), "description": draft.description.strip(),
        "community_id": draft.community_id, "building": draft.building.strip(), "unit": draft.unit.strip(),
        "address": draft.address.strip(), "lat": draft.lat, "lng": draft.lng, "hide_name": draft.hide_name,
        "channel": draft.channel, "submitter_id": submitter.id if submitter else None,
        "contact_name": draft.contact_name.strip(), "contact_phone": draft.contact_phone.strip(),
        "status": CaseStatus.SUBMITTED, "accept_due_at": accept_due_at, "created_at": now,
    }
    # Each row in one INSERT of its own, not through the ORM's unit of work: on SQLite every filing
    # waits for the write lock, which is held only for these few statements.
    case_id = db.session.execute(_INSERT_CASE, values).scalar_one()
    stored: list[str] = []  # the photos' files, removed again if any row fails to be written
    try:
        _store_photos(case_id, cleaned, stored)
        timeline.record_filing(case_id, facts.community_name, actor, now, accept_due_at,
                               person=entered_by.display_name if entered_by else "")
        store_at_intake(case_id, analysed)
        audit.write_entry(actor, "case.filed", "Case", case_id, channel=draft.channel.value)
    except Exception:
        photo_store.remove(stored)  # the rows go with the rollback
        raise
    case = _persistent(Case(id=case_id, **values))
    timeline.tell_filing(case)
    return case


_INSERT_CASE = insert(Case.__table__).returning(Case.__table__.c.id)
_INSERT_PHOTOS = insert(CasePhoto.__table__)


def _store_photos(case_id: int, cleaned: list[photo_store.CleanPhoto], stored: list[str]) -> None:
    """Save the cleaned photos' files and rows; each file's name is added to `stored` once saved."""
    rows = []
    for photo in cleaned:
        name = photo_store.store(photo)
        stored.append(name)
        rows.append({"case_id": case_id, "stored_name": name, "content_type": photo.content_type,
                     "size": len(photo.data)})
    if rows:
        db.session.execute(_INSERT_PHOTOS, rows)


def _persistent(case: Case) -> Case:
    """The case just inserted, as the session's object without reading it back: what was not given
    (its steps, photos) is loaded when first asked for. Like any object the session loaded, a
    rollback expires it, and its row is gone: keep the id before rolling back to look for it."""
    make_transient_to_detached(case)
    db.session.add(case)
    return case


def find_resident_by_phone(community: Community, phone: str) -> User | None:
    """A registered resident of the community with this phone number (for hotline cases)."""
    from community.security import normalise_phone

    try:
        normalised = normalise_phone(phone)
    except ServiceError:
        return None
    user = db.session.scalar(select(User).where(User.phone == normalised))
    return user if user is not None and community.is_member(user) else None
