"""The general ledger: accounts, journal entries and their lines.

The ledger is the single source of truth. Sub-ledgers (a member's savings, a
loan's principal) are dimensions on lines (`member_id`, `loan_id`), never separate
balances. `AccountMonthTotal` is a cache of line sums per account and month that
makes "balance as of any date" fast; it is written in the same transaction as the
entry, can be rebuilt, and the integrity check compares it with the lines.

Rules kept at the right depth: a line is debit or credit, never both and never
negative (row constraints here); an entry balances and lies in an open period
(checked when posting, in app.services.ledger).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base

# Account groups by the first digit of the 5-digit code.
GROUP_ASSET, GROUP_LIABILITY, GROUP_EQUITY, GROUP_INCOME, GROUP_EXPENSE = 1, 2, 3, 4, 5
DEBIT_NORMAL_GROUPS = (GROUP_ASSET, GROUP_EXPENSE)

# What an account is used for, beyond its group.
KIND_CASH = "cash"
KIND_BANK = "bank"
KIND_OTHER = "other"

# Which dimension a line on the account must carry.
SUBLEDGER_MEMBER = "member"
SUBLEDGER_LOAN = "loan"

# Journal entry kinds and their voucher prefixes (ใบสำคัญรับ/จ่าย/โอน/ทั่วไป).
ENTRY_KINDS = {"receipt": "RV", "payment": "PV", "transfer": "TV", "adjustment": "JV"}

STATE_POSTED = "posted"
STATE_REVERSED = "reversed"


class Account(Base):
    """An account of the chart (ผังบัญชี): 5-digit code, Thai name, group 1-5."""

    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("length(code) = 5", name="code_length"),
        CheckConstraint("account_group BETWEEN 1 AND 5", name="account_group"),
        CheckConstraint("kind IN ('cash', 'bank', 'other')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    account_group: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), default=KIND_OTHER)
    subledger: Mapped[str | None] = mapped_column(String(10))
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    bank_account_no: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def debit_normal(self) -> bool:
        return self.account_group in DEBIT_NORMAL_GROUPS


class JournalEntry(Base):
    """A posted voucher. Never edited: a correction is a reversing entry."""

    __tablename__ = "journal_entry"
    __table_args__ = (
        UniqueConstraint("fiscal_year_id", "kind", "seq", name="voucher_seq"),
        CheckConstraint("seq > 0", name="seq_positive"),
        CheckConstraint(
            "kind IN ('receipt', 'payment', 'transfer', 'adjustment')", name="kind"
        ),
        CheckConstraint("state IN ('posted', 'reversed')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id"))
    kind: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer)
    voucher_no: Mapped[str] = mapped_column(String(20), unique=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(String(500))
    counterpart: Mapped[str] = mapped_column(String(200), default="")
    evidence_ref: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(10), default=STATE_POSTED)
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("journal_entry.id"), unique=True
    )
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    lines: Mapped[list[JournalLine]] = relationship(
        back_populates="entry", order_by="JournalLine.id", cascade="all"
    )


class JournalLine(Base):
    """One debit or credit of an entry, with optional member/loan dimensions."""

    __tablename__ = "journal_line"
    __table_args__ = (
        CheckConstraint("debit_satang >= 0 AND credit_satang >= 0", name="not_negative"),
        CheckConstraint("debit_satang = 0 OR credit_satang = 0", name="one_side"),
        CheckConstraint("debit_satang + credit_satang > 0", name="not_zero"),
        Index("ix_journal_line_account_entry", "account_id", "entry_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entry.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    debit_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    credit_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    member_id: Mapped[int | None] = mapped_column(Integer, index=True)
    loan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    memo: Mapped[str] = mapped_column(String(200), default="")

    entry: Mapped[JournalEntry] = relationship(back_populates="lines")
    account: Mapped[Account] = relationship()


class AccountMonthTotal(Base):
    """Cache: Σ debit and Σ credit of an account's lines in one calendar month."""

    __tablename__ = "account_month_total"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    debit_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    credit_satang: Mapped[int] = mapped_column(BigInteger, default=0)
