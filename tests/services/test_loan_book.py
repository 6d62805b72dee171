"""The loan book: the register on any date sums to the ledger's loan accounts, the
arrears list is riskiest first, and figures agree with the one-loan services."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import FundDb
from app.services import loan_book, loans, repayments
from app.services.balances import account_balances
from tests.services.test_loans import DAY, USER, make_loan, people  # noqa: F401


def gl_loans(s, day: dt.date) -> int:
    gl = {b.code: b.net_satang for b in account_balances(s, as_of=day)}
    return sum(gl.get(c, 0) for c in ("13010", "13020", "13030"))


def test_register_on_a_past_date_still_holds_a_loan_closed_later(
        fund: FundDb, people: list[int]) -> None:  # noqa: F811
    a = make_loan(fund, people[1], 20_000_00)
    b = make_loan(fund, people[2], 6_000_00, kind="emergency")
    paid_off = dt.date(2025, 3, 1)
    with fund.write() as s:
        repayments.repay(s, loan_id=b, day=paid_off, user=USER,
                         amount_satang=repayments.payoff_satang(s, loan_id=b, day=paid_off))
    with fund.read() as s:
        before = loan_book.loan_register(s, as_of=dt.date(2025, 2, 1))
        after = loan_book.loan_register(s, as_of=paid_off)
        assert [r.loan_id for r in before.rows] == [a, b]
        assert [r.loan_id for r in after.rows] == [a]
        assert before.principal_satang == 26_000_00 == gl_loans(s, dt.date(2025, 2, 1))
        assert after.principal_satang == 20_000_00 == gl_loans(s, paid_off)
        # accrued interest: 20,000 × 6 % × 1/12 per month begun (Jan 15 → Feb 1: 1 month)
        assert before.rows[0].interest_accrued_satang == 100_00


def test_arrears_are_riskiest_first_with_dues_like_the_repayment_screen(
        fund: FundDb, people: list[int]) -> None:  # noqa: F811
    later = DAY + dt.timedelta(days=5)
    small_late = make_loan(fund, people[2], 3_000_00, kind="emergency", day=later)
    big_late = make_loan(fund, people[3], 9_000_00, kind="emergency", day=later)
    older = make_loan(fund, people[4], 2_000_00, kind="emergency")
    current = make_loan(fund, people[1], 20_000_00)
    day = dt.date(2025, 3, 1)
    with fund.read() as s:
        book = loan_book.arrears(s, as_of=day)
        assert [r.loan_id for r in book.rows] == [older, big_late, small_late]
        assert current not in [r.loan_id for r in book.rows]
        for r in book.rows:
            d = repayments.dues(s, loan_id=r.loan_id, day=day)
            one = loans.get_loan(s, r.loan_id, as_of=day)
            assert (r.fine_satang, r.overdue_satang, r.days_past_due) == (
                d.fine_satang, d.overdue_satang, d.days_past_due)
            assert r.principal_satang == one.principal_satang
            assert r.bucket == "1–30"
        # PAR is over the whole book, not only the late loans
        assert book.ageing.total_satang == 34_000_00
        assert book.ageing.current_satang == 20_000_00


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payments=st.lists(st.tuples(st.integers(1, 250), st.integers(1, 4_000_00)),
                         max_size=5),
       look=st.integers(0, 300))
def test_register_equals_the_ledger_on_any_date(fund: FundDb, people: list[int],  # noqa: F811
                                                payments: list[tuple[int, int]],
                                                look: int) -> None:
    with fund.write() as s:
        ids = []
        for member, amount in ((people[2], 5_000_00), (people[3], 8_000_00)):
            loan = loans.apply(s, member_id=member, loan_type_id=2, amount_satang=amount,
                               day=DAY, user=USER)
            loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=DAY,
                          meeting_no="2/2568", user=USER)
            loans.disburse(s, loan_id=loan.id, day=DAY, user=USER)
            ids.append(loan.id)
        for i, (offset, amount) in enumerate(sorted(payments)):
            day, lid = DAY + dt.timedelta(days=offset), ids[i % 2]
            if loans.get_loan(s, lid, as_of=day).status != "active":
                continue
            owed = repayments.payoff_satang(s, loan_id=lid, day=day)
            repayments.repay(s, loan_id=lid, day=day, amount_satang=min(amount, owed), user=USER)
        s.flush()
        day = DAY + dt.timedelta(days=look)
        book = loan_book.loan_register(s, as_of=day)
        assert book.principal_satang == gl_loans(s, day) == loans.principal_outstanding(
            s, as_of=day)
        assert all(r.principal_satang > 0 for r in book.rows)
        late = loan_book.arrears(s, as_of=day)
        assert {r.loan_id for r in late.rows} == {r.loan_id for r in book.rows
                                                  if r.days_past_due > 0}
        s.rollback()
