"""Balances, the trial balance (งบทดลอง) as of any date, and the dashboard figures.

The story: the government allocation arrives in bank 1, cash is drawn, a fee is received,
supplies are bought, a loan is paid out and its first instalment comes back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from app.db import FundDb
from app.services.balances import account_balances, dashboard, trial_balance
from app.services.chart import DEFAULT_CHART
from app.services.ledger import LineInput, post_entry, reverse_entry
from app.services.periods import open_fiscal_year

USER = "bookkeeper"


def dr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, debit=Decimal(amount), **kw)


def cr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, credit=Decimal(amount), **kw)


STORY = [
    ("receipt", dt.date(2025, 1, 5), "รับเงินจัดสรรจากรัฐบาล",
     (dr("11020", "1000000"), cr("31010", "1000000"))),
    ("transfer", dt.date(2025, 1, 10), "ถอนเงินจากธนาคารมาเป็นเงินสด",
     (dr("11010", "5000"), cr("11020", "5000"))),
    ("receipt", dt.date(2025, 1, 15), "ค่าธรรมเนียมแรกเข้า",
     (dr("11010", "20"), cr("42010", "20"))),
    ("payment", dt.date(2025, 1, 31), "ซื้อวัสดุสำนักงาน",
     (dr("52010", "150.50"), cr("11010", "150.50"))),
    ("payment", dt.date(2025, 2, 1), "จ่ายเงินกู้สัญญา 1/2568",
     (dr("13010", "30000", loan_id=1), cr("11020", "30000"))),
    ("receipt", dt.date(2025, 2, 28), "รับชำระงวดที่ 1",
     (dr("11010", "1050"), cr("13010", "1000", loan_id=1), cr("41010", "50", loan_id=1))),
]


def post(db: FundDb, kind: str, day: dt.date, description: str, lines: tuple) -> int:
    with db.write() as s:
        return post_entry(s, kind=kind, date=day, description=description, lines=lines,
                          user=USER).id


@pytest.fixture
def story(fund: FundDb) -> FundDb:
    for kind, day, description, lines in STORY:
        post(fund, kind, day, description, lines)
    return fund


def tb(db: FundDb, as_of: dt.date) -> dict[str, tuple[int, int]]:
    with db.read() as s:
        t = trial_balance(s, as_of=as_of)
    assert t.as_of == as_of
    assert t.balanced
    assert t.total_debit_satang == sum(r.debit_satang for r in t.rows)
    assert t.total_credit_satang == sum(r.credit_satang for r in t.rows)
    return {r.code: (r.debit_satang, r.credit_satang) for r in t.rows}


def test_an_empty_fund_has_an_empty_trial_balance(fund: FundDb) -> None:
    with fund.read() as s:
        t = trial_balance(s, as_of=dt.date(2025, 12, 31))
    assert (t.rows, t.total_debit_satang, t.total_credit_satang, t.balanced) == ((), 0, 0, True)


def test_trial_balance_as_of_each_date(story: FundDb) -> None:
    assert tb(story, dt.date(2025, 1, 4)) == {}
    assert tb(story, dt.date(2025, 1, 5)) == {"11020": (100_000_000, 0),
                                              "31010": (0, 100_000_000)}
    assert tb(story, dt.date(2025, 1, 30)) == {
        "11010": (502_000, 0), "11020": (99_500_000, 0), "31010": (0, 100_000_000),
        "42010": (0, 2_000)}
    assert tb(story, dt.date(2025, 1, 31)) == {
        "11010": (486_950, 0), "11020": (99_500_000, 0), "31010": (0, 100_000_000),
        "42010": (0, 2_000), "52010": (15_050, 0)}
    feb = {"11010": (591_950, 0), "11020": (96_500_000, 0), "13010": (2_900_000, 0),
           "31010": (0, 100_000_000), "41010": (0, 5_000), "42010": (0, 2_000),
           "52010": (15_050, 0)}
    assert tb(story, dt.date(2025, 2, 28)) == feb
    assert tb(story, dt.date(2025, 12, 31)) == feb
    with story.read() as s:
        t = trial_balance(s, as_of=dt.date(2025, 2, 28))
    assert t.total_debit_satang == t.total_credit_satang == 100_007_000
    assert [r.code for r in t.rows] == sorted(feb)
    assert t.rows[0].name_th == "เงินสด" and t.rows[0].group == 1


def test_a_credit_balance_on_a_debit_account_shows_in_the_credit_column(fund: FundDb) -> None:
    post(fund, "payment", dt.date(2025, 3, 1), "จ่ายเกินเงินสด",
         (dr("52030", "10"), cr("11010", "10")))
    assert tb(fund, dt.date(2025, 3, 1)) == {"11010": (0, 1_000), "52030": (1_000, 0)}


def test_balances_within_a_date_range(story: FundDb) -> None:
    def within(start: dt.date, as_of: dt.date) -> dict[str, tuple[int, int]]:
        with story.read() as s:
            return {b.code: (b.debit_satang, b.credit_satang)
                    for b in account_balances(s, as_of=as_of, start=start)}

    assert within(dt.date(2025, 2, 1), dt.date(2025, 2, 28)) == {
        "11010": (105_000, 0), "11020": (0, 3_000_000), "13010": (3_000_000, 100_000),
        "41010": (0, 5_000)}
    assert within(dt.date(2025, 1, 15), dt.date(2025, 2, 1)) == {
        "11010": (2_000, 15_050), "11020": (0, 3_000_000), "13010": (3_000_000, 0),
        "42010": (0, 2_000), "52010": (15_050, 0)}
    assert within(dt.date(2025, 1, 10), dt.date(2025, 1, 15)) == {
        "11010": (502_000, 0), "11020": (0, 500_000), "42010": (0, 2_000)}
    assert within(dt.date(2025, 1, 6), dt.date(2025, 1, 9)) == {}
    assert within(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == {
        "11010": (607_000, 15_050), "11020": (100_000_000, 3_500_000),
        "13010": (3_000_000, 100_000), "31010": (0, 100_000_000), "41010": (0, 5_000),
        "42010": (0, 2_000), "52010": (15_050, 0)}


def test_account_balances_on_the_normal_side(story: FundDb) -> None:
    with story.read() as s:
        all_accounts = account_balances(s, as_of=dt.date(2025, 2, 28), include_empty=True)
        used = account_balances(s, as_of=dt.date(2025, 2, 28))
    assert [b.code for b in all_accounts] == sorted(code for code, *_ in DEFAULT_CHART)
    by_code = {b.code: b for b in all_accounts}
    assert by_code["11010"].balance_satang == by_code["11010"].net_satang == 591_950
    assert by_code["31010"].balance_satang == 100_000_000
    assert by_code["31010"].net_satang == -100_000_000
    assert by_code["41010"].balance_satang == 5_000
    assert by_code["52010"].balance_satang == 15_050
    assert by_code["11030"].debit_satang == by_code["11030"].credit_satang == 0
    assert {b.code for b in used} == {"11010", "11020", "13010", "31010", "41010", "42010",
                                      "52010"}


def test_dashboard(story: FundDb) -> None:
    with story.read() as s:
        feb = dashboard(s, as_of=dt.date(2025, 2, 28))
        jan = dashboard(s, as_of=dt.date(2025, 1, 31))
        mid_jan = dashboard(s, as_of=dt.date(2025, 1, 12))
    assert [b.code for b in feb.cash_and_bank] == ["11010", "11020", "11030", "11040", "11050"]
    assert feb.total_cash_and_bank_satang == 591_950 + 96_500_000
    assert (feb.month_receipts_satang, feb.month_payments_satang) == (105_000, 3_000_000)
    assert (feb.month_entry_count, feb.last_entry_date) == (2, dt.date(2025, 2, 28))
    # The cash drawn from the bank on 10 Jan is neither money in nor money out.
    assert (jan.month_receipts_satang, jan.month_payments_satang) == (100_002_000, 15_050)
    assert jan.month_entry_count == 4
    assert (mid_jan.month_receipts_satang, mid_jan.month_payments_satang) == (100_000_000, 0)
    assert mid_jan.total_cash_and_bank_satang == 100_000_000


def test_a_reversal_across_a_month_end(fund: FundDb) -> None:
    entry_id = post(fund, "payment", dt.date(2025, 1, 31), "ค่าเดินทาง",
                    (dr("52040", "300"), cr("11010", "300")))
    with fund.write() as s:
        reverse_entry(s, entry_id=entry_id, date=dt.date(2025, 2, 1), reason="จ่ายซ้ำ", user=USER)
    assert tb(fund, dt.date(2025, 1, 31)) == {"11010": (0, 30_000), "52040": (30_000, 0)}
    assert tb(fund, dt.date(2025, 2, 1)) == {}
    with fund.read() as s:
        feb = dashboard(s, as_of=dt.date(2025, 2, 1))
    # Cancelling January's payment in February lowers February's payments; it is not a
    # receipt of money.
    assert (feb.month_receipts_satang, feb.month_payments_satang) == (0, -30_000)


def test_balances_carry_into_the_next_fiscal_year(story: FundDb) -> None:
    with story.write() as s:
        open_fiscal_year(s, containing=dt.date(2026, 1, 1), user=USER)
    post(story, "receipt", dt.date(2026, 1, 2), "ดอกเบี้ยเงินฝาก",
         (dr("11020", "12.34"), cr("43010", "12.34")))
    expected = tb(story, dt.date(2025, 12, 31))
    expected["11020"] = (96_501_234, 0)
    expected["43010"] = (0, 1_234)
    assert tb(story, dt.date(2026, 1, 2)) == expected
    assert tb(story, dt.date(2026, 1, 1)) == tb(story, dt.date(2025, 12, 31))
