"""The network book's tables (its own metadata, separate from a fund file's).

    coord_fund          one row per village fund, keyed by the fund's code
    coord_submission    one row per imported backup file: its checksum, what its manifest
                        states, its chain head, when it was imported, and whether it is
                        sound ("ok") or "flagged" (its history does not extend the fund's
                        previous submission) with the reason
    coord_month         month-end indicators of a submission (the dashboard's chart)

Amounts are integers in satang, as in the fund files. The figures are copied from the
backup's verified summary; no names or national IDs of members ever reach this book.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
STATUS_OK, STATUS_FLAGGED = "ok", "flagged"


class CoordBase(DeclarativeBase):
    """The network book's declarative base (never mixed with app.models.Base)."""

    metadata = MetaData(naming_convention=NAMING)


class CoordFund(CoordBase):
    """A village fund known to the coordinator."""

    __tablename__ = "coord_fund"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    village_no: Mapped[str] = mapped_column(String(10))
    village: Mapped[str] = mapped_column(String(100))
    tambon: Mapped[str] = mapped_column(String(100))
    amphoe: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(100))


class Submission(CoordBase):
    """One imported backup file and the figures it carries."""

    __tablename__ = "coord_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("coord_fund.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    chain_head: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(Integer)
    last_voucher: Mapped[str | None] = mapped_column(String(40))
    first_entry_date: Mapped[dt.date | None] = mapped_column(Date)
    last_entry_date: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    backup_created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    app_version: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    total_debit: Mapped[int] = mapped_column(BigInteger)
    total_credit: Mapped[int] = mapped_column(BigInteger)
    members_total: Mapped[int | None] = mapped_column(Integer)
    members_active: Mapped[int | None] = mapped_column(Integer)
    capital_government: Mapped[int] = mapped_column(BigInteger)   # 31010
    capital_top_up: Mapped[int] = mapped_column(BigInteger)       # 31020
    capital_shares: Mapped[int] = mapped_column(BigInteger)       # 32010
    loans_outstanding: Mapped[int] = mapped_column(BigInteger)
    overdue: Mapped[int | None] = mapped_column(BigInteger)        # null: not reported
    cash_and_bank: Mapped[int] = mapped_column(BigInteger)
    savings_total: Mapped[int] = mapped_column(BigInteger)
    income_ytd: Mapped[int] = mapped_column(BigInteger)
    expense_ytd: Mapped[int] = mapped_column(BigInteger)


class MonthFigure(CoordBase):
    """Month-end indicators of one submission (from the backup's `months` series)."""

    __tablename__ = "coord_month"
    __table_args__ = (UniqueConstraint("submission_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("coord_submission.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, Gregorian
    cash_and_bank: Mapped[int] = mapped_column(BigInteger)
    loans_outstanding: Mapped[int] = mapped_column(BigInteger)
    savings_total: Mapped[int] = mapped_column(BigInteger)
    capital: Mapped[int] = mapped_column(BigInteger)
    income: Mapped[int] = mapped_column(BigInteger)
    expense: Mapped[int] = mapped_column(BigInteger)
