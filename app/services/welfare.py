"""Welfare (สวัสดิการ): contributions per member, benefit payments, rights active/suspended.

Contributions (e.g. สัจจะวันละ 1 บาท, ฌาปนกิจ) are credits on 21020
เงินรับฝากสวัสดิการและฌาปนกิจ with the member as dimension and the scheme in the memo;
a benefit paid from that pool is a debit on 21020 with the member it was paid for. A
benefit is refused when the member's rights are suspended (the loans issue suspends
the rights of defaulters and their guarantors) or when the pool cannot pay it.
Suspension and reinstatement are kept in the member's status history.

Schemes and enrolment: the fund's schemes are the setting `welfare_schemes` (a JSON
list; default สัจจะวันละ 1 บาท and ฌาปนกิจ) and who is enrolled in which is the setting
`welfare_enrolment` ({scheme: [member ids]}), each change audited. They are settings,
not a table, so that no migration is needed while the loans issue adds its own; a
contribution to a scheme enrols the member in it if they were not yet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.members import FIELD_WELFARE, WELFARE_STATES, Member, MemberStatusChange
from app.money import format_amount
from app.services import audit, fund
from app.services.ledger import PostedEntry
from app.services.subledger import WELFARE, account_member_total, passbook, post_member_movement

SCHEMES = ("สัจจะวันละ 1 บาท", "ฌาปนกิจ")
SCHEMES_KEY, ENROLMENT_KEY = "welfare_schemes", "welfare_enrolment"


def schemes(session: Session) -> list[str]:
    """The fund's welfare schemes, in the order they were set up."""
    raw = fund.get_setting(session, SCHEMES_KEY, "")
    return list(json.loads(raw)) if raw else list(SCHEMES)


def add_scheme(session: Session, *, name: str, user: str) -> None:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Please name the welfare scheme.")
    known = schemes(session)
    if name in known:
        raise InvalidInput("The welfare scheme {name} already exists.", name=name)
    fund.set_setting(session, SCHEMES_KEY, json.dumps([*known, name], ensure_ascii=False))
    session.flush()
    audit.record(session, user=user, action="welfare_scheme", target=name)


def _enrolment(session: Session) -> dict[str, list[int]]:
    raw = fund.get_setting(session, ENROLMENT_KEY, "")
    return {k: list(v) for k, v in json.loads(raw).items()} if raw else {}


def _check_scheme(session: Session, scheme: str) -> str:
    scheme = " ".join(scheme.split())
    if not scheme:
        raise InvalidInput("Please name the welfare scheme.")
    if scheme not in schemes(session):
        raise InvalidInput("There is no welfare scheme called {name}.", name=scheme)
    return scheme


def enrolled(session: Session, scheme: str) -> list[int]:
    """The ids of the members enrolled in `scheme`."""
    return sorted(_enrolment(session).get(scheme, []))


def member_schemes(session: Session, member_id: int) -> list[str]:
    """The schemes the member is enrolled in, in the fund's order."""
    table = _enrolment(session)
    return [s for s in schemes(session) if member_id in table.get(s, ())]


def set_enrolment(session: Session, *, member_id: int, scheme: str, enrolled: bool,
                  user: str) -> None:
    """Enrol a member in a scheme, or take them off it (audited; idempotent)."""
    scheme = _check_scheme(session, scheme)
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    table = _enrolment(session)
    ids = set(table.get(scheme, []))
    if (member_id in ids) == enrolled:
        return
    ids.symmetric_difference_update({member_id})
    table[scheme] = sorted(ids)
    fund.set_setting(session, ENROLMENT_KEY, json.dumps(table, ensure_ascii=False,
                                                        separators=(",", ":")))
    session.flush()
    audit.record(session, user=user, action="welfare_enrol" if enrolled else "welfare_leave",
                 target=m.member_no, detail=scheme)


def contribute(session: Session, *, member_id: int, amount_satang: int, date: dt.date,
               user: str, scheme: str = SCHEMES[0], cash_account: str = "11010") -> PostedEntry:
    """A member's contribution to a scheme (which enrols them in it if needed)."""
    scheme = _check_scheme(session, scheme)
    set_enrolment(session, member_id=member_id, scheme=scheme, enrolled=True, user=user)
    return post_member_movement(session, member_id=member_id, code=WELFARE,
                                amount_satang=amount_satang, into_fund=True, date=date,
                                user=user, cash_account=cash_account,
                                description=f"รับเงินสมทบสวัสดิการ {scheme}")


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
