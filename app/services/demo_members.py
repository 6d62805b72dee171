"""The demo fund's members: registry rows, shares at joining, the monthly savings
collection, yearly welfare contributions, withdrawals, and the estate of a member who died.

`app.services.demo` calls these; everything a member owns is posted as journal lines
with the member as dimension, so the registry agrees with the ledger. Member attributes
(national ID, birth date, usual saving, phone) come from their own `random.Random`, keyed
by the seed and the member's place on the roster, so they never disturb the main
generator's sequence more than the postings themselves do. Deterministic throughout.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.models.members import Household, Member
from app.services import audit
from app.services.members import change_status
from app.thai import format_month, national_id_check_digit, to_be_year

SHARES, SAVINGS, WELFARE = "32010", "21010", "21020"
SHARE_PRICE = 100_00  # satang; the fund's rule, written to its settings
DAILY_WELFARE = 365_00  # สัจจะวันละ 1 บาท, paid once a year


@dataclass
class Registry:
    """What the generator knows of members: ids by roster index, their balances."""

    seed: int
    province: str  # 4 digits for national IDs (the fund code's province and amphoe)
    households: dict[tuple[str, str], int] = field(default_factory=dict)
    saving: dict[int, int] = field(default_factory=dict)     # usual monthly saving
    savings: dict[int, int] = field(default_factory=dict)    # balance per member id
    shares: dict[int, int] = field(default_factory=dict)
    welfare: set[int] = field(default_factory=set)           # members in the welfare scheme

    def attrs(self, index: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + index)


def member_id(index: int) -> int:
    """A roster index's member id (and member no. 0001 ...): ids follow the roster."""
    return index + 1


def national_id(province: str, index: int, rng: random.Random) -> str:
    first12 = f"3{province}{index:05d}{rng.randint(10, 99)}"
    return first12 + str(national_id_check_digit(first12))


def register(session: Session, reg: Registry, person, day: dt.date, user: str) -> int:  # noqa: ANN001
    """Insert the member for a roster person joining on `day` (and their household)."""
    rng = reg.attrs(person.index)
    house_no, _, moo = person.house.partition(" หมู่ที่ ")
    mid = member_id(person.index)
    key = (house_no, moo)
    new_house = key not in reg.households
    if new_house:
        reg.households[key] = session.execute(insert(Household).values(
            house_no=house_no, moo=moo, head_member_id=mid)).inserted_primary_key[0]
    saving = rng.choice((50, 100, 100, 100, 200, 200, 300, 500)) * 100
    birth = dt.date(rng.randint(1950, 1990), rng.randint(1, 12), rng.randint(1, 28))
    session.execute(insert(Member).values(
        id=mid, member_no=f"{mid:04d}", title=person.title, first_name=person.first,
        last_name=person.last, national_id=national_id(reg.province, person.index, rng),
        birth_date=birth, house_no=house_no, moo=moo, household_id=reg.households[key],
        phone=f"08{rng.randint(1, 9)}{rng.randint(0, 9_999_999):07d}", join_date=day,
        status="active", status_date=None, monthly_saving_satang=saving, welfare="active"))
    reg.saving[mid] = saving
    if rng.random() < 0.6:
        reg.welfare.add(mid)
    audit.record(session, user=user, action="add_member", target=f"{mid:04d}")
    return mid


def join_lines(reg: Registry, person, fee: int, cash: str) -> tuple[str, list[tuple]]:  # noqa: ANN001
    """The joining receipt: entry fee plus 1-10 shares."""
    mid = member_id(person.index)
    n = reg.attrs(person.index).choice((1, 2, 5, 5, 10))
    amount = n * SHARE_PRICE
    reg.shares[mid] = reg.shares.get(mid, 0) + amount
    desc = f"รับค่าธรรมเนียมแรกเข้า {person.name} และค่าหุ้น {n} หุ้น"
    return desc, [(cash, fee + amount, 0), ("42010", 0, fee), (SHARES, 0, amount, mid)]


def collection_lines(reg: Registry, rng: random.Random, active: list, cash: str) -> list[tuple]:
    """The collection day: most members pay their usual saving, some double, some miss."""
    lines: list[tuple] = []
    for p in active:
        mid = member_id(p.index)
        r = rng.random()
        if r < 0.08:
            continue
        amount = reg.saving[mid] * (2 if r > 0.97 else 1)
        reg.savings[mid] = reg.savings.get(mid, 0) + amount
        lines.append((SAVINGS, 0, amount, mid, "ฝากเงินสัจจะประจำเดือน"))
    total = sum(ln[2] for ln in lines)
    return [(cash, total, 0), *lines] if lines else []


def collection_description(year: int, month: int, count: int) -> str:
    return f"รับฝากเงินสัจจะประจำเดือน{format_month(year, month)} ({count} ราย)"


def welfare_lines(reg: Registry, active: list, cash: str) -> list[tuple]:
    lines = [(WELFARE, 0, DAILY_WELFARE, member_id(p.index), "สมทบสวัสดิการ สัจจะวันละ 1 บาท")
             for p in active
             if member_id(p.index) in reg.welfare]
    return [(cash, DAILY_WELFARE * len(lines), 0), *lines] if lines else []


def welfare_description(year: int) -> str:
    return f"รับเงินสมทบสวัสดิการ สัจจะวันละ 1 บาท ประจำปี {to_be_year(year)}"


def withdrawal(reg: Registry, rng: random.Random, person, cash: str) -> tuple[str, list] | None:  # noqa: ANN001
    """A member takes out part of their savings (never more than they have)."""
    mid = member_id(person.index)
    held = reg.savings.get(mid, 0)
    if held < 1_000_00:
        return None
    amount = min(held, rng.randrange(500, 3_001, 100) * 100)
    reg.savings[mid] = held - amount
    return f"ถอนเงินสัจจะ {person.name}", [(SAVINGS, amount, 0, mid), (cash, 0, amount)]


def estate(reg: Registry, person, cash: str) -> tuple[str, list] | None:  # noqa: ANN001
    """Pay a deceased member's savings and shares to the heirs."""
    mid = member_id(person.index)
    savings, shares = reg.savings.pop(mid, 0), reg.shares.pop(mid, 0)
    lines: list[tuple] = []
    if savings:
        lines.append((SAVINGS, savings, 0, mid))
    if shares:
        lines.append((SHARES, shares, 0, mid))
    if not lines:
        return None
    lines.append((cash, 0, savings + shares))
    return f"จ่ายคืนเงินสัจจะและค่าหุ้นแก่ทายาทของ{person.name}", lines


def record_death(session: Session, person, day: dt.date, user: str) -> None:  # noqa: ANN001
    change_status(session, member_id(person.index), status="deceased", date=day,
                  reason="ถึงแก่กรรม (จ่ายเงินสวัสดิการฌาปนกิจแล้ว)", user=user)
