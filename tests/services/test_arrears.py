"""Arrears: days past due, ageing buckets, PAR, and loan balances equal the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import FundDb
from app.services import loans, repayments
from app.services.arrears import ageing, bucket_of, ledger_sums
from app.services.balances import account_balances
from app.services.check import check_ledger
from tests.services.test_loans import DAY, USER, make_loan, people  # noqa: F401


def test_buckets_and_par() -> None:
    assert [bucket_of(d) for d in (0, 1, 30, 31, 90, 91, 180, 181, 365, 366, 4000)] == [
        None, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    a = ageing([(0, 60_000_00), (5, 10_000_00), (45, 20_000_00), (400, 10_000_00)])
    assert a.total_satang == 100_000_00 and a.current_satang == 60_000_00
    assert a.buckets[0] == ("1–30", 1, 10_000_00) and a.buckets[4] == (">365", 1, 10_000_00)
    assert (a.par1, a.par30) == (D("40.00"), D("30.00"))
    assert ageing([]).par30 == 0


def test_days_past_due_moves_with_payments(fund: FundDb, people: list[int]) -> None:  # noqa: F811
    loan_id = make_loan(fund, people[2], 6_000_00, kind="emergency")
    with fund.read() as s:
        assert loans.get_loan(s, loan_id, as_of=dt.date(2025, 2, 15)).days_past_due == 0
        assert loans.get_loan(s, loan_id, as_of=dt.date(2025, 2, 16)).days_past_due == 1
    with fund.write() as s:  # pays one instalment (1,030) late, plus its fine (5 × 5 days)
        repayments.repay(s, loan_id=loan_id, day=dt.date(2025, 2, 20),
                         amount_satang=25_00 + 30_00 + 1_000_00, user=USER)
    with fund.read() as s:
        assert loans.get_loan(s, loan_id, as_of=dt.date(2025, 3, 1)).days_past_due == 0
        assert loans.get_loan(s, loan_id, as_of=dt.date(2025, 3, 25)).days_past_due == 10


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payments=st.lists(st.tuples(st.integers(1, 300), st.integers(1, 3_000_00)),
                         max_size=6))
def test_loan_balances_equal_the_ledger(fund: FundDb, people: list[int],  # noqa: F811
                                        payments: list[tuple[int, int]]) -> None:
    with fund.write() as s:
        loan = loans.apply(s, member_id=people[3], loan_type_id=2, amount_satang=5_000_00,
                           day=DAY, user=USER)
        loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=DAY,
                      meeting_no="2/2568", user=USER)
        loans.disburse(s, loan_id=loan.id, day=DAY, user=USER)
        day = DAY
        for offset, amount in sorted(payments):
            day = DAY + dt.timedelta(days=offset)
            if loans.get_loan(s, loan.id, as_of=day).status != "active":
                break
            owed = repayments.payoff_satang(s, loan_id=loan.id, day=day)
            p = repayments.preview(s, loan_id=loan.id, day=day, amount_satang=min(amount, owed))
            assert p.total_satang == min(amount, owed) and p.principal_after_satang >= 0
            repayments.repay(s, loan_id=loan.id, day=day, amount_satang=min(amount, owed),
                             user=USER)
        s.flush()
        per_loan = ledger_sums(s)
        register = sum(r.principal_satang for r in loans.list_loans(s, as_of=day))
        gl = {b.code: b.net_satang for b in account_balances(s, as_of=day)}
        assert register == sum(x.principal_satang for x in per_loan.values()) \
            == gl.get("13010", 0) + gl.get("13020", 0)
        assert sum(x.interest_paid_satang for x in per_loan.values()) == -gl.get("41010", 0)
        assert check_ledger(s) == []
        s.rollback()


def test_check_finds_lines_naming_an_unknown_loan(fund: FundDb, people: list[int]) -> None:  # noqa: F811
    from app.services.ledger import LineInput, post_entry

    make_loan(fund, people[1], 1_000_00)
    with fund.write() as s:
        post_entry(s, kind="adjustment", date=DAY, description="ผิด", user=USER,
                   lines=[LineInput("13010", debit=D("5"), loan_id=99),
                          LineInput("11010", credit=D("5"))])
        assert [p.code for p in check_ledger(s)] == ["subledger"]
