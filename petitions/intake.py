"""Filing a case: by a resident on the web, or by a secretary for a hotline or walk-in caller."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from community import audit
from community.accounts import user_ids_with_role
from community.errors import NotAllowed, ServiceError
from community.models import Community, Role, User
from community.timeutil import to_local, utcnow
from community.transactions import start_writing
from extensions import db
from petitions import photos as photo_store
from petitions import timeline
from petitions.hotspots.analysis import analyse_at_intake, store_at_intake
from petitions.models import Case, CaseCounter, CasePhoto, CaseType, Category, Channel
from petitions.rules import Action
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


def next_case_number(year: int) -> str:
    """`LL-<year>-<6 digits>`, unique even when many cases are filed at once.

    The counter row is incremented with one UPDATE … RETURNING, which the
    database serialises; the first case of a year creates the row.
    """
    counters = CaseCounter.__table__
    bump = (update(counters).where(counters.c.year == year)
            .values(last=counters.c.last + 1).returning(counters.c.last))
    connection = db.session.connection()  # a Core statement: the counter is never loaded as an object
    number = connection.execute(bump).scalar()
    if number is None:
        try:
            with db.session.begin_nested():
                connection.execute(insert(counters).values(year=year, last=1))
            number = 1
        except IntegrityError:  # another request created the year's row first
            number = connection.execute(bump).scalar_one()
    return f"LL-{year}-{number:06d}"


def validate(draft: CaseDraft) -> Category:
    if not draft.title.strip():
        raise ServiceError(_l("Give the case a short title."), "title")
    if not draft.description.strip():
        raise ServiceError(_l("Describe the problem."), "description")
    if len(draft.description) > MAX_DESCRIPTION:
        raise ServiceError(_l("Keep the description under %(n)d characters.", n=MAX_DESCRIPTION),
                           "description")
    category = db.session.get(Category, draft.category_id)
    if category is None or not category.active:
        raise ServiceError(_l("Choose a category from the list."), "category")
    if db.session.get(Community, draft.community_id) is None:
        raise ServiceError(_l("Choose your community."), "community")
    if (draft.lat is None) != (draft.lng is None):
        raise ServiceError(_l("A map point needs both latitude and longitude."), "lat")
    if len(draft.photos) > photo_store.MAX_PHOTOS:
        raise ServiceError(_l("Attach at most %(n)d photos.", n=photo_store.MAX_PHOTOS), "photos")
    return category


def file_case(draft: CaseDraft, submitter: User | None, entered_by: User | None = None) -> Case:
    """File a case. `entered_by` is the secretary who takes a hotline or walk-in case.

    Everything that only reads or computes (the checks, the photos, the deadline, the text
    analysis, who is told) comes first; then `start_writing()`, so that on SQLite the write
    lock is held only for the rows written. Photos are checked before anything is written;
    if saving fails, the stored files are removed again.
    """
    validate(draft)
    community = db.session.get(Community, draft.community_id)
    if entered_by is not None and not community.can_manage(entered_by):
        raise NotAllowed()
    if entered_by is None and (submitter is None or not community.is_member(submitter)):
        raise ServiceError(_l("You can file cases only in your own community."), "community")
    if submitter is None and not (draft.contact_name.strip() and draft.contact_phone.strip()):
        raise ServiceError(_l("Give the caller's name and phone number."), "contact_name")
    cleaned = [photo_store.clean_photo(raw) for raw in draft.photos]
    now = utcnow()
    accept_due_at = WorkCalendar.load().add_working_days(now, 1)
    analysed = analyse_at_intake(draft.title, draft.description)  # for the hotspot analysis
    secretaries = user_ids_with_role(Role.SECRETARY, community=community)
    actor = entered_by or submitter

    start_writing()
    case = Case(
        number=next_case_number(to_local(now).year), type=draft.type, category_id=draft.category_id,
        title=draft.title.strip(), description=draft.description.strip(), community_id=community.id,
        building=draft.building.strip(), unit=draft.unit.strip(), address=draft.address.strip(),
        lat=draft.lat, lng=draft.lng, hide_name=draft.hide_name, channel=draft.channel,
        submitter_id=submitter.id if submitter else None,
        contact_name=draft.contact_name.strip(), contact_phone=draft.contact_phone.strip(),
        accept_due_at=accept_due_at, created_at=now,
    )
    case.community = community
    db.session.add(case)
    stored: list[str] = []
    try:
        for photo in cleaned:
            name = photo_store.store(photo)
            stored.append(name)
            case.photos.append(CasePhoto(stored_name=name, content_type=photo.content_type,
                                         size=len(photo.data)))
        timeline.record(case, Action.FILE, actor, person=entered_by.display_name if entered_by else "")
        db.session.flush()
    except Exception:
        photo_store.remove(stored)
        raise
    store_at_intake(case, analysed)
    audit.record(actor, "case.filed", case, channel=draft.channel.value)
    timeline.tell(case, Action.FILE, to_act=secretaries)
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
