"""Fiscal years and months: opening, closing in order, reopening by the chair with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import InvalidInput, LedgerError, NoFiscalYear, PeriodClosed, PermissionDenied
from app.models import AuditEvent, Period
from app.services.audit import recent
from app.services.ledger import LineInput, post_entry
from app.services.periods import (
    close_period,
    fiscal_year_bounds,
    list_fiscal_years,
    list_periods,
    month_end,
    open_fiscal_year,
    period_state,
    reopen_period,
)

BOOKKEEPER, CHAIR = "bookkeeper", "chair"


def is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def close(db: FundDb, month: int, year: int = 2025, user: str = BOOKKEEPER) -> None:
    with db.write() as s:
        close_period(s, year=year, month=month, user=user)


def reopen(db: FundDb, month: int, reason: str = "ลืมบันทึกใบเสร็จ", year: int = 2025,
           user: str = CHAIR) -> None:
    with db.write() as s:
        reopen_period(s, year=year, month=month, reason=reason, user=user)


def states(db: FundDb) -> dict[tuple[int, int], str]:
    with db.read() as s:
        return {(p.year, p.month): p.state for p in list_periods(s)}


def post_on(db: FundDb, day: dt.date) -> str:
    with db.write() as s:
        return post_entry(s, kind="receipt", date=day, description="รับเงิน", user=BOOKKEEPER,
                          lines=(LineInput("11010", debit=Decimal(5)),
                                 LineInput("44010", credit=Decimal(5)))).voucher_no


def audit_count(db: FundDb) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(AuditEvent.id)))


# ---------------------------------------------------------------- fiscal years


def test_the_new_fund_has_fiscal_year_2568_with_twelve_open_months(fund: FundDb) -> None:
    with fund.read() as s:
        years = list_fiscal_years(s)
        months = list_periods(s)
    assert [(y.label, y.start, y.end) for y in years] == [
        (2568, dt.date(2025, 1, 1), dt.date(2025, 12, 31))]
    assert [(p.year, p.month) for p in months] == [(2025, m) for m in range(1, 13)]
    assert all(p.is_open and p.fiscal_year_label == 2568 for p in months)
    assert months[1].start == dt.date(2025, 2, 1) and months[1].end == dt.date(2025, 2, 28)


@pytest.mark.parametrize(("day", "start_month", "bounds"), [
    (dt.date(2025, 1, 15), 1, (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    (dt.date(2025, 1, 15), 10, (dt.date(2024, 10, 1), dt.date(2025, 9, 30))),
    (dt.date(2025, 10, 1), 10, (dt.date(2025, 10, 1), dt.date(2026, 9, 30))),
    (dt.date(2024, 3, 31), 4, (dt.date(2023, 4, 1), dt.date(2024, 3, 31))),
    (dt.date(2024, 2, 29), 3, (dt.date(2023, 3, 1), dt.date(2024, 2, 29))),
])
def test_fiscal_year_bounds(day: dt.date, start_month: int, bounds: tuple) -> None:
    assert fiscal_year_bounds(day, start_month) == bounds


def test_month_end() -> None:
    assert [month_end(2024, m).day for m in range(1, 13)] == [
        31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert month_end(2025, 2) == dt.date(2025, 2, 28)
    assert month_end(2025, 12) == dt.date(2025, 12, 31)


def test_opening_the_next_fiscal_year(fund: FundDb) -> None:
    with fund.write() as s:
        fy = open_fiscal_year(s, containing=dt.date(2026, 1, 10), user=BOOKKEEPER)
        again = open_fiscal_year(s, containing=dt.date(2026, 7, 1), user=BOOKKEEPER)
    assert again == fy
    assert (fy.label, fy.start, fy.end) == (2569, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with fund.read() as s:
        assert [y.label for y in list_fiscal_years(s)] == [2568, 2569]
        assert len(list_periods(s)) == 24
        assert s.scalar(select(func.count(Period.id)).where(Period.year == 2026)) == 12
        opened = [a for a in recent(s) if a.action == "open_fiscal_year"]
    assert [(a.target, a.detail) for a in opened][0] == ("2569", "2026-01-01..2026-12-31")
    assert post_on(fund, dt.date(2026, 1, 10)) == "RV2569/0001"


def test_opening_an_open_fiscal_year_again_changes_nothing(fund: FundDb) -> None:
    before = audit_count(fund)
    with fund.write() as s:
        fy = open_fiscal_year(s, containing=dt.date(2025, 6, 1), user=BOOKKEEPER)
    assert fy.label == 2568
    assert audit_count(fund) == before
    assert len(states(fund)) == 12


def test_period_state(fund: FundDb) -> None:
    close(fund, 1)
    with fund.read() as s:
        assert period_state(s, dt.date(2025, 1, 31)) == "closed"
        assert period_state(s, dt.date(2025, 2, 1)) == "open"
        assert period_state(s, dt.date(2026, 1, 1)) is None


# ---------------------------------------------------------------- closing


def test_months_close_in_order(fund: FundDb) -> None:
    with fund.write() as s, pytest.raises(LedgerError) as caught:
        close_period(s, year=2025, month=2, user=BOOKKEEPER)
    assert is_thai(str(caught.value))
    assert "มกราคม 2568" in str(caught.value)
    assert states(fund)[(2025, 2)] == "open"
    close(fund, 1)
    close(fund, 2)
    assert [st for (_y, m), st in sorted(states(fund).items()) if m <= 3] == [
        "closed", "closed", "open"]
    with fund.read() as s:
        jan = s.scalar(select(Period).where(Period.year == 2025, Period.month == 1))
        assert jan.closed_by == BOOKKEEPER and jan.closed_at is not None


def test_closing_a_closed_month_is_refused(fund: FundDb) -> None:
    close(fund, 1)
    with fund.write() as s, pytest.raises(LedgerError) as caught:
        close_period(s, year=2025, month=1, user=BOOKKEEPER)
    assert "มกราคม 2568" in str(caught.value)


def test_closing_a_month_of_no_fiscal_year_is_refused(fund: FundDb) -> None:
    with fund.write() as s, pytest.raises(NoFiscalYear) as caught:
        close_period(s, year=2026, month=1, user=BOOKKEEPER)
    assert is_thai(str(caught.value))


def test_the_next_year_closes_only_after_the_previous_one(fund: FundDb) -> None:
    with fund.write() as s:
        open_fiscal_year(s, containing=dt.date(2026, 1, 1), user=BOOKKEEPER)
    with fund.write() as s, pytest.raises(LedgerError) as caught:
        close_period(s, year=2026, month=1, user=BOOKKEEPER)
    assert "มกราคม 2568" in str(caught.value)
    for month in range(1, 13):
        close(fund, month)
    close(fund, 1, year=2026)
    assert states(fund)[(2026, 1)] == "closed"


def test_a_closed_month_refuses_entries_and_the_next_accepts_them(fund: FundDb) -> None:
    post_on(fund, dt.date(2025, 1, 31))
    close(fund, 1)
    with fund.write() as s, pytest.raises(PeriodClosed):
        post_entry(s, kind="receipt", date=dt.date(2025, 1, 31), description="รับเงิน",
                   user=BOOKKEEPER, lines=(LineInput("11010", debit=Decimal(5)),
                                           LineInput("44010", credit=Decimal(5))))
    assert post_on(fund, dt.date(2025, 2, 1)) == "RV2568/0002"


# ---------------------------------------------------------------- reopening


def test_only_the_chair_reopens(fund: FundDb) -> None:
    close(fund, 1)
    before = audit_count(fund)
    with fund.write() as s, pytest.raises(PermissionDenied) as caught:
        reopen_period(s, year=2025, month=1, reason="แก้ไข", user=BOOKKEEPER)
    assert is_thai(str(caught.value))
    assert "bookkeeper" in str(caught.value)
    with fund.write() as s, pytest.raises(PermissionDenied):
        reopen_period(s, year=2025, month=1, reason="แก้ไข", user="stranger")
    assert states(fund)[(2025, 1)] == "closed"
    assert audit_count(fund) == before


@pytest.mark.parametrize("reason", ["", "  \t"])
def test_reopening_needs_a_reason(fund: FundDb, reason: str) -> None:
    close(fund, 1)
    with fund.write() as s, pytest.raises(InvalidInput) as caught:
        reopen_period(s, year=2025, month=1, reason=reason, user=CHAIR)
    assert is_thai(str(caught.value))
    assert states(fund)[(2025, 1)] == "closed"


def test_reopening_goes_from_the_latest_closed_month_back(fund: FundDb) -> None:
    close(fund, 1)
    close(fund, 2)
    with fund.write() as s, pytest.raises(LedgerError) as caught:
        reopen_period(s, year=2025, month=1, reason="แก้ไข", user=CHAIR)
    assert "กุมภาพันธ์ 2568" in str(caught.value)
    assert is_thai(str(caught.value))
    assert states(fund)[(2025, 1)] == "closed"
    reopen(fund, 2)
    reopen(fund, 1)
    assert states(fund)[(2025, 1)] == states(fund)[(2025, 2)] == "open"
    with fund.read() as s:
        jan = s.scalar(select(Period).where(Period.year == 2025, Period.month == 1))
        assert jan.closed_by is None and jan.closed_at is None
    assert post_on(fund, dt.date(2025, 1, 20)) == "RV2568/0001"


def test_reopening_an_open_month_is_refused(fund: FundDb) -> None:
    with fund.write() as s, pytest.raises(LedgerError) as caught:
        reopen_period(s, year=2025, month=3, reason="แก้ไข", user=CHAIR)
    assert "มีนาคม 2568" in str(caught.value)


def test_closing_and_reopening_are_audited_with_the_reason(fund: FundDb) -> None:
    close(fund, 1)
    reopen(fund, 1, reason="  ลืมบันทึกใบเสร็จเลขที่ 15  ")
    with fund.read() as s:
        rows = [(a.user, a.action, a.target, a.detail) for a in reversed(recent(s))
                if a.action in ("close_period", "reopen_period")]
    assert rows == [(BOOKKEEPER, "close_period", "2025-01", ""),
                    (CHAIR, "reopen_period", "2025-01", "ลืมบันทึกใบเสร็จเลขที่ 15")]
