"""The elder registry: registering and editing elders, archiving them, purging what retention allows.

Plain data in, models out; every change is audited; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update

from community import audit
from community.errors import NotAllowed, ServiceError
from community.models import Community, Role, User
from community.timeutil import to_local, utcnow
from extensions import db
from volunteers.assignments import end_all_assignments
from volunteers.localdays import end_of_local_day, local_date
from volunteers.models import (
    Concern,
    Elder,
    ElderStatus,
    Gender,
    LivingSituation,
    Visit,
    VolunteerSettings,
)

FREQUENCIES = (3, 7, 14, 30)
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 30, 3650
OLDEST_BIRTH_YEAR = 1900
ARCHIVED = (ElderStatus.MOVED_AWAY, ElderStatus.DIED)


@dataclass
class ElderData:
    name: str
    gender: Gender
    birth_year: int
    building: str
    living_situation: LivingSituation
    unit: str = ""
    room: str = ""
    phone: str = ""
    health_notes: str = ""
    needs: str = ""
    emergency_contacts: str = ""
    consent_on: date | None = None
    consent_witness: str = ""
    visit_every_days: int = 7
    preferred_days: int = 0
    preferred_slots: int = 0


def visit_due_at(base: datetime, every_days: int) -> datetime:
    """When an elder last seen at `base` becomes overdue: the local day after `every_days` full days.

    Seen on Monday and visited weekly, the elder is due by the next Monday and overdue from Tuesday 00:00.
    """
    return end_of_local_day(base, every_days)


def due_by(elder: Elder) -> date:
    """The last local day on which the elder's next visit is on time."""
    return local_date(elder.next_visit_due_at) - timedelta(days=1)


def _validate(data: ElderData) -> None:
    if not data.name.strip():
        raise ServiceError(_l("Give the elder's name."), "name")
    if not data.building.strip():
        raise ServiceError(_l("Give the building: lists show it to find the elder."), "building")
    this_year = to_local(utcnow()).year
    if not OLDEST_BIRTH_YEAR <= data.birth_year <= this_year:
        raise ServiceError(_l("Give a birth year between %(low)d and %(high)d.", low=OLDEST_BIRTH_YEAR,
                              high=this_year), "birth_year")
    if data.visit_every_days not in FREQUENCIES:
        raise ServiceError(_l("Choose how often the elder is visited."), "visit_every_days")
    if data.consent_on is not None and data.consent_on > to_local(utcnow()).date():
        raise ServiceError(_l("The consent cannot be dated in the future."), "consent_on")
    if data.consent_on is not None and not data.consent_witness.strip():
        raise ServiceError(_l("Name the witness of the consent."), "consent_witness")


def save_elder(actor: User, community: Community, data: ElderData, elder: Elder | None = None) -> Elder:
    """Register an elder in `community`, or update `elder`; only the community's secretary may."""
    if not actor.has_role(Role.SECRETARY, community=community):
        raise NotAllowed()
    if elder is not None and elder.is_archived:
        raise ServiceError(_l("An archived elder cannot be changed."))
    _validate(data)
    created = elder is None
    if elder is None:
        elder = Elder(community_id=community.id, created_at=utcnow())
        db.session.add(elder)
    changed_frequency = elder.visit_every_days != data.visit_every_days
    for name, value in vars(data).items():
        setattr(elder, name, value.strip() if isinstance(value, str) else value)
    if created or changed_frequency:
        base = elder.last_visit_at or elder.created_at
        elder.next_visit_due_at = visit_due_at(base, elder.visit_every_days)
    db.session.flush()
    # The audit entry names the fields, never their values.
    audit.record(actor, "elder.registered" if created else "elder.updated", elder)
    return elder


def archive_elder(actor: User, elder: Elder, status: ElderStatus) -> None:
    """An elder who moved away or died leaves the lists; personal fields go after the retention period."""
    if not elder.can_manage(actor):
        raise NotAllowed()
    if status == ElderStatus.ACTIVE:
        raise ServiceError(_l("Choose why the elder leaves the registry."), "status")
    if elder.is_archived:
        raise ServiceError(_l("This elder is already archived."))
    elder.status, elder.archived_at = status, utcnow()
    end_all_assignments(actor, elder)
    db.session.flush()
    audit.record(actor, "elder.archived", elder, status=status.value)


def registry_query(community_ids: set[int], archived: bool = False) -> Select:
    """A community's elders for lists: they show the name and the building only."""
    query = select(Elder).where(Elder.community_id.in_(community_ids))
    if archived:
        query = query.where(Elder.status.in_(ARCHIVED))
    else:
        query = query.where(Elder.status == ElderStatus.ACTIVE)
    return query.order_by(Elder.building, Elder.name, Elder.id)


def settings(for_update: bool = False) -> VolunteerSettings:
    """The settings row; until an administrator saves one, the defaults (added only `for_update`)."""
    row = db.session.scalar(select(VolunteerSettings).limit(1))
    if row is None:
        row = VolunteerSettings(retention_days=365)
        if for_update:
            db.session.add(row)
    return row


def save_settings(actor: User, retention_days: int) -> VolunteerSettings:
    if not actor.is_admin:
        raise NotAllowed()
    if not MIN_RETENTION_DAYS <= retention_days <= MAX_RETENTION_DAYS:
        raise ServiceError(_l("Between %(low)d and %(high)d days.", low=MIN_RETENTION_DAYS,
                              high=MAX_RETENTION_DAYS), "retention_days")
    row = settings(for_update=True)
    row.retention_days = retention_days
    db.session.flush()
    audit.record(actor, "volunteers.settings_saved", row, retention_days=retention_days)
    return row


def purge_archived(now: datetime | None = None) -> int:
    """Blank the personal fields (and the free text of visits and concerns) of elders archived longer
    than the retention period. The name, building and counts stay for the reports. Idempotent."""
    now = now or utcnow()
    cutoff = now - timedelta(days=settings().retention_days)
    elders = db.session.scalars(
        select(Elder).where(Elder.status.in_(ARCHIVED), Elder.archived_at < cutoff,
                            Elder.personal_purged_at.is_(None))
    ).all()
    if not elders:
        return 0
    ids = [elder.id for elder in elders]
    for elder in elders:
        elder.unit = elder.room = elder.phone = ""
        elder.health_notes = elder.needs = elder.emergency_contacts = ""
        elder.consent_witness = ""
        elder.personal_purged_at = now
        audit.record(None, "elder.personal_purged", elder)
    db.session.execute(update(Visit).where(Visit.elder_id.in_(ids)).values(notes=""))
    db.session.execute(update(Concern).where(Concern.elder_id.in_(ids))
                       .values(description="", action_taken=""))
    return len(elders)
