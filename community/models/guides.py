"""Service guides (办事指南): what to bring, where to go, and the forms to download; service points."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.dbtypes import UTCDateTime, enum_column
from community.models.accounts import Role
from community.timeutil import utcnow
from extensions import db

if TYPE_CHECKING:
    from community.models.accounts import User
    from community.models.places import Community, Department


class LifeEvent(enum.StrEnum):
    BIRTH = "birth"            # 出生
    SCHOOL = "school"          # 上学
    WORK = "work"              # 工作
    RETIREMENT = "retirement"  # 退休
    MOVING = "moving"          # 搬家
    OLD_AGE = "old_age"        # 养老


class DocumentForm(enum.StrEnum):
    ORIGINAL = "original"          # 原件
    COPY = "copy"                  # 复印件
    BOTH = "original_and_copy"     # 原件及复印件


class AttachmentKind(enum.StrEnum):
    BLANK = "blank"      # 空白表格
    EXAMPLE = "example"  # 填写样例


class ServicePointKind(enum.StrEnum):
    COMMUNITY_CENTRE = "community_centre"  # 社区服务中心
    STREET_CENTRE = "street_centre"        # 街道便民服务中心
    VILLAGE_POINT = "village_point"        # 村便民服务点


guide_service_points = sa.Table(
    "guide_service_points",
    db.metadata,
    sa.Column("guide_id", sa.ForeignKey("guides.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_point_id", sa.ForeignKey("service_points.id", ondelete="CASCADE"),
              primary_key=True),
)


def can_edit_guides(user: User) -> bool:
    """Guides are the city's: any community secretary and the administrators write them."""
    return user.is_authenticated and (user.is_admin or user.has_role(Role.SECRETARY))


class Guide(db.Model):
    __tablename__ = "guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), index=True)
    keywords: Mapped[str] = mapped_column(sa.String(200), default="")  # other names people use
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    life_event: Mapped[LifeEvent] = mapped_column(enum_column(LifeEvent), index=True)
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("departments.id", ondelete="SET NULL"), index=True)
    eligibility: Mapped[str] = mapped_column(sa.Text, default="")
    steps: Mapped[str] = mapped_column(sa.Text)  # one step a line
    time_limit: Mapped[str] = mapped_column(sa.String(120), default="")
    fees: Mapped[str] = mapped_column(sa.String(200), default="")
    hours: Mapped[str] = mapped_column(sa.String(200), default="")
    location: Mapped[str] = mapped_column(sa.Text, default="")
    online_url: Mapped[str] = mapped_column(sa.String(300), default="")
    # Kept when the guide is saved, so that a search is a LIKE query and never computes pinyin.
    pinyin_initials: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    pinyin_full: Mapped[str] = mapped_column(sa.String(1000), default="")
    version: Mapped[int] = mapped_column(default=1)
    resolved_count: Mapped[int] = mapped_column(default=0)  # inquiries answered with this guide
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    department: Mapped[Department | None] = relationship(lazy="joined")
    updated_by: Mapped[User | None] = relationship()
    documents: Mapped[list[GuideDocument]] = relationship(
        back_populates="guide", cascade="all, delete-orphan", order_by="GuideDocument.position")
    attachments: Mapped[list[GuideAttachment]] = relationship(
        back_populates="guide", cascade="all, delete-orphan",
        order_by="(GuideAttachment.form_name, GuideAttachment.kind)")
    versions: Mapped[list[GuideVersion]] = relationship(
        back_populates="guide", cascade="all, delete-orphan", order_by="GuideVersion.number.desc()")
    service_points: Mapped[list[ServicePoint]] = relationship(
        secondary=guide_service_points, back_populates="guides", order_by="ServicePoint.name")

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def forms(self) -> dict[str, dict[AttachmentKind, GuideAttachment]]:
        """Each form's blank and filled-in example, by the form's name."""
        grouped: dict[str, dict[AttachmentKind, GuideAttachment]] = {}
        for item in self.attachments:
            grouped.setdefault(item.form_name, {})[item.kind] = item
        return grouped

    def __repr__(self) -> str:
        return f"<Guide {self.id} {self.name}>"


class GuideVersion(db.Model):
    """The guide as one save left it; the newest is the current text."""

    __tablename__ = "guide_versions"
    __table_args__ = (sa.UniqueConstraint("guide_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(sa.ForeignKey("guides.id", ondelete="CASCADE"))
    number: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    guide: Mapped[Guide] = relationship(back_populates="versions")
    saved_by: Mapped[User | None] = relationship()


class GuideDocument(db.Model):
    """One document to bring: how many copies, original or copy, and where to get it."""

    __tablename__ = "guide_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(sa.ForeignKey("guides.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(120))
    copies: Mapped[int] = mapped_column(default=1)
    form: Mapped[DocumentForm] = mapped_column(enum_column(DocumentForm), default=DocumentForm.ORIGINAL)
    where_to_get: Mapped[str] = mapped_column(sa.String(200), default="")

    guide: Mapped[Guide] = relationship(back_populates="documents")


class GuideAttachment(db.Model):
    """A blank form or a filled-in example, stored under the instance upload folder."""

    __tablename__ = "guide_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(sa.ForeignKey("guides.id", ondelete="CASCADE"), index=True)
    form_name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[AttachmentKind] = mapped_column(enum_column(AttachmentKind))
    filename: Mapped[str] = mapped_column(sa.String(200))  # the name offered on download
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    guide: Mapped[Guide] = relationship(back_populates="attachments")


class GuideResolution(db.Model):
    """An inquiry answered with a guide; `Guide.resolved_count` counts these."""

    __tablename__ = "guide_resolutions"
    __table_args__ = (sa.UniqueConstraint("guide_id", "case_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(sa.ForeignKey("guides.id", ondelete="CASCADE"))
    # The case's number, not a foreign key: community/ never depends on petitions/.
    case_number: Mapped[str] = mapped_column(sa.String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    guide: Mapped[Guide] = relationship()


class ServicePoint(db.Model):
    __tablename__ = "service_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[ServicePointKind] = mapped_column(enum_column(ServicePointKind), index=True)
    community_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("communities.id", ondelete="SET NULL"), index=True)
    address: Mapped[str] = mapped_column(sa.String(200))
    hours: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    services: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community | None] = relationship()
    guides: Mapped[list[Guide]] = relationship(
        secondary=guide_service_points, back_populates="service_points", order_by="Guide.name")

    def __repr__(self) -> str:
        return f"<ServicePoint {self.id} {self.name}>"
