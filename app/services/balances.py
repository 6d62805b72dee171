"""Balances and the trial balance (งบทดลอง) as of any date, and the dashboard figures.

A balance as of a date is Σ of the month-total cache for every month before that
date's month plus Σ of that month's lines up to the date. The cache makes this a
few thousand rows instead of the whole ledger; the integrity check proves the cache
equals the lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.ledger import (
    KIND_BANK,
    KIND_CASH,
    Account,
    AccountMonthTotal,
    JournalEntry,
    JournalLine,
)


@dataclass(frozen=True)
class AccountBalance:
    code: str
    name_th: str
    name_en: str
    group: int
    kind: str
    debit_satang: int   # Σ debits up to the date
    credit_satang: int  # Σ credits up to the date

    @property
    def net_satang(self) -> int:
        """Debit minus credit: positive for a debit balance."""
        return self.debit_satang - self.credit_satang

    @property
    def balance_satang(self) -> int:
        """The balance on the account's normal side (assets and expenses: debit)."""
        return self.net_satang if self.group in (1, 5) else -self.net_satang


@dataclass(frozen=True)
class TrialBalanceRow:
    code: str
    name_th: str
    name_en: str
    group: int
    debit_satang: int   # the balance when it is a debit balance, else 0
    credit_satang: int  # the balance when it is a credit balance, else 0


@dataclass(frozen=True)
class TrialBalance:
    as_of: dt.date
    rows: tuple[TrialBalanceRow, ...]
    total_debit_satang: int
    total_credit_satang: int

    @property
    def balanced(self) -> bool:
        return self.total_debit_satang == self.total_credit_satang


def _sums_as_of(session: Session, as_of: dt.date, start: dt.date | None = None) -> dict[int, list[int]]:
    """account_id -> [Σdebit, Σcredit] for lines dated in [start, as_of] (start None: ever)."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    month_key = AccountMonthTotal.year * 12 + AccountMonthTotal.month
    upper = as_of.year * 12 + as_of.month
    cond = [month_key < upper]
    if start is not None:
        cond.append(month_key > start.year * 12 + start.month)
    q = (select(AccountMonthTotal.account_id, func.sum(AccountMonthTotal.debit_satang),
                func.sum(AccountMonthTotal.credit_satang))
         .where(*cond).group_by(AccountMonthTotal.account_id))
    for acc_id, d, c in session.execute(q):
        sums[acc_id][0] += int(d or 0)
        sums[acc_id][1] += int(c or 0)
    # The partial months at the edges come from the lines themselves.
    first_of_month = as_of.replace(day=1)
    ranges = [(max(first_of_month, start) if start else first_of_month, as_of)]
    if start is not None and (start.year, start.month) != (as_of.year, as_of.month):
        ranges = [(start, _month_end(start)), (first_of_month, as_of)]
    for lo, hi in ranges:
        q2 = (select(JournalLine.account_id, func.sum(JournalLine.debit_satang),
                     func.sum(JournalLine.credit_satang))
              .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
              .where(JournalEntry.date >= lo, JournalEntry.date <= hi)
              .group_by(JournalLine.account_id))
        for acc_id, d, c in session.execute(q2):
            sums[acc_id][0] += int(d or 0)
            sums[acc_id][1] += int(c or 0)
    return sums


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def account_balances(session: Session, *, as_of: dt.date, start: dt.date | None = None,
                     include_empty: bool = False) -> list[AccountBalance]:
    """Every account's debits and credits up to `as_of` (or within [start, as_of])."""
    sums = _sums_as_of(session, as_of, start)
    out = []
    for a in session.scalars(select(Account).order_by(Account.code)):
        d, c = sums.get(a.id, (0, 0))
        if include_empty or d or c:
            out.append(AccountBalance(a.code, a.name_th, a.name_en, a.account_group, a.kind, d, c))
    return out


def trial_balance(session: Session, *, as_of: dt.date) -> TrialBalance:
    """Each account's balance as of the date, in the debit or the credit column."""
    rows = []
    for b in account_balances(session, as_of=as_of):
        net = b.net_satang
        if net == 0:
            continue
        rows.append(TrialBalanceRow(b.code, b.name_th, b.name_en, b.group,
                                    net if net > 0 else 0, -net if net < 0 else 0))
    return TrialBalance(as_of, tuple(rows), sum(r.debit_satang for r in rows),
                        sum(r.credit_satang for r in rows))


@dataclass(frozen=True)
class Dashboard:
    as_of: dt.date
    cash_and_bank: tuple[AccountBalance, ...]
    total_cash_and_bank_satang: int
    month_receipts_satang: int   # money in to cash and bank accounts this month
    month_payments_satang: int   # money out of cash and bank accounts this month
    month_entry_count: int
    last_entry_date: dt.date | None


def dashboard(session: Session, *, as_of: dt.date) -> Dashboard:
    """Cash and bank balances, and this month's money in and out (net of cancellations)."""
    balances = [b for b in account_balances(session, as_of=as_of, include_empty=True)
                if b.kind in (KIND_CASH, KIND_BANK)]
    month_start = as_of.replace(day=1)
    money = [a.id for a in session.scalars(
        select(Account).where(Account.kind.in_((KIND_CASH, KIND_BANK))))]
    # Money in/out per entry: the net change of its cash and bank lines, so a move
    # between cash and a bank (a transfer or its correction) is neither. A cancellation
    # undoes its original, so it reduces the original's side instead of counting as
    # money the other way (a cancelled payment is not a receipt).
    q = (select(JournalLine.entry_id, JournalEntry.reverses_id,
                func.sum(JournalLine.debit_satang) - func.sum(JournalLine.credit_satang))
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .where(JournalEntry.date >= month_start, JournalEntry.date <= as_of,
                JournalLine.account_id.in_(money))
         .group_by(JournalLine.entry_id, JournalEntry.reverses_id))
    receipts = payments = 0
    for _entry, reverses_id, net in session.execute(q):
        net = int(net or 0)
        if reverses_id is not None:
            if net > 0:
                payments -= net   # a cancelled payment gives its money back
            else:
                receipts += net   # a cancelled receipt takes its money away
        elif net > 0:
            receipts += net
        else:
            payments -= net
    count = session.scalar(select(func.count(JournalEntry.id)).where(
        JournalEntry.date >= month_start, JournalEntry.date <= as_of)) or 0
    last = session.scalar(select(func.max(JournalEntry.date)))
    return Dashboard(as_of, tuple(balances), sum(b.balance_satang for b in balances),
                     receipts, payments, count, last)


