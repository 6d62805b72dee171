"""The cash book (สมุดเงินสด), read side: every movement of a cash or bank account in a
date range, with its voucher number and the running balance, as the paper book shows it.

One book per money account: the balance brought forward (ยอดยกมา), one row per entry
that touched the account (money in, money out, balance after it), the totals and the
balance carried forward (ยอดยกไป). A cancelled entry stays in the book, marked, and so
does its cancellation (ยกเลิก ...), the way a paper book strikes a line through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.errors import InvalidInput
from app.models.ledger import (
    KIND_BANK,
    KIND_CASH,
    STATE_REVERSED,
    Account,
    JournalEntry,
    JournalLine,
)
from app.services.balances import account_balances


@dataclass(frozen=True)
class CashBookRow:
    entry_id: int
    date: dt.date
    voucher_no: str
    kind: str
    description: str
    counterpart: str
    evidence_ref: str
    in_satang: int
    out_satang: int
    balance_satang: int      # the account's balance after this row
    cancelled: bool          # this entry was cancelled later (a reversal points at it)
    cancels: str | None      # the voucher this entry cancels, when it is a cancellation


@dataclass(frozen=True)
class AccountBook:
    code: str
    name_th: str
    name_en: str
    kind: str
    opening_satang: int
    rows: tuple[CashBookRow, ...]

    @property
    def total_in_satang(self) -> int:
        return sum(r.in_satang for r in self.rows)

    @property
    def total_out_satang(self) -> int:
        return sum(r.out_satang for r in self.rows)

    @property
    def closing_satang(self) -> int:
        return self.opening_satang + self.total_in_satang - self.total_out_satang


@dataclass(frozen=True)
class CashBook:
    start: dt.date
    end: dt.date
    accounts: tuple[AccountBook, ...]

    @property
    def row_count(self) -> int:
        return sum(len(a.rows) for a in self.accounts)


def cash_book(session: Session, *, start: dt.date, end: dt.date,
              account_code: str | None = None) -> CashBook:
    """The book of one money account (by code) or of every cash and bank account."""
    q = select(Account).where(Account.kind.in_((KIND_CASH, KIND_BANK))).order_by(Account.code)
    if account_code is not None:
        q = q.where(Account.code == account_code)
    money = list(session.scalars(q))
    if not money:
        raise InvalidInput("There is no cash or bank account {code}.", code=account_code or "")
    before = {b.code: b.net_satang
              for b in account_balances(session, as_of=start - dt.timedelta(days=1))}
    original = aliased(JournalEntry)
    rows = session.execute(
        select(JournalLine.account_id, JournalEntry.id, JournalEntry.date,
               JournalEntry.voucher_no, JournalEntry.kind, JournalEntry.description,
               JournalEntry.counterpart, JournalEntry.evidence_ref, JournalEntry.state,
               original.voucher_no, func.sum(JournalLine.debit_satang),
               func.sum(JournalLine.credit_satang))
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .outerjoin(original, original.id == JournalEntry.reverses_id)
        .where(JournalEntry.date >= start, JournalEntry.date <= end,
               JournalLine.account_id.in_([a.id for a in money]))
        .group_by(JournalLine.account_id, JournalEntry.id)
        .order_by(JournalEntry.date, JournalEntry.id)).all()
    per_account: dict[int, list] = {a.id: [] for a in money}
    for row in rows:
        per_account[row[0]].append(row)
    books = []
    for a in money:
        balance = before.get(a.code, 0)
        out = []
        for (_acc, eid, day, voucher, kind, desc, counterpart, evidence, state, cancels,
             debit, credit) in per_account[a.id]:
            debit, credit = int(debit or 0), int(credit or 0)
            balance += debit - credit
            out.append(CashBookRow(eid, day, voucher, kind, desc, counterpart, evidence, debit,
                                   credit, balance, state == STATE_REVERSED, cancels))
        books.append(AccountBook(a.code, a.name_th, a.name_en, a.kind, before.get(a.code, 0),
                                 tuple(out)))
    return CashBook(start, end, tuple(books))
