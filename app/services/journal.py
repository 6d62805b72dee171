"""Reading the journal: entries in a date range, filtered, for the journal viewer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.models.ledger import Account, JournalEntry, JournalLine


@dataclass(frozen=True)
class EntryRow:
    id: int
    voucher_no: str
    kind: str
    date: dt.date
    description: str
    counterpart: str
    evidence_ref: str
    state: str
    reverses_id: int | None
    amount_satang: int  # Σ debits (= Σ credits)
    accounts: str       # "11010, 41010" for a glance


def list_entries(session: Session, *, start: dt.date, end: dt.date, kind: str | None = None,
                 text: str = "", account_code: str | None = None,
                 limit: int = 5000) -> list[EntryRow]:
    """Entries dated in [start, end] in posting order, filtered by kind, text, account."""
    amount = (select(func.sum(JournalLine.debit_satang))
              .where(JournalLine.entry_id == JournalEntry.id).scalar_subquery())
    q = (select(JournalEntry, amount)
         .where(JournalEntry.date >= start, JournalEntry.date <= end)
         .order_by(JournalEntry.date, JournalEntry.id).limit(limit))
    if kind:
        q = q.where(JournalEntry.kind == kind)
    if text.strip():
        like = f"%{text.strip()}%"
        q = q.where(or_(JournalEntry.description.like(like), JournalEntry.voucher_no.like(like),
                        JournalEntry.counterpart.like(like), JournalEntry.evidence_ref.like(like)))
    if account_code:
        q = q.where(JournalEntry.id.in_(
            select(JournalLine.entry_id).join(Account).where(Account.code == account_code)))
    rows = session.execute(q).all()
    ids = [e.id for e, _ in rows]
    codes: dict[int, list[str]] = {}
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        for entry_id, code in session.execute(
                select(JournalLine.entry_id, Account.code).join(Account)
                .where(JournalLine.entry_id.in_(part)).order_by(JournalLine.id)):
            lst = codes.setdefault(entry_id, [])
            if code not in lst:
                lst.append(code)
    return [EntryRow(e.id, e.voucher_no, e.kind, e.date, e.description, e.counterpart,
                     e.evidence_ref, e.state, e.reverses_id, int(amt or 0),
                     ", ".join(codes.get(e.id, [])))
            for e, amt in rows]


def entry_count(session: Session) -> int:
    return session.scalar(select(func.count(JournalEntry.id))) or 0


def date_range(session: Session) -> tuple[dt.date | None, dt.date | None]:
    lo, hi = session.execute(select(func.min(JournalEntry.date), func.max(JournalEntry.date))).one()
    return lo, hi
