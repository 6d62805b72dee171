"""Repayment schedules (ตารางผ่อนชำระ): pure functions, no database.

The rules, stated once (the loans screen shows `RULES_TH`):

- Interest is counted in months: each month is 1/12 of a year whatever its days
  (the village practice). Flat interest (ดอกเบี้ยคงที่) is principal × annual rate ×
  months / 12 on the whole principal for the whole term; declining balance
  (ลดต้นลดดอก) is outstanding principal × annual rate × months of the period / 12.
- Every amount is rounded to the satang with `app.money.round_money` (ROUND_HALF_UP),
  once per instalment figure; the LAST instalment absorbs what rounding left over, so
  the schedule sums exactly to principal + total interest. (Should rounding up leave the
  last instalment negative — a few baht over many instalments — the equal part is the
  whole satang below instead.)
- Instalments fall on the same day of the month as the disbursement (the last day of a
  shorter month when that day does not exist): lump sum at the end of the term, monthly
  every month, quarterly every three months. Declining loans repay equal principal
  (ต้นเท่ากันทุกงวด) plus the interest of the period.
- A month started counts as a whole month when interest is accrued before a due date
  (an early payoff pays the interest of the months begun, not of the whole term).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.money import round_money

FLAT, DECLINING = "flat", "declining"
METHODS = (FLAT, DECLINING)
LUMP_SUM, MONTHLY, QUARTERLY = "lump_sum", "monthly", "quarterly"
PATTERNS = (LUMP_SUM, MONTHLY, QUARTERLY)
_PERIOD_MONTHS = {MONTHLY: 1, QUARTERLY: 3}

RULES_TH = ("ดอกเบี้ยคิดเป็นรายเดือน เดือนละ 1/12 ของอัตราต่อปี ไม่นับจำนวนวัน; "
            "ปัดเศษเป็นสตางค์แบบปัดครึ่งขึ้นทีละงวด งวดสุดท้ายรับเศษที่เหลือ; "
            "ชำระคืนตามลำดับ ค่าปรับ → ดอกเบี้ย → เงินต้น; เดือนที่เริ่มแล้วนับเป็นหนึ่งเดือน")


@dataclass(frozen=True)
class Instalment:
    """One instalment (งวด): its number, due date and the principal and interest due."""

    no: int
    due: dt.date
    principal: Decimal
    interest: Decimal
    balance_after: Decimal  # principal still owed once this instalment is paid

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_begun(start: dt.date, day: dt.date) -> int:
    """How many months have begun after `start` by `day` (0 on `start` itself)."""
    if day <= start:
        return 0
    n = (day.year - start.year) * 12 + day.month - start.month
    if add_months(start, n) < day:
        n += 1
    return max(n, 0)


def period_months(pattern: str, term_months: int) -> int:
    if pattern == LUMP_SUM:
        return term_months
    return _PERIOD_MONTHS[pattern]


def _check(principal: Decimal, rate: Decimal, term_months: int, method: str, pattern: str) -> None:
    if method not in METHODS or pattern not in PATTERNS:
        raise ValueError(f"unknown method/pattern {method}/{pattern}")
    if principal <= 0 or rate < 0 or term_months < 1:
        raise ValueError("principal > 0, rate >= 0 and term >= 1 month are required")
    if term_months % period_months(pattern, term_months):
        raise ValueError("the term must be a whole number of periods")


def flat_interest(principal: Decimal, rate_percent: Decimal, months: int) -> Decimal:
    """Flat interest for `months`: principal × rate × months / 12, rounded to the satang."""
    return round_money(principal * rate_percent / 100 * months / 12)


def _equal_part(total: Decimal, count: int) -> Decimal:
    """total / count rounded to the satang; whole satang down when rounding up would
    leave the last instalment negative (only sums of a few baht over many instalments)."""
    part = round_money(total / count)
    if part * (count - 1) > total:
        part = Decimal(int(total * 100) // count).scaleb(-2)
    return part


def build_schedule(*, principal: Decimal, rate_percent: Decimal, term_months: int,
                   method: str, pattern: str, start: dt.date) -> tuple[Instalment, ...]:
    """The instalments of a loan disbursed on `start` (see the module's rules)."""
    _check(principal, rate_percent, term_months, method, pattern)
    step = period_months(pattern, term_months)
    count = term_months // step
    each_principal = _equal_part(principal, count)
    out: list[Instalment] = []
    balance = principal
    if method == FLAT:
        total_interest = flat_interest(principal, rate_percent, term_months)
        each_interest = _equal_part(total_interest, count)
    for i in range(1, count + 1):
        last = i == count
        p = balance if last else each_principal
        if method == FLAT:
            paid_interest = sum((x.interest for x in out), Decimal(0))
            interest = total_interest - paid_interest if last else each_interest
        else:
            interest = flat_interest(balance, rate_percent, step)
        balance -= p
        out.append(Instalment(i, add_months(start, i * step), p, interest, balance))
    return tuple(out)


def total_interest(schedule: tuple[Instalment, ...]) -> Decimal:
    return sum((x.interest for x in schedule), Decimal(0))


def interest_accrued(schedule: tuple[Instalment, ...], *, start: dt.date,
                     day: dt.date) -> Decimal:
    """Interest earned by `day`: instalments due by then, plus the running period's
    interest for the months begun in it (pro rata, rounded; whole when all begun)."""
    due = sum((x.interest for x in schedule if x.due <= day), Decimal(0))
    running = next((x for x in schedule if x.due > day), None)
    if running is None:
        return due
    period_start = start if running.no == 1 else schedule[running.no - 2].due
    months = (running.due.year - period_start.year) * 12 + running.due.month - period_start.month
    begun = min(months_begun(period_start, day), months)
    if begun == 0:
        return due
    return due + round_money(running.interest * begun / months)


def scheduled_through(schedule: tuple[Instalment, ...], day: dt.date) -> Decimal:
    """Principal + interest scheduled to be due on or before `day`."""
    return sum((x.total for x in schedule if x.due <= day), Decimal(0))


@dataclass(frozen=True)
class Allocation:
    """How one payment is split (fine → interest → principal) and what remains owed."""

    fine: Decimal
    interest: Decimal
    principal: Decimal

    @property
    def total(self) -> Decimal:
        return self.fine + self.interest + self.principal


def allocate(amount: Decimal, *, fine_due: Decimal, interest_due: Decimal,
             principal_due: Decimal) -> Allocation:
    """Split `amount` fine first, then interest, then principal; never more than due.

    Raises ValueError when the amount is more than everything owed.
    """
    if amount <= 0:
        raise ValueError("the amount must be more than zero")
    if amount > fine_due + interest_due + principal_due:
        raise ValueError("the amount is more than everything owed")
    fine = min(amount, fine_due)
    interest = min(amount - fine, interest_due)
    return Allocation(fine, interest, amount - fine - interest)
