"""Route modules of the volunteers package, and the helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from community import actions
from community.models import Community, Role, User
from community.routes import id_arg
from extensions import db
from volunteers import privacy
from volunteers.localdays import local_date


def managed_communities(user: User) -> list[Community]:
    """Communities whose registry `user` keeps: secretaries only (administrators see no personal data)."""
    ids = user.community_ids(Role.SECRETARY) if user.is_authenticated else set()
    if not ids:
        return []
    return list(db.session.scalars(select(Community).where(Community.id.in_(ids)).order_by(Community.name)))


def overseen_communities(user: User) -> list[Community]:
    """Communities whose lists (names and buildings), coverage and report `user` may read."""
    if user.is_authenticated and user.is_admin:
        return list(db.session.scalars(select(Community).order_by(Community.name)))
    return managed_communities(user)


def pick_community(communities: list[Community]) -> Community:
    """The community chosen with ?community=, else the first; 403 when there is none to choose."""
    if not communities:
        abort(403)
    wanted = id_arg("community")
    for community in communities:
        if community.id == wanted:
            return community
    return communities[0]


def ensure_any_role(*roles: Role) -> None:
    """403 unless the signed-in user holds one of `roles` (administrators are not let in by default)."""
    if not any(current_user.has_role(role) for role in roles):
        abort(403)


def refuse(action: str, obj: object, **detail: Any) -> None:
    """Undo what was attempted, record the refusal, keep the record, answer 403."""
    db.session.rollback()
    privacy.refuse(current_user, obj, action, **detail)
    db.session.commit()
    abort(403)


def save(form, call: Callable[[], Any], success: str,  # type: ignore[no-untyped-def]
         refusal: tuple[str, object] | None = None) -> bool:
    """`community.actions.save`; a refusal of `refusal` = (action, object) is audited first."""
    return actions.save(form, call, success,
                        on_refused=(lambda: refuse(*refusal)) if refusal is not None else None)


def template_helpers() -> dict[str, Any]:
    """The labels every volunteers page uses (a context processor of the blueprint, see `volunteers`)."""
    from volunteers import labels

    return {"GENDER": labels.GENDER_LABELS, "LIVING": labels.LIVING_LABELS,
            "ELDER_STATUS": labels.STATUS_LABELS, "VISIT_KIND": labels.KIND_LABELS,
            "OUTCOME": labels.OUTCOME_LABELS, "SEVERITY": labels.SEVERITY_LABELS,
            "SEVERITY_COLOURS": labels.SEVERITY_COLOURS, "ASPECTS": labels.ASPECT_LABELS,
            "WELLBEING": labels.WELLBEING_LABELS, "WELLBEING_COLOURS": labels.WELLBEING_COLOURS,
            "frequency_label": labels.frequency_label, "DAYS": labels.DAY_LABELS, "SLOTS": labels.SLOT_LABELS,
            "due_day": due_day}


def due_day(deadline: datetime) -> str:
    """The last local day before a deadline kept as the midnight that ends it (2026-11-23 for 11-24 00:00)."""
    return local_date(deadline - timedelta(seconds=1)).isoformat()
