"""The cash book (สมุดเงินสด), read side: every movement of a cash or bank account in a
date range, with its voucher number and the running balance, as the paper book shows it.

One book per money account: the balance brought forward (ยอดยกมา), one row per entry
that touched the account (money in, money out, balance after it), the totals and the
balance carried forward (ยอดยกไป). A cancelled entry stays in the book, marked, and so
does its cancellation (ยกเลิก ...), the way a paper book strikes a line through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.errors import InvalidInput, LedgerError
from app.models.fund import PERIOD_OPEN
from app.models.ledger import (
    KIND_BANK,
    KIND_CASH,
    STATE_REVERSED,
    Account,
    JournalEntry,
    JournalLine,
)
from app.money import MAX_AMOUNT, format_amount, round_money, to_satang
from app.services.balances import account_balances
from app.services.ledger import LineInput, PostedEntry, get_entry, post_entry, reverse_entry
from app.services.periods import period_state
from app.thai import format_date, format_month


@dataclass(frozen=True)
class CashBookRow:
    entry_id: int
    date: dt.date
    voucher_no: str
    kind: str
    description: str
    counterpart: str
    evidence_ref: str
    in_satang: int
    out_satang: int
    balance_satang: int      # the account's balance after this row
    cancelled: bool          # this entry was cancelled later (a reversal points at it)
    cancels: str | None      # the voucher this entry cancels, when it is a cancellation


@dataclass(frozen=True)
class AccountBook:
    code: str
    name_th: str
    name_en: str
    kind: str
    opening_satang: int
    rows: tuple[CashBookRow, ...]

    @property
    def total_in_satang(self) -> int:
        return sum(r.in_satang for r in self.rows)

    @property
    def total_out_satang(self) -> int:
        return sum(r.out_satang for r in self.rows)

    @property
    def closing_satang(self) -> int:
        return self.opening_satang + self.total_in_satang - self.total_out_satang


@dataclass(frozen=True)
class CashBook:
    start: dt.date
    end: dt.date
    accounts: tuple[AccountBook, ...]

    @property
    def row_count(self) -> int:
        return sum(len(a.rows) for a in self.accounts)

    def day_totals(self, day: dt.date) -> dict[str, tuple[int, int]]:
        """Money in and out of each account on one day (รวมประจำวัน), by account code."""
        return {a.code: (sum(r.in_satang for r in a.rows if r.date == day),
                         sum(r.out_satang for r in a.rows if r.date == day))
                for a in self.accounts}


def cash_book(session: Session, *, start: dt.date, end: dt.date,
              account_code: str | None = None) -> CashBook:
    """The book of one money account (by code) or of every cash and bank account."""
    q = select(Account).where(Account.kind.in_((KIND_CASH, KIND_BANK))).order_by(Account.code)
    if account_code is not None:
        q = q.where(Account.code == account_code)
    money = list(session.scalars(q))
    if not money:
        raise InvalidInput("There is no cash or bank account {code}.", code=account_code or "")
    before = {b.code: b.net_satang
              for b in account_balances(session, as_of=start - dt.timedelta(days=1))}
    original = aliased(JournalEntry)
    rows = session.execute(
        select(JournalLine.account_id, JournalEntry.id, JournalEntry.date,
               JournalEntry.voucher_no, JournalEntry.kind, JournalEntry.description,
               JournalEntry.counterpart, JournalEntry.evidence_ref, JournalEntry.state,
               original.voucher_no, func.sum(JournalLine.debit_satang),
               func.sum(JournalLine.credit_satang))
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .outerjoin(original, original.id == JournalEntry.reverses_id)
        .where(JournalEntry.date >= start, JournalEntry.date <= end,
               JournalLine.account_id.in_([a.id for a in money]))
        .group_by(JournalLine.account_id, JournalEntry.id)
        .order_by(JournalEntry.date, JournalEntry.id)).all()
    per_account: dict[int, list] = {a.id: [] for a in money}
    for row in rows:
        per_account[row[0]].append(row)
    books = []
    for a in money:
        balance = before.get(a.code, 0)
        out = []
        for (_acc, eid, day, voucher, kind, desc, counterpart, evidence, state, cancels,
             debit, credit) in per_account[a.id]:
            debit, credit = int(debit or 0), int(credit or 0)
            balance += debit - credit
            out.append(CashBookRow(eid, day, voucher, kind, desc, counterpart, evidence, debit,
                                   credit, balance, state == STATE_REVERSED, cancels))
        books.append(AccountBook(a.code, a.name_th, a.name_en, a.kind, before.get(a.code, 0),
                                 tuple(out)))
    return CashBook(start, end, tuple(books))


# ------------------------------------------------------------------ write side: entries

CASH_CODE = "11010"


class FieldError(InvalidInput):
    """Bad input in one field of a form: the screen shows the message under that field."""

    def __init__(self, message_id: str, /, *, field: str, **params: object) -> None:
        super().__init__(message_id, **params)
        self.field = field


class NeedsConfirmation(LedgerError):
    """A warning the user may accept: post again with `confirmed=True` to go ahead."""

    def __init__(self, message_id: str, /, **params: object) -> None:
        super().__init__(message_id, **params)
        self.field = "amount"


@dataclass(frozen=True)
class CashEntryDraft:
    """What the entry form holds: a receipt or a payment of cash or a bank account."""

    kind: str                      # "receipt" | "payment"
    date: dt.date | None
    category_code: str             # an income (4xxxx) or expense (5xxxx) account
    amount: Decimal | None
    money_code: str = CASH_CODE    # 11010 cash or a bank account
    counterpart: str = ""
    description: str = ""
    evidence_ref: str = ""


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name_th: str
    group: int


def categories(session: Session, *, kind: str | None = None) -> list[CategoryRow]:
    """Income accounts (for receipts) and expense accounts (for payments) a plain cash
    entry can use: active, without a member or loan dimension."""
    groups = {"receipt": (4,), "payment": (5,)}.get(kind or "", (4, 5))
    q = (select(Account).where(Account.account_group.in_(groups), Account.active.is_(True),
                               Account.subledger.is_(None)).order_by(Account.code))
    return [CategoryRow(a.code, a.name_th, a.account_group) for a in session.scalars(q)]


def balance_on(session: Session, *, code: str, day: dt.date) -> int:
    """The account's balance (debit side positive) at the end of `day`, in satang."""
    for b in account_balances(session, as_of=day):
        if b.code == code:
            return b.net_satang
    return 0


def _money_account(session: Session, code: str, field: str) -> Account:
    acc = session.scalar(select(Account).where(Account.code == code))
    if acc is None or acc.kind not in (KIND_CASH, KIND_BANK) or not acc.active:
        raise FieldError("Choose cash or one of the fund's bank accounts.", field=field)
    return acc


def _check_amount(amount: Decimal | None) -> Decimal:
    if amount is None:
        raise FieldError("Please type an amount.", field="amount")
    if amount == 0:
        raise FieldError("The amount must be more than zero.", field="amount")
    if amount < 0:
        raise FieldError("The amount cannot be negative.", field="amount")
    if amount > MAX_AMOUNT:
        raise FieldError("The amount is too large: at most 999,999,999.99 baht.", field="amount")
    return round_money(amount)


def _check_date(session: Session, day: dt.date | None) -> dt.date:
    if day is None:
        raise FieldError("Please type a date.", field="date")
    state = period_state(session, day)
    if state is None:
        raise FieldError("The date {date} is outside every fiscal year of this fund.",
                         field="date", date=format_date(day))
    if state != PERIOD_OPEN:
        raise FieldError("The month {month} is closed; entries dated in it cannot be posted "
                         "or changed.", field="date", month=format_month(day.year, day.month))
    return day


def check_draft(session: Session, draft: CashEntryDraft) -> Decimal:
    """Every field of the draft, in form order; raises FieldError at the first bad one."""
    _check_date(session, draft.date)
    if draft.kind not in ("receipt", "payment"):
        raise FieldError("Choose receipt or payment.", field="kind")
    cat = session.scalar(select(Account).where(Account.code == draft.category_code.strip()))
    if (cat is None or cat.account_group not in (4, 5) or cat.subledger is not None
            or not cat.active):
        raise FieldError("The category must be an income or expense account "
                         "(code 4xxxx or 5xxxx).", field="category")
    amount = _check_amount(draft.amount)
    _money_account(session, draft.money_code, "money")
    return amount


def cash_shortfall_warning(session: Session, *, day: dt.date, amount: Decimal) -> None:
    """The rule for a cash payment larger than the cash on hand (see NeedsConfirmation).

    Cash on hand is the book balance of 11010 at the end of the payment's day. Over it,
    the payment is refused when the bank accounts together cannot cover the shortfall
    either; when they can, it is a warning to confirm (money was drawn from the bank:
    record that withdrawal too).
    """
    on_hand = balance_on(session, code=CASH_CODE, day=day)
    need = to_satang(amount)
    if need <= on_hand:
        return
    banks = sum(b.net_satang for b in account_balances(session, as_of=day) if b.kind == KIND_BANK)
    if need - on_hand > banks:
        raise FieldError("The cash on hand is {cash} baht and the banks cannot cover the rest: "
                         "this payment cannot be made.", field="amount",
                         cash=format_amount(on_hand))
    raise NeedsConfirmation("The cash on hand on {date} is only {cash} baht. Was the rest "
                            "withdrawn from the bank? Post anyway?", date=format_date(day),
                            cash=format_amount(on_hand))


def post_cash_entry(session: Session, *, draft: CashEntryDraft, user: str,
                    confirmed: bool = False) -> PostedEntry:
    """Post a receipt (RV) or a payment (PV) of cash or of a bank account."""
    amount = check_draft(session, draft)
    day = draft.date
    assert day is not None
    if draft.kind == "payment" and draft.money_code == CASH_CODE and not confirmed:
        cash_shortfall_warning(session, day=day, amount=amount)
    elif draft.kind == "payment" and draft.money_code != CASH_CODE:
        # A passbook cannot be overdrawn: a bank payment over the balance is refused.
        held = balance_on(session, code=draft.money_code, day=day)
        if to_satang(amount) > held:
            name = session.scalar(select(Account.name_th).where(
                Account.code == draft.money_code)) or draft.money_code
            raise FieldError("{account} holds only {balance} baht on {date}.", field="amount",
                             account=name, balance=format_amount(held), date=format_date(day))
    cat = draft.category_code.strip()
    money, other = LineInput(draft.money_code, debit=amount), LineInput(cat, credit=amount)
    if draft.kind == "payment":
        money, other = LineInput(draft.money_code, credit=amount), LineInput(cat, debit=amount)
    description = draft.description.strip() or session.scalar(
        select(Account.name_th).where(Account.code == cat)) or cat
    return post_entry(session, kind=draft.kind, date=day, description=description,
                      lines=[money, other] if draft.kind == "receipt" else [other, money],
                      user=user, counterpart=draft.counterpart,
                      evidence_ref=draft.evidence_ref)


def post_bank_transfer(session: Session, *, date: dt.date | None, from_code: str, to_code: str,
                       amount: Decimal | None, user: str, description: str = "",
                       evidence_ref: str = "") -> PostedEntry:
    """Deposit cash to a bank, withdraw, or move money between banks (a TV voucher).

    The source cannot go below zero on that day: a passbook cannot be overdrawn and
    the cash box cannot give what it does not hold.
    """
    day = _check_date(session, date)
    src = _money_account(session, from_code, "from")
    dst = _money_account(session, to_code, "to")
    if src.id == dst.id:
        raise FieldError("Choose two different accounts.", field="to")
    value = _check_amount(amount)
    held = balance_on(session, code=src.code, day=day)
    if to_satang(value) > held:
        raise FieldError("{account} holds only {balance} baht on {date}.", field="amount",
                         account=src.name_th, balance=format_amount(held), date=format_date(day))
    if not description.strip():
        word = ("ฝากเงินสดเข้า" if src.kind == KIND_CASH else
                "ถอนเงินสดจาก" if dst.kind == KIND_CASH else "โอนเงินเข้า")
        description = f"{word}{(src if dst.kind == KIND_CASH else dst).name_th}"
    return post_entry(session, kind="transfer", date=day, description=description, user=user,
                      lines=[LineInput(dst.code, debit=value), LineInput(src.code, credit=value)],
                      evidence_ref=evidence_ref)


def cancel_and_redraft(session: Session, *, entry_id: int, date: dt.date, reason: str,
                       user: str) -> tuple[PostedEntry, CashEntryDraft]:
    """ยกเลิกและบันทึกใหม่: post the reversal and return the entry as a draft to correct."""
    original = get_entry(session, entry_id)
    reversal = reverse_entry(session, entry_id=entry_id, date=date, reason=reason, user=user)
    money = [ln for ln in original.lines if ln.account_code[:1] == "1"
             and _is_money(session, ln.account_code)]
    others = [ln for ln in original.lines if ln not in money]
    kind = original.kind if original.kind in ("receipt", "payment") else "payment"
    draft = CashEntryDraft(
        kind=kind, date=max(date, original.date),
        category_code=others[0].account_code if others else "",
        amount=Decimal(original.total_satang) / 100,
        money_code=money[0].account_code if money else CASH_CODE,
        counterpart=original.counterpart, description=original.description,
        evidence_ref=original.evidence_ref)
    return reversal, draft


def _is_money(session: Session, code: str) -> bool:
    return session.scalar(select(Account.kind).where(Account.code == code)) in (KIND_CASH,
                                                                              KIND_BANK)


def working_date_of(session: Session) -> dt.date:
    """The fund's working date (the default date of a new entry)."""
    from app.services.fund import working_date

    return working_date(session)
