"""Cash-book records beside the ledger: daily cash counts and bank balance checks.

Neither changes a balance. A cash count (นับเงินสด) keeps what was counted, note by
note, against the book; a difference is posted to the ledger as its own entry (to
เงินขาดบัญชี / เงินเกินบัญชี) and the count points at it. A bank balance check keeps
the passbook's balance on a date against the ledger's; a mismatch stays on record,
it is never absorbed into the books (Beancount's balance assertion).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class CashCount(Base):
    """One count of the cash box on a date: denominations, counted, book, difference."""

    __tablename__ = "cash_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    denominations: Mapped[str] = mapped_column(Text, default="{}")  # JSON {"1000": 3, ...}
    counted_satang: Mapped[int] = mapped_column(BigInteger)
    book_satang: Mapped[int] = mapped_column(BigInteger)
    difference_satang: Mapped[int] = mapped_column(BigInteger)  # counted - book
    reason: Mapped[str] = mapped_column(String(500), default="")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entry.id"))
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class BankBalanceCheck(Base):
    """The passbook's balance of a bank account on a date, against the ledger's."""

    __tablename__ = "bank_balance_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    statement_satang: Mapped[int] = mapped_column(BigInteger)
    ledger_satang: Mapped[int] = mapped_column(BigInteger)
    difference_satang: Mapped[int] = mapped_column(BigInteger)  # statement - ledger
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
