"""Savings (เงินสัจจะ): deposits, withdrawals and the monthly collection day.

A member's savings are their lines on 21010 เงินรับฝากสัจจะ. The monthly collection
(วันรับฝากเงินสัจจะ) is posted as ONE combined receipt voucher with one line per member:
the cash book then shows one line for the day's collection, equal to the cash counted
on the table, voucher numbers are not used up by the hundreds, and each member's
passbook still shows their own line (the member is a dimension of the line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.members import STATUS_ACTIVE, Member
from app.money import format_amount
from app.services import ledger
from app.services.ledger import LineInput, PostedEntry
from app.services.members import sort_key
from app.services.subledger import SAVINGS, member_balances, post_member_movement
from app.thai import format_month


def deposit(session: Session, *, member_id: int, amount_satang: int, date: dt.date, user: str,
            cash_account: str = "11010") -> PostedEntry:
    return post_member_movement(session, member_id=member_id, code=SAVINGS,
                                amount_satang=amount_satang, into_fund=True, date=date,
                                user=user, cash_account=cash_account, description="ฝากเงินสัจจะ")


def withdraw(session: Session, *, member_id: int, amount_satang: int, date: dt.date, user: str,
             cash_account: str = "11010") -> PostedEntry:
    held = member_balances(session, as_of=date, member_ids=[member_id])["savings"].get(member_id, 0)
    if amount_satang > held:
        raise InvalidInput("The member has only {amount} baht of savings.",
                           amount=format_amount(held))
    return post_member_movement(session, member_id=member_id, code=SAVINGS,
                                amount_satang=amount_satang, into_fund=False, date=date,
                                user=user, cash_account=cash_account, description="ถอนเงินสัจจะ")


@dataclass(frozen=True)
class CollectionRow:
    """One line of the collection grid: an active member and their usual saving."""

    member_id: int
    member_no: str
    name: str
    house_no: str
    usual_satang: int
    savings_satang: int


def collection_sheet(session: Session, *, as_of: dt.date | None = None) -> list[CollectionRow]:
    """Every active member in dictionary order, prefilled with their usual saving."""
    from app.services.members import list_members

    rows = list_members(session, as_of=as_of, status=STATUS_ACTIVE)
    return [CollectionRow(r.id, r.member_no, r.name, r.house_no, r.monthly_saving_satang,
                          r.savings_satang) for r in sorted(rows, key=sort_key)]


def post_collection(session: Session, *, date: dt.date, amounts: Sequence[tuple[int, int]],
                    user: str, cash_account: str = "11010",
                    description: str = "") -> PostedEntry:
    """Post a collection day: amounts = (member id, satang); zeros are skipped."""
    paid = [(mid, s) for mid, s in amounts if s]
    if any(s < 0 for _, s in paid):
        raise InvalidInput("An amount on an entry line cannot be negative.")
    if not paid:
        raise InvalidInput("Nobody paid anything: there is nothing to post.")
    ids = [mid for mid, _ in paid]
    if len(set(ids)) != len(ids):
        raise InvalidInput("A member appears twice in the collection.")
    known = dict(session.execute(select(Member.id, Member.member_no).where(Member.id.in_(ids))).all())
    missing = [mid for mid in ids if mid not in known]
    if missing:
        raise InvalidInput("There is no member with id {id}.", id=missing[0])
    total = sum(s for _, s in paid)
    lines = [LineInput(cash_account, debit=Decimal(total).scaleb(-2))]
    lines += [LineInput(SAVINGS, credit=Decimal(s).scaleb(-2), member_id=mid,
                        memo="ฝากเงินสัจจะประจำเดือน") for mid, s in paid]
    desc = description or (f"รับฝากเงินสัจจะประจำเดือน{format_month(date.year, date.month)} "
                           f"({len(paid)} ราย)")
    return ledger.post_entry(session, kind="receipt", date=date, description=desc, lines=lines,
                             user=user, counterpart="สมาชิกกองทุน")
