"""A community portal's link to its remote hub, set by the administrator (`flask open311 link-hub`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from community.errors import ServiceError
from community.models import Community
from community.timeutil import utcnow
from extensions import db
from petitions.open311.models import HubLink


def link(community: Community, hub_url: str, api_key: str) -> HubLink:
    parts = urlsplit(hub_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ServiceError("the hub's URL must be http(s)://…/open311/v2", "hub_url")
    if not api_key.strip() or len(api_key.strip()) > 100:
        raise ServiceError("give the API key the hub's administrator issued", "api_key")
    row = db.session.get(HubLink, community.id)
    if row is None:
        row = HubLink(community_id=community.id, pulled_until=utcnow())
        db.session.add(row)
    row.hub_url, row.api_key = hub_url.strip().rstrip("/"), api_key.strip()
    return row


def unlink(community: Community) -> None:
    row = db.session.get(HubLink, community.id)
    if row is None:
        raise ServiceError("this community has no remote hub", "slug")
    db.session.delete(row)
