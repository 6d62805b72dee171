"""One loan's history from the ledger, for its prints: its movements (paid out, each
repayment split fine / interest / principal, the principal after) and its schedule set
against what was paid; and finding a loan by its number (2568/0001).

Nothing is stored. The movements are the journal lines carrying the loan's id, grouped
by voucher: principal on the loan's receivable account (13010/13020/13030), interest on
41010, fines on 41020, so the balance after the last movement is the loan's principal
in the register and in the general ledger. A cancelled voucher and its cancellation
both stay, marked, as in the cash book.

What was paid against the schedule follows app.services.arrears.lateness: principal
repaid plus interest paid, set against the instalments in due-date order (fines are
not part of the schedule).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.ledger import STATE_REVERSED, Account, JournalEntry, JournalLine
from app.models.loans import Loan
from app.money import to_satang
from app.services.arrears import FINE_INCOME, INTEREST_INCOME, LedgerSums, ledger_sums
from app.services.loan_rules import LOAN_ACCOUNTS
from app.services.schedule import Instalment
from app.thai import from_thai_digits

_LOAN_NO = re.compile(r"^\s*(\d{4})\s*/\s*(\d{1,6})\s*$")


def find_loan(session: Session, loan_no: str) -> int:
    """The id of the loan numbered `loan_no` ("2568/0001"; "2568/1" and Thai digits too)."""
    text = from_thai_digits(loan_no or "").strip()
    if not text:
        raise InvalidInput("Please give the loan number, e.g. 2568/0001.")
    m = _LOAN_NO.match(text)
    wanted = f"{m.group(1)}/{int(m.group(2)):04d}" if m else text
    loan_id = session.scalar(select(Loan.id).where(Loan.loan_no == wanted))
    if loan_id is None:
        raise InvalidInput("There is no loan numbered {loan}.", loan=text)
    return loan_id


@dataclass(frozen=True)
class LoanMovement:
    """One voucher touching a loan, its amounts in satang.

    lent: principal added (the loan paid out, or a debt carried into it); fine,
    interest, principal: what the voucher paid of each (negative in a cancellation).
    """

    date: dt.date
    voucher_no: str
    description: str
    lent_satang: int
    fine_satang: int
    interest_satang: int
    principal_satang: int
    balance_satang: int    # principal outstanding after this voucher
    cancelled: bool        # a voucher later cancelled
    cancellation: bool     # the voucher that cancels another

    @property
    def paid_satang(self) -> int:
        return self.fine_satang + self.interest_satang + self.principal_satang


def loan_movements(session: Session, *, loan_id: int,
                   as_of: dt.date | None = None) -> list[LoanMovement]:
    """Every voucher with a line of the loan, in date order, up to `as_of`."""
    codes = (*LOAN_ACCOUNTS, INTEREST_INCOME, FINE_INCOME)
    q = (select(JournalEntry.id, JournalEntry.date, JournalEntry.voucher_no,
                JournalEntry.description, JournalEntry.state, JournalEntry.reverses_id,
                Account.code, JournalLine.debit_satang, JournalLine.credit_satang)
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .join(Account, Account.id == JournalLine.account_id)
         .where(JournalLine.loan_id == loan_id, Account.code.in_(codes))
         .order_by(JournalEntry.date, JournalEntry.id, JournalLine.id))
    if as_of is not None:
        q = q.where(JournalEntry.date <= as_of)
    grouped: OrderedDict[int, list] = OrderedDict()
    for eid, day, voucher, desc, state, reverses, code, debit, credit in session.execute(q):
        head, sums = grouped.setdefault(eid, [(day, voucher, desc, state, reverses),
                                              [0, 0, 0, 0]])
        if code == FINE_INCOME:
            sums[1] += credit - debit
        elif code == INTEREST_INCOME:
            sums[2] += credit - debit
        else:
            sums[0] += debit
            sums[3] += credit
    out, balance = [], 0
    for (day, voucher, desc, state, reverses), (lent, fine, interest, repaid) in \
            grouped.values():
        # A cancellation undoes its voucher: a cancelled repayment comes back as a debit
        # on the loan account, which is principal repaid taken back, not a new loan (and a
        # cancelled pay-out is lending taken back). So it shows as a negative of the same.
        if reverses is not None and repaid == 0:
            lent, repaid = 0, -lent
        elif reverses is not None and lent == 0:
            lent, repaid = -repaid, 0
        balance += lent - repaid
        out.append(LoanMovement(day, voucher, desc, lent, fine, interest, repaid, balance,
                                state == STATE_REVERSED, reverses is not None))
    return out


@dataclass(frozen=True)
class InstalmentPaid:
    """An instalment of the schedule and what has been paid against it (satang)."""

    no: int
    due: dt.date
    principal_satang: int
    interest_satang: int
    balance_after_satang: int
    paid_satang: int
    state: str   # paid | late | part | open | closed (not charged after an early payoff)

    @property
    def total_satang(self) -> int:
        return self.principal_satang + self.interest_satang

    @property
    def unpaid_satang(self) -> int:
        return 0 if self.state == "closed" else self.total_satang - self.paid_satang


def instalments_paid(schedule: tuple[Instalment, ...], *, amount_satang: int,
                     sums: LedgerSums, as_of: dt.date) -> list[InstalmentPaid]:
    """The schedule with what was paid against each instalment on `as_of`."""
    paid = amount_satang - sums.principal_satang + sums.interest_paid_satang
    paid_off = sums.principal_satang <= 0 and amount_satang - sums.principal_satang > 0
    out = []
    for x in schedule:
        total = to_satang(x.total)
        covered = max(0, min(total, paid))
        paid -= covered
        if covered == total:
            state = "paid"
        elif paid_off:
            state = "closed"
        elif x.due <= as_of:
            state = "late"
        else:
            state = "part" if covered else "open"
        out.append(InstalmentPaid(x.no, x.due, to_satang(x.principal), to_satang(x.interest),
                                  to_satang(x.balance_after), covered, state))
    return out


def loan_sums(session: Session, loan_id: int, as_of: dt.date) -> LedgerSums:
    """The loan's principal outstanding, interest and fines paid on `as_of` (ledger)."""
    return ledger_sums(session, loan_ids=[loan_id], as_of=as_of).get(loan_id, LedgerSums())
