"""Where each loan stands, read from the ledger: balance, days past due, fine, ageing, PAR.

Nothing is stored. Per loan, from its journal lines (loan_id): principal outstanding =
Σ debit − credit on the loan-receivable accounts (13010/13020/13030); interest paid =
Σ credit − debit on 41010; fines paid likewise on 41020. Waived fines come from the
loan's event log.

Days past due (วันค้างชำระ): what was paid (principal + interest) is set against the
schedule in due-date order; the oldest instalment not fully covered and already due
gives the days past due (0 when none). A payment that covers several overdue
instalments simply moves the oldest uncovered one forward.

Late fine: fine per day × days past due of the current run of lateness, less fines
already paid or waived since that run began; and over the loan's whole life never more
than the type's cap.

Portfolio at risk (PAR 30): the whole outstanding principal of the loans more than 30
days past due, as a percentage of all outstanding principal (PAR 1 likewise, > 0 days).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.ledger import Account, JournalEntry, JournalLine
from app.models.loans import LoanEvent
from app.money import from_satang, round_money, to_satang
from app.services.loan_rules import LOAN_ACCOUNTS
from app.services.schedule import Instalment

INTEREST_INCOME, FINE_INCOME = "41010", "41020"
FINE_WAIVED = "fine_waived"
BUCKETS = ((1, 30), (31, 90), (91, 180), (181, 365), (366, None))
PAR_DEFINITION_TH = ("PAR 30: เงินต้นคงค้างทั้งหมดของสัญญาที่ค้างชำระเกิน 30 วัน "
                     "คิดเป็นร้อยละของเงินต้นคงค้างทั้งหมด")


@dataclass(frozen=True)
class LedgerSums:
    """A loan's figures from its journal lines, in satang."""

    principal_satang: int = 0   # outstanding
    interest_paid_satang: int = 0
    fines_paid_satang: int = 0


def ledger_sums(session: Session, *, loan_ids: Iterable[int] | None = None,
                as_of: dt.date | None = None) -> dict[int, LedgerSums]:
    """{loan id: LedgerSums} for every loan with lines (one grouped query)."""
    codes = (*LOAN_ACCOUNTS, INTEREST_INCOME, FINE_INCOME)
    q = (select(JournalLine.loan_id, Account.code,
                func.sum(JournalLine.debit_satang - JournalLine.credit_satang))
         .join(Account, Account.id == JournalLine.account_id)
         .where(JournalLine.loan_id.is_not(None), Account.code.in_(codes))
         .group_by(JournalLine.loan_id, Account.code))
    if loan_ids is not None:
        q = q.where(JournalLine.loan_id.in_(list(loan_ids)))
    if as_of is not None:
        q = q.join(JournalEntry, JournalEntry.id == JournalLine.entry_id).where(
            JournalEntry.date <= as_of)
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for loan_id, code, net in session.execute(q):
        slot = 1 if code == INTEREST_INCOME else 2 if code == FINE_INCOME else 0
        acc[loan_id][slot] += int(net or 0) * (1 if slot == 0 else -1)
    return {k: LedgerSums(*v) for k, v in acc.items()}


def fine_settlements(session: Session, loan_ids: Sequence[int],
                     as_of: dt.date) -> dict[int, list[tuple[dt.date, int]]]:
    """(date, satang) of every fine paid (41020) or waived, per loan, up to `as_of`."""
    out: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    paid = (select(JournalLine.loan_id, JournalEntry.date,
                   JournalLine.credit_satang - JournalLine.debit_satang)
            .join(Account, Account.id == JournalLine.account_id)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .where(Account.code == FINE_INCOME, JournalLine.loan_id.in_(list(loan_ids)),
                   JournalEntry.date <= as_of))
    waived = select(LoanEvent.loan_id, LoanEvent.date, LoanEvent.amount_satang).where(
        LoanEvent.kind == FINE_WAIVED, LoanEvent.loan_id.in_(list(loan_ids)),
        LoanEvent.date <= as_of)
    for q in (paid, waived):
        for loan_id, day, amount in session.execute(q):
            out[loan_id].append((day, int(amount)))
    return out


@dataclass(frozen=True)
class Lateness:
    """How late a loan is on `day`."""

    days_past_due: int
    oldest_unpaid_due: dt.date | None
    overdue_satang: int          # principal + interest due by `day` and not yet paid


def lateness(schedule: Sequence[Instalment], *, amount_satang: int, sums: LedgerSums,
             day: dt.date) -> Lateness:
    """Set what was paid against the schedule in due order (see the module doc)."""
    paid = Decimal(amount_satang - sums.principal_satang + sums.interest_paid_satang) / 100
    cumulative = Decimal(0)
    oldest = None
    due_total = Decimal(0)
    for inst in schedule:
        cumulative += inst.total
        if inst.due <= day:
            due_total = cumulative
        if oldest is None and cumulative > paid and inst.due <= day:
            oldest = inst.due
    if sums.principal_satang <= 0:
        return Lateness(0, None, 0)
    overdue = max(to_satang(due_total - paid), 0)
    return Lateness((day - oldest).days if oldest else 0, oldest, overdue)


def fine_due(*, late: Lateness, per_day_satang: int, cap_satang: int,
             settled: Sequence[tuple[dt.date, int]]) -> int:
    """The fine owed now, in satang (module doc: per day, less settled, capped)."""
    if late.oldest_unpaid_due is None or per_day_satang <= 0:
        return 0
    in_run = sum(a for d, a in settled if d >= late.oldest_unpaid_due)
    ever = sum(a for _, a in settled)
    return max(0, min(per_day_satang * late.days_past_due - in_run, cap_satang - ever))


def bucket_of(days: int) -> int | None:
    """Index into BUCKETS of a loan `days` past due (None when current)."""
    for i, (low, high) in enumerate(BUCKETS):
        if days >= low and (high is None or days <= high):
            return i
    return None


def bucket_label(i: int) -> str:
    low, high = BUCKETS[i]
    return f"{low}–{high}" if high is not None else f">{low - 1}"


@dataclass(frozen=True)
class Ageing:
    """Outstanding principal and loan counts per bucket, and PAR 1 / PAR 30 (percent)."""

    total_satang: int
    current_satang: int
    buckets: tuple[tuple[str, int, int], ...]  # label, loans, principal satang
    par1: Decimal
    par30: Decimal


def ageing(positions: Iterable[tuple[int, int]]) -> Ageing:
    """Age (days past due, principal outstanding satang) pairs of the active loans."""
    counts, amounts = [0] * len(BUCKETS), [0] * len(BUCKETS)
    total = current = over30 = 0
    for days, principal in positions:
        total += principal
        i = bucket_of(days)
        if i is None:
            current += principal
            continue
        counts[i] += 1
        amounts[i] += principal
        if days > 30:
            over30 += principal
    late = total - current

    def pct(x: int) -> Decimal:
        return round_money(from_satang(x) * 100 / from_satang(total)) if total else Decimal(0)

    return Ageing(total, current,
                  tuple((bucket_label(i), counts[i], amounts[i]) for i in range(len(BUCKETS))),
                  pct(late), pct(over30))
