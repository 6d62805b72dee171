"""Households (ครัวเรือน): members grouped by house, with a head of household.

A household is a house number in a หมู่ที่. The loans issue's "one household, one
contract" (๑ ครัวเรือน ๑ สัญญา) program groups debts by it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.members import Household, Member
from app.services import audit


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    house_no: str
    moo: str
    head_member_id: int | None
    member_ids: tuple[int, ...]


def find_or_create(session: Session, *, house_no: str, moo: str, user: str) -> int:
    """The id of the household at this house (created when new)."""
    house_no, moo = house_no.strip(), moo.strip()
    if not house_no:
        raise InvalidInput("Please type the house no.")
    h = session.scalar(select(Household).where(Household.house_no == house_no,
                                               Household.moo == moo))
    if h is None:
        h = Household(house_no=house_no, moo=moo, head_member_id=None)
        session.add(h)
        session.flush()
        audit.record(session, user=user, action="add_household", target=f"{house_no}/{moo}")
    return h.id


def set_head(session: Session, *, household_id: int, member_id: int, user: str) -> None:
    h = session.get(Household, household_id)
    m = session.get(Member, member_id)
    if h is None or m is None:
        raise InvalidInput("There is no household number {id}.", id=household_id)
    if m.household_id != household_id:
        raise InvalidInput("The head of a household must be one of its members.")
    h.head_member_id = member_id
    audit.record(session, user=user, action="household_head", target=str(household_id))


def list_households(session: Session) -> list[HouseholdRow]:
    members: dict[int, list[int]] = {}
    for mid, hid in session.execute(select(Member.id, Member.household_id)
                                    .where(Member.household_id.is_not(None))):
        members.setdefault(hid, []).append(mid)
    return [HouseholdRow(h.id, h.house_no, h.moo, h.head_member_id, tuple(members.get(h.id, ())))
            for h in session.scalars(select(Household).order_by(Household.id))]


def get_household(session: Session, household_id: int) -> HouseholdRow:
    for h in list_households(session):
        if h.id == household_id:
            return h
    raise InvalidInput("There is no household number {id}.", id=household_id)


@dataclass(frozen=True)
class MoveRow:
    """One move of a member between households, as the audit log keeps it."""

    at: str
    user: str
    detail: str


def _label(h: Household | None) -> str:
    if h is None:
        return "-"
    return f"{h.house_no} หมู่ {h.moo}" if h.moo else h.house_no


def move_member(session: Session, *, member_id: int, user: str, reason: str = "",
                household_id: int | None = None, house_no: str = "", moo: str = "") -> int:
    """Move a member to another household (an existing one, or the one at house_no/moo,
    created when new). The member's house no. and moo follow the household. A head who
    leaves hands the headship to the household's first remaining member (by member no.);
    a member moving into a household without a head becomes its head. The move is kept
    in the audit log ("household_move", target the member no., from → to and reason).
    Returns the new household's id."""
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    if household_id is None:
        household_id = find_or_create(session, house_no=house_no, moo=moo, user=user)
    new = session.get(Household, household_id)
    if new is None:
        raise InvalidInput("There is no household number {id}.", id=household_id)
    if m.household_id == new.id:
        raise InvalidInput("The member is already in this household.")
    old = session.get(Household, m.household_id) if m.household_id else None
    m.household_id, m.house_no, m.moo = new.id, new.house_no, new.moo
    session.flush()
    if old is not None and old.head_member_id == m.id:
        rest = session.scalars(select(Member).where(Member.household_id == old.id)
                               .order_by(Member.member_no)).first()
        old.head_member_id = rest.id if rest is not None else None
    if new.head_member_id is None:
        new.head_member_id = m.id
    session.flush()
    detail = f"{_label(old)} → {_label(new)}"
    if reason.strip():
        detail += f": {reason.strip()}"
    audit.record(session, user=user, action="household_move", target=m.member_no, detail=detail)
    return new.id


def move_history(session: Session, member_id: int) -> list[MoveRow]:
    """The member's moves between households, oldest first (from the audit log)."""
    from app.models.users import AuditEvent

    m = session.get(Member, member_id)
    if m is None:
        return []
    q = (select(AuditEvent).where(AuditEvent.action == "household_move",
                                  AuditEvent.target == m.member_no).order_by(AuditEvent.id))
    return [MoveRow(e.at.strftime("%Y-%m-%d %H:%M"), e.username, e.detail)
            for e in session.scalars(q)]
