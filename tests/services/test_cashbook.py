"""The cash book, read side (app.services.cashbook): opening, rows with voucher numbers and
running balance, cancelled entries marked, closing — all agreeing with the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.db import open_fund
from app.errors import InvalidInput
from app.services.balances import account_balances
from app.services.cashbook import cash_book
from tests.reports.story import post_story


@pytest.fixture
def story_path(fund_path: Path) -> Path:
    post_story(fund_path)
    return fund_path


def test_running_balance_equals_the_ledger_after_each_day(story_path: Path) -> None:
    with open_fund(story_path) as db, db.read() as s:
        book = cash_book(s, start=dt.date(2024, 1, 1), end=dt.date(2025, 2, 28))
        for account in book.accounts:
            last_of_day: dict[dt.date, int] = {}
            for row in account.rows:
                last_of_day[row.date] = row.balance_satang
            for day, balance in last_of_day.items():
                ledger = {b.code: b.net_satang for b in account_balances(s, as_of=day)}
                assert balance == ledger.get(account.code, 0), (account.code, day)
            closing = {b.code: b.net_satang for b in account_balances(s, as_of=book.end)}
            assert account.closing_satang == closing.get(account.code, 0)


def test_cash_in_january_2568(story_path: Path) -> None:
    with open_fund(story_path) as db, db.read() as s:
        book = cash_book(s, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31),
                         account_code="11010")
    (cash,) = book.accounts
    assert cash.opening_satang == 10000_00 + 1250_00 + 300_00 - 150_50
    assert [(r.voucher_no, r.in_satang, r.out_satang) for r in cash.rows] == [
        ("RV2568/0001", 1100_00, 0), ("RV2568/0002", 100_00, 0), ("PV2568/0001", 0, 87_25),
        ("JV2568/0001", 87_25, 0), ("TV2568/0001", 0, 2000_00)]
    cancelled = {r.voucher_no: (r.cancelled, r.cancels) for r in cash.rows}
    assert cancelled["PV2568/0001"] == (True, None)
    assert cancelled["JV2568/0001"] == (False, "PV2568/0001")
    assert cancelled["RV2568/0001"] == (False, None)
    assert cash.total_in_satang == 1287_25 and cash.total_out_satang == 2087_25
    assert cash.closing_satang == cash.opening_satang + 1287_25 - 2087_25
    assert cash.rows[0].counterpart == "นายสมชาย ใจดี"


def test_every_money_account_has_a_book(story_path: Path) -> None:
    with open_fund(story_path) as db, db.read() as s:
        book = cash_book(s, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))
    assert [a.code for a in book.accounts] == ["11010", "11020", "11030", "11040", "11050"]
    bank3 = book.accounts[3]
    assert bank3.opening_satang == 0 and bank3.closing_satang == 2000_00
    assert book.row_count == 5 + 1 + 1  # cash 5, bank 1 the interest, bank 3 the transfer


def test_an_unknown_account_is_refused(story_path: Path) -> None:
    with open_fund(story_path) as db, db.read() as s, pytest.raises(InvalidInput):
        cash_book(s, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31), account_code="41010")
