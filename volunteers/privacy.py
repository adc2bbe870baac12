"""Every look at an elder's personal fields is written to the audit log, and so is every refusal.

Who may look is decided by `Elder.can_see_personal` alone; this module only records it.
"""

from __future__ import annotations

from community import audit
from community.models import User
from volunteers.models import PERSONAL_FIELDS, Elder

VIEWED = "elder.personal_viewed"
REFUSED = "elder.personal_refused"


def open_personal(user: User, elder: Elder, where: str) -> bool:
    """Whether `user` may see the elder's personal fields on the page `where`; audited either way.

    The caller commits, even on a GET, and even when it answers 403 next.
    """
    allowed = elder.can_see_personal(user)
    audit.record(user if user.is_authenticated else None, VIEWED if allowed else REFUSED, elder,
                 fields=list(PERSONAL_FIELDS), where=where)
    return allowed


def refuse_personal(user: User, elder: Elder, where: str) -> None:
    """Record that `user` was refused the personal fields on `where` (a page only the secretary opens)."""
    audit.record(user if user.is_authenticated else None, REFUSED, elder, fields=list(PERSONAL_FIELDS),
                 where=where)


def refuse(user: User, obj: object, action: str, **detail: object) -> None:
    """Record a refused attempt on something else than the elder's page (a visit for an elder one is not
    assigned to, …). The caller rolls back what was attempted first, then commits this entry."""
    audit.record(user if user.is_authenticated else None, action, obj, **detail)
