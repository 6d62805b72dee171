"""Loan repayments (รับชำระเงินกู้): what is owed, the split shown before posting, posting.

What is owed on a day: the late fine (app.services.arrears), the interest accrued by
then (app.services.schedule.interest_accrued: instalments due plus the months begun of
the running period) less interest paid, and the whole principal outstanding. A payment
is split fine → interest → principal and can never pay more than is owed; one payment
can cover several overdue instalments; paying everything owed is an early payoff and
closes the loan (interest of the months not begun is not charged). A fine is waived
only with a reason, kept in the loan's event log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.loans import LOAN_ACTIVE, LOAN_CLOSED, LoanType
from app.models.members import Member
from app.money import format_amount, from_satang, to_satang
from app.services import ledger
from app.services.arrears import (
    FINE_INCOME,
    FINE_WAIVED,
    INTEREST_INCOME,
    fine_due,
    fine_settlements,
)
from app.services.ledger import LineInput, PostedEntry
from app.services.loans import _event, _get, _name, current_schedule_of, position
from app.services.schedule import Allocation, allocate, interest_accrued


@dataclass(frozen=True)
class Dues:
    """What a loan owes on `day`, in satang, and how late it is."""

    loan_id: int
    day: dt.date
    fine_satang: int
    interest_satang: int
    principal_satang: int
    overdue_satang: int
    days_past_due: int

    @property
    def total_satang(self) -> int:
        return self.fine_satang + self.interest_satang + self.principal_satang


@dataclass(frozen=True)
class RepaymentPreview:
    """The split of a payment shown before it is posted."""

    dues: Dues
    fine_satang: int
    interest_satang: int
    principal_satang: int
    principal_after_satang: int
    closes: bool

    @property
    def total_satang(self) -> int:
        return self.fine_satang + self.interest_satang + self.principal_satang


def dues(session: Session, *, loan_id: int, day: dt.date) -> Dues:
    loan = _get(session, loan_id, LOAN_ACTIVE)
    assert loan.disbursed_on is not None
    if day < loan.disbursed_on:
        raise InvalidInput("The date is before the loan was paid out.")
    t = session.get(LoanType, loan.loan_type_id)
    assert t is not None
    sums, late = position(session, loan, day)
    accrued = interest_accrued(current_schedule_of(session, loan, day), start=loan.disbursed_on,
                               day=day)
    interest = max(to_satang(accrued) - sums.interest_paid_satang, 0)
    fine = fine_due(late=late, per_day_satang=t.fine_per_day_satang, cap_satang=t.fine_cap_satang,
                    settled=fine_settlements(session, [loan.id], day).get(loan.id, []))
    return Dues(loan.id, day, fine, interest, sums.principal_satang, late.overdue_satang,
                late.days_past_due)


def _split(d: Dues, amount_satang: int) -> Allocation:
    if amount_satang <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if amount_satang > d.total_satang:
        raise InvalidInput("The amount is more than everything owed ({amount} baht).",
                           amount=format_amount(d.total_satang))
    return allocate(from_satang(amount_satang), fine_due=from_satang(d.fine_satang),
                    interest_due=from_satang(d.interest_satang),
                    principal_due=from_satang(d.principal_satang))


def preview(session: Session, *, loan_id: int, day: dt.date, amount_satang: int,
            waive_fine: bool = False) -> RepaymentPreview:
    """How `amount_satang` would be split on `day` (nothing is written)."""
    d = dues(session, loan_id=loan_id, day=day)
    if waive_fine:
        d = Dues(d.loan_id, d.day, 0, d.interest_satang, d.principal_satang, d.overdue_satang,
                 d.days_past_due)
    a = _split(d, amount_satang)
    principal = to_satang(a.principal)
    after = d.principal_satang - principal
    return RepaymentPreview(d, to_satang(a.fine), to_satang(a.interest), principal, after,
                            after == 0)


def waive_fine(session: Session, *, loan_id: int, day: dt.date, reason: str, user: str) -> int:
    """Waive the whole fine owed on `day` (งดค่าปรับ); a reason is required. Returns satang."""
    if not reason.strip():
        raise InvalidInput("A fine is waived only with a reason.")
    d = dues(session, loan_id=loan_id, day=day)
    if d.fine_satang == 0:
        raise InvalidInput("There is no fine to waive.")
    _event(session, _get(session, loan_id), FINE_WAIVED, day, user,
           amount_satang=d.fine_satang, reason=reason.strip())
    session.flush()
    return d.fine_satang


def repay(session: Session, *, loan_id: int, day: dt.date, amount_satang: int, user: str,
          money_account: str = "11010", waive_fine_reason: str = "") -> PostedEntry:
    """Post a repayment split fine → interest → principal; close the loan when paid off."""
    if waive_fine_reason.strip() and dues(session, loan_id=loan_id, day=day).fine_satang:
        waive_fine(session, loan_id=loan_id, day=day, reason=waive_fine_reason, user=user)
    p = preview(session, loan_id=loan_id, day=day, amount_satang=amount_satang)
    loan = _get(session, loan_id)
    m = session.get(Member, loan.member_id)
    assert m is not None
    memo = f"สัญญา {loan.loan_no}"
    lines = [LineInput(money_account, debit=from_satang(p.total_satang))]
    for code, satang in ((FINE_INCOME, p.fine_satang), (INTEREST_INCOME, p.interest_satang),
                         (loan.account_code, p.principal_satang)):
        if satang:
            lines.append(LineInput(code, credit=from_satang(satang), member_id=m.id,
                                   loan_id=loan.id, memo=memo))
    entry = ledger.post_entry(
        session, kind="receipt", date=day, user=user, lines=lines,
        description=f"รับชำระเงินกู้สัญญาเลขที่ {loan.loan_no}",
        counterpart=f"{_name(m)} ({m.member_no})", evidence_ref=loan.loan_no)
    _event(session, loan, "repaid", day, user, amount_satang=p.total_satang, entry_id=entry.id)
    if p.closes:
        loan.status, loan.closed_on = LOAN_CLOSED, day
        _event(session, loan, "closed", day, user)
    session.flush()
    return entry


def payoff_satang(session: Session, *, loan_id: int, day: dt.date) -> int:
    """Everything owed on `day`: the amount of an early payoff (ปิดบัญชีก่อนกำหนด)."""
    return dues(session, loan_id=loan_id, day=day).total_satang

