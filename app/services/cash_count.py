"""The daily cash count (นับเงินสด) and the bank balance check against the passbook.

A count lists the notes and coins in the cash box by denomination; the total is
compared with the book balance of เงินสด at the end of that day. A difference is never
hidden: it needs a reason and is posted at once as its own entry, a shortage to
เงินขาดบัญชี (56010) and an overage to เงินเกินบัญชี (44020), so the book then agrees
with the box. A bank check records the passbook balance on a date beside the ledger's;
a mismatch is kept and shown (and blocks the month close) until the missing entry is
posted and a new check agrees, as a balance assertion does.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.cashbook import BankBalanceCheck, CashCount
from app.models.ledger import KIND_BANK, Account, JournalEntry
from app.money import format_amount, to_satang
from app.services import audit
from app.services.cashbook import (
    CASH_CODE,
    FieldError,
    _check_amount,
    _check_date,
    _money_account,
    balance_on,
)
from app.services.ledger import LineInput, post_entry
from app.thai import format_date

#: Thai notes and coins, in satang, largest first.
DENOMINATIONS: tuple[int, ...] = (100000, 50000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 25)
SHORT_CODE, OVER_CODE = "56010", "44020"


@dataclass(frozen=True)
class CashCountRow:
    id: int
    date: dt.date
    account_code: str
    pieces: tuple[tuple[int, int], ...]   # (denomination in satang, how many)
    counted_satang: int
    book_satang: int
    difference_satang: int                # counted - book: negative is a shortage
    reason: str
    voucher_no: str | None                # the entry that recorded the difference
    created_by: str


@dataclass(frozen=True)
class BankCheckRow:
    id: int
    date: dt.date
    account_code: str
    account_name: str
    statement_satang: int
    ledger_satang: int
    difference_satang: int               # statement - ledger
    note: str
    created_by: str


def counted_total(pieces: dict[int, int]) -> int:
    """The value of a count in satang; a negative number of pieces is refused."""
    for denom, n in pieces.items():
        if denom not in DENOMINATIONS:
            raise FieldError("{value} is not a Thai note or coin.", field="count",
                             value=format_amount(denom))
        if n < 0:
            raise FieldError("The number of notes or coins cannot be negative.", field="count")
    return sum(d * n for d, n in pieces.items())


def record_cash_count(session: Session, *, date: dt.date | None, pieces: dict[int, int],
                      user: str, reason: str = "", account_code: str = CASH_CODE) -> CashCountRow:
    """Keep a count; post its difference (with the reason) as a JV to 56010 or 44020."""
    day = _check_date(session, date)
    acc = _money_account(session, account_code, "account")
    counted = counted_total(pieces)
    book = balance_on(session, code=acc.code, day=day)
    diff = counted - book
    entry_id, voucher = None, None
    if diff:
        if not reason.strip():
            raise FieldError("The count differs from the book by {amount} baht: please give "
                             "the reason.", field="reason", amount=format_amount(diff))
        amount = Decimal(abs(diff)) / 100
        if diff < 0:
            lines = [LineInput(SHORT_CODE, debit=amount), LineInput(acc.code, credit=amount)]
            what = "เงินสดขาดบัญชีจากการนับเงินสด"
        else:
            lines = [LineInput(acc.code, debit=amount), LineInput(OVER_CODE, credit=amount)]
            what = "เงินสดเกินบัญชีจากการนับเงินสด"
        posted = post_entry(session, kind="adjustment", date=day, lines=lines, user=user,
                            description=f"{what} {format_date(day)}: {reason.strip()}")
        entry_id, voucher = posted.id, posted.voucher_no
    row = CashCount(date=day, account_id=acc.id, counted_satang=counted, book_satang=book,
                    denominations=json.dumps({str(d): n for d, n in pieces.items() if n},
                                             sort_keys=True),
                    difference_satang=diff, reason=reason.strip(), entry_id=entry_id,
                    created_by=user, created_at=audit.now())
    session.add(row)
    session.flush()
    audit.record(session, user=user, action="cash_count", target=day.isoformat(),
                 detail=f"counted={counted} book={book}")
    return _count_row(row, acc.code, voucher)


def _count_row(c: CashCount, code: str, voucher: str | None) -> CashCountRow:
    pieces = tuple(sorted(((int(k), v) for k, v in json.loads(c.denominations).items()),
                          reverse=True))
    return CashCountRow(c.id, c.date, code, pieces, c.counted_satang, c.book_satang,
                        c.difference_satang, c.reason, voucher, c.created_by)


def list_cash_counts(session: Session, *, start: dt.date, end: dt.date) -> list[CashCountRow]:
    q = (select(CashCount, Account.code, JournalEntry.voucher_no)
         .join(Account, Account.id == CashCount.account_id)
         .outerjoin(JournalEntry, JournalEntry.id == CashCount.entry_id)
         .where(CashCount.date >= start, CashCount.date <= end)
         .order_by(CashCount.date, CashCount.id))
    return [_count_row(c, code, voucher) for c, code, voucher in session.execute(q)]


def record_bank_check(session: Session, *, date: dt.date | None, account_code: str,
                      statement: Decimal | None, user: str, note: str = "") -> BankCheckRow:
    """Keep the passbook balance on a date beside the ledger's; a mismatch stays on record."""
    day = _check_date(session, date)
    acc = _money_account(session, account_code, "account")
    if acc.kind != KIND_BANK:
        raise FieldError("Choose one of the fund's bank accounts.", field="account")
    if statement is None:
        raise FieldError("Please type an amount.", field="amount")
    if statement < 0:
        _check_amount(statement)
    ledger = balance_on(session, code=acc.code, day=day)
    stmt = to_satang(statement)
    row = BankBalanceCheck(date=day, account_id=acc.id, statement_satang=stmt,
                           ledger_satang=ledger, difference_satang=stmt - ledger,
                           note=note.strip(), created_by=user, created_at=audit.now())
    session.add(row)
    session.flush()
    audit.record(session, user=user, action="bank_check", target=f"{acc.code} {day.isoformat()}",
                 detail=f"statement={stmt} ledger={ledger}")
    return _bank_row(row, acc)


def _bank_row(b: BankBalanceCheck, acc: Account) -> BankCheckRow:
    return BankCheckRow(b.id, b.date, acc.code, acc.name_th, b.statement_satang, b.ledger_satang,
                        b.difference_satang, b.note, b.created_by)


def list_bank_checks(session: Session, *, start: dt.date, end: dt.date) -> list[BankCheckRow]:
    q = (select(BankBalanceCheck, Account).join(Account, Account.id == BankBalanceCheck.account_id)
         .where(BankBalanceCheck.date >= start, BankBalanceCheck.date <= end)
         .order_by(BankBalanceCheck.date, BankBalanceCheck.id))
    return [_bank_row(b, a) for b, a in session.execute(q)]
