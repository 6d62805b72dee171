"""Member sub-ledgers: shares, savings and welfare per member, summed from journal lines.

Nothing here is stored: a member's shares are the credits minus debits of the lines
carrying the member's id on 32010 ทุนเรือนหุ้น, savings likewise on 21010 เงินรับฝากสัจจะ,
welfare contributions on 21020. So the registers agree with the general ledger by
construction, and `hledger` on the export's member sub-accounts agrees too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.ledger import Account, JournalEntry, JournalLine

SHARES, SAVINGS, WELFARE = "32010", "21010", "21020"
KINDS = {"shares": SHARES, "savings": SAVINGS, "welfare": WELFARE}


def member_balances(session: Session, *, as_of: dt.date | None = None,
                    member_ids: Sequence[int] | None = None) -> dict[str, dict[int, int]]:
    """{"shares"|"savings"|"welfare": {member id: balance in satang (credit side)}}."""
    codes = {code: kind for kind, code in KINDS.items()}
    q = (select(Account.code, JournalLine.member_id,
                func.sum(JournalLine.credit_satang - JournalLine.debit_satang))
         .join(Account, Account.id == JournalLine.account_id)
         .where(Account.code.in_(tuple(codes)), JournalLine.member_id.is_not(None))
         .group_by(Account.code, JournalLine.member_id))
    if as_of is not None:
        q = q.join(JournalEntry, JournalEntry.id == JournalLine.entry_id).where(
            JournalEntry.date <= as_of)
    if member_ids is not None:
        q = q.where(JournalLine.member_id.in_(list(member_ids)))
    out: dict[str, dict[int, int]] = {kind: {} for kind in KINDS}
    for code, member_id, balance in session.execute(q):
        out[codes[code]][member_id] = int(balance or 0)
    return out


@dataclass(frozen=True)
class PassbookLine:
    """One line of a member's passbook (สมุดคู่ฝาก): in, out and the running balance."""

    date: dt.date
    voucher_no: str
    description: str
    deposit_satang: int
    withdrawal_satang: int
    balance_satang: int
    cancelled: bool


def passbook(session: Session, *, member_id: int, code: str = SAVINGS,
             as_of: dt.date | None = None) -> list[PassbookLine]:
    """Every line of the member on `code` in date order, with a running balance."""
    q = (select(JournalEntry.date, JournalEntry.voucher_no, JournalEntry.description,
                JournalEntry.state, JournalLine.memo, JournalLine.debit_satang,
                JournalLine.credit_satang)
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .join(Account, Account.id == JournalLine.account_id)
         .where(Account.code == code, JournalLine.member_id == member_id)
         .order_by(JournalEntry.date, JournalEntry.id, JournalLine.id))
    if as_of is not None:
        q = q.where(JournalEntry.date <= as_of)
    out, balance = [], 0
    for date, voucher, desc, state, memo, debit, credit in session.execute(q):
        balance += credit - debit
        out.append(PassbookLine(date, voucher, memo or desc, credit, debit, balance,
                                state == "reversed"))
    return out


def account_member_total(session: Session, code: str, *, as_of: dt.date | None = None) -> int:
    """Σ credit − debit of every line on `code` (the general-ledger side of the check)."""
    q = (select(func.sum(JournalLine.credit_satang - JournalLine.debit_satang))
         .join(Account, Account.id == JournalLine.account_id).where(Account.code == code))
    if as_of is not None:
        q = q.join(JournalEntry, JournalEntry.id == JournalLine.entry_id).where(
            JournalEntry.date <= as_of)
    return int(session.scalar(q) or 0)


def post_member_movement(session: Session, *, member_id: int, code: str, amount_satang: int,
                         into_fund: bool, date: dt.date, description: str, user: str,
                         cash_account: str = "11010", extra: Sequence = (),
                         evidence_ref: str = ""):  # noqa: ANN201 - PostedEntry
    """Post money between a cash/bank account and a member's line on `code`.

    into_fund: a receipt (cash debit, member credit), else a payment (member debit).
    `extra` adds further LineInputs on the cash side's account (an entry fee, say).
    """
    from decimal import Decimal

    from app.errors import InvalidInput
    from app.models.members import Member
    from app.services import ledger
    from app.services.ledger import LineInput

    if amount_satang <= 0:
        raise InvalidInput("The amount must be more than zero.")
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    acc = session.scalar(select(Account).where(Account.code == cash_account))
    if acc is None or acc.kind not in ("cash", "bank"):
        raise InvalidInput("Please choose a cash or bank account.")
    amount = Decimal(amount_satang).scaleb(-2)
    member_line = LineInput(code, credit=amount, member_id=member_id, memo=description) \
        if into_fund else LineInput(code, debit=amount, member_id=member_id, memo=description)
    extra_total = sum((x.credit - x.debit for x in extra), Decimal(0))
    cash_amount = amount + extra_total if into_fund else amount - extra_total
    cash_line = LineInput(cash_account, debit=cash_amount) if into_fund \
        else LineInput(cash_account, credit=cash_amount)
    return ledger.post_entry(
        session, kind="receipt" if into_fund else "payment", date=date,
        description=description, lines=[cash_line, member_line, *extra], user=user,
        counterpart=f"{m.title}{m.first_name} {m.last_name} ({m.member_no})",
        evidence_ref=evidence_ref)
