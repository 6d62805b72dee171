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
