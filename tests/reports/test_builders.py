"""Report builders, numerically: against the ledger (app.services.balances) and against
hledger's balances of the exported journal for the same dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.db import FundDb
from app.reports.cashbook import build_cash_book
from app.reports.monthly import build_monthly
from app.reports.statements import build_balance_sheet, build_income_statement, year_before
from app.reports.trial_balance import build_trial_balance_data
from app.services.balances import account_balances
from app.services.export import export_ledger
from tests.reports.story import day_after, hledger_bal

FEB = (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
JAN = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


@pytest.fixture
def journal(story: FundDb, tmp_path: Path) -> Path:
    path = tmp_path / "story.journal"
    with story.read() as s:
        export_ledger(s, path)
    return path


def _net(db: FundDb, day: dt.date) -> dict[str, int]:
    with db.read() as s:
        return {b.code: b.net_satang for b in account_balances(s, as_of=day)}


# ---------------------------------------------------------------- monthly statement

def test_monthly_opening_plus_receipts_minus_payments_is_closing(story: FundDb) -> None:
    with story.read() as s:
        m = build_monthly(s, start=JAN[0], end=JAN[1])
    flow = m.flow
    assert flow.opening + flow.total_receipts - flow.total_payments == flow.closing
    for a in flow.accounts:  # cash and each bank
        assert a.opening + a.receipts - a.payments + a.transfers_in - a.transfers_out == a.closing
    assert sum(x.satang for x in m.receipts) == flow.total_receipts
    assert sum(x.satang for x in m.payments) == flow.total_payments
    assert [(t.from_name, t.to_name, t.count, t.satang) for t in m.transfers] == [
        ("เงินสด", "เงินฝากธนาคาร บัญชีที่ 3 เงินสัจจะและหุ้น", 1, 2000_00)]


def test_monthly_figures_equal_the_ledger(story: FundDb) -> None:
    with story.read() as s:
        m = build_monthly(s, start=FEB[0], end=FEB[1])
    before, after = _net(story, FEB[0] - dt.timedelta(days=1)), _net(story, FEB[1])
    for a in m.flow.accounts:
        assert (a.opening, a.closing) == (before.get(a.code, 0), after.get(a.code, 0))
    assert {x.code: x.satang for x in m.loans} == {"13010": 28000_00, "13020": 5000_00,
                                                  "13030": 0}
    assert m.loans_satang == 33000_00
    assert m.savings_satang == -after["21010"] == 700_00
    assert m.shares_satang == -after["32010"] == 100_00
    assert m.members is None and m.overdue_loans is None  # no registers yet


def test_monthly_knows_whether_the_month_is_closed(story: FundDb) -> None:
    with story.read() as s:
        assert build_monthly(s, start=JAN[0], end=JAN[1]).closed
        assert not build_monthly(s, start=FEB[0], end=FEB[1]).closed


def test_monthly_agrees_with_hledger(story: FundDb, journal: Path) -> None:
    with story.read() as s:
        m = build_monthly(s, start=FEB[0], end=FEB[1])
    opening = hledger_bal(journal, "-e", FEB[0].isoformat())
    closing = hledger_bal(journal, "-e", day_after(FEB[1]))
    for a in m.flow.accounts:
        assert (a.opening, a.closing) == (opening.get(a.code, 0), closing.get(a.code, 0))
    for x in m.loans:
        assert x.satang == closing.get(x.code, 0)
    assert (m.savings_satang, m.shares_satang) == (-closing["21010"], -closing["32010"])


# ---------------------------------------------------------------- balance sheet

@pytest.mark.parametrize("as_of", [dt.date(2024, 6, 30), dt.date(2025, 1, 31),
                                   dt.date(2025, 2, 10)])
def test_the_balance_sheet_balances(story: FundDb, as_of: dt.date) -> None:
    with story.read() as s:
        bs = build_balance_sheet(s, as_of=as_of)
    assert bs.total_assets == bs.total_liabilities + bs.total_equity
    assert bs.total_assets > 0


def test_balance_sheet_splits_the_surplus_by_fiscal_year(story: FundDb, journal: Path) -> None:
    with story.read() as s:
        bs = build_balance_sheet(s, as_of=JAN[1])
    assert bs.fiscal_start == dt.date(2025, 1, 1)
    assert bs.prior_surplus_satang == 250_00 - 150_50  # 2567: interest − supplies
    # 2568 so far: interest 100 + fee 100 + bank interest 100 − bank fee 4.50
    # (the purchase of 87.25 was cancelled)
    assert bs.current_surplus_satang == 295_50
    hl = hledger_bal(journal, "-e", day_after(JAN[1]))
    for line in bs.assets:
        assert line.satang == hl[line.code]
    for line in bs.liabilities + bs.equity:
        assert line.satang == -hl[line.code]
    prior = hledger_bal(journal, "-e", "2025-01-01")
    assert bs.prior_surplus_satang == -sum(v for k, v in prior.items() if k[0] in "45")


# ---------------------------------------------------------------- income statement

def test_income_statement_surplus_is_income_minus_expenses(story: FundDb, journal: Path) -> None:
    with story.read() as s:
        inc = build_income_statement(s, start=JAN[0], end=JAN[1])
    assert inc.periods[1] == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    for col, (lo, hi) in enumerate(inc.periods):
        with story.read() as s:
            period = account_balances(s, as_of=hi, start=lo)
        income = sum(b.balance_satang for b in period if b.group == 4)
        expenses = sum(b.balance_satang for b in period if b.group == 5)
        assert inc.total(inc.income)[col] == income
        assert inc.total(inc.expenses)[col] == expenses
        assert inc.surplus[col] == income - expenses
        hl = hledger_bal(journal, "-b", lo.isoformat(), "-e", day_after(hi))
        assert inc.surplus[col] == -sum(v for k, v in hl.items() if k[0] in "45")
    assert {x.code: x.amounts[0] for x in inc.income} == {
        "41010": 100_00, "42010": 100_00, "43010": 100_00}


def test_income_statement_compares_with_the_same_period_a_year_before(story: FundDb) -> None:
    with story.read() as s:
        inc = build_income_statement(s, start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28))
    assert inc.periods == ((dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
                           (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
                           (dt.date(2025, 1, 1), dt.date(2025, 2, 28)),
                           (dt.date(2024, 1, 1), dt.date(2024, 2, 29)))
    assert year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert year_before(dt.date(2025, 6, 15)) == dt.date(2024, 6, 15)


# ---------------------------------------------------------------- cash book, trial balance

def test_cash_book_closing_agrees_with_hledger(story: FundDb, journal: Path) -> None:
    with story.read() as s:
        report = build_cash_book(s, start=dt.date(2024, 3, 1), end=FEB[1])
    hl_open = hledger_bal(journal, "-e", "2024-03-01")
    hl_close = hledger_bal(journal, "-e", day_after(FEB[1]))
    for a in report.book.accounts:
        assert a.opening_satang == hl_open.get(a.code, 0)
        assert a.closing_satang == hl_close.get(a.code, 0)
        assert a.rows[-1].balance_satang == a.closing_satang if a.rows else True


def test_trial_balance_report_agrees_with_hledger(story: FundDb, journal: Path) -> None:
    with story.read() as s:
        data = build_trial_balance_data(s, as_of=JAN[1])
    assert data.closed and data.tb.balanced
    assert {r.code: r.debit_satang - r.credit_satang for r in data.tb.rows} == hledger_bal(
        journal, "-e", day_after(JAN[1]))
