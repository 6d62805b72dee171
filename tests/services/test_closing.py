"""Month close from the cash book: every problem listed, close when none is left."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from app.errors import LedgerError, PermissionDenied
from app.services.cash_count import record_bank_check, record_cash_count
from app.services.cashbook import CashEntryDraft, post_cash_entry
from app.services.closing import close_checklist, close_month, last_working_day, reopen_month
from app.services.periods import period_state

DAY = dt.date(2025, 1, 15)


def receipt(s, day: dt.date, amount: str, money: str = "11010") -> None:  # noqa: ANN001
    post_cash_entry(s, draft=CashEntryDraft(kind="receipt", date=day, category_code="44010",
                                            amount=D(amount), money_code=money), user="bookkeeper")


def test_close_needs_a_cash_count_on_the_last_working_day(fund) -> None:
    with fund.write() as s:
        receipt(s, DAY, "100")
        receipt(s, dt.date(2025, 1, 20), "50")
        assert last_working_day(s, year=2025, month=1) == dt.date(2025, 1, 20)
        record_cash_count(s, date=DAY, pieces={10000: 1}, user="bookkeeper")  # too early
        problems = close_checklist(s, year=2025, month=1)
        assert [p.code for p in problems] == ["cash_count"]
        assert "20 ม.ค. 2568" in problems[0].message
        with pytest.raises(LedgerError) as err:
            close_month(s, year=2025, month=1, user="bookkeeper")
        assert "1 ข้อ" in str(err.value)
        record_cash_count(s, date=dt.date(2025, 1, 20), pieces={10000: 1, 5000: 1},
                          user="bookkeeper")
        receipt(s, dt.date(2025, 1, 20), "20")  # posted after the count: stale
        assert "นับเงินสดใหม่" in close_checklist(s, year=2025, month=1)[0].message
        record_cash_count(s, date=dt.date(2025, 1, 20), pieces={10000: 1, 5000: 1, 2000: 1},
                          user="bookkeeper")
        assert close_checklist(s, year=2025, month=1) == []
        close_month(s, year=2025, month=1, user="bookkeeper")
        assert period_state(s, DAY) == "closed"


def test_every_problem_is_listed_at_once(fund) -> None:
    with fund.write() as s:
        receipt(s, dt.date(2025, 2, 3), "100", money="11020")
        record_bank_check(s, date=dt.date(2025, 2, 3), account_code="11020",
                          statement=D("90"), user="bookkeeper")
        codes = [p.code for p in close_checklist(s, year=2025, month=2)]
    assert codes == ["order", "cash_count", "bank"]


def test_reopen_needs_the_chair_and_a_reason(fund) -> None:
    with fund.write() as s:
        record_cash_count(s, date=dt.date(2025, 1, 31), pieces={}, user="bookkeeper")
        close_month(s, year=2025, month=1, user="bookkeeper")
        with pytest.raises(PermissionDenied):
            reopen_month(s, year=2025, month=1, reason="แก้ไข", user="bookkeeper")
        with pytest.raises(LedgerError.__mro__[1]):
            reopen_month(s, year=2025, month=1, reason=" ", user="chair")
        reopen_month(s, year=2025, month=1, reason="ลงรายการตกหล่น", user="chair")
        assert period_state(s, DAY) == "open"
