"""The one permission mechanism: `roles_required` on views, `can_*` methods on models.

A view loads its object (404 when missing), then calls `ensure(obj.can_x(user))`
(403 when refused). Coarse gates (the hub, the admin area) use `roles_required`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from community.models import Role
from extensions import db

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Let in signed-in users holding any of `roles` (in any community); administrators always."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not (current_user.is_admin or any(current_user.has_role(r) for r in roles)):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def ensure(allowed: bool) -> None:
    if not allowed:
        abort(403)


def load(model: type[M], ident: Any) -> M:
    """The object with this primary key, or a 404."""
    return db.get_or_404(model, ident)
