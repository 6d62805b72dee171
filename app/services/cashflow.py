"""Money in and out of cash and bank accounts by category, for a date range (งบกระแสเงินสด).

For every entry that touches a money account (cash or bank), its other lines ARE the
categories: a credit on a non-money line is a receipt under that account (a member's
savings deposit, loan interest...), a debit is a payment (a loan paid out, office
supplies...). So Σ receipts − Σ payments equals closing − opening money exactly.
An entry with only money lines (cash carried to the bank, a withdrawal) is a transfer:
listed apart, never a receipt or a payment.

Each money account also gets its own receipts, payments and transfers in and out, so
that opening + receipts − payments + transfers in − transfers out = closing for each.
The entry's category receipts and payments are charged to the money accounts whose
balance it raised or lowered; any part of the money movement the categories do not
explain (money moved between accounts inside a mixed entry) is a transfer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.ledger import KIND_BANK, KIND_CASH, Account, JournalEntry, JournalLine
from app.services.balances import account_balances


@dataclass(frozen=True)
class Category:
    """Receipts (or payments) of the period under one account of the chart."""

    code: str
    name_th: str
    name_en: str
    satang: int


@dataclass(frozen=True)
class MoneyAccountFlow:
    """One cash or bank account over the period (all amounts in satang)."""

    code: str
    name_th: str
    name_en: str
    kind: str            # "cash" or "bank"
    opening: int
    receipts: int
    payments: int
    transfers_in: int
    transfers_out: int
    closing: int


@dataclass(frozen=True)
class Transfer:
    """Money moved between two money accounts by one entry."""

    date: dt.date
    voucher_no: str
    description: str
    from_code: str
    to_code: str
    satang: int


@dataclass(frozen=True)
class CashFlow:
    start: dt.date
    end: dt.date
    accounts: tuple[MoneyAccountFlow, ...]
    receipts: tuple[Category, ...]    # by account code
    payments: tuple[Category, ...]
    transfers: tuple[Transfer, ...]   # in date and posting order

    @property
    def opening(self) -> int:
        return sum(a.opening for a in self.accounts)

    @property
    def closing(self) -> int:
        return sum(a.closing for a in self.accounts)

    @property
    def total_receipts(self) -> int:
        return sum(c.satang for c in self.receipts)

    @property
    def total_payments(self) -> int:
        return sum(c.satang for c in self.payments)


@dataclass
class _Acc:
    receipts: int = 0
    payments: int = 0
    t_in: int = 0
    t_out: int = 0


def _allocate(amount: int, shares: list[tuple[str, int]]) -> dict[str, int]:
    """Share `amount` out over (code, capacity) in order, each up to its capacity."""
    out: dict[str, int] = {}
    for code, cap in shares:
        take = min(cap, amount)
        out[code] = take
        amount -= take
    return out


def _entry_flows(nets: dict[str, int], receipts: int, payments: int,
                 acc: dict[str, _Acc]) -> list[tuple[str, str, int]]:
    """Charge one entry's receipts and payments to its money accounts; returns transfers.

    nets: money account code -> debit − credit of this entry, for every money account
    the entry touches (zero when its lines on that account cancel out).
    """
    ups = [(c, n) for c, n in sorted(nets.items()) if n > 0]
    downs = [(c, -n) for c, n in sorted(nets.items()) if n < 0]
    up_total = sum(n for _, n in ups)
    if receipts >= up_total:
        # Categories explain all the movement; extra gross (a fee netted from a receipt)
        # goes to the first account the entry touched, both ways.
        for c, n in ups:
            acc[c].receipts += n
        for c, n in downs:
            acc[c].payments += n
        first = (ups or downs or [(min(nets), 0)])[0][0]
        acc[first].receipts += receipts - up_total
        acc[first].payments += receipts - up_total
        return []
    got = _allocate(receipts, ups)
    paid = _allocate(payments, downs)
    t_in = [(c, n - got[c]) for c, n in ups if n - got[c]]
    t_out = [(c, n - paid[c]) for c, n in downs if n - paid[c]]
    for c, n in ups:
        acc[c].receipts += got[c]
        acc[c].t_in += n - got[c]
    for c, n in downs:
        acc[c].payments += paid[c]
        acc[c].t_out += n - paid[c]
    return _pair(t_out, t_in)


def _pair(froms: list[tuple[str, int]], tos: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """Match money leaving accounts with money arriving, in code order."""
    legs = []
    froms, tos = [list(x) for x in froms], [list(x) for x in tos]
    i = j = 0
    while i < len(froms) and j < len(tos):
        n = min(froms[i][1], tos[j][1])
        legs.append((froms[i][0], tos[j][0], n))
        froms[i][1] -= n
        tos[j][1] -= n
        i += froms[i][1] == 0
        j += tos[j][1] == 0
    return legs


def cash_flow(session: Session, *, start: dt.date, end: dt.date) -> CashFlow:
    """Receipts and payments by category, transfers, and each money account's movement."""
    accounts = {a.id: a for a in session.scalars(select(Account).order_by(Account.code))}
    money = {i: a for i, a in accounts.items() if a.kind in (KIND_CASH, KIND_BANK)}
    touching = (select(JournalLine.entry_id).join(JournalEntry)
                .where(JournalEntry.date >= start, JournalEntry.date <= end,
                       JournalLine.account_id.in_(money)))
    q = (select(JournalEntry.id, JournalEntry.date, JournalEntry.voucher_no,
                JournalEntry.description, JournalLine.account_id, JournalLine.debit_satang,
                JournalLine.credit_satang)
         .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
         .where(JournalEntry.id.in_(touching))
         .order_by(JournalEntry.date, JournalEntry.id, JournalLine.id))
    acc = {a.code: _Acc() for a in money.values()}
    rec: dict[str, int] = defaultdict(int)
    pay: dict[str, int] = defaultdict(int)
    transfers: list[Transfer] = []
    current: tuple | None = None
    nets: dict[str, int] = defaultdict(int)
    r = p = 0

    def flush() -> None:
        if current is None:
            return
        if any(nets.values()) or r or p:
            for frm, to, n in _entry_flows(dict(nets), r, p, acc):
                transfers.append(Transfer(current[1], current[2], current[3], frm, to, n))

    for row in session.execute(q):
        if current is None or row[0] != current[0]:
            flush()
            current, nets, r, p = tuple(row[:4]), defaultdict(int), 0, 0
        account_id, debit, credit = row[4], int(row[5]), int(row[6])
        if account_id in money:
            nets[money[account_id].code] += debit - credit
        else:
            code = accounts[account_id].code
            if credit:
                rec[code] += credit
                r += credit
            if debit:
                pay[code] += debit
                p += debit
    flush()
    return CashFlow(start, end, _money_rows(session, start, end, money, acc),
                    _categories(rec, accounts), _categories(pay, accounts), tuple(transfers))


def _money_rows(session: Session, start: dt.date, end: dt.date, money: dict[int, Account],
                acc: dict[str, _Acc]) -> tuple[MoneyAccountFlow, ...]:
    before = {b.code: b.net_satang
              for b in account_balances(session, as_of=start - dt.timedelta(days=1))}
    rows = []
    for a in money.values():
        m, opening = acc[a.code], before.get(a.code, 0)
        closing = opening + m.receipts - m.payments + m.t_in - m.t_out
        rows.append(MoneyAccountFlow(a.code, a.name_th, a.name_en, a.kind, opening, m.receipts,
                                     m.payments, m.t_in, m.t_out, closing))
    return tuple(sorted(rows, key=lambda x: x.code))


def _categories(sums: dict[str, int], accounts: dict[int, Account]) -> tuple[Category, ...]:
    by_code = {a.code: a for a in accounts.values()}
    return tuple(Category(code, by_code[code].name_th, by_code[code].name_en, n)
                 for code, n in sorted(sums.items()) if n)
