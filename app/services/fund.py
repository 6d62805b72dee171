"""Fund setup: create a fund file, read its identity, the working date and settings.

The working date (วันที่ทำงาน) is the business date the bookkeeper is entering
records for. It is kept apart from the computer clock so that last week's paper
vouchers can be entered on their own dates, and so tests can replay years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import FundDb, create_fund_file
from app.errors import InvalidInput
from app.models.fund import Fund, Setting
from app.models.users import ROLE_BOOKKEEPER, ROLE_CHAIR, ROLES, User
from app.services import audit, chart, periods

DEFAULT_USER = "bookkeeper"
DEFAULT_CHAIR = "chair"


@dataclass(frozen=True)
class FundInfo:
    name: str
    code: str
    village_no: str
    village: str
    tambon: str
    amphoe: str
    province: str
    juristic_status: str
    fiscal_start_month: int


@dataclass(frozen=True)
class NewFund:
    """What the first-run dialog and `kongtun init` ask for."""

    name: str
    code: str
    village_no: str
    village: str
    tambon: str
    amphoe: str
    province: str
    fiscal_start_month: int = 1

    def validate(self) -> None:
        for label, value in (("fund name", self.name), ("fund code", self.code),
                             ("village no.", self.village_no), ("village", self.village),
                             ("tambon", self.tambon), ("amphoe", self.amphoe),
                             ("province", self.province)):
            if not value.strip():
                raise InvalidInput("Please fill in the {field}.", field=_field_name(label))
        if not 1 <= self.fiscal_start_month <= 12:
            raise InvalidInput("The fiscal year start month must be 1 to 12.")


def _field_name(label: str) -> str:
    from app.i18n import gettext

    return gettext(label)


def create_fund(path: Path | str, new: NewFund, *, working_date: dt.date | None = None,
                lock: bool = True) -> FundDb:
    """Create a fund file with the default chart, users and the current fiscal year."""
    new.validate()
    day = working_date or dt.date.today()
    db = create_fund_file(path, lock=lock)
    try:
        with db.write() as s:
            s.add(Fund(name=new.name.strip(), code=new.code.strip(),
                       village_no=new.village_no.strip(), village=new.village.strip(),
                       tambon=new.tambon.strip(), amphoe=new.amphoe.strip(),
                       province=new.province.strip(), juristic_status="",
                       fiscal_start_month=new.fiscal_start_month, created_at=audit.now()))
            s.add(User(username=DEFAULT_USER, display_name="ผู้ทำบัญชี", role=ROLE_BOOKKEEPER,
                       active=True))
            s.add(User(username=DEFAULT_CHAIR, display_name="ประธานกรรมการ", role=ROLE_CHAIR,
                       active=True))
            s.flush()
            chart.install_default_chart(s)
            set_setting(s, "working_date", day.isoformat())
            periods.open_fiscal_year(s, containing=day, user=DEFAULT_USER)
            audit.record(s, user=DEFAULT_USER, action="create_fund", target=new.code.strip())
    except BaseException:
        db.close()
        for p in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        raise
    return db


def fund_info(session: Session) -> FundInfo:
    f = session.scalars(select(Fund)).one()
    return FundInfo(f.name, f.code, f.village_no, f.village, f.tambon, f.amphoe, f.province,
                    f.juristic_status, f.fiscal_start_month)


def get_setting(session: Session, key: str, default: str | None = None) -> str | None:
    s = session.get(Setting, key)
    return default if s is None else s.value


def set_setting(session: Session, key: str, value: str) -> None:
    s = session.get(Setting, key)
    if s is None:
        session.add(Setting(key=key, value=value))
    else:
        s.value = value


def working_date(session: Session) -> dt.date:
    value = get_setting(session, "working_date")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def set_working_date(session: Session, *, day: dt.date, user: str) -> None:
    set_setting(session, "working_date", day.isoformat())
    audit.record(session, user=user, action="set_working_date", target=day.isoformat())


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    role: str
    active: bool


def list_users(session: Session) -> list[UserRow]:
    return [UserRow(u.username, u.display_name, u.role, u.active)
            for u in session.scalars(select(User).order_by(User.id))]


def get_user(session: Session, username: str) -> UserRow:
    u = audit.require_role(session, username)
    return UserRow(u.username, u.display_name, u.role, u.active)


def add_user(session: Session, *, username: str, display_name: str, role: str,
             user: str) -> UserRow:
    if role not in ROLES:
        raise InvalidInput("Unknown role {role}.", role=role)
    if not username.strip() or not display_name.strip():
        raise InvalidInput("Please type the user name and the person's name.")
    if session.scalar(select(User).where(User.username == username.strip())) is not None:
        raise InvalidInput("The user name {name} is already used.", name=username.strip())
    u = User(username=username.strip(), display_name=display_name.strip(), role=role, active=True)
    session.add(u)
    audit.record(session, user=user, action="add_user", target=u.username, detail=role)
    session.flush()
    return UserRow(u.username, u.display_name, u.role, u.active)
