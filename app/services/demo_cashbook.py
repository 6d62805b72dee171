"""The demo fund's month-end routine: a cash count and a passbook check per bank account.

Called by the demo builder after each month's entries (before the month is closed):
`month_end_checks(session, year=2568-543, month=6, user="bookkeeper", rng=rng)`.
The count is the book balance in notes and coins; satang the coins cannot make (under
25 satang) and, now and then, a small shortage are recorded with their reason, as the
rule requires. Passbook checks agree with the ledger.
"""

from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy.orm import Session

from app.models.ledger import KIND_BANK
from app.services.balances import account_balances
from app.services.cash_count import DENOMINATIONS, record_bank_check, record_cash_count
from app.services.cashbook import CASH_CODE
from app.services.closing import last_working_day


def pieces_for(satang: int) -> tuple[dict[int, int], int]:
    """Notes and coins for an amount (largest first) and the satang left over."""
    pieces: dict[int, int] = {}
    rest = max(satang, 0)
    for d in DENOMINATIONS:
        pieces[d], rest = divmod(rest, d)
    return {d: n for d, n in pieces.items() if n}, rest


def month_end_checks(session: Session, *, year: int, month: int, user: str,
                     rng: random.Random) -> None:
    """Count the cash on the month's last working day and check every bank passbook."""
    day = last_working_day(session, year=year, month=month)
    balances = {b.code: b for b in account_balances(session, as_of=day)}
    cash = balances[CASH_CODE].net_satang if CASH_CODE in balances else 0
    pieces, rest = pieces_for(cash)
    reason = "เศษสตางค์ที่ไม่มีเหรียญให้นับ" if rest else ""
    if cash > 50_000 and rng.random() < 0.03:
        pieces[2000] = pieces.get(2000, 0) - 1 if pieces.get(2000) else 0
        reason = "ทอนเงินเกินให้สมาชิก ตรวจสอบแล้วไม่พบ"
    if not reason and sum(d * n for d, n in pieces.items()) != cash:
        # The book shows less than nothing (a shortage booked earlier): say so when counting.
        reason = "ยอดเงินสดตามบัญชีต่ำกว่าเงินที่นับได้ ตรวจสอบรายการย้อนหลัง"
    record_cash_count(session, date=day, pieces=pieces, user=user, reason=reason)
    for b in balances.values():
        if b.kind == KIND_BANK:
            record_bank_check(session, date=day, account_code=b.code, user=user,
                              statement=Decimal(b.net_satang) / 100,
                              note="ตรวจสอบกับสมุดบัญชีเงินฝากแล้ว")
