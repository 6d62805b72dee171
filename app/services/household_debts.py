"""A household's debts here and elsewhere, for one household, one contract (๑ ครัวเรือน ๑ สัญญา).

Debts to other funds and lenders (กข.คจ., กลุ่มออมทรัพย์, ธ.ก.ส. …) are not in this
fund's ledger: the committee's survey of each household's debts is typed in by hand as
`ExternalDebt` rows (creditor, amount, the date the amount was known) and cleared, with
the date, once paid or taken over. They are never posted.

`household_position` shows, for each member of a household on a date, their loans in
this fund (principal outstanding from the ledger, interest accrued and unpaid, fine
owed, the figures of a payoff on that date) and their debts elsewhere still open on that
date, with the household's totals. `consolidation_rows` is the table of seed 004: each
contract made by a household consolidation (origin "consolidation"), its borrower and
house, every group the household owed on the day (this fund and the other creditors,
joined with "/"), the debt to all groups (the new contract plus the debts elsewhere still
open that day), the new lender (this fund) and the amount of the new contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import InvalidAmount, InvalidInput
from app.models.loans import (
    LOAN_ACTIVE,
    LOAN_CLOSED,
    ORIGIN_CONSOLIDATION,
    ExternalDebt,
    Loan,
    LoanType,
)
from app.models.members import Household, Member
from app.money import MAX_AMOUNT, format_amount, to_satang
from app.services import audit
from app.services.arrears import (
    LedgerSums,
    fine_due,
    fine_settlements,
    lateness,
    ledger_sums,
)
from app.services.fund import fund_info
from app.services.loans import _name, schedule_of
from app.services.schedule import interest_accrued
from app.thai import format_date

CREDITOR_MAX = 100


@dataclass(frozen=True)
class ExternalDebtRow:
    """A debt to another fund or lender, as typed in."""

    id: int
    member_id: int
    member_no: str
    name: str
    creditor: str
    amount_satang: int
    as_of: dt.date
    note: str
    cleared_on: dt.date | None


@dataclass(frozen=True)
class LoanDebt:
    """A loan in this fund on a date: what a payoff that day would be made of (satang)."""

    loan_id: int
    loan_no: str
    type_name: str
    principal_satang: int
    interest_satang: int
    fine_satang: int

    @property
    def total_satang(self) -> int:
        return self.principal_satang + self.interest_satang + self.fine_satang


@dataclass(frozen=True)
class MemberDebts:
    member_id: int
    member_no: str
    name: str
    loans: tuple[LoanDebt, ...]
    external: tuple[ExternalDebtRow, ...]

    @property
    def fund_satang(self) -> int:
        return sum(x.total_satang for x in self.loans)

    @property
    def external_satang(self) -> int:
        return sum(x.amount_satang for x in self.external)


@dataclass(frozen=True)
class HouseholdPosition:
    """Every member's debts on `as_of`: in this fund and to other funds."""

    household_id: int
    house_no: str
    moo: str
    head_member_id: int | None
    as_of: dt.date
    members: tuple[MemberDebts, ...]

    @property
    def fund_satang(self) -> int:
        return sum(m.fund_satang for m in self.members)

    @property
    def external_satang(self) -> int:
        return sum(m.external_satang for m in self.members)

    @property
    def total_satang(self) -> int:
        return self.fund_satang + self.external_satang


@dataclass(frozen=True)
class ConsolidationRow:
    """One line of the ๑ ครัวเรือน ๑ สัญญา table (seed 004)."""

    loan_id: int
    loan_no: str
    day: dt.date
    borrower: str
    member_no: str
    house_no: str
    groups: tuple[str, ...]     # this fund first, then each other creditor once
    total_debt_satang: int      # the new contract + the debts elsewhere open that day
    lender: str
    amount_satang: int

    @property
    def groups_text(self) -> str:
        return "/".join(self.groups)


# ------------------------------------------------------------------ debts to other funds

def _row(d: ExternalDebt, m: Member) -> ExternalDebtRow:
    return ExternalDebtRow(d.id, m.id, m.member_no, _name(m), d.creditor, d.amount_satang,
                           d.as_of, d.note, d.cleared_on)


def add_external_debt(session: Session, *, member_id: int, creditor: str, amount_satang: int,
                      as_of: dt.date, user: str, note: str = "") -> ExternalDebtRow:
    """Record a member's debt to another fund (กข.คจ., กลุ่มออมทรัพย์, ธ.ก.ส. …) as known on
    `as_of`. It is a record for the household's position, never posted to the ledger."""
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    creditor = " ".join(creditor.split())
    if not creditor:
        raise InvalidInput("Please type the name of the other fund or lender "
                           "(e.g. กข.คจ., กลุ่มออมทรัพย์, ธ.ก.ส.).")
    if len(creditor) > CREDITOR_MAX:
        raise InvalidInput("The name of the other fund is too long: at most {count} "
                           "characters.", count=CREDITOR_MAX)
    if creditor == fund_info(session).name.strip():
        raise InvalidInput("A debt to this fund is one of its loans: only debts to other "
                           "funds are typed in here.")
    if amount_satang <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if amount_satang > to_satang(MAX_AMOUNT):
        raise InvalidAmount("The amount is too large: at most 999,999,999.99 baht.")
    d = ExternalDebt(member_id=m.id, creditor=creditor, amount_satang=amount_satang,
                     as_of=as_of, note=" ".join(note.split())[:300], cleared_on=None, by=user,
                     at=audit.now())
    session.add(d)
    session.flush()
    audit.record(session, user=user, action="add_external_debt", target=m.member_no,
                 detail=f"{creditor} {format_amount(amount_satang)}")
    return _row(d, m)


def clear_external_debt(session: Session, *, debt_id: int, day: dt.date, user: str,
                        reason: str = "") -> ExternalDebtRow:
    """Mark a debt to another fund as no longer owed from `day` (paid, or taken over)."""
    d = session.get(ExternalDebt, debt_id)
    if d is None:
        raise InvalidInput("There is no debt to another fund with id {id}.", id=debt_id)
    if d.cleared_on is not None:
        raise InvalidInput("This debt was already cleared on {date}.",
                           date=format_date(d.cleared_on))
    if day < d.as_of:
        raise InvalidInput("The debt cannot be cleared before the day it was recorded ({date}).",
                           date=format_date(d.as_of))
    d.cleared_on = day
    if reason.strip():
        d.note = (f"{d.note} · {reason.strip()}" if d.note else reason.strip())[:300]
    m = session.get(Member, d.member_id)
    assert m is not None
    session.flush()
    audit.record(session, user=user, action="clear_external_debt", target=m.member_no,
                 detail=f"{d.creditor} {format_amount(d.amount_satang)} {reason.strip()}".strip())
    return _row(d, m)


def _open_on(day: dt.date):  # noqa: ANN202 - a SQL condition
    """Known by `day` and not cleared on or before it."""
    return (ExternalDebt.as_of <= day) & or_(ExternalDebt.cleared_on.is_(None),
                                             ExternalDebt.cleared_on > day)


def list_external_debts(session: Session, *, member_ids: Iterable[int] | None = None,
                        as_of: dt.date | None = None) -> list[ExternalDebtRow]:
    """Debts to other funds: every one ever typed, or (as_of) those open on that date."""
    q = (select(ExternalDebt, Member).join(Member, Member.id == ExternalDebt.member_id)
         .order_by(Member.member_no, ExternalDebt.as_of, ExternalDebt.id))
    if member_ids is not None:
        q = q.where(ExternalDebt.member_id.in_(list(member_ids)))
    if as_of is not None:
        q = q.where(_open_on(as_of))
    return [_row(d, m) for d, m in session.execute(q)]


# ------------------------------------------------------------------ a household's position

def _loan_debt(session: Session, loan: Loan, sums: LedgerSums, type_name: str,
               day: dt.date) -> LoanDebt:
    """As repayments.dues, but for any date (a loan closed since is still owed then)."""
    assert loan.disbursed_on is not None
    schedule = schedule_of(loan)
    accrued = to_satang(interest_accrued(schedule, start=loan.disbursed_on, day=day))
    t = session.get(LoanType, loan.loan_type_id)
    assert t is not None
    late = lateness(schedule, amount_satang=loan.amount_satang, sums=sums, day=day)
    fine = fine_due(late=late, per_day_satang=t.fine_per_day_satang, cap_satang=t.fine_cap_satang,
                    settled=fine_settlements(session, [loan.id], day).get(loan.id, []))
    return LoanDebt(loan.id, loan.loan_no, type_name, sums.principal_satang,
                    max(accrued - sums.interest_paid_satang, 0), fine)


def loans_owed(session: Session, member_ids: Iterable[int],
               day: dt.date) -> dict[int, list[LoanDebt]]:
    """{member id: their loans in this fund owed on `day`} (paid out by then, not closed)."""
    q = (select(Loan).where(Loan.member_id.in_(list(member_ids)),
                            Loan.status.in_((LOAN_ACTIVE, LOAN_CLOSED)),
                            Loan.disbursed_on <= day,
                            or_(Loan.closed_on.is_(None), Loan.closed_on > day))
         .order_by(Loan.disbursed_on, Loan.id))
    found = list(session.scalars(q))
    sums = ledger_sums(session, loan_ids=[x.id for x in found], as_of=day)
    names = {t.id: t.name_th for t in session.scalars(select(LoanType))}
    out: dict[int, list[LoanDebt]] = {}
    for loan in found:
        s = sums.get(loan.id, LedgerSums())
        if s.principal_satang > 0:
            out.setdefault(loan.member_id, []).append(
                _loan_debt(session, loan, s, names[loan.loan_type_id], day))
    return out


def household_position(session: Session, *, household_id: int,
                       as_of: dt.date) -> HouseholdPosition:
    """Each member's loans here and debts elsewhere on `as_of`, and the household's totals."""
    h = session.get(Household, household_id)
    if h is None:
        raise InvalidInput("There is no household number {id}.", id=household_id)
    members = list(session.scalars(select(Member).where(Member.household_id == h.id)
                                   .order_by(Member.member_no)))
    ids = [m.id for m in members]
    owed = loans_owed(session, ids, as_of)
    external: dict[int, list[ExternalDebtRow]] = {}
    for row in list_external_debts(session, member_ids=ids, as_of=as_of):
        external.setdefault(row.member_id, []).append(row)
    # the head of the household first, then by member no.
    members.sort(key=lambda m: (m.id != h.head_member_id, m.member_no))
    return HouseholdPosition(h.id, h.house_no, h.moo, h.head_member_id, as_of, tuple(
        MemberDebts(m.id, m.member_no, _name(m), tuple(owed.get(m.id, ())),
                    tuple(external.get(m.id, ()))) for m in members))


# ------------------------------------------------------------------ the seed-004 table

def taken_over_note(loan_no: str) -> str:
    """The note a debt to another fund gets when a consolidation takes it over."""
    return f"รับโอนเข้าสัญญาเลขที่ {loan_no}"


def consolidation_rows(session: Session, *, as_of: dt.date,
                       household_id: int | None = None) -> list[ConsolidationRow]:
    """Every contract made by a household consolidation on or before `as_of` (oldest first)."""
    fund_name = fund_info(session).name
    q = (select(Loan, Member).join(Member, Member.id == Loan.member_id)
         .where(Loan.origin == ORIGIN_CONSOLIDATION, Loan.disbursed_on <= as_of)
         .order_by(Loan.disbursed_on, Loan.id))
    if household_id is not None:
        q = q.where(Member.household_id == household_id)
    out = []
    for loan, m in session.execute(q):
        assert loan.disbursed_on is not None
        day = loan.disbursed_on
        h = session.get(Household, m.household_id) if m.household_id else None
        ids = list(session.scalars(select(Member.id).where(Member.household_id == h.id))) \
            if h is not None else [m.id]
        elsewhere = list_external_debts(session, member_ids=ids, as_of=day)  # still owed
        # debts this contract took over (paid off by the fund, cleared on its day)
        taken = [x for x in list_external_debts(session, member_ids=ids)
                 if x.cleared_on == day and taken_over_note(loan.loan_no) in x.note]
        groups = tuple(dict.fromkeys([fund_name, *(x.creditor for x in (*taken, *elsewhere))]))
        out.append(ConsolidationRow(
            loan.id, loan.loan_no, day, _name(m), m.member_no,
            h.house_no if h is not None else m.house_no, groups,
            loan.amount_satang + sum(x.amount_satang for x in elsewhere), fund_name,
            loan.amount_satang))
    return out
