"""Schedules and allocation: hand-worked tables, then Hypothesis invariants.

Rounding rule (stated once, app.services.schedule): each figure rounded half up to the
satang; the last instalment absorbs what rounding left over.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.schedule import (
    allocate,
    build_schedule,
    interest_accrued,
    months_begun,
    scheduled_through,
    total_interest,
)

START = dt.date(2025, 1, 31)


def rows(s):  # noqa: ANN001, ANN201
    return [(x.due, x.principal, x.interest) for x in s]


def test_flat_lump_sum_12_months_6_percent() -> None:
    # 20,000 × 6 % × 12/12 = 1,200.00 at the end of the term
    s = build_schedule(principal=D("20000"), rate_percent=D("6"), term_months=12, method="flat",
                       pattern="lump_sum", start=dt.date(2025, 1, 15))
    assert rows(s) == [(dt.date(2026, 1, 15), D("20000"), D("1200.00"))]


def test_flat_monthly_last_instalment_absorbs_rounding() -> None:
    # 10,000 × 6 % × 7/12 = 350.00 interest; 10,000/7 = 1,428.571.. -> 1,428.57 × 6,
    # last 10,000 − 8,571.42 = 1,428.58; interest 350/7 = 50.00 each.
    s = build_schedule(principal=D("10000"), rate_percent=D("6"), term_months=7, method="flat",
                       pattern="monthly", start=START)
    assert [x.principal for x in s] == [D("1428.57")] * 6 + [D("1428.58")]
    assert [x.interest for x in s] == [D("50.00")] * 7
    # due on the 31st, or the last day of a shorter month
    assert [x.due for x in s][:3] == [dt.date(2025, 2, 28), dt.date(2025, 3, 31),
                                      dt.date(2025, 4, 30)]
    # 1,000 × 5 % × 3/12 = 12.50; 12.50/3 = 4.1666 -> 4.17, 4.17, last 4.16
    s = build_schedule(principal=D("1000"), rate_percent=D("5"), term_months=3, method="flat",
                       pattern="monthly", start=START)
    assert [x.interest for x in s] == [D("4.17"), D("4.17"), D("4.16")]
    assert [x.principal for x in s] == [D("333.33"), D("333.33"), D("333.34")]


def test_declining_monthly_equal_principal() -> None:
    # 12,000 at 12 %: 4,000 a month; interest 1 % of the balance: 120, 80, 40
    s = build_schedule(principal=D("12000"), rate_percent=D("12"), term_months=3,
                       method="declining", pattern="monthly", start=START)
    assert [(x.principal, x.interest, x.balance_after) for x in s] == [
        (D("4000"), D("120.00"), D("8000")), (D("4000"), D("80.00"), D("4000")),
        (D("4000"), D("40.00"), D("0"))]


def test_declining_quarterly() -> None:
    # 10,000 at 7 % over 12 months in 4 quarters: 2,500 each; interest on the balance
    # × 7 % × 3/12: 175.00, 131.25, 87.50, 43.75
    s = build_schedule(principal=D("10000"), rate_percent=D("7"), term_months=12,
                       method="declining", pattern="quarterly", start=START)
    assert [x.interest for x in s] == [D("175.00"), D("131.25"), D("87.50"), D("43.75")]
    assert s[1].due == dt.date(2025, 7, 31)


def test_interest_accrued_counts_months_begun() -> None:
    start = dt.date(2025, 1, 15)
    s = build_schedule(principal=D("20000"), rate_percent=D("6"), term_months=12, method="flat",
                       pattern="lump_sum", start=start)
    assert interest_accrued(s, start=start, day=start) == 0
    assert interest_accrued(s, start=start, day=dt.date(2025, 1, 16)) == D("100.00")
    assert interest_accrued(s, start=start, day=dt.date(2025, 5, 15)) == D("400.00")
    assert interest_accrued(s, start=start, day=dt.date(2025, 5, 16)) == D("500.00")
    assert interest_accrued(s, start=start, day=dt.date(2027, 1, 1)) == D("1200.00")
    assert months_begun(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 1


def test_allocation_fine_then_interest_then_principal() -> None:
    a = allocate(D("500"), fine_due=D("30"), interest_due=D("100"), principal_due=D("1000"))
    assert (a.fine, a.interest, a.principal) == (D("30"), D("100"), D("370"))
    a = allocate(D("50"), fine_due=D("30"), interest_due=D("100"), principal_due=D("1000"))
    assert (a.fine, a.interest, a.principal) == (D("30"), D("20"), D("0"))
    with pytest.raises(ValueError):
        allocate(D("1130.01"), fine_due=D("30"), interest_due=D("100"), principal_due=D("1000"))


money = st.integers(min_value=1, max_value=10**9).map(lambda s: D(s).scaleb(-2))


@given(principal=money, rate=st.integers(0, 3000).map(lambda b: D(b).scaleb(-2)),
       periods=st.integers(1, 36), method=st.sampled_from(["flat", "declining"]),
       pattern=st.sampled_from(["lump_sum", "monthly", "quarterly"]))
def test_schedule_sums_to_principal_plus_interest(principal, rate, periods, method,  # noqa: ANN001
                                                  pattern) -> None:
    term = periods * (3 if pattern == "quarterly" else 1)
    s = build_schedule(principal=principal, rate_percent=rate, term_months=term, method=method,
                       pattern=pattern, start=START)
    assert sum(x.principal for x in s) == principal
    assert sum(x.total for x in s) == principal + total_interest(s)
    assert s[-1].balance_after == 0 and all(x.principal >= 0 and x.interest >= 0 for x in s)
    if method == "flat":
        assert total_interest(s) == (principal * rate / 100 * term / 12).quantize(D("0.01"),
                                                                                 "ROUND_HALF_UP")
    assert scheduled_through(s, s[-1].due) == principal + total_interest(s)


@given(amount=money, fine=money | st.just(D(0)), interest=money | st.just(D(0)), principal=money)
def test_no_allocation_pays_more_than_due(amount, fine, interest, principal) -> None:  # noqa: ANN001
    if amount > fine + interest + principal:
        with pytest.raises(ValueError):
            allocate(amount, fine_due=fine, interest_due=interest, principal_due=principal)
        return
    a = allocate(amount, fine_due=fine, interest_due=interest, principal_due=principal)
    assert a.total == amount
    assert 0 <= a.fine <= fine and 0 <= a.interest <= interest and 0 <= a.principal <= principal
    assert a.interest == 0 or a.fine == fine          # fine first
    assert a.principal == 0 or a.interest == interest  # then interest
