"""Month close from the cash book (ปิดงวดบัญชี): the checklist, then the close.

The rule, as the screen states it: a month closes only when
1. every earlier month is closed;
2. the integrity check finds no problem;
3. cash was counted on the month's last working day — the last day of the month on
   which cash moved (the month's last day when none moved) — or later in the month,
   and that count still agrees with the book (nothing posted after it changed cash);
4. the latest passbook check of each bank account in the month shows no difference.
Every problem is listed at once. Reopening needs the chair and a reason (periods).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import LedgerError
from app.i18n import gettext
from app.models.fund import PERIOD_CLOSED, PERIOD_OPEN, Period
from app.models.ledger import KIND_CASH, Account, JournalEntry, JournalLine
from app.money import format_amount
from app.services.cash_count import list_bank_checks, list_cash_counts
from app.services.cashbook import CASH_CODE, balance_on
from app.services.check import check_ledger
from app.services.periods import PeriodRow, close_period, month_end, reopen_period
from app.thai import format_date, format_month


@dataclass(frozen=True)
class CloseProblem:
    code: str
    message: str   # already in the UI language


def _problem(code: str, message_id: str, **params: object) -> CloseProblem:
    return CloseProblem(code, gettext(message_id).format(**params))


def last_working_day(session: Session, *, year: int, month: int) -> dt.date:
    """The last day of the month on which cash moved; the month's last day if none did."""
    start, end = dt.date(year, month, 1), month_end(year, month)
    day = session.scalar(
        select(func.max(JournalEntry.date)).join(JournalLine)
        .join(Account, Account.id == JournalLine.account_id)
        .where(Account.kind == KIND_CASH, JournalEntry.date >= start, JournalEntry.date <= end))
    return day or end


def close_checklist(session: Session, *, year: int, month: int) -> list[CloseProblem]:
    """Everything that stops the month from closing ([] when it may close)."""
    start, end = dt.date(year, month, 1), month_end(year, month)
    out: list[CloseProblem] = []
    period = session.scalar(select(Period).where(Period.year == year, Period.month == month))
    if period is None:
        return [_problem("period", "The date {date} is outside every fiscal year of this fund.",
                         date=format_month(year, month))]
    if period.state == PERIOD_CLOSED:
        out.append(_problem("period", "The month {month} is already closed.",
                            month=format_month(year, month)))
    earlier = session.scalar(select(Period).where(Period.start_date < start,
                                                  Period.state == PERIOD_OPEN)
                             .order_by(Period.start_date).limit(1))
    if earlier is not None:
        out.append(_problem("order", "Close {earlier} first: months are closed in order.",
                            earlier=format_month(earlier.year, earlier.month)))
    out.extend(CloseProblem(p.code, p.message) for p in check_ledger(session))
    out.extend(_cash_count_problems(session, year, month))
    latest: dict[str, object] = {}
    for b in list_bank_checks(session, start=start, end=end):
        latest[b.account_code] = b
    for b in latest.values():
        if b.difference_satang:  # type: ignore[attr-defined]
            out.append(_problem(
                "bank", "The passbook of {account} on {date} differs from the book by {amount} "
                "baht: post what is missing and check the balance again.",
                account=b.account_name, date=format_date(b.date),  # type: ignore[attr-defined]
                amount=format_amount(b.difference_satang)))  # type: ignore[attr-defined]
    return out


def _cash_count_problems(session: Session, year: int, month: int) -> list[CloseProblem]:
    last = last_working_day(session, year=year, month=month)
    counts = [c for c in list_cash_counts(session, start=last, end=month_end(year, month))
              if c.account_code == CASH_CODE]
    if not counts:
        return [_problem("cash_count", "Count the cash on the month's last working day "
                         "({date}) before closing.", date=format_date(last))]
    c = counts[-1]
    book = balance_on(session, code=CASH_CODE, day=c.date)
    counted_now = c.counted_satang
    if counted_now != book:
        return [_problem("cash_count", "The cash count of {date} ({counted} baht) no longer "
                         "agrees with the book ({book} baht): count the cash again.",
                         date=format_date(c.date), counted=format_amount(counted_now),
                         book=format_amount(book))]
    return []


def close_month(session: Session, *, year: int, month: int, user: str) -> PeriodRow:
    """Close the month when the checklist is empty; else refuse, naming how many remain."""
    problems = close_checklist(session, year=year, month=month)
    if problems:
        raise LedgerError("The month cannot be closed yet: {count} problems remain.",
                          count=len(problems))
    return close_period(session, year=year, month=month, user=user)


def reopen_month(session: Session, *, year: int, month: int, reason: str,
                 user: str) -> PeriodRow:
    """Reopen a closed month: the chair only, with a reason (audited)."""
    return reopen_period(session, year=year, month=month, reason=reason, user=user)
