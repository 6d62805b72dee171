"""The demo fund's loans (app.services.demo_loans): every kind, repaid, late and in arrears.

A small demo (60 members, 2 years) is built once for the module and read back through
the loan services, as the loan screens and reports read it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import open_fund
from app.models.ledger import Account, JournalEntry, JournalLine
from app.models.loans import LOAN_ACTIVE, LOAN_CLOSED, Loan, LoanEvent, LoanGuarantor, LoanType
from app.services import loan_book
from app.services.arrears import BUCKETS, FINE_INCOME
from app.services.balances import account_balances
from app.services.check import check_fund
from app.services.demo import build_demo
from app.services.loan_rules import LOAN_ACCOUNTS
from app.services.loans import schedule_of

UNTIL = dt.date(2025, 6, 30)
SMALL = {"members": 60, "years": 2, "until": UNTIL}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-loans") / "demo.kongtun"
    build_demo(path, seed=7, **SMALL)
    return path


def _loans(path: Path) -> list[tuple]:
    """Every loan with its type code and its events, as plain values."""
    with open_fund(path, lock=False, migrate=False) as db, db.read() as s:
        types = {t.id: t.code for t in s.scalars(select(LoanType))}
        events: dict[int, list[tuple]] = {}
        for e in s.scalars(select(LoanEvent).order_by(LoanEvent.id)):
            events.setdefault(e.loan_id, []).append((e.kind, e.date, e.amount_satang, e.reason))
        return [(x.id, x.loan_no, types[x.loan_type_id], x.member_id, x.amount_satang,
                 x.status, x.applied_on, x.meeting_date, x.meeting_no, x.disbursed_on,
                 x.closed_on, x.purpose, tuple(events.get(x.id, ())))
                for x in s.scalars(select(Loan).order_by(Loan.id))]


def _loan_principal(s, day: dt.date) -> int:  # noqa: ANN001
    return sum(b.net_satang for b in account_balances(s, as_of=day) if b.code in LOAN_ACCOUNTS)


def test_loans_of_both_types_active_and_closed(demo: Path) -> None:
    loans = _loans(demo)
    for kind in ("ordinary", "emergency"):
        states = {x[5] for x in loans if x[2] == kind}
        assert {LOAN_ACTIVE, LOAN_CLOSED} <= states, kind
    paid_out = [x for x in loans if x[9] is not None]
    assert len(paid_out) >= 30, "about members/30 applications a month"
    for x in paid_out:
        low, high = (2_000_00, 10_000_00) if x[2] == "emergency" else (10_000_00, 50_000_00)
        assert low <= x[4] <= high, x[1]
        assert x[6] <= x[7] <= x[9] and x[8], "applied, approved at a meeting, then paid out"
        kinds = [e[0] for e in x[12]]
        assert kinds[:3] == ["applied", "approved", "disbursed"], x[1]
    assert any(x[5] == "rejected" and x[12][-1][3] for x in loans), "a refusal, with its reason"


def test_every_ageing_bucket_has_loans_on_the_last_day(demo: Path) -> None:
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        late = loan_book.arrears(s, as_of=UNTIL)
        register = loan_book.loan_register(s, as_of=UNTIL)
    assert [label for label, *_ in late.ageing.buckets] == ["1–30", "31–90", "91–180",
                                                           "181–365", ">365"]
    assert all(count >= 1 and satang > 0 for _, count, satang in late.ageing.buckets)
    assert len(late.rows) == sum(count for _, count, _ in late.ageing.buckets)
    # Most borrowers are up to date: arrears are a minority of the open loans.
    assert len(late.rows) < len(register.rows) / 2
    assert len(BUCKETS) == len(late.ageing.buckets)
    assert 0 < late.ageing.par30 < late.ageing.par1 < 50


def test_the_register_equals_the_ledger(demo: Path) -> None:
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        for day in (dt.date(2023, 12, 31), dt.date(2024, 6, 30), dt.date(2025, 1, 15), UNTIL):
            book = loan_book.loan_register(s, as_of=day)
            assert book.principal_satang == _loan_principal(s, day), day
            assert book.principal_satang > 0
        # Every line on a loan account or on loan interest and fines names a real loan.
        ids = set(s.scalars(select(Loan.id)))
        named = set(s.scalars(select(JournalLine.loan_id).join(Account)
                              .where(Account.code.in_((*LOAN_ACCOUNTS, "41010", FINE_INCOME)))))
        assert named <= ids and None not in named


def test_the_books_with_loans_pass_the_check(demo: Path) -> None:
    with open_fund(demo, lock=False, migrate=False) as db:
        assert check_fund(db) == []


def test_repayments_as_villagers_make_them(demo: Path) -> None:
    """Paid on time, late with a fine, a fine waived with its reason, paid off early."""
    loans = _loans(demo)
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        fines = s.scalar(select(JournalLine.id).join(Account).where(Account.code == FINE_INCOME)
                         .limit(1))
        early = []
        for x in s.scalars(select(Loan).where(Loan.status == LOAN_CLOSED)):
            sched = schedule_of(x)
            if x.closed_on is not None and (sched[-1].due - x.closed_on).days > 30:
                early.append(x.loan_no)  # more than a month before the term ends
        big = list(s.scalars(select(Loan.id).where(Loan.amount_satang > 30_000_00,
                                                   Loan.disbursed_on.is_not(None))))
        guaranteed = set(s.scalars(select(LoanGuarantor.loan_id)))
    assert fines is not None, "someone paid a late fine"
    assert early, "someone paid off before the term"
    assert big and set(big) <= guaranteed, "loans above 30,000 baht have their guarantors"
    waived = [e for x in loans for e in x[12] if e[0] == "fine_waived"]
    assert waived and all(e[3] and e[2] > 0 for e in waived), "waived only with a reason"


def test_payouts_never_overdraw_cash_or_bank(demo: Path) -> None:
    """Each payout leaves its cash or bank account at zero or more, in posting order."""
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        rows = s.execute(select(JournalEntry.id, JournalEntry.description, Account.code,
                                JournalLine.debit_satang - JournalLine.credit_satang)
                         .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
                         .join(Account, Account.id == JournalLine.account_id)
                         .where(Account.kind.in_(("cash", "bank")))
                         .order_by(JournalEntry.id)).all()
    balance: dict[str, int] = {}
    payouts = 0
    for _, description, code, net in rows:
        balance[code] = balance.get(code, 0) + net
        if description.startswith("จ่ายเงินกู้สัญญาเลขที่"):
            payouts += 1
            assert balance[code] >= 0, description
    assert payouts >= 30


def test_the_loans_are_deterministic(demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.kongtun"
    build_demo(again, seed=7, **SMALL)
    assert _loans(again) == _loans(demo)
