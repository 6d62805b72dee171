"""The demo fund's loans (app.services.demo_loans, app.services.demo_contracts): every kind,
repaid, late and in arrears, restructured, renewed and consolidated by household.

A small demo (60 members, 2 years) is built once for the module and read back through
the loan services, as the loan screens and reports read it; the generator's own loan
book (`DemoLoans`) is kept too, to check it follows exactly the loans still open.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import open_fund
from app.models.ledger import Account, JournalEntry, JournalLine
from app.models.loans import (
    LOAN_ACTIVE,
    LOAN_APPLIED,
    LOAN_APPROVED,
    LOAN_CLOSED,
    ExternalDebt,
    Loan,
    LoanEvent,
    LoanGuarantor,
    LoanLetter,
    LoanType,
)
from app.models.members import Member
from app.services import demo_loans, household_debts, loan_book
from app.services.arrears import BUCKETS, FINE_INCOME
from app.services.balances import account_balances
from app.services.check import check_fund
from app.services.demo import build_demo
from app.services.loan_rules import LOAN_ACCOUNTS
from app.services.loans import schedule_of

UNTIL = dt.date(2025, 6, 30)
SMALL = {"members": 60, "years": 2, "until": UNTIL}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo_loans.DemoLoans]:
    """The small demo, and the generator's loan book as it stood on the last day."""
    path = tmp_path_factory.mktemp("demo-loans") / "demo.kongtun"
    books: list[demo_loans.DemoLoans] = []
    original = demo_loans.DemoLoans.__init__

    def keep(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        original(self, *args, **kwargs)
        books.append(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(demo_loans.DemoLoans, "__init__", keep)
        build_demo(path, seed=7, **SMALL)
    return path, books[0]


@pytest.fixture(scope="module")
def demo(built: tuple[Path, demo_loans.DemoLoans]) -> Path:
    return built[0]


def _loans(path: Path) -> list[tuple]:
    """Every loan with its type code, links and events, and every debt to another fund,
    as plain values."""
    with open_fund(path, lock=False, migrate=False) as db, db.read() as s:
        types = {t.id: t.code for t in s.scalars(select(LoanType))}
        events: dict[int, list[tuple]] = {}
        for e in s.scalars(select(LoanEvent).order_by(LoanEvent.id)):
            events.setdefault(e.loan_id, []).append((e.kind, e.date, e.amount_satang, e.reason))
        debts = [(d.member_id, d.creditor, d.amount_satang, d.as_of, d.note)
                 for d in s.scalars(select(ExternalDebt).order_by(ExternalDebt.id))]
        return [(x.id, x.loan_no, types[x.loan_type_id], x.member_id, x.amount_satang,
                 x.status, x.applied_on, x.meeting_date, x.meeting_no, x.disbursed_on,
                 x.closed_on, x.purpose, x.origin, x.account_code, x.rate_bp, x.term_months,
                 x.pattern, x.previous_loan_id, x.replaced_by_id, tuple(events.get(x.id, ())))
                for x in s.scalars(select(Loan).order_by(Loan.id))] + debts


def _loan_principal(s, day: dt.date) -> int:  # noqa: ANN001
    return sum(b.net_satang for b in account_balances(s, as_of=day) if b.code in LOAN_ACCOUNTS)


def test_loans_of_both_types_active_and_closed(demo: Path) -> None:
    loans = [x for x in _loans(demo) if len(x) > 5]
    for kind in ("ordinary", "emergency"):
        states = {x[5] for x in loans if x[2] == kind}
        assert {LOAN_ACTIVE, LOAN_CLOSED} <= states, kind
    paid_out = [x for x in loans if x[9] is not None]
    assert len(paid_out) >= 30, "about members/30 applications a month"
    for x in paid_out:
        kinds = [e[0] for e in x[19]]
        if x[12] != "new":  # a new contract: approved at a meeting, made on the day
            assert x[7] <= x[6] == x[9] and x[8], x[1]
            assert kinds[:2] == ["approved", {"restructure": "restructured",
                                              "renewal": "renewed",
                                              "consolidation": "consolidated"}[x[12]]], x[1]
            continue
        low, high = (2_000_00, 10_000_00) if x[2] == "emergency" else (10_000_00, 50_000_00)
        assert low <= x[4] <= high, x[1]
        assert x[6] <= x[7] <= x[9] and x[8], "applied, approved at a meeting, then paid out"
        assert kinds[:3] == ["applied", "approved", "disbursed"], x[1]
    assert any(x[5] == "rejected" and x[19][-1][3] for x in loans), "a refusal, with its reason"


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
        # restructured and consolidated contracts are in the register, on 13030
        restructured = {r.loan_no for r in loan_book.loan_register(s, as_of=UNTIL).rows
                        if r.account_code == "13030"}
        assert len(restructured) >= 2
        on_13030 = {b.code: b.net_satang for b in account_balances(s, as_of=UNTIL)}["13030"]
        assert on_13030 == sum(r.principal_satang
                               for r in loan_book.loan_register(s, as_of=UNTIL).rows
                               if r.account_code == "13030") > 0
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
                                                   Loan.disbursed_on.is_not(None),
                                                   Loan.origin == "new")))
        guaranteed = set(s.scalars(select(LoanGuarantor.loan_id)))
    assert fines is not None, "someone paid a late fine"
    assert early, "someone paid off before the term"
    assert big and set(big) <= guaranteed, "loans above 30,000 baht have their guarantors"
    waived = [e for x in loans if len(x) > 5 for e in x[19] if e[0] == "fine_waived"]
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


# ------------------------------------------------------------------ new contracts

def _replaced(s, new: Loan) -> list[Loan]:  # noqa: ANN001
    return list(s.scalars(select(Loan).where(Loan.replaced_by_id == new.id).order_by(Loan.id)))


def _jv(s, new: Loan) -> list[tuple]:  # noqa: ANN001
    """The lines (account, debit, credit, loan id) of the JV that made `new`."""
    event = s.scalars(select(LoanEvent).where(LoanEvent.loan_id == new.id,
                                              LoanEvent.entry_id.is_not(None))).first()
    return [(ln.account.code, ln.debit_satang, ln.credit_satang, ln.loan_id)
            for ln in s.scalars(select(JournalLine).where(JournalLine.entry_id == event.entry_id)
                                .order_by(JournalLine.id))]


def _events(s, loan_id: int) -> list[tuple]:  # noqa: ANN001
    return [(e.kind, e.date, e.amount_satang, e.reason) for e in s.scalars(
        select(LoanEvent).where(LoanEvent.loan_id == loan_id).order_by(LoanEvent.id))]


def test_a_long_defaulted_loan_is_restructured(demo: Path) -> None:
    """ประนอมหนี้: on 13030, approved by the chair at a meeting, the old loan closed into it
    with the fine waived with a reason, then repaid like any loan."""
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        new = s.scalars(select(Loan).where(Loan.origin == "restructure")).all()
        assert new
        for n in new:
            day = n.disbursed_on
            [old] = _replaced(s, n)
            assert (old.status, old.closed_on, old.member_id) == (LOAN_CLOSED, day, n.member_id)
            assert (n.previous_loan_id, n.account_code, n.status) == (old.id, "13030", LOAN_ACTIVE)
            assert n.approved_by == "ประธานกรรมการ" and n.meeting_no and n.meeting_date == day
            assert (n.pattern, n.rate_bp) == ("monthly", 300) and n.term_months in (12, 18, 24)
            # long in arrears: the three letters went out before the committee met
            letters = s.scalars(select(LoanLetter.kind).where(LoanLetter.loan_id == old.id,
                                                              LoanLetter.date < day)).all()
            assert {"letter1", "letter2", "letter3"} <= set(letters)
            old_events = _events(s, old.id)
            waived = [e for e in old_events if e[0] == "fine_waived"]
            assert waived and waived[0][1] == day and waived[0][2] > 0 and waived[0][3]
            assert old_events[-1][:2] == ("transferred", day) and n.purpose
            made = [e for e in _events(s, n.id) if e[0] == "restructured"]
            assert [e[1:3] for e in made] == [(day, n.amount_satang)]
            assert old.loan_no in made[0][3]
            # Dr 13030 the whole amount; Cr the old principal and its accrued interest
            lines = _jv(s, n)
            assert lines[0] == ("13030", n.amount_satang, 0, n.id)
            assert sum(c for _, _, c, _ in lines[1:]) == n.amount_satang
            assert {(a, lid) for a, _, _, lid in lines[1:]} <= {(old.account_code, old.id),
                                                               ("41010", old.id)}
        repaid = [e for n in new for e in _events(s, n.id) if e[0] == "repaid"]
        assert repaid, "the new contract is repaid"


def test_a_lump_sum_loan_is_renewed_at_term_after_its_interest(demo: Path) -> None:
    """ต่อสัญญา: the year's interest paid on the day, the principal carried into a new
    contract of the same type, account and terms."""
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        new = s.scalars(select(Loan).where(Loan.origin == "renewal")).all()
        assert new
        for n in new:
            day = n.disbursed_on
            [old] = _replaced(s, n)
            assert (old.closed_on, old.member_id, old.loan_type_id) == (day, n.member_id,
                                                                        n.loan_type_id)
            assert (n.account_code, n.amount_satang) == (old.account_code, old.amount_satang)
            assert (n.rate_bp, n.term_months, n.pattern) == (old.rate_bp, old.term_months,
                                                             "lump_sum")
            assert n.meeting_date is not None and n.meeting_date <= day
            # 12 months of flat interest on the amount, paid on the day of the renewal
            interest = old.amount_satang * old.rate_bp // 10_000
            kinds = [(e[0], e[1], e[2]) for e in _events(s, old.id)]
            assert kinds[-2:] == [("repaid", day, interest),
                                  ("transferred", day, old.amount_satang)]
            assert _jv(s, n) == [(n.account_code, n.amount_satang, 0, n.id),
                                 (old.account_code, 0, old.amount_satang, old.id)]


def test_a_household_is_consolidated_with_its_debts_elsewhere(demo: Path) -> None:
    """๑ ครัวเรือน ๑ สัญญา: two or more members' loans into one contract of one of them, the
    household's debts to other funds typed in from the survey, the table of seed 004."""
    with open_fund(demo, lock=False, migrate=False) as db, db.read() as s:
        [n] = s.scalars(select(Loan).where(Loan.origin == "consolidation")).all()
        day = n.disbursed_on
        old = _replaced(s, n)
        members = {x.member_id for x in old}
        assert len(members) >= 2 and n.member_id in members and n.account_code == "13030"
        households = {s.get(Member, m).household_id for m in members}
        assert len(households) == 1 and None not in households
        [household] = households
        lines = _jv(s, n)
        assert lines[0] == ("13030", n.amount_satang, 0, n.id)
        assert sum(c for _, _, c, _ in lines[1:]) == n.amount_satang
        assert {lid for *_, lid in lines[1:]} == {x.id for x in old}
        assert all(x.status == LOAN_CLOSED and x.closed_on == day for x in old)
        debts = household_debts.list_external_debts(s, member_ids=members, as_of=day)
        assert {"กข.คจ.", "กลุ่มออมทรัพย์เพื่อการผลิต"} <= {d.creditor for d in debts}
        assert all(d.as_of < day and d.cleared_on is None for d in debts)
        [row] = household_debts.consolidation_rows(s, as_of=UNTIL, household_id=household)
        assert row.loan_id == n.id and row.amount_satang == n.amount_satang
        assert row.total_debt_satang == n.amount_satang + sum(d.amount_satang for d in debts)
        assert row.groups[0] == row.lender and "กข.คจ." in row.groups


def test_the_book_follows_exactly_the_open_loans(built: tuple[Path,
                                                              demo_loans.DemoLoans]) -> None:
    """The generator follows the new contracts and drops every loan closed, carried
    into a new contract or not: its book is the fund's open loans on the last day."""
    path, book = built
    with open_fund(path, lock=False, migrate=False) as db, db.read() as s:
        active = set(s.scalars(select(Loan.id).where(Loan.status == LOAN_ACTIVE)))
        pending = set(s.scalars(select(Loan.id).where(Loan.status.in_((LOAN_APPLIED,
                                                                       LOAN_APPROVED)))))
        origins = {i: o for i, o in s.execute(select(Loan.id, Loan.origin))}
    assert set(book.loans) == active
    assert {x.id for x in book.open.values()} == active | pending
    assert not any(x.closed for x in book.loans.values())
    assert {x.origin for x in book.loans.values()} == {origins[i] for i in active}
    assert {"restructure", "renewal", "consolidation"} <= set(origins.values())
