"""What the loan screens show about one loan besides its balance: the event log, the
guarantors with what each already guarantees, and the schedule marked paid or late.

Read-only, a few grouped queries each (never one per row):

- a guarantor's *exposure* (ภาระค้ำประกัน) is the sum of their guarantee shares on every
  open loan (applied, approved or active), the figure app.services.loans checks against
  the loan type's cap; a new loan's share per guarantor is the amount divided equally,
  in whole satang, as app.services.loans.apply records it;
- the schedule is the loan's schedule as it stands (recalculated after a prepayment,
  app.services.reschedule), and an instalment is *paid* when what was paid (principal
  and interest from the ledger) covers it in due-date order — the same order
  app.services.arrears uses for days past due — *late* when it is due and not covered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.ledger import JournalEntry
from app.models.loans import Loan, LoanEvent, LoanGuarantor
from app.models.members import Member
from app.money import to_satang
from app.services.arrears import LedgerSums, ledger_sums
from app.services.loans import OPEN_STATES

PAID, PART_PAID, LATE, NOT_DUE = "paid", "part", "late", ""


@dataclass(frozen=True)
class EventRow:
    """One step of the loan's life (loan_event), with the voucher it was posted as."""

    date: dt.date
    kind: str
    amount_satang: int
    reason: str
    by: str
    voucher_no: str


@dataclass(frozen=True)
class GuarantorRow:
    member_id: int
    member_no: str
    name: str
    share_satang: int      # this loan's share guaranteed by them
    exposure_satang: int   # every open loan they guarantee, this one included when open


@dataclass(frozen=True)
class ScheduleLine:
    no: int
    due: dt.date
    principal_satang: int
    interest_satang: int
    total_satang: int
    balance_satang: int
    state: str             # PAID, PART_PAID, LATE or NOT_DUE


@dataclass(frozen=True)
class ContractFacts:
    """What the contract says beyond the loan list's row: purpose, approval, links."""

    purpose: str
    approved_by: str
    meeting_date: dt.date | None
    meeting_no: str
    origin: str
    previous_loan_no: str   # the contract this one replaced ("" for a new loan)
    replaced_by_no: str     # the contract that replaced this one ("" when none)


def _name(m: Member) -> str:
    return f"{m.title}{m.first_name} {m.last_name}".strip()


def events(session: Session, loan_id: int) -> list[EventRow]:
    """The loan's event log, oldest first."""
    q = (select(LoanEvent, JournalEntry.voucher_no)
         .outerjoin(JournalEntry, JournalEntry.id == LoanEvent.entry_id)
         .where(LoanEvent.loan_id == loan_id).order_by(LoanEvent.date, LoanEvent.id))
    return [EventRow(e.date, e.kind, e.amount_satang, e.reason, e.by, voucher or "")
            for e, voucher in session.execute(q)]


def contract(session: Session, loan_id: int) -> ContractFacts:
    from app.services.loans import _get  # the one place a missing loan is explained

    loan = _get(session, loan_id)
    numbers = {i: n for i, n in session.execute(
        select(Loan.id, Loan.loan_no).where(Loan.id.in_(
            [x for x in (loan.previous_loan_id, loan.replaced_by_id) if x])))}
    return ContractFacts(loan.purpose, loan.approved_by, loan.meeting_date, loan.meeting_no,
                         loan.origin, numbers.get(loan.previous_loan_id or 0, ""),
                         numbers.get(loan.replaced_by_id or 0, ""))


def guarantee_share(amount_satang: int, count: int) -> int:
    """Each guarantor's share of a loan: the amount divided equally, whole satang."""
    return amount_satang // max(count, 1)


def exposures(session: Session, member_ids: Iterable[int], *,
              leaving_out: int | None = None) -> dict[int, int]:
    """{member id: satang guaranteed on open loans} (0 for none); `leaving_out` a loan."""
    ids = list(member_ids)
    out = dict.fromkeys(ids, 0)
    if not ids:
        return out
    q = (select(LoanGuarantor.member_id, func.sum(LoanGuarantor.amount_satang))
         .join(Loan, Loan.id == LoanGuarantor.loan_id)
         .where(LoanGuarantor.member_id.in_(ids), Loan.status.in_(OPEN_STATES))
         .group_by(LoanGuarantor.member_id))
    if leaving_out is not None:
        q = q.where(Loan.id != leaving_out)
    for mid, total in session.execute(q):
        out[mid] = int(total or 0)
    return out


def guarantors(session: Session, loan_id: int) -> list[GuarantorRow]:
    """The loan's guarantors in the order named, each with their exposure in the fund."""
    rows = list(session.execute(
        select(LoanGuarantor.amount_satang, Member)
        .join(Member, Member.id == LoanGuarantor.member_id)
        .where(LoanGuarantor.loan_id == loan_id).order_by(LoanGuarantor.id)))
    held = exposures(session, [m.id for _a, m in rows])
    return [GuarantorRow(m.id, m.member_no, _name(m), int(share), held[m.id])
            for share, m in rows]


def schedule_lines(session: Session, loan_id: int, *, as_of: dt.date) -> list[ScheduleLine]:
    """The schedule as it stands on `as_of`, each instalment marked (module doc)."""
    from app.services.reschedule import current_schedule  # it imports app.services.loans

    loan = session.get(Loan, loan_id)
    if loan is None or loan.disbursed_on is None:
        return []
    schedule = current_schedule(session, loan_id=loan_id, as_of=as_of)
    sums = ledger_sums(session, loan_ids=[loan_id], as_of=as_of).get(loan_id, LedgerSums())
    paid = Decimal(loan.amount_satang - sums.principal_satang + sums.interest_paid_satang) / 100
    out, before = [], Decimal(0)
    for inst in schedule:
        upto = before + inst.total
        if paid >= upto or sums.principal_satang <= 0:  # paid off early: nothing more owed
            state = PAID
        elif inst.due <= as_of:
            state = LATE
        elif paid > before:
            state = PART_PAID
        else:
            state = NOT_DUE
        out.append(ScheduleLine(inst.no, inst.due, to_satang(inst.principal),
                                to_satang(inst.interest), to_satang(inst.total),
                                to_satang(inst.balance_after), state))
        before = upto
    return out
