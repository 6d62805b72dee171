"""A declining-balance loan's schedule after a prepayment (ชำระเงินต้นก่อนกำหนด): the
remaining instalments recalculated on the lower balance.

The rule, stated once:

- A prepayment is principal paid beyond what is due up to and including the next
  instalment (paying the next instalment a few days early changes nothing). A borrower
  on time or behind keeps the schedule as it is: nothing overdue is ever spread over
  later instalments, arrears stay arrears.
- The prepaid principal is shown as its own line, due and paid on its day (interest 0),
  so the schedule still sums to the loan's principal and a prepayment is never counted
  both as "paid ahead" and as lower instalments.
- The next instalment keeps its principal (it is paid, or payable, as contracted); its
  interest is the months of its period already begun on the old figure (a month started
  counts whole, the village rule) and the rest on the balance now owed.
- The instalments after it share the balance now owed equally (ต้นเท่ากันทุกงวด, rounded
  to the satang once, the last absorbing the rounding, as app.services.schedule does),
  each with interest on its period's opening balance (balance × rate × months / 12).
- Lines are numbered 1, 2, … again in date order, so `interest_accrued` and `lateness`
  read the new schedule as they read any other.

Flat-rate loans are not recalculated (their interest is on the original principal by
definition). Nothing here is stored: the schedule is rebuilt from the loan's terms and
its principal lines in the ledger whenever it is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.ledger import Account, JournalEntry, JournalLine
from app.models.loans import Loan
from app.money import ZERO, from_satang, round_money
from app.services.loans import _get, schedule_of
from app.services.schedule import (
    DECLINING,
    Instalment,
    _equal_part,
    build_schedule,
    flat_interest,
    months_begun,
    period_months,
)

Payment = tuple[dt.date, Decimal]  # a day and the principal paid on it (baht)


def reschedule(*, principal: Decimal, rate_percent: Decimal, term_months: int, pattern: str,
               start: dt.date, payments: Sequence[Payment]) -> tuple[Instalment, ...]:
    """The declining schedule of a loan after the principal `payments` (see the module doc)."""
    base = build_schedule(principal=principal, rate_percent=rate_percent,
                          term_months=term_months, method=DECLINING, pattern=pattern,
                          start=start)
    step = period_months(pattern, term_months)
    opened = {x.due: (start if x.no == 1 else base[x.no - 2].due) for x in base}
    rows: list[Instalment] = list(base)
    paid = ZERO
    for day, amount in sorted(payments, key=lambda p: p[0]):
        paid += amount
        past = [x for x in rows if x.due <= day]
        future = [x for x in rows if x.due > day]
        if not future:
            continue
        running = future[0]
        # paying the next instalment early is not a prepayment: only what goes beyond it
        excess = paid - sum((x.principal for x in past), ZERO) - running.principal
        if excess <= 0:
            continue
        left = principal - paid  # owed after this payment, the running instalment's part paid
        begun = min(months_begun(opened[running.due], day), step)
        interest = round_money((running.interest * begun
                                + flat_interest(left, rate_percent, step) * (step - begun))
                               / step)
        rows = [*past, Instalment(0, day, excess, ZERO, left + running.principal),
                Instalment(0, running.due, running.principal, interest, left),
                *_respread(future[1:], left, rate_percent, step)]
    return tuple(replace(x, no=i) for i, x in enumerate(rows, 1))


def _respread(later: list[Instalment], left: Decimal, rate_percent: Decimal,
              step: int) -> list[Instalment]:
    """The instalments after the running one, sharing `left` equally, interest on the
    balance at the start of each period."""
    if left <= 0 or not later:
        return []
    each = _equal_part(left, len(later))
    out, balance = [], left
    for i, x in enumerate(later):
        part = balance if i == len(later) - 1 else each
        interest = flat_interest(balance, rate_percent, step)
        balance -= part
        out.append(Instalment(0, x.due, part, interest, balance))
    return out


# ------------------------------------------------------------------ from the ledger

def principal_payments(session: Session, loan: Loan, *,
                       as_of: dt.date | None = None) -> list[Payment]:
    """Principal repaid per day, from the loan's lines on its receivable account: credits
    less debits each day, the paying out (the debit of `amount_satang` on the day it was
    paid out) left aside; a reversed repayment counts back."""
    q = (select(JournalEntry.date,
                func.sum(JournalLine.credit_satang - JournalLine.debit_satang))
         .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
         .join(Account, Account.id == JournalLine.account_id)
         .where(JournalLine.loan_id == loan.id, Account.code == loan.account_code)
         .group_by(JournalEntry.date).order_by(JournalEntry.date))
    if as_of is not None:
        q = q.where(JournalEntry.date <= as_of)
    per_day = {day: int(net or 0) for day, net in session.execute(q)}
    if loan.disbursed_on in per_day:
        per_day[loan.disbursed_on] += loan.amount_satang
    return [(day, from_satang(s)) for day, s in sorted(per_day.items()) if s]


def current_schedule(session: Session, *, loan_id: int,
                     as_of: dt.date | None = None) -> tuple[Instalment, ...]:
    """The loan's schedule as it stands: recalculated after prepayments for a declining
    loan (payments up to `as_of`), as contracted for any other."""
    loan = _get(session, loan_id)
    if loan.method != DECLINING or loan.disbursed_on is None:
        return schedule_of(loan)
    return reschedule(principal=from_satang(loan.amount_satang),
                      rate_percent=Decimal(loan.rate_bp).scaleb(-2),
                      term_months=loan.term_months, pattern=loan.pattern,
                      start=loan.disbursed_on,
                      payments=principal_payments(session, loan, as_of=as_of))


def schedule_if_paid(session: Session, *, loan_id: int, day: dt.date,
                     amount_satang: int) -> tuple[Instalment, ...]:
    """The schedule a declining loan would have if `amount_satang` were paid on `day`
    (split fine → interest → principal as app.services.repayments would): shown before
    a prepayment is posted. Nothing is written."""
    from app.services.repayments import preview

    loan = _get(session, loan_id)
    p = preview(session, loan_id=loan_id, day=day, amount_satang=amount_satang)
    if loan.method != DECLINING:
        return schedule_of(loan)
    assert loan.disbursed_on is not None
    payments = principal_payments(session, loan, as_of=day)
    payments.append((day, from_satang(p.principal_satang)))
    return reschedule(principal=from_satang(loan.amount_satang),
                      rate_percent=Decimal(loan.rate_bp).scaleb(-2),
                      term_months=loan.term_months, pattern=loan.pattern,
                      start=loan.disbursed_on, payments=payments)
