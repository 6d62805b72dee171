"""The coordinator's figures per village (แดชบอร์ดรายหมู่บ้าน), from the network book.

Each village is shown from its latest submission: members, capital by source, loans
outstanding, overdue amount (the summary's `overdue.amount_satang`: instalments due and
not paid, from the fund's loan register; None when the fund did not report it) and the
overdue rate (overdue amount / loans outstanding, as app.services.backup_facts states
it), cash and bank, savings, last entry date, last backup date, and whether the
submission is sound or flagged. `month=(y, m)` gives the month-end figures of that month instead
(from each submission's month series), for the consolidated report of a past month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from app.coordinator.db import NetworkBook
from app.coordinator.models import CoordFund, MonthFigure, Submission
from app.services.backup_facts import overdue_rate


@dataclass(frozen=True)
class MonthPoint:
    month: str  # YYYY-MM
    cash_and_bank: int
    loans_outstanding: int
    savings_total: int
    capital: int


@dataclass(frozen=True)
class VillageRow:
    """One village fund's figures (satang) as of `as_of`."""

    code: str
    name: str
    village_no: str
    village: str
    tambon: str
    amphoe: str
    province: str
    as_of: dt.date
    members: int | None
    capital_government: int
    capital_top_up: int
    capital_shares: int
    loans_outstanding: int
    overdue: int | None
    cash_and_bank: int
    savings_total: int
    last_entry_date: dt.date | None
    last_backup_date: dt.date
    status: str
    reason: str
    submissions: int
    months: tuple[MonthPoint, ...] = field(default=())

    @property
    def capital(self) -> int:
        return self.capital_government + self.capital_top_up + self.capital_shares

    @property
    def overdue_rate(self) -> Decimal | None:
        """Overdue as a percentage of loans outstanding, 2 decimals (None: not reported)."""
        return rate(self.overdue, self.loans_outstanding)


def rate(overdue: int | None, outstanding: int) -> Decimal | None:
    """The overdue rate, computed exactly as the fund's own summary states it."""
    return overdue_rate(overdue, outstanding)


def villages(book: NetworkBook, *, month: tuple[int, int] | None = None,
             with_months: bool = True) -> list[VillageRow]:
    """Every village's latest figures (or those at the end of `month`), ordered by code."""
    with book.session() as s:
        latest = (select(Submission.fund_id, func.max(Submission.id).label("sid"))
                  .group_by(Submission.fund_id).subquery())
        counts = dict(s.execute(select(Submission.fund_id, func.count(Submission.id))
                                .group_by(Submission.fund_id)).all())
        rows = s.execute(select(CoordFund, Submission)
                         .join(latest, latest.c.fund_id == CoordFund.id)
                         .join(Submission, Submission.id == latest.c.sid)
                         .order_by(CoordFund.code)).all()
        series: dict[int, list[MonthPoint]] = {}
        if with_months or month:
            ids = [sub.id for _f, sub in rows]
            q = (select(MonthFigure).where(MonthFigure.submission_id.in_(ids))
                 .order_by(MonthFigure.submission_id, MonthFigure.month))
            for m in (s.scalars(q) if ids else []):
                series.setdefault(m.submission_id, []).append(MonthPoint(
                    m.month, m.cash_and_bank, m.loans_outstanding, m.savings_total, m.capital))
    out = []
    for fund, sub in rows:
        points = tuple(series.get(sub.id, ()))
        row = _row(fund, sub, counts.get(fund.id, 1), points if with_months else ())
        out.append(row if month is None else _at_month(row, sub, points, month))
    return out


def _row(f: CoordFund, sub: Submission, count: int, points: tuple[MonthPoint, ...]) -> VillageRow:
    return VillageRow(
        f.code, f.name, f.village_no, f.village, f.tambon, f.amphoe, f.province, sub.as_of,
        sub.members_total, sub.capital_government, sub.capital_top_up, sub.capital_shares,
        sub.loans_outstanding, sub.overdue, sub.cash_and_bank, sub.savings_total,
        sub.last_entry_date, sub.backup_created_at.date(), sub.status, sub.reason, count, points)


def _at_month(row: VillageRow, sub: Submission, points: tuple[MonthPoint, ...],
              month: tuple[int, int]) -> VillageRow:
    """The row with the month-end figures of `month` (the latest month up to it).

    Capital by source, members and overdue are only known at the submission's date:
    they are kept when that date is in the month, else capital is one total (under
    "government") and the others unknown.
    """
    key = f"{month[0]:04d}-{month[1]:02d}"
    if sub.as_of.strftime("%Y-%m") == key:
        return row
    before = [p for p in points if p.month <= key]
    p = before[-1] if before else MonthPoint(key, 0, 0, 0, 0)
    import calendar

    end = dt.date(month[0], month[1], calendar.monthrange(*month)[1])
    last = row.last_entry_date if row.last_entry_date and row.last_entry_date <= end else None
    return VillageRow(
        row.code, row.name, row.village_no, row.village, row.tambon, row.amphoe, row.province,
        min(end, row.as_of) if before else end, None, p.capital, 0, 0, p.loans_outstanding,
        None, p.cash_and_bank, p.savings_total, last, row.last_backup_date, row.status,
        row.reason, row.submissions, row.months)
