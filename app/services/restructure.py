"""A loan carried into a new contract: restructuring (ประนอมหนี้), renewal (ต่อสัญญา) and the
household consolidation (๑ ครัวเรือน ๑ สัญญา).

The old loan or loans are closed by a transfer, not by money: one journal voucher (JV)
carries everything, so nothing is lost and nothing is counted twice.

- The new contract's amount is, over the old loans, the principal outstanding plus the
  interest accrued and unpaid on the day (the same figures as a payoff on that day,
  app.services.repayments.dues). Fines are not carried: each must be paid first or
  waived with a reason (`waive_fine_reason`, kept in the old loan's event log).
- The JV: Dr the new loan's receivable account (new loan, its borrower) the whole
  amount; Cr each old loan's receivable account its principal (old loan, its member);
  Cr 41010 interest income each old loan's accrued interest (old loan). The interest
  is earned and capitalised into the new principal.
- A restructuring or a consolidation is kept on 13030 ลูกหนี้เงินกู้ประนอมหนี้; a renewal
  (same type, usually once the borrower has paid the interest) stays on its type's account.
- Old loans: closed on the day, `replaced_by_id` the new one, event "transferred" naming
  the new contract. New loan: `origin`, `previous_loan_id` (the first old loan), the
  committee's approval (`approver` is the chair's user name, as in loans.approve; the
  meeting's date and number: a new contract always needs the committee), disbursed on
  the day (its schedule starts then), events "approved" and "restructured" / "renewed" /
  "consolidated".
- Guarantors are optional; a single-loan restructuring or renewal keeps the old loan's
  guarantors unless others are given. The ceiling and the "no loan past due" rule of an
  ordinary application are not applied: a restructuring exists for loans in trouble,
  and the committee decides. Guarantors must still be active members, named once, and
  not the borrower.

Refused in Thai, with nothing changed: no loan chosen, a loan not active, loans of
several members outside a household consolidation, loans of another household, a day
before a loan's disbursement or before its last entry, a day in a closed month, a fine
owed and not waived, bad terms (term under a month or not whole instalments, negative
rate; above 15 % a `RateWarning` to confirm).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NoFiscalYear, PeriodClosed
from app.models.fund import PERIOD_OPEN
from app.models.ledger import KIND_BANK, KIND_CASH, Account, JournalEntry, JournalLine
from app.models.loans import (
    LOAN_ACTIVE,
    LOAN_CLOSED,
    ORIGIN_CONSOLIDATION,
    ORIGIN_RENEWAL,
    ORIGIN_RESTRUCTURE,
    ExternalDebt,
    Loan,
    LoanGuarantor,
    LoanType,
)
from app.models.members import Household, Member
from app.models.users import ROLE_CHAIR
from app.money import format_amount, from_satang
from app.services import audit, ledger, repayments
from app.services.arrears import INTEREST_INCOME
from app.services.balances import account_balances
from app.services.household_debts import clear_external_debt, taken_over_note
from app.services.ledger import LineInput, PostedEntry
from app.services.loan_rules import check_rate
from app.services.loans import (
    LoanRefused,
    LoanRow,
    _event,
    _get,
    _member,
    _name,
    _next_no,
    get_loan,
    guarantor_ids,
)
from app.services.periods import period_state
from app.services.schedule import METHODS, PATTERNS, period_months
from app.thai import format_date, format_month

#: The account of restructured and consolidated contracts (ลูกหนี้เงินกู้ประนอมหนี้).
RESTRUCTURED_ACCOUNT = "13030"
#: The event each origin writes on the new contract.
NEW_EVENT = {ORIGIN_RESTRUCTURE: "restructured", ORIGIN_RENEWAL: "renewed",
             ORIGIN_CONSOLIDATION: "consolidated"}
OLD_EVENT = "transferred"
_WORDS = {ORIGIN_RESTRUCTURE: "ประนอมหนี้", ORIGIN_RENEWAL: "ต่อสัญญา",
          ORIGIN_CONSOLIDATION: "รวมหนี้ ๑ ครัวเรือน ๑ สัญญา"}


@dataclass(frozen=True)
class CarriedLoan:
    """One old loan and what it carries into the new contract, in satang."""

    loan_id: int
    loan_no: str
    member_id: int
    account_code: str
    principal_satang: int
    interest_satang: int   # accrued and unpaid on the day
    fine_satang: int       # owed on the day: paid first or waived, never carried

    @property
    def carried_satang(self) -> int:
        return self.principal_satang + self.interest_satang


@dataclass(frozen=True)
class RestructurePlan:
    """What a new contract on `day` would carry (shown before anything is posted)."""

    day: dt.date
    loans: tuple[CarriedLoan, ...]

    @property
    def principal_satang(self) -> int:
        return sum(x.principal_satang for x in self.loans)

    @property
    def interest_satang(self) -> int:
        return sum(x.interest_satang for x in self.loans)

    @property
    def fine_satang(self) -> int:
        return sum(x.fine_satang for x in self.loans)

    @property
    def amount_satang(self) -> int:
        """The new contract's amount: principal + accrued interest of every old loan."""
        return self.principal_satang + self.interest_satang


@dataclass(frozen=True)
class RestructureResult:
    plan: RestructurePlan
    loan: LoanRow          # the new contract, as the loan list shows it
    entry: PostedEntry     # the JV that closed the old loans and opened the new one


def _open_day(session: Session, day: dt.date) -> None:
    state = period_state(session, day)
    if state is None:
        raise NoFiscalYear(date=format_date(day))
    if state != PERIOD_OPEN:
        raise PeriodClosed(month=format_month(day.year, day.month))


def _last_entry(session: Session, loan_id: int) -> dt.date | None:
    return session.scalar(select(func.max(JournalEntry.date))
                          .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
                          .where(JournalLine.loan_id == loan_id))


def _old_loans(session: Session, loan_ids: Sequence[int], day: dt.date) -> list[Loan]:
    ids = list(dict.fromkeys(loan_ids))
    if not ids:
        raise InvalidInput("Please choose the loans to carry into the new contract.")
    out = []
    for loan_id in ids:
        loan = _get(session, loan_id)
        if loan.status != LOAN_ACTIVE:
            raise LoanRefused("Loan {loan} is not an active loan: only a loan paid out and "
                              "not closed can be carried into a new contract.", loan=loan.loan_no)
        assert loan.disbursed_on is not None
        if day < loan.disbursed_on:
            raise InvalidInput("The date is before loan {loan} was paid out ({date}).",
                               loan=loan.loan_no, date=format_date(loan.disbursed_on))
        last = _last_entry(session, loan.id)
        if last is not None and last > day:
            raise InvalidInput("Loan {loan} has entries up to {date}; the new contract cannot "
                               "be dated before them.", loan=loan.loan_no,
                               date=format_date(last))
        out.append(loan)
    return out


def plan(session: Session, *, loan_ids: Sequence[int], day: dt.date) -> RestructurePlan:
    """What each loan would carry on `day` (nothing is written)."""
    carried = []
    for loan in _old_loans(session, loan_ids, day):
        d = repayments.dues(session, loan_id=loan.id, day=day)
        carried.append(CarriedLoan(loan.id, loan.loan_no, loan.member_id, loan.account_code,
                                   d.principal_satang, d.interest_satang, d.fine_satang))
    return RestructurePlan(day, tuple(carried))


def _check_terms(rate_percent: Decimal, term_months: int, method: str, pattern: str,
                 confirm_high_rate: bool) -> None:
    if method not in METHODS or pattern not in PATTERNS:
        raise InvalidInput("Unknown interest method or repayment pattern.")
    if term_months < 1:
        raise InvalidInput("The term must be at least one month.")
    if term_months % period_months(pattern, term_months):
        raise InvalidInput("The term must be a whole number of instalments.")
    check_rate(rate_percent, confirmed=confirm_high_rate)


def _check_members(session: Session, old: Sequence[Loan], borrower: Member, origin: str) -> None:
    """Whose loans may be joined: the borrower's own, or in a consolidation the household's."""
    if origin == ORIGIN_RENEWAL and len(old) != 1:
        raise LoanRefused("A renewal carries one loan into a new contract of the same type.")
    if origin == ORIGIN_CONSOLIDATION and borrower.household_id is None:
        raise LoanRefused("{name} is not in a household: put the members in their household "
                          "first.", name=_name(borrower))
    for loan in old:
        if loan.member_id == borrower.id:
            continue
        owner = session.get(Member, loan.member_id)
        assert owner is not None
        if origin != ORIGIN_CONSOLIDATION:
            raise LoanRefused("Loan {loan} is {name}'s: loans of several members are joined "
                              "only in a household consolidation.", loan=loan.loan_no,
                              name=_name(owner))
        if owner.household_id != borrower.household_id:
            raise LoanRefused("Loan {loan} is {name}'s, who is not in the household of the new "
                              "borrower.", loan=loan.loan_no, name=_name(owner))


def _guarantors(session: Session, old: Sequence[Loan], borrower: Member,
                given: Sequence[int] | None) -> list[int]:
    if given is None:
        single = len(old) == 1 and old[0].member_id == borrower.id
        given = guarantor_ids(session, old[0].id) if single else []
    ids = list(given)
    if len(set(ids)) != len(ids) or borrower.id in ids:
        raise LoanRefused("A guarantor is named twice or is the borrower.")
    for gid in ids:
        _member(session, gid, "guarantor")
    return ids


def _check_approval(session: Session, approver: str, meeting_date: dt.date, meeting_no: str,
                    day: dt.date) -> str:
    """The approver's name as the contract shows it (the chair's user, as in loans.approve)."""
    if not approver.strip() or not meeting_no.strip():
        raise InvalidInput("Please give the approver and the meeting number.")
    chair = audit.require_role(session, approver.strip(), ROLE_CHAIR)
    if meeting_date > day:
        raise InvalidInput("The meeting ({date}) cannot be after the day of the new contract.",
                           date=format_date(meeting_date))
    return chair.display_name or chair.username


def _check_fines(p: RestructurePlan, waive_fine_reason: str) -> None:
    for x in p.loans:
        if x.fine_satang and not waive_fine_reason.strip():
            raise LoanRefused("Loan {loan} owes a fine of {amount} baht: have it paid first, or "
                              "waive it with a reason.", loan=x.loan_no,
                              amount=format_amount(x.fine_satang))
    if p.amount_satang <= 0:
        raise LoanRefused("Nothing is owed on these loans to carry into a new contract.")


def restructure(session: Session, *, loan_ids: Sequence[int], borrower_id: int, day: dt.date,
                user: str, approver: str, meeting_date: dt.date, meeting_no: str,
                rate_percent: Decimal, term_months: int, method: str, pattern: str,
                origin: str = ORIGIN_RESTRUCTURE, reason: str = "",
                waive_fine_reason: str = "", guarantors: Sequence[int] | None = None,
                loan_type_id: int | None = None,
                confirm_high_rate: bool = False, take_over: Sequence[int] = (),
                money_account: str = "11010") -> RestructureResult:
    """Close `loan_ids` by a transfer into one new active contract of `borrower_id`.

    origin: "restructure" (ประนอมหนี้, on 13030), "renewal" (ต่อสัญญา, one loan, its
    type's account) or "consolidation" (๑ ครัวเรือน ๑ สัญญา, the household's loans, 13030).
    guarantors: None keeps a single own loan's guarantors; () for none.
    take_over (consolidation only): debts of the household to other funds that this fund
    pays off from `money_account` on the day and adds to the new contract, as in seed 004
    where the new lender's loan equals the household's debts to every group. The entry is
    then a payment voucher (money leaves the fund) and those debts are cleared.
    """
    if origin not in NEW_EVENT:
        raise InvalidInput("Unknown kind of new contract {origin}.", origin=origin)
    _open_day(session, day)
    _check_terms(rate_percent, term_months, method, pattern, confirm_high_rate)
    approved_by = _check_approval(session, approver, meeting_date, meeting_no, day)
    old = _old_loans(session, loan_ids, day)
    borrower = _member(session, borrower_id, "borrower")
    _check_members(session, old, borrower, origin)
    # A renewal keeps its type; a restructuring may be put under another type.
    type_id = old[0].loan_type_id if origin == ORIGIN_RENEWAL or loan_type_id is None \
        else loan_type_id
    loan_type = session.get(LoanType, type_id)
    if loan_type is None:
        raise InvalidInput("There is no loan type {id}.", id=type_id)
    kept = _guarantors(session, old, borrower, guarantors)
    p = plan(session, loan_ids=[x.id for x in old], day=day)
    _check_fines(p, waive_fine_reason)
    taken = _debts_taken_over(session, take_over, old, origin, day, money_account)
    taken_satang = taken_over_satang(session, [d.id for d in taken])
    for x in p.loans:  # every check has passed: from here on things are written
        if x.fine_satang:
            repayments.waive_fine(session, loan_id=x.loan_id, day=day, reason=waive_fine_reason,
                                  user=user)
    account = loan_type.account_code if origin == ORIGIN_RENEWAL else RESTRUCTURED_ACCOUNT
    new = Loan(loan_no=_next_no(session, day), loan_type_id=loan_type.id, member_id=borrower.id,
               amount_satang=p.amount_satang + taken_satang, account_code=account,
               method=method,
               rate_bp=int(rate_percent * 100), term_months=term_months, pattern=pattern,
               purpose="", status=LOAN_ACTIVE, applied_on=day, approved_by=approved_by,
               meeting_date=meeting_date, meeting_no=meeting_no.strip(), disbursed_on=day,
               previous_loan_id=old[0].id, origin=origin)
    session.add(new)
    session.flush()
    new.purpose = (reason.strip() or _describe(origin, old, new))[:300]
    share = new.amount_satang // max(len(kept), 1)
    for gid in kept:
        session.add(LoanGuarantor(loan_id=new.id, member_id=gid, amount_satang=share))
    entry = _post(session, p, old, new, borrower, origin, user,
                  paid_out=(money_account, taken_satang))
    _link(session, old, new, p, entry, origin, reason, user)
    for d in taken:
        clear_external_debt(session, debt_id=d.id, day=day, user=user,
                            reason=taken_over_note(new.loan_no))
    session.flush()
    return RestructureResult(p, get_loan(session, new.id, as_of=day), entry)


def _describe(origin: str, old: Sequence[Loan], new: Loan) -> str:
    nos = ", ".join(x.loan_no for x in old)
    return f"{_WORDS[origin]} สัญญาเลขที่ {nos} เป็นสัญญาใหม่เลขที่ {new.loan_no}"


def taken_over_satang(session: Session, debt_ids: Sequence[int]) -> int:
    """What the debts elsewhere with these ids add to a consolidation's new contract."""
    if not debt_ids:
        return 0
    return session.scalar(select(func.sum(ExternalDebt.amount_satang)).where(
        ExternalDebt.id.in_(list(dict.fromkeys(debt_ids))))) or 0


def _debts_taken_over(session: Session, debt_ids: Sequence[int], old: Sequence[Loan],
                      origin: str, day: dt.date, money_account: str) -> list[ExternalDebt]:
    """The outside debts a consolidation pays off, checked (nothing written)."""
    if not debt_ids:
        return []
    if origin != ORIGIN_CONSOLIDATION:
        raise LoanRefused("Only a household consolidation takes over debts to other funds.")
    households = {session.get(Member, x.member_id).household_id for x in old}  # type: ignore[union-attr]
    debts = []
    for debt_id in dict.fromkeys(debt_ids):
        d = session.get(ExternalDebt, debt_id)
        m = session.get(Member, d.member_id) if d is not None else None
        if d is None or m is None or m.household_id not in households:
            raise LoanRefused("That debt to another fund is not one of this household's.")
        if d.cleared_on is not None or d.as_of > day:
            raise LoanRefused("The debt to {creditor} is not owed on that day.",
                              creditor=d.creditor)
        debts.append(d)
    acc = session.scalar(select(Account).where(Account.code == money_account))
    if acc is None or acc.kind not in (KIND_CASH, KIND_BANK):
        raise InvalidInput("Please choose a cash or bank account.")
    total = sum(d.amount_satang for d in debts)
    have = next((b.net_satang for b in account_balances(session, as_of=day)
                 if b.code == money_account), 0)
    if total > have:
        raise LoanRefused("Paying off {amount} baht of debts elsewhere needs more than the "
                          "{have} baht in {account}.", amount=format_amount(total),
                          have=format_amount(have), account=acc.name_th)
    return debts


def _post(session: Session, p: RestructurePlan, old: Sequence[Loan], new: Loan,
          borrower: Member, origin: str, user: str,
          paid_out: tuple[str, int] = ("", 0)) -> PostedEntry:
    """The one voucher: Dr the new loan; Cr each old loan's principal and accrued interest,
    and Cr cash/bank for the debts elsewhere taken over (then it is a payment voucher)."""
    lines = [LineInput(new.account_code, debit=from_satang(new.amount_satang),
                       member_id=borrower.id, loan_id=new.id, memo=f"สัญญา {new.loan_no}")]
    by_id = {x.id: x for x in old}
    for x in p.loans:
        memo = f"สัญญา {by_id[x.loan_id].loan_no}"
        for code, satang in ((x.account_code, x.principal_satang),
                             (INTEREST_INCOME, x.interest_satang)):
            if satang:
                lines.append(LineInput(code, credit=from_satang(satang), member_id=x.member_id,
                                       loan_id=x.loan_id, memo=memo))
    money, paid = paid_out
    if paid:
        lines.append(LineInput(money, credit=from_satang(paid),
                               memo="ชำระหนี้กองทุนอื่นแทนครัวเรือน"))
    return ledger.post_entry(session, kind="payment" if paid else "adjustment", date=p.day,
                             user=user, lines=lines,
                             description=_describe(origin, old, new),
                             counterpart=f"{_name(borrower)} ({borrower.member_no})",
                             evidence_ref=new.loan_no)


def _link(session: Session, old: Sequence[Loan], new: Loan, p: RestructurePlan,
          entry: PostedEntry, origin: str, reason: str, user: str) -> None:
    """Close the old loans into the new one and write both sides' event logs."""
    by_id = {x.loan_id: x for x in p.loans}
    for loan in old:
        loan.status, loan.closed_on, loan.replaced_by_id = LOAN_CLOSED, p.day, new.id
        _event(session, loan, OLD_EVENT, p.day, user,
               amount_satang=by_id[loan.id].carried_satang, entry_id=entry.id,
               reason=f"{_WORDS[origin]} เป็นสัญญาใหม่เลขที่ {new.loan_no}")
    assert new.meeting_date is not None
    _event(session, new, "approved", new.meeting_date, user,
           reason=f"{new.approved_by} {new.meeting_no}")
    why = f"แทนสัญญาเลขที่ {', '.join(x.loan_no for x in old)}"
    if reason.strip():
        why += f": {reason.strip()}"
    _event(session, new, NEW_EVENT[origin], p.day, user, amount_satang=p.amount_satang,
           entry_id=entry.id, reason=why[:300])


def renew(session: Session, *, loan_id: int, day: dt.date, user: str, approver: str,
          meeting_date: dt.date, meeting_no: str, rate_percent: Decimal | None = None,
          term_months: int | None = None, reason: str = "", waive_fine_reason: str = "",
          guarantors: Sequence[int] | None = None,
          confirm_high_rate: bool = False) -> RestructureResult:
    """Renew a loan (ต่อสัญญา): a new contract of the same type, borrower, method and
    pattern, for its principal plus any unpaid interest; rate and term default to the old."""
    loan = _get(session, loan_id)
    return restructure(
        session, loan_ids=[loan.id], borrower_id=loan.member_id, day=day, user=user,
        approver=approver, meeting_date=meeting_date, meeting_no=meeting_no,
        rate_percent=Decimal(loan.rate_bp).scaleb(-2) if rate_percent is None else rate_percent,
        term_months=loan.term_months if term_months is None else term_months,
        method=loan.method, pattern=loan.pattern, origin=ORIGIN_RENEWAL, reason=reason,
        waive_fine_reason=waive_fine_reason, guarantors=guarantors,
        confirm_high_rate=confirm_high_rate)


def household_loan_ids(session: Session, household_id: int, day: dt.date) -> list[int]:
    """Every active loan of the household's members paid out by `day` (oldest first)."""
    if session.get(Household, household_id) is None:
        raise InvalidInput("There is no household number {id}.", id=household_id)
    q = (select(Loan.id).join(Member, Member.id == Loan.member_id)
         .where(Member.household_id == household_id, Loan.status == LOAN_ACTIVE,
                Loan.disbursed_on <= day).order_by(Loan.disbursed_on, Loan.id))
    return list(session.scalars(q))


def consolidate_household(session: Session, *, household_id: int, borrower_id: int,
                          day: dt.date, user: str, approver: str, meeting_date: dt.date,
                          meeting_no: str, rate_percent: Decimal, term_months: int,
                          method: str, pattern: str, loan_ids: Sequence[int] | None = None,
                          reason: str = "", waive_fine_reason: str = "",
                          guarantors: Sequence[int] | None = None,
                          loan_type_id: int | None = None,
                          confirm_high_rate: bool = False, take_over: Sequence[int] = (),
                          money_account: str = "11010") -> RestructureResult:
    """One household, one contract (๑ ครัวเรือน ๑ สัญญา): the household's loans in this fund
    (default: every active one) into one contract of `borrower_id`, a member of it; with
    `take_over`, its debts to other funds too, paid off by this fund on the day."""
    borrower = session.get(Member, borrower_id)
    if borrower is None:
        raise InvalidInput("There is no member with id {id}.", id=borrower_id)
    ids = household_loan_ids(session, household_id, day) if loan_ids is None else list(loan_ids)
    if borrower.household_id != household_id:
        raise LoanRefused("{name} is not a member of this household.", name=_name(borrower))
    if not ids:
        raise LoanRefused("The household has no active loan in this fund.")
    return restructure(
        session, loan_ids=ids, borrower_id=borrower_id, day=day, user=user, approver=approver,
        meeting_date=meeting_date, meeting_no=meeting_no, rate_percent=rate_percent,
        term_months=term_months, method=method, pattern=pattern, origin=ORIGIN_CONSOLIDATION,
        reason=reason, waive_fine_reason=waive_fine_reason, guarantors=guarantors,
        loan_type_id=loan_type_id, confirm_high_rate=confirm_high_rate, take_over=take_over,
        money_account=money_account)
