"""Fiscal years (ปีบัญชี) and monthly periods: opening, closing and reopening.

A fiscal year starts on the 1st of the fund's fiscal start month and lasts twelve
months; it is labelled with the Buddhist-era year in which it ends (the Thai
government's custom: ปีงบประมาณ 2568 ends in 2568). Months close in order: a month
can be closed only when every earlier month is closed, and reopened only when no
later month is closed. Reopening needs the chair and a reason; both are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, LedgerError, NoFiscalYear
from app.models.fund import PERIOD_CLOSED, PERIOD_OPEN, FiscalYear, Fund, Period
from app.models.users import ROLE_CHAIR
from app.services import audit
from app.thai import format_date, format_month, to_be_year


@dataclass(frozen=True)
class PeriodRow:
    year: int
    month: int
    start: dt.date
    end: dt.date
    state: str
    fiscal_year_label: int

    @property
    def is_open(self) -> bool:
        return self.state == PERIOD_OPEN


@dataclass(frozen=True)
class FiscalYearRow:
    id: int
    label: int
    start: dt.date
    end: dt.date


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def month_end(year: int, month: int) -> dt.date:
    ny, nm = _add_months(year, month, 1)
    return dt.date(ny, nm, 1) - dt.timedelta(days=1)


def fiscal_year_bounds(day: dt.date, start_month: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year containing `day`."""
    year = day.year if day.month >= start_month else day.year - 1
    start = dt.date(year, start_month, 1)
    ey, em = _add_months(year, start_month, 11)
    return start, month_end(ey, em)


def open_fiscal_year(session: Session, *, containing: dt.date, user: str) -> FiscalYearRow:
    """Open the fiscal year that contains `containing` with its twelve open months."""
    fund = session.scalars(select(Fund)).one()
    start, end = fiscal_year_bounds(containing, fund.fiscal_start_month)
    existing = session.scalar(select(FiscalYear).where(FiscalYear.start_date == start))
    if existing is not None:
        return FiscalYearRow(existing.id, existing.label, existing.start_date, existing.end_date)
    fy = FiscalYear(label=to_be_year(end.year), start_date=start, end_date=end)
    session.add(fy)
    session.flush()
    for i in range(12):
        y, m = _add_months(start.year, start.month, i)
        session.add(Period(fiscal_year_id=fy.id, year=y, month=m, start_date=dt.date(y, m, 1),
                           end_date=month_end(y, m), state=PERIOD_OPEN))
    session.flush()
    audit.record(session, user=user, action="open_fiscal_year", target=str(fy.label),
                 detail=f"{start.isoformat()}..{end.isoformat()}")
    return FiscalYearRow(fy.id, fy.label, fy.start_date, fy.end_date)


def fiscal_year_of(session: Session, day: dt.date) -> FiscalYear:
    fy = session.scalar(
        select(FiscalYear).where(FiscalYear.start_date <= day, FiscalYear.end_date >= day)
    )
    if fy is None:
        raise NoFiscalYear(date=format_date(day))
    return fy


def period_of(session: Session, day: dt.date) -> Period:
    p = session.scalar(select(Period).where(Period.year == day.year, Period.month == day.month))
    if p is None:
        raise NoFiscalYear(date=format_date(day))
    return p


def list_fiscal_years(session: Session) -> list[FiscalYearRow]:
    q = select(FiscalYear).order_by(FiscalYear.start_date)
    return [FiscalYearRow(f.id, f.label, f.start_date, f.end_date) for f in session.scalars(q)]


def list_periods(session: Session) -> list[PeriodRow]:
    q = select(Period, FiscalYear.label).join(FiscalYear).order_by(Period.start_date)
    return [PeriodRow(p.year, p.month, p.start_date, p.end_date, p.state, label)
            for p, label in session.execute(q)]


def period_state(session: Session, day: dt.date) -> str | None:
    """'open', 'closed', or None when the date is in no fiscal year."""
    p = session.scalar(select(Period).where(Period.year == day.year, Period.month == day.month))
    return None if p is None else p.state


def close_period(session: Session, *, year: int, month: int, user: str) -> PeriodRow:
    """Close a month so nothing more can be dated in it (earlier months first)."""
    p = _get(session, year, month)
    if p.state == PERIOD_CLOSED:
        raise LedgerError("The month {month} is already closed.", month=format_month(year, month))
    earlier_open = session.scalar(
        select(Period).where(Period.start_date < p.start_date, Period.state == PERIOD_OPEN)
        .order_by(Period.start_date).limit(1)
    )
    if earlier_open is not None:
        raise LedgerError("Close {earlier} first: months are closed in order.",
                          earlier=format_month(earlier_open.year, earlier_open.month))
    p.state = PERIOD_CLOSED
    p.closed_at = audit.now()
    p.closed_by = user
    audit.record(session, user=user, action="close_period", target=f"{year:04d}-{month:02d}")
    session.flush()
    return _row(p)


def reopen_period(session: Session, *, year: int, month: int, reason: str, user: str) -> PeriodRow:
    """Reopen a closed month: the chair only, with a reason, latest closed month first."""
    audit.require_role(session, user, ROLE_CHAIR)
    if not reason.strip():
        raise InvalidInput("Please give the reason for reopening the month.")
    p = _get(session, year, month)
    if p.state != PERIOD_CLOSED:
        raise LedgerError("The month {month} is not closed.", month=format_month(year, month))
    later_closed = session.scalar(
        select(Period).where(Period.start_date > p.start_date, Period.state == PERIOD_CLOSED)
        .order_by(Period.start_date.desc()).limit(1)
    )
    if later_closed is not None:
        raise LedgerError("Reopen {later} first: later months must be reopened before.",
                          later=format_month(later_closed.year, later_closed.month))
    p.state = PERIOD_OPEN
    p.closed_at = None
    p.closed_by = None
    audit.record(session, user=user, action="reopen_period", target=f"{year:04d}-{month:02d}",
                 detail=reason.strip())
    session.flush()
    return _row(p)


def _get(session: Session, year: int, month: int) -> Period:
    p = session.scalar(select(Period).where(Period.year == year, Period.month == month))
    if p is None:
        raise NoFiscalYear(date=format_month(year, month))
    return p


def _row(p: Period) -> PeriodRow:
    return PeriodRow(p.year, p.month, p.start_date, p.end_date, p.state, p.fiscal_year.label)
