"""A declining-balance loan after a prepayment: the remaining instalments recalculated on
the lower balance, worked by hand; early or late payments change nothing; Hypothesis: the
schedule still sums to the principal and prepaying never costs more interest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from app.db import FundDb
from app.services import loans, repayments
from app.services.reschedule import (
    current_schedule,
    principal_payments,
    reschedule,
    schedule_if_paid,
)
from app.services.schedule import build_schedule
from tests.services.test_loans import USER, make_loan, people  # noqa: F401 - a fixture
from tests.services.test_restructure import declining_type

START = dt.date(2025, 1, 15)
TERMS = dict(principal=D("12000"), rate_percent=D("12"), term_months=12, pattern="monthly",
             start=START)
BASE = build_schedule(method="declining", **TERMS)  # 1,000 a month + 1 % of the balance


def rows(schedule) -> list[tuple[dt.date, D, D, D]]:  # noqa: ANN001
    return [(x.due, x.principal, x.interest, x.balance_after) for x in schedule]


def test_prepayment_on_a_due_date_worked_by_hand() -> None:
    # 15 Feb: instalment 1 (1,000) and 3,000 more. 1,000 of it is instalment 2's principal
    # paid early; 2,000 is a prepayment. 8,000 is left: instalment 2 keeps its 1,000 and
    # pays 1 % of 8,000 (its month had not begun on the old balance) = 80.00; the ten
    # after it share 8,000: 800 each, interest 1 % of 8,000, 7,200, … 800.
    s = reschedule(payments=[(dt.date(2025, 2, 15), D("4000"))], **TERMS)
    later = [(x.principal, x.interest) for x in s[3:]]
    assert rows(s[:3]) == [(dt.date(2025, 2, 15), D("1000"), D("120.00"), D("11000")),
                           (dt.date(2025, 2, 15), D("2000"), D("0.00"), D("9000")),
                           (dt.date(2025, 3, 15), D("1000"), D("80.00"), D("8000"))]
    assert later == [(D("800"), D(80 - 8 * i).quantize(D("0.01"))) for i in range(10)]
    assert [x.no for x in s] == list(range(1, 14))
    assert sum(x.principal for x in s) == D("12000")
    assert sum(x.interest for x in s) == D("640.00")  # 780.00 without the prepayment


def test_prepayment_within_a_month_begun() -> None:
    # instalment 1 paid on its day; 2,000 more on 1 Mar: 1,000 prepaid beyond instalment 2.
    # Its month (15 Feb -> 15 Mar) had begun on the old balance: it keeps 110.00. The ten
    # after share 9,000: 900 each, interest 90.00, 81.00, … 9.00.
    s = reschedule(payments=[(dt.date(2025, 2, 15), D("1000")),
                             (dt.date(2025, 3, 1), D("2000"))], **TERMS)
    assert rows(s[1:3]) == [(dt.date(2025, 3, 1), D("1000"), D("0.00"), D("10000")),
                            (dt.date(2025, 3, 15), D("1000"), D("110.00"), D("9000"))]
    assert [(x.principal, x.interest) for x in s[3:]] == [
        (D("900"), D(90 - 9 * i).quantize(D("0.01"))) for i in range(10)]


def test_rounding_goes_to_the_last_instalment() -> None:
    # 2,500 on the day it was paid out: 1,000 is instalment 1 early, 1,500 prepaid; the
    # eleven after instalment 1 share 9,500: 863.636… → 863.64 × 10, the last 863.60
    s = reschedule(payments=[(START, D("2500"))], **TERMS)
    assert rows(s[:2]) == [(START, D("1500"), D("0.00"), D("10500")),
                           (dt.date(2025, 2, 15), D("1000"), D("95.00"), D("9500"))]
    parts = [x.principal for x in s[2:]]
    assert parts[:-1] == [D("863.64")] * 10 and parts[-1] == D("863.60")
    assert sum(x.principal for x in s) == D("12000")


def test_early_next_instalment_or_arrears_change_nothing() -> None:
    early = reschedule(payments=[(dt.date(2025, 2, 15), D("1000")),
                                 (dt.date(2025, 3, 10), D("1000"))], **TERMS)
    behind = reschedule(payments=[(dt.date(2025, 5, 1), D("500"))], **TERMS)
    assert early == behind == BASE


@given(payments=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 300_000)), max_size=6),
       pattern=st.sampled_from(["monthly", "quarterly"]))
def test_a_rescheduled_loan_still_sums_to_its_principal(payments: list[tuple[int, int]],
                                                        pattern: str) -> None:
    terms = dict(TERMS, pattern=pattern)
    total, paid = D("12000"), []
    for offset, satang in sorted(payments):
        amount = min(D(satang).scaleb(-2), total - sum((p for _, p in paid), D(0)))
        if amount > 0:
            paid.append((START + dt.timedelta(days=offset), amount))
    s = reschedule(payments=paid, **terms)
    plain = build_schedule(method="declining", **terms)
    assert sum(x.principal for x in s) == total and s[-1].balance_after == 0
    assert [x.no for x in s] == list(range(1, len(s) + 1))
    assert [x.due for x in s] == sorted(x.due for x in s)
    assert all(x.principal >= 0 and x.interest >= 0 for x in s)
    assert sum(x.interest for x in s) <= sum(x.interest for x in plain)


def test_the_schedule_of_a_loan_in_the_fund(fund: FundDb, people: list[int]) -> None:  # noqa: F811
    declining_type(fund)
    loan_id = make_loan(fund, people[1], 12_000_00, kind="declining")
    day = dt.date(2025, 2, 15)
    with fund.read() as s:
        ahead = schedule_if_paid(s, loan_id=loan_id, day=day, amount_satang=4_120_00)
        assert current_schedule(s, loan_id=loan_id) == BASE
    with fund.write() as s:  # interest 120.00, principal 4,000.00
        repayments.repay(s, loan_id=loan_id, day=day, amount_satang=4_120_00, user=USER)
    with fund.read() as s:
        loan = loans._get(s, loan_id)
        assert principal_payments(s, loan) == [(day, D("4000.00"))]
        now = current_schedule(s, loan_id=loan_id)
    assert now == ahead == reschedule(payments=[(day, D("4000"))], **TERMS)


def test_dues_and_lateness_follow_the_recalculated_schedule(
        fund: FundDb, people: list[int]) -> None:  # noqa: F811
    declining_type(fund)
    loan_id = make_loan(fund, people[1], 12_000_00, kind="declining")
    with fund.write() as s:  # instalment 1 and a 3,000 prepayment (see the hand-worked test)
        repayments.repay(s, loan_id=loan_id, day=dt.date(2025, 2, 15), amount_satang=4_120_00,
                         user=USER)
    with fund.read() as s:
        # on 15 Mar instalment 2 falls due: its 1,000 principal was paid early on 15 Feb,
        # its interest is 80.00 on the lower balance (not 110.00 on the old one)
        d = repayments.dues(s, loan_id=loan_id, day=dt.date(2025, 3, 15))
        assert d.interest_satang == 80_00 and d.overdue_satang == 80_00
        # a day later, unpaid: one day late, not "paid ahead" by the prepayment
        assert loans.get_loan(s, loan_id, as_of=dt.date(2025, 3, 16)).days_past_due == 1
