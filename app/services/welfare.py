"""Welfare (สวัสดิการ): contributions per member, benefit payments, rights active/suspended.

Contributions (e.g. สัจจะวันละ 1 บาท, ฌาปนกิจ) are credits on 21020
เงินรับฝากสวัสดิการและฌาปนกิจ with the member as dimension and the scheme in the memo;
a benefit paid from that pool is a debit on 21020 with the member it was paid for. A
benefit is refused when the member's rights are suspended (the loans issue suspends
the rights of defaulters and their guarantors) or when the pool cannot pay it.
Suspension and reinstatement are kept in the member's status history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.members import FIELD_WELFARE, WELFARE_STATES, Member, MemberStatusChange
from app.money import format_amount
from app.services import audit
from app.services.ledger import PostedEntry
from app.services.subledger import WELFARE, account_member_total, passbook, post_member_movement

SCHEMES = ("สัจจะวันละ 1 บาท", "ฌาปนกิจ")


def contribute(session: Session, *, member_id: int, amount_satang: int, date: dt.date,
               user: str, scheme: str = SCHEMES[0], cash_account: str = "11010") -> PostedEntry:
    if not scheme.strip():
        raise InvalidInput("Please name the welfare scheme.")
    return post_member_movement(session, member_id=member_id, code=WELFARE,
                                amount_satang=amount_satang, into_fund=True, date=date,
                                user=user, cash_account=cash_account,
                                description=f"รับเงินสมทบสวัสดิการ {scheme.strip()}")


def pay_benefit(session: Session, *, member_id: int, amount_satang: int, date: dt.date,
                user: str, reason: str, cash_account: str = "11010") -> PostedEntry:
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    if m.welfare != "active":
        raise InvalidInput("The welfare rights of this member are suspended.")
    if not reason.strip():
        raise InvalidInput("Please give the reason for the benefit.")
    pool = account_member_total(session, WELFARE, as_of=date)
    if amount_satang > pool:
        raise InvalidInput("The welfare fund holds only {amount} baht.", amount=format_amount(pool))
    return post_member_movement(session, member_id=member_id, code=WELFARE,
                                amount_satang=amount_satang, into_fund=False, date=date,
                                user=user, cash_account=cash_account,
                                description=f"จ่ายเงินสวัสดิการ {reason.strip()}")


def set_rights(session: Session, *, member_id: int, state: str, date: dt.date, reason: str,
               user: str) -> None:
    """Suspend or reinstate a member's welfare rights, with the reason kept."""
    if state not in WELFARE_STATES:
        raise InvalidInput("Unknown welfare state {state}.", state=state)
    if not reason.strip():
        raise InvalidInput("Please give the reason for the change of status.")
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    if m.welfare == state:
        raise InvalidInput("The member already has this status.")
    session.add(MemberStatusChange(member_id=m.id, field=FIELD_WELFARE, date=date,
                                   from_value=m.welfare, to_value=state, reason=reason.strip(),
                                   changed_by=user, changed_at=audit.now()))
    m.welfare = state
    session.flush()
    audit.record(session, user=user, action="welfare_rights", target=m.member_no, detail=state)


@dataclass(frozen=True)
class WelfareSummary:
    contributed_satang: int
    benefits_satang: int


def summary(session: Session, member_id: int, *, as_of: dt.date | None = None) -> WelfareSummary:
    lines = passbook(session, member_id=member_id, code=WELFARE, as_of=as_of)
    return WelfareSummary(sum(x.deposit_satang for x in lines),
                          sum(x.withdrawal_satang for x in lines))
