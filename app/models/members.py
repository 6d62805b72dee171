"""The member registry (ทะเบียนสมาชิก): members, households and the history of their status.

A member's shares, savings and welfare contributions are *not* stored here: they are
the sums of journal lines carrying the member's id on 32010 / 21010 / 21020 (see
app.services.shares, savings, welfare). Nothing is ever deleted: a member who leaves
gets a status (resigned, deceased, expelled) and a `MemberStatusChange` row saying
when, why and who recorded it; welfare rights (active/suspended) keep the same history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

STATUS_ACTIVE = "active"
STATUS_RESIGNED = "resigned"
STATUS_DECEASED = "deceased"
STATUS_EXPELLED = "expelled"
STATUSES = (STATUS_ACTIVE, STATUS_RESIGNED, STATUS_DECEASED, STATUS_EXPELLED)

WELFARE_ACTIVE = "active"
WELFARE_SUSPENDED = "suspended"
WELFARE_STATES = (WELFARE_ACTIVE, WELFARE_SUSPENDED)

FIELD_STATUS = "status"
FIELD_WELFARE = "welfare"


class Household(Base):
    """A household (ครัวเรือน): a house number in a หมู่ที่, and its head."""

    __tablename__ = "household"
    __table_args__ = (UniqueConstraint("house_no", "moo", name="house"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    house_no: Mapped[str] = mapped_column(String(20))
    moo: Mapped[str] = mapped_column(String(10), default="")
    head_member_id: Mapped[int | None] = mapped_column(Integer)


class Member(Base):
    """A member (สมาชิก) of the fund, identified by member no. and national ID."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'resigned', 'deceased', 'expelled')",
                        name="status"),
        CheckConstraint("welfare IN ('active', 'suspended')", name="welfare"),
        CheckConstraint("monthly_saving_satang >= 0", name="monthly_saving"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_no: Mapped[str] = mapped_column(String(10), unique=True)
    title: Mapped[str] = mapped_column(String(30), default="")
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    national_id: Mapped[str] = mapped_column(String(13), unique=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    house_no: Mapped[str] = mapped_column(String(20), default="")
    moo: Mapped[str] = mapped_column(String(10), default="")
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"), index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    join_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=STATUS_ACTIVE)
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    monthly_saving_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    welfare: Mapped[str] = mapped_column(String(10), default=WELFARE_ACTIVE)


class MemberStatusChange(Base):
    """One change of a member's status or welfare rights: date, from, to, reason, by."""

    __tablename__ = "member_status_change"
    __table_args__ = (CheckConstraint("field IN ('status', 'welfare')", name="field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    field: Mapped[str] = mapped_column(String(10))
    date: Mapped[dt.date] = mapped_column(Date)
    from_value: Mapped[str] = mapped_column(String(10))
    to_value: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(300))
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
