"""Shares (หุ้น): buying and refunding at the fund's share price, the entry fee.

The share price and the entry fee are fund rules (settings `share_price`,
`entry_fee`, baht). Defaults: 100 baht a share (the common figure in village-fund
rules; the field notes name none) and a 100-baht entry fee (the demo fund's
choice between 50 and 100). A member's shares are the ledger's sum of their lines on
32010 ทุนเรือนหุ้น, counted as shares at the current price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.money import format_amount, from_satang, to_satang
from app.services import fund
from app.services.ledger import LineInput, PostedEntry
from app.services.subledger import SHARES, member_balances, post_member_movement

DEFAULT_SHARE_PRICE = "100"
DEFAULT_ENTRY_FEE = "100"
ENTRY_FEE_ACCOUNT = "42010"


@dataclass(frozen=True)
class ShareRules:
    price_satang: int
    entry_fee_satang: int


def share_rules(session: Session) -> ShareRules:
    price = fund.get_setting(session, "share_price", DEFAULT_SHARE_PRICE) or DEFAULT_SHARE_PRICE
    fee = fund.get_setting(session, "entry_fee", DEFAULT_ENTRY_FEE) or DEFAULT_ENTRY_FEE
    return ShareRules(to_satang(price), to_satang(fee))


def set_share_rules(session: Session, *, price: Decimal, entry_fee: Decimal, user: str) -> None:
    if price <= 0 or entry_fee < 0:
        raise InvalidInput("The share price must be more than zero and the fee not negative.")
    if price != price.quantize(Decimal("0.01")) or entry_fee != entry_fee.quantize(Decimal("0.01")):
        raise InvalidInput("An amount cannot have more than 2 decimal places.")
    new_price = to_satang(str(price))
    if new_price != share_rules(session).price_satang:
        held = member_balances(session)["shares"]
        odd = sum(1 for v in held.values() if v % new_price)
        if odd:
            raise InvalidInput("{count} members hold shares that are not a whole number of "
                               "shares at {price} baht.", count=odd, price=format_amount(new_price))
    fund.set_setting(session, "share_price", str(price))
    fund.set_setting(session, "entry_fee", str(entry_fee))
    from app.services import audit

    audit.record(session, user=user, action="share_rules", detail=f"{price} {entry_fee}")


def shares_held(session: Session, member_id: int, *, as_of: dt.date | None = None) -> int:
    """The member's share capital in satang (from the ledger)."""
    return member_balances(session, as_of=as_of, member_ids=[member_id])["shares"].get(member_id, 0)


def share_count(balance_satang: int, price_satang: int) -> int:
    return balance_satang // price_satang if price_satang else 0


def buy_shares(session: Session, *, member_id: int, shares: int, date: dt.date, user: str,
               with_entry_fee: bool = False, cash_account: str = "11010") -> PostedEntry:
    """A member buys `shares` shares (and pays the entry fee when joining): one receipt."""
    if shares <= 0:
        raise InvalidInput("The number of shares must be at least 1.")
    rules = share_rules(session)
    extra = []
    if with_entry_fee and rules.entry_fee_satang:
        extra.append(LineInput(ENTRY_FEE_ACCOUNT, credit=from_satang(rules.entry_fee_satang),
                               member_id=None, memo="ค่าธรรมเนียมแรกเข้า"))
    desc = f"รับค่าหุ้น {shares} หุ้น หุ้นละ {format_amount(rules.price_satang)} บาท"
    if extra:
        desc += " และค่าธรรมเนียมแรกเข้า"
    return post_member_movement(session, member_id=member_id, code=SHARES,
                                amount_satang=shares * rules.price_satang, into_fund=True,
                                date=date, description=desc, user=user,
                                cash_account=cash_account, extra=extra)


def refund_shares(session: Session, *, member_id: int, shares: int, date: dt.date, user: str,
                  cash_account: str = "11010") -> PostedEntry:
    """Pay back `shares` shares at the current price (refused beyond what is held)."""
    if shares <= 0:
        raise InvalidInput("The number of shares must be at least 1.")
    rules = share_rules(session)
    amount = shares * rules.price_satang
    held = shares_held(session, member_id, as_of=date)
    if amount > held:
        raise InvalidInput("The member holds only {amount} baht of shares.",
                           amount=format_amount(held))
    return post_member_movement(session, member_id=member_id, code=SHARES, amount_satang=amount,
                                into_fund=False, date=date, user=user, cash_account=cash_account,
                                description=f"จ่ายคืนค่าหุ้น {shares} หุ้น")
