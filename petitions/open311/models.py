"""Open311 tables. On a hub: the keys issued to communities and what each request brought.
On a community portal: the link to a remote hub, the outbox, remote references and pulled updates.

They are tables of their own rather than columns on `cases`: a deployment that never
speaks Open311 carries none of it, and a case's row stays what the petitions package made.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models import Community
    from petitions.models import Case


class ApiKey(db.Model):
    """A key the hub's administrator issued to one community; only its SHA-256 is kept."""

    __tablename__ = "open311_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"),
                                              index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))  # the key's first characters, to tell keys apart
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    community: Mapped[Community] = relationship()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IncomingRequest(db.Model):
    """What an Open311 request brought to the hub beyond the case itself.

    `reference` is the forwarding portal's stable reference: the same reference from
    the same community names the same case, so a request sent twice files one case.
    """

    __tablename__ = "open311_requests"
    __table_args__ = (sa.UniqueConstraint("community_id", "reference"),)

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True,
                                         autoincrement=False)
    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"))
    key_id: Mapped[int | None] = mapped_column(sa.ForeignKey("open311_keys.id", ondelete="SET NULL"))
    reference: Mapped[str | None] = mapped_column(sa.String(80))
    email: Mapped[str] = mapped_column(sa.String(120), default="")
    media_url: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HubLink(db.Model):
    """A community portal's remote hub: forwarded cases of this community go there."""

    __tablename__ = "open311_hub_links"

    community_id: Mapped[int] = mapped_column(sa.ForeignKey("communities.id", ondelete="CASCADE"),
                                              primary_key=True, autoincrement=False)
    hub_url: Mapped[str] = mapped_column(sa.String(300))  # the endpoint, ending in /open311/v2
    api_key: Mapped[str] = mapped_column(sa.String(100))  # the client must send it, so it is kept whole
    # Updates are pulled from here on (a few minutes of overlap; update ids remove the doubles).
    pulled_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_pull_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship()


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"


class OutboxRow(db.Model):
    """A forwarded case waiting to reach the remote hub; written in the forwarding transaction."""

    __tablename__ = "open311_outbox"
    __table_args__ = (sa.Index("ix_open311_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    hub_url: Mapped[str] = mapped_column(sa.String(300))
    reference: Mapped[str] = mapped_column(sa.String(80), unique=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()


class RemoteCase(db.Model):
    """The hub's id of a case this portal forwarded."""

    __tablename__ = "open311_remote_cases"
    __table_args__ = (sa.UniqueConstraint("hub_url", "service_request_id"),)

    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True,
                                         autoincrement=False)
    hub_url: Mapped[str] = mapped_column(sa.String(300))
    service_request_id: Mapped[str] = mapped_column(sa.String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PulledUpdate(db.Model):
    """An update already applied from a hub: pulling it again changes nothing."""

    __tablename__ = "open311_pulled_updates"
    __table_args__ = (sa.UniqueConstraint("hub_url", "update_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_url: Mapped[str] = mapped_column(sa.String(300))
    update_id: Mapped[str] = mapped_column(sa.String(60))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    pulled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
