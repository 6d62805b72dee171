"""The fund itself: identity, settings, fiscal years and monthly periods.

A fund file holds exactly one `Fund` row. Fiscal years (ปีบัญชี) are opened
explicitly; each has twelve monthly `Period`s whose state decides whether entries
may be dated in them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class Fund(Base):
    """Identity of the village fund (กองทุนหมู่บ้าน) this file belongs to."""

    __tablename__ = "fund"
    __table_args__ = (
        CheckConstraint("fiscal_start_month BETWEEN 1 AND 12", name="fiscal_start_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    village_no: Mapped[str] = mapped_column(String(10))
    village: Mapped[str] = mapped_column(String(100))
    tambon: Mapped[str] = mapped_column(String(100))
    amphoe: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(100))
    juristic_status: Mapped[str] = mapped_column(String(100), default="")
    fiscal_start_month: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Setting(Base):
    """Free-form settings of the fund (working date, font size, rules...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000))


class FiscalYear(Base):
    """A fiscal year, labelled by the Buddhist-era year in which it ends."""

    __tablename__ = "fiscal_year"
    __table_args__ = (CheckConstraint("start_date < end_date", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[int] = mapped_column(Integer, unique=True)
    start_date: Mapped[dt.date] = mapped_column(Date, unique=True)
    end_date: Mapped[dt.date] = mapped_column(Date, unique=True)

    periods: Mapped[list[Period]] = relationship(
        back_populates="fiscal_year", order_by="Period.start_date"
    )


PERIOD_OPEN = "open"
PERIOD_CLOSED = "closed"


class Period(Base):
    """One calendar month of a fiscal year; closed months refuse new entries."""

    __tablename__ = "period"
    __table_args__ = (
        UniqueConstraint("year", "month", name="year_month"),
        CheckConstraint("state IN ('open', 'closed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default=PERIOD_OPEN)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(60))

    fiscal_year: Mapped[FiscalYear] = relationship(back_populates="periods")
