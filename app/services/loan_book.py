"""The loan book on a date: the loan register (ทะเบียนคุมลูกหนี้) and the arrears list.

Both are read from the ledger in a few grouped queries, whatever the number of loans,
so the arrears screen of a fund with thousands of loans opens at once:

- the loans *open on* `as_of` are those paid out on or before it and not closed by
  then (a loan closed later is still open in an earlier register);
- each loan's principal, interest and fines paid are its journal lines up to `as_of`
  (app.services.arrears.ledger_sums), so the register's principal column sums to the
  balance of the loan-receivable accounts 13010/13020/13030 on that date;
- lateness, the overdue amount and the fine follow app.services.arrears (the schedule
  against what was paid; the fine per day capped, less fines paid or waived).

The arrears list holds the open loans more than 0 days past due, riskiest first:
most days past due, then the largest principal outstanding. Its ageing and PAR use the
definition in app.services.arrears (`PAR_DEFINITION_TH`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models.loans import Loan, LoanGuarantor, LoanLetter, LoanType
from app.models.members import Member
from app.money import to_satang
from app.services.arrears import (
    PAR_DEFINITION_TH,
    Ageing,
    LedgerSums,
    ageing,
    bucket_label,
    bucket_of,
    fine_due,
    fine_settlements,
    lateness,
    ledger_sums,
)
from app.services.loans import current_schedule_of
from app.services.schedule import interest_accrued

LETTER_ORDER = {"letter1": 1, "letter2": 2, "letter3": 3, "notice": 4}


@dataclass(frozen=True)
class BookRow:
    """One loan open on the book's date, its figures from the ledger (satang)."""

    loan_id: int
    loan_no: str
    member_id: int
    member_no: str
    borrower: str
    house_no: str
    type_name: str
    account_code: str
    amount_satang: int
    rate_bp: int
    method: str
    pattern: str
    disbursed_on: dt.date
    term_end: dt.date
    principal_satang: int         # outstanding
    interest_paid_satang: int
    interest_accrued_satang: int  # earned by the date and not yet paid
    overdue_satang: int           # principal + interest due by the date and unpaid
    fine_satang: int
    days_past_due: int
    oldest_unpaid_due: dt.date | None
    last_letter: str              # "", "letter1" … "notice"
    last_letter_on: dt.date | None
    guarantors: tuple[str, ...]

    @property
    def bucket(self) -> str:
        """The ageing bucket label ("1–30" …), "" when current."""
        i = bucket_of(self.days_past_due)
        return "" if i is None else bucket_label(i)

    @property
    def due_now_satang(self) -> int:
        """What must be paid now to be up to date: overdue instalments plus the fine."""
        return self.overdue_satang + self.fine_satang


@dataclass(frozen=True)
class LoanBook:
    """The register or the arrears list on `as_of`, with totals and ageing."""

    as_of: dt.date
    rows: tuple[BookRow, ...]
    ageing: Ageing
    par_definition: str = PAR_DEFINITION_TH

    @property
    def principal_satang(self) -> int:
        return sum(r.principal_satang for r in self.rows)

    @property
    def overdue_satang(self) -> int:
        return sum(r.overdue_satang for r in self.rows)

    @property
    def fine_satang(self) -> int:
        return sum(r.fine_satang for r in self.rows)

    @property
    def accrued_satang(self) -> int:
        return sum(r.interest_accrued_satang for r in self.rows)


def _name(m: Member) -> str:
    return f"{m.title}{m.first_name} {m.last_name}".strip()


def _open_loans(session: Session, as_of: dt.date) -> list[Loan]:
    return list(session.scalars(
        select(Loan).where(Loan.disbursed_on.is_not(None), Loan.disbursed_on <= as_of,
                           or_(Loan.closed_on.is_(None), Loan.closed_on > as_of))
        .order_by(Loan.loan_no)))


def _rows(session: Session, loans: list[Loan], as_of: dt.date) -> list[BookRow]:
    ids = [x.id for x in loans]
    sums = ledger_sums(session, loan_ids=ids, as_of=as_of) if ids else {}
    types = {t.id: t for t in session.scalars(select(LoanType))}
    member_ids = {x.member_id for x in loans}
    guarantors: dict[int, list[int]] = {}
    for lid, mid in session.execute(select(LoanGuarantor.loan_id, LoanGuarantor.member_id)
                                    .where(LoanGuarantor.loan_id.in_(ids))
                                    .order_by(LoanGuarantor.id)):
        guarantors.setdefault(lid, []).append(mid)
        member_ids.add(mid)
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(member_ids)))}
    letters: dict[int, tuple[str, dt.date]] = {}
    for lid, kind, day in session.execute(
            select(LoanLetter.loan_id, LoanLetter.kind, LoanLetter.date)
            .where(LoanLetter.loan_id.in_(ids), LoanLetter.date <= as_of)
            .order_by(LoanLetter.date, LoanLetter.id)):
        if LETTER_ORDER[kind] >= LETTER_ORDER.get(letters.get(lid, ("", None))[0], 0):
            letters[lid] = (kind, day)
    positions = []
    for x in loans:
        s = sums.get(x.id, LedgerSums())
        sched = current_schedule_of(session, x, as_of)
        positions.append((x, s, sched, lateness(sched, amount_satang=x.amount_satang,
                                                sums=s, day=as_of)))
    late_ids = [x.id for x, _s, _sc, late in positions if late.days_past_due > 0]
    settled = fine_settlements(session, late_ids, as_of) if late_ids else {}
    out = []
    for x, s, sched, late in positions:
        t = types[x.loan_type_id]
        m = members[x.member_id]
        assert x.disbursed_on is not None
        accrued = to_satang(interest_accrued(sched, start=x.disbursed_on, day=as_of))
        fine = fine_due(late=late, per_day_satang=t.fine_per_day_satang,
                        cap_satang=t.fine_cap_satang, settled=settled.get(x.id, []))
        letter, letter_on = letters.get(x.id, ("", None))
        out.append(BookRow(
            x.id, x.loan_no, m.id, m.member_no, _name(m), m.house_no, t.name_th,
            x.account_code, x.amount_satang, x.rate_bp, x.method, x.pattern, x.disbursed_on,
            sched[-1].due if sched else x.disbursed_on, s.principal_satang,
            s.interest_paid_satang, max(accrued - s.interest_paid_satang, 0),
            late.overdue_satang, fine, late.days_past_due, late.oldest_unpaid_due, letter,
            letter_on, tuple(_name(members[g]) for g in guarantors.get(x.id, ()))))
    return out


def _book(rows: list[BookRow], as_of: dt.date) -> LoanBook:
    return LoanBook(as_of, tuple(rows),
                    ageing((r.days_past_due, r.principal_satang) for r in rows))


def loan_register(session: Session, *, as_of: dt.date) -> LoanBook:
    """Every loan open on `as_of`, in loan-number order; ageing over all of them."""
    return _book(_rows(session, _open_loans(session, as_of), as_of), as_of)


def arrears(session: Session, *, as_of: dt.date) -> LoanBook:
    """The open loans past due on `as_of`, riskiest first; ageing and PAR over the whole
    book (PAR is a share of *all* outstanding principal, not of the late loans only)."""
    rows = _rows(session, _open_loans(session, as_of), as_of)
    book = _book(rows, as_of)
    late = sorted((r for r in rows if r.days_past_due > 0),
                  key=lambda r: (-r.days_past_due, -r.principal_satang, r.loan_no))
    return LoanBook(as_of, tuple(late), book.ageing)


def member_loans(session: Session, *, member_id: int, as_of: dt.date) -> list[BookRow]:
    """A member's loans open on `as_of` (for the member loan statement and page)."""
    loans = [x for x in _open_loans(session, as_of) if x.member_id == member_id]
    return _rows(session, loans, as_of)


def rate_percent(row: BookRow) -> Decimal:
    return Decimal(row.rate_bp).scaleb(-2)
