"""Column types shared by every feature's models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

MAX_ID = 2**31 - 1  # the largest value of an INTEGER column (the ids) on PostgreSQL


def is_id(value: int | None) -> bool:
    """Whether `value` may be a row's id: a larger number fails the query instead of finding nothing."""
    return value is not None and 0 < value <= MAX_ID


def enum_column(enum_cls: type[enum.Enum], length: int = 20) -> sa.Enum:
    """An enum stored as its value in a VARCHAR (no native type: simpler migrations)."""
    return sa.Enum(enum_cls, native_enum=False, length=length,
                   values_callable=lambda e: [m.value for m in e])


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A datetime kept as naive UTC in the database and returned timezone-aware.

    SQLite has no time zone type; storing naive UTC on both databases keeps
    comparisons and indexes identical, and the aware value returned means no
    caller ever mistakes it for local time.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware one (UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
