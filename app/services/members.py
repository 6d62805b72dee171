"""The member registry (ทะเบียนสมาชิก): add, edit, list, look up, change status.

Members are listed in Thai dictionary order of first name then last name
(`app.thai.thai_sort_key`: leading vowels เ แ โ ใ ไ do not count first). Member
numbers are allocated as 0001, 0002 ... (max + 1); national IDs are checked (13 digits,
check digit) and unique. A member is never deleted: resignation, death and expulsion
are status changes with a date and reason, kept in `MemberStatusChange`.

`list_members` returns plain rows with each member's shares and savings as of a date,
summed from the ledger's member lines (one grouped query), so the screen can keep
20,000 rows in memory and filter them as the user types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models.members import (
    FIELD_STATUS,
    STATUS_ACTIVE,
    STATUSES,
    Household,
    Member,
    MemberStatusChange,
)
from app.services import audit
from app.services.subledger import member_balances
from app.thai import normalize_national_id, thai_sort_key


@dataclass(frozen=True)
class MemberInput:
    """What the add/edit dialog and the import give for one member."""

    first_name: str
    last_name: str
    national_id: str
    join_date: dt.date
    title: str = ""
    birth_date: dt.date | None = None
    house_no: str = ""
    moo: str = ""
    phone: str = ""
    monthly_saving_satang: int = 0
    household_id: int | None = None
    member_no: str = ""  # empty: the next free number


@dataclass(frozen=True)
class MemberRow:
    """A member as lists, pages and prints show them (balances from the ledger)."""

    id: int
    member_no: str
    title: str
    first_name: str
    last_name: str
    national_id: str
    birth_date: dt.date | None
    house_no: str
    moo: str
    household_id: int | None
    phone: str
    join_date: dt.date
    status: str
    status_date: dt.date | None
    monthly_saving_satang: int
    welfare: str
    shares_satang: int = 0
    savings_satang: int = 0
    welfare_satang: int = 0

    @property
    def name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def active(self) -> bool:
        return self.status == STATUS_ACTIVE


@dataclass(frozen=True)
class StatusChangeRow:
    date: dt.date
    field: str
    from_value: str
    to_value: str
    reason: str
    changed_by: str


def sort_key(row: MemberRow) -> tuple:
    """Thai dictionary order: first name, then last name, then member no."""
    return thai_sort_key(row.first_name), thai_sort_key(row.last_name), row.member_no


def _row(m: Member, balances: dict[str, dict[int, int]] | None = None) -> MemberRow:
    b = balances or {}
    return MemberRow(
        m.id, m.member_no, m.title, m.first_name, m.last_name, m.national_id, m.birth_date,
        m.house_no, m.moo, m.household_id, m.phone, m.join_date, m.status, m.status_date,
        m.monthly_saving_satang, m.welfare,
        b.get("shares", {}).get(m.id, 0), b.get("savings", {}).get(m.id, 0),
        b.get("welfare", {}).get(m.id, 0))


def next_member_no(session: Session) -> str:
    numbers = [int(n) for n in session.scalars(select(Member.member_no)) if n.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def clean_member_no(text: str) -> str:
    """A typed member no.: digits are padded to 4 ("7" -> "0007"); other text kept."""
    text = "".join(text.split())
    return f"{int(text):04d}" if text.isdigit() else text


def clean_input(new: MemberInput) -> MemberInput:
    """The input cleaned and checked on its own, without the database (InvalidInput)."""
    first, last = " ".join(new.first_name.split()), " ".join(new.last_name.split())
    if not first:
        raise InvalidInput("Please type the member's first name.")
    nid = normalize_national_id(new.national_id)
    if new.birth_date and new.birth_date > new.join_date:
        raise InvalidInput("The birth date must come before the join date.")
    if new.monthly_saving_satang < 0:
        raise InvalidInput("The usual monthly saving cannot be negative.")
    return replace(new, first_name=first, last_name=last, national_id=nid,
                   member_no=clean_member_no(new.member_no), title=new.title.strip(),
                   house_no=new.house_no.strip(), moo=new.moo.strip(), phone=new.phone.strip())


def validate(session: Session, new: MemberInput, *, member_id: int | None = None) -> MemberInput:
    """The input cleaned and checked, against the registry too (raises InvalidInput)."""
    new = clean_input(new)
    other = session.scalar(select(Member).where(Member.national_id == new.national_id))
    if other is not None and other.id != member_id:
        raise InvalidInput("The national ID {number} is already registered to member {no} {name}.",
                           number=new.national_id, no=other.member_no,
                           name=f"{other.first_name} {other.last_name}")
    if new.household_id is not None and session.get(Household, new.household_id) is None:
        raise InvalidInput("There is no household number {id}.", id=new.household_id)
    if new.member_no:
        taken = session.scalar(select(Member.id).where(Member.member_no == new.member_no))
        if taken is not None and taken != member_id:
            raise InvalidInput("The member no. {no} is already used.", no=new.member_no)
    return new


def add_member(session: Session, new: MemberInput, *, user: str) -> MemberRow:
    """Register a new member (active from the join date)."""
    new = validate(session, new)
    m = Member(member_no=new.member_no or next_member_no(session), title=new.title,
               first_name=new.first_name, last_name=new.last_name,
               national_id=new.national_id, birth_date=new.birth_date, house_no=new.house_no,
               moo=new.moo, household_id=new.household_id, phone=new.phone,
               join_date=new.join_date, status=STATUS_ACTIVE, status_date=None,
               monthly_saving_satang=new.monthly_saving_satang, welfare="active")
    session.add(m)
    session.flush()
    audit.record(session, user=user, action="add_member", target=m.member_no)
    return _row(m)


def update_member(session: Session, member_id: int, new: MemberInput, *, user: str) -> MemberRow:
    """Correct a member's details (the member no. stays unless a new one is typed)."""
    m = _get(session, member_id)
    new = validate(session, new, member_id=member_id)
    for name in ("title", "first_name", "last_name", "national_id", "birth_date", "house_no",
                 "moo", "household_id", "phone", "join_date", "monthly_saving_satang"):
        setattr(m, name, getattr(new, name))
    if new.member_no:
        m.member_no = new.member_no
    session.flush()
    audit.record(session, user=user, action="edit_member", target=m.member_no)
    return _row(m)


def _get(session: Session, member_id: int) -> Member:
    m = session.get(Member, member_id)
    if m is None:
        raise InvalidInput("There is no member with id {id}.", id=member_id)
    return m


def get_member(session: Session, member_id: int, *, as_of: dt.date | None = None) -> MemberRow:
    m = _get(session, member_id)
    return _row(m, member_balances(session, as_of=as_of, member_ids=[member_id]))


def find_member(session: Session, member_no: str) -> MemberRow:
    """A member by member no. ("7" finds 0007)."""
    no = clean_member_no(member_no)
    m = session.scalar(select(Member).where(Member.member_no == no))
    if m is None:
        raise InvalidInput("There is no member no. {no}.", no=member_no.strip())
    return get_member(session, m.id)


def list_members(session: Session, *, as_of: dt.date | None = None,
                 status: str | None = None) -> list[MemberRow]:
    """Every member (or those with `status`) in Thai dictionary order, with balances."""
    q = select(Member)
    if status is not None:
        q = q.where(Member.status == status)
    balances = member_balances(session, as_of=as_of)
    return sorted((_row(m, balances) for m in session.scalars(q)), key=sort_key)


def member_count(session: Session) -> int:
    return session.scalar(select(func.count(Member.id))) or 0


def change_status(session: Session, member_id: int, *, status: str, date: dt.date,
                  reason: str, user: str) -> MemberRow:
    """Resign, record a death, expel (or reinstate): the change is kept in the history."""
    if status not in STATUSES:
        raise InvalidInput("Unknown member status {status}.", status=status)
    if not reason.strip():
        raise InvalidInput("Please give the reason for the change of status.")
    m = _get(session, member_id)
    if m.status == status:
        raise InvalidInput("The member already has this status.")
    if date < m.join_date:
        raise InvalidInput("The date of the change cannot be before the join date.")
    session.add(MemberStatusChange(member_id=m.id, field=FIELD_STATUS, date=date,
                                   from_value=m.status, to_value=status, reason=reason.strip(),
                                   changed_by=user, changed_at=audit.now()))
    m.status, m.status_date = status, date
    session.flush()
    audit.record(session, user=user, action="member_status", target=m.member_no, detail=status)
    return get_member(session, m.id)


def status_history(session: Session, member_id: int) -> list[StatusChangeRow]:
    q = (select(MemberStatusChange).where(MemberStatusChange.member_id == member_id)
         .order_by(MemberStatusChange.date, MemberStatusChange.id))
    return [StatusChangeRow(c.date, c.field, c.from_value, c.to_value, c.reason, c.changed_by)
            for c in session.scalars(q)]

