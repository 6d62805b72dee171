"""Loan contracts (สัญญาเงินกู้): application → approval → disbursement, and the loan list.

Each step checks the fund's rules and refuses, in Thai and with nothing changed, what
they refuse: an amount over the type's ceiling, a borrower or guarantor who is not an
active member, a borrower or guarantor with a loan past due, too few guarantors for the
amount band, a guarantor whose guarantees would pass the cap. A rate above 15 % a year
is a `RateWarning` the user must confirm. Disbursement posts Dr loan receivable (loan
id) / Cr cash or bank; repayments and closing are in app.services.repayments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, KongtunError
from app.models.ledger import KIND_BANK, KIND_CASH, Account
from app.models.loans import (
    LOAN_ACTIVE,
    LOAN_APPLIED,
    LOAN_APPROVED,
    LOAN_CLOSED,
    LOAN_REJECTED,
    Loan,
    LoanEvent,
    LoanGuarantor,
    LoanType,
)
from app.models.members import STATUS_ACTIVE, Member
from app.models.users import ROLE_CHAIR
from app.money import format_amount, from_satang
from app.services import audit, ledger
from app.services.arrears import Lateness, LedgerSums, lateness, ledger_sums
from app.services.ledger import LineInput
from app.services.loan_rules import check_rate, guarantors_required
from app.services.schedule import DECLINING, Instalment, build_schedule
from app.thai import format_date, to_be_year

OPEN_STATES = (LOAN_APPLIED, LOAN_APPROVED, LOAN_ACTIVE)


class LoanRefused(KongtunError):
    """The fund's loan rules refuse this step."""


@dataclass(frozen=True)
class LoanRow:
    """A loan as the list and the pages show it (balances from the ledger)."""

    id: int
    loan_no: str
    member_id: int
    member_no: str
    borrower: str
    type_name: str
    amount_satang: int
    rate_percent: Decimal
    method: str
    pattern: str
    term_months: int
    status: str
    applied_on: dt.date
    disbursed_on: dt.date | None
    closed_on: dt.date | None
    principal_satang: int
    interest_paid_satang: int
    days_past_due: int
    overdue_satang: int
    guarantors: tuple[str, ...]


def _name(m: Member) -> str:
    return f"{m.title}{m.first_name} {m.last_name}".strip()


def schedule_of(loan: Loan) -> tuple[Instalment, ...]:
    """The loan's schedule, rebuilt from its terms (empty until disbursed)."""
    if loan.disbursed_on is None:
        return ()
    return build_schedule(principal=from_satang(loan.amount_satang),
                          rate_percent=Decimal(loan.rate_bp).scaleb(-2),
                          term_months=loan.term_months, method=loan.method,
                          pattern=loan.pattern, start=loan.disbursed_on)


def current_schedule_of(session: Session, loan: Loan, day: dt.date) -> tuple[Instalment, ...]:
    """The schedule as it stands on `day`: a declining loan's is recalculated after a
    prepayment (app.services.reschedule); any other is the contracted one."""
    if loan.method == DECLINING and loan.disbursed_on is not None:
        from app.services.reschedule import current_schedule  # it builds on this module

        return current_schedule(session, loan_id=loan.id, as_of=day)
    return schedule_of(loan)


def position(session: Session, loan: Loan, day: dt.date) -> tuple[LedgerSums, Lateness]:
    sums = ledger_sums(session, loan_ids=[loan.id], as_of=day).get(loan.id, LedgerSums())
    return sums, lateness(current_schedule_of(session, loan, day),
                          amount_satang=loan.amount_satang, sums=sums, day=day)


def _late_loan(session: Session, member_id: int, day: dt.date) -> Loan | None:
    for loan in session.scalars(select(Loan).where(Loan.member_id == member_id,
                                                   Loan.status == LOAN_ACTIVE)):
        if position(session, loan, day)[1].days_past_due > 0:
            return loan
    return None


def _member(session: Session, member_id: int, role: str) -> Member:
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    if m.status != STATUS_ACTIVE and role == "borrower":
        raise LoanRefused("{name} is not an active member and cannot borrow.", name=_name(m))
    if m.status != STATUS_ACTIVE:
        raise LoanRefused("{name} is not an active member and cannot be a guarantor.",
                          name=_name(m))
    return m


def check_rules(session: Session, loan: Loan, guarantor_ids: Sequence[int],
                day: dt.date) -> None:
    """Every rule of the loan's type, as of `day` (raises LoanRefused)."""
    t = session.get(LoanType, loan.loan_type_id)
    assert t is not None
    m = _member(session, loan.member_id, "borrower")
    if loan.amount_satang > t.ceiling_satang:
        raise LoanRefused("The amount is over the ceiling of {type}: at most {ceiling} baht.",
                          type=t.name_th, ceiling=format_amount(t.ceiling_satang))
    late = _late_loan(session, m.id, day)
    if late is not None:
        raise LoanRefused("{name} has loan {loan} past due; it must be paid up first.",
                          name=_name(m), loan=late.loan_no)
    needed = guarantors_required(t.guarantor_bands, loan.amount_satang)
    if len(set(guarantor_ids)) != len(guarantor_ids) or m.id in guarantor_ids:
        raise LoanRefused("A guarantor is named twice or is the borrower.")
    if len(guarantor_ids) < needed:
        raise LoanRefused("A loan of {amount} baht needs {count} guarantors.",
                          amount=format_amount(loan.amount_satang), count=needed)
    share = loan.amount_satang // max(len(guarantor_ids), 1)
    for gid in guarantor_ids:
        g = _member(session, gid, "guarantor")
        late = _late_loan(session, gid, day)
        if late is not None:
            raise LoanRefused("The guarantor {name} has loan {loan} past due.",
                              name=_name(g), loan=late.loan_no)
        held = session.scalar(
            select(func.sum(LoanGuarantor.amount_satang)).join(Loan, Loan.id == LoanGuarantor.loan_id)
            .where(LoanGuarantor.member_id == gid, Loan.status.in_(OPEN_STATES),
                   Loan.id != (loan.id or 0))) or 0
        if held + share > t.guarantee_cap_satang:
            raise LoanRefused("The guarantor {name} already guarantees {held} baht; the cap is "
                              "{cap} baht.", name=_name(g), held=format_amount(held),
                              cap=format_amount(t.guarantee_cap_satang))


def _event(session: Session, loan: Loan, kind: str, day: dt.date, user: str, *,
           amount_satang: int = 0, entry_id: int | None = None, reason: str = "") -> None:
    session.add(LoanEvent(loan_id=loan.id, kind=kind, date=day, amount_satang=amount_satang,
                          entry_id=entry_id, reason=reason, by=user, at=audit.now()))
    audit.record(session, user=user, action=f"loan_{kind}", target=loan.loan_no,
                 detail=format_amount(amount_satang) if amount_satang else reason)


def _next_no(session: Session, day: dt.date) -> str:
    prefix = f"{to_be_year(day.year)}/"
    n = session.scalar(select(func.count(Loan.id)).where(Loan.loan_no.like(f"{prefix}%"))) or 0
    return f"{prefix}{n + 1:04d}"


def apply(session: Session, *, member_id: int, loan_type_id: int, amount_satang: int,
          day: dt.date, user: str, guarantor_ids: Sequence[int] = (), purpose: str = "",
          rate_percent: Decimal | None = None, confirm_high_rate: bool = False) -> LoanRow:
    """Record an application (คำขอกู้) with its guarantors, checked against the rules."""
    t = session.get(LoanType, loan_type_id)
    if t is None or not t.active:
        raise InvalidInput("There is no loan type {id}.", id=loan_type_id)
    if amount_satang <= 0:
        raise InvalidInput("The amount must be more than zero.")
    rate = Decimal(t.rate_bp).scaleb(-2) if rate_percent is None else rate_percent
    check_rate(rate, confirmed=confirm_high_rate)
    loan = Loan(loan_no=_next_no(session, day), loan_type_id=t.id, member_id=member_id,
                amount_satang=amount_satang, account_code=t.account_code, method=t.method,
                rate_bp=int(rate * 100), term_months=t.term_months, pattern=t.pattern,
                purpose=purpose.strip(), status=LOAN_APPLIED, applied_on=day, approved_by="",
                meeting_no="")
    check_rules(session, loan, list(guarantor_ids), day)
    session.add(loan)
    session.flush()
    share = amount_satang // max(len(guarantor_ids), 1)
    for gid in guarantor_ids:
        session.add(LoanGuarantor(loan_id=loan.id, member_id=gid, amount_satang=share))
    _event(session, loan, "applied", day, user, amount_satang=amount_satang)
    session.flush()
    return get_loan(session, loan.id, as_of=day)


def _get(session: Session, loan_id: int, *states: str) -> Loan:
    loan = session.get(Loan, loan_id)
    if loan is None:
        raise InvalidInput("There is no loan {id}.", id=loan_id)
    if states and loan.status not in states:
        raise LoanRefused("Loan {loan} cannot take this step in its present state.",
                          loan=loan.loan_no)
    return loan


def guarantor_ids(session: Session, loan_id: int) -> list[int]:
    return list(session.scalars(select(LoanGuarantor.member_id)
                                .where(LoanGuarantor.loan_id == loan_id)
                                .order_by(LoanGuarantor.id)))


def approve(session: Session, *, loan_id: int, approver: str, meeting_date: dt.date,
            meeting_no: str, user: str) -> LoanRow:
    """The committee's approval (อนุมัติ) at a meeting; the rules are checked again.

    `approver` is the user name of the chair (or another user with the chair's role)
    who approves: the fund's rules give approval to the chair, so nobody else can.
    """
    loan = _get(session, loan_id, LOAN_APPLIED)
    if not approver.strip() or not meeting_no.strip():
        raise InvalidInput("Please give the approver and the meeting number.")
    chair = audit.require_role(session, approver.strip(), ROLE_CHAIR)
    if meeting_date < loan.applied_on:
        raise InvalidInput("The meeting cannot be before the application ({date}).",
                           date=format_date(loan.applied_on))
    check_rules(session, loan, guarantor_ids(session, loan.id), meeting_date)
    loan.status, loan.approved_by = LOAN_APPROVED, chair.display_name or chair.username
    loan.meeting_date, loan.meeting_no = meeting_date, meeting_no.strip()
    _event(session, loan, "approved", meeting_date, user,
           reason=f"{loan.approved_by} {meeting_no}")
    session.flush()
    return get_loan(session, loan.id, as_of=meeting_date)


def reject(session: Session, *, loan_id: int, day: dt.date, reason: str, user: str) -> LoanRow:
    loan = _get(session, loan_id, LOAN_APPLIED, LOAN_APPROVED)
    if not reason.strip():
        raise InvalidInput("Please give the reason.")
    loan.status, loan.closed_on = LOAN_REJECTED, day
    _event(session, loan, "rejected", day, user, reason=reason.strip())
    session.flush()
    return get_loan(session, loan.id, as_of=day)


def disburse(session: Session, *, loan_id: int, day: dt.date, user: str,
             money_account: str = "11010") -> LoanRow:
    """Pay the loan out (จ่ายเงินกู้): Dr loan receivable with the loan id, Cr cash/bank."""
    loan = _get(session, loan_id, LOAN_APPROVED)
    assert loan.meeting_date is not None
    if day < loan.meeting_date:
        raise InvalidInput("The loan cannot be paid out before its approval ({date}).",
                           date=format_date(loan.meeting_date))
    acc = session.scalar(select(Account).where(Account.code == money_account))
    if acc is None or acc.kind not in (KIND_CASH, KIND_BANK):
        raise InvalidInput("Please choose a cash or bank account.")
    m = session.get(Member, loan.member_id)
    assert m is not None
    amount = from_satang(loan.amount_satang)
    entry = ledger.post_entry(
        session, kind="payment", date=day, user=user,
        description=f"จ่ายเงินกู้สัญญาเลขที่ {loan.loan_no}",
        counterpart=f"{_name(m)} ({m.member_no})", evidence_ref=loan.loan_no,
        lines=[LineInput(loan.account_code, debit=amount, member_id=m.id, loan_id=loan.id),
               LineInput(money_account, credit=amount)])
    loan.status, loan.disbursed_on = LOAN_ACTIVE, day
    _event(session, loan, "disbursed", day, user, amount_satang=loan.amount_satang,
           entry_id=entry.id)
    session.flush()
    return get_loan(session, loan.id, as_of=day)


def _rows(session: Session, loans: Sequence[Loan], as_of: dt.date) -> list[LoanRow]:
    sums = ledger_sums(session, loan_ids=[x.id for x in loans], as_of=as_of)
    ids = [x.id for x in loans]
    guarantor_rows = list(session.execute(
        select(LoanGuarantor.loan_id, LoanGuarantor.member_id)
        .where(LoanGuarantor.loan_id.in_(ids)).order_by(LoanGuarantor.id)))
    wanted = {x.member_id for x in loans} | {mid for _lid, mid in guarantor_rows}
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(wanted)))}
    types = {t.id: t.name_th for t in session.scalars(select(LoanType))}
    guarantors: dict[int, list[str]] = {}
    for lid, mid in guarantor_rows:
        guarantors.setdefault(lid, []).append(_name(members[mid]))
    out = []
    for x in loans:
        s = sums.get(x.id, LedgerSums())
        late = lateness(current_schedule_of(session, x, as_of), amount_satang=x.amount_satang,
                        sums=s, day=as_of) if x.status == LOAN_ACTIVE else Lateness(0, None, 0)
        m = members[x.member_id]
        out.append(LoanRow(x.id, x.loan_no, m.id, m.member_no, _name(m), types[x.loan_type_id],
                           x.amount_satang, Decimal(x.rate_bp).scaleb(-2), x.method, x.pattern,
                           x.term_months, x.status, x.applied_on, x.disbursed_on, x.closed_on,
                           s.principal_satang, s.interest_paid_satang, late.days_past_due,
                           late.overdue_satang, tuple(guarantors.get(x.id, ()))))
    return out


def get_loan(session: Session, loan_id: int, *, as_of: dt.date) -> LoanRow:
    return _rows(session, [_get(session, loan_id)], as_of)[0]


def list_loans(session: Session, *, as_of: dt.date, member_id: int | None = None,
               open_only: bool = False) -> list[LoanRow]:
    """Every loan (newest first), with its balance and days past due on `as_of`."""
    q = select(Loan).order_by(Loan.id.desc())
    if member_id is not None:
        q = q.where(Loan.member_id == member_id)
    if open_only:
        q = q.where(Loan.status.in_(OPEN_STATES))
    return _rows(session, list(session.scalars(q)), as_of)


def principal_outstanding(session: Session, *, as_of: dt.date) -> int:
    """All loans' principal outstanding on `as_of`, satang: their loan-receivable lines."""
    return sum(x.principal_satang for x in ledger_sums(session, as_of=as_of).values())


def loan_schedule(session: Session, loan_id: int) -> tuple[Instalment, ...]:
    return schedule_of(_get(session, loan_id))


def is_closed(status: str) -> bool:
    return status in (LOAN_CLOSED, LOAN_REJECTED)
