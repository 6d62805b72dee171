"""The member registry: validation with one clear Thai message, dictionary order,
status changes kept as history, nothing deleted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import InvalidInput, InvalidNationalId
from app.models.members import Member, MemberStatusChange
from app.services import households
from app.services.members import (
    MemberInput,
    add_member,
    change_status,
    find_member,
    list_members,
    status_history,
    update_member,
)
from app.thai import national_id_check_digit

USER = "bookkeeper"
JOIN = dt.date(2025, 1, 5)


def nid(n: int) -> str:
    """A valid national ID (check digit right) numbered n."""
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def person(first: str, last: str = "บุญเกิด", n: int = 1, **kw) -> MemberInput:  # noqa: ANN003
    return MemberInput(first_name=first, last_name=last, national_id=nid(n), join_date=JOIN, **kw)


def test_add_allocates_numbers_and_cleans_input(fund: FundDb) -> None:
    with fund.write() as s:
        a = add_member(s, person("  สมชาย ", n=1, title="นาย"), user=USER)
        b = add_member(s, MemberInput(first_name="มาลี", last_name="ใจดี",
                                      national_id=f"{nid(2)[0]}-{nid(2)[1:5]}-{nid(2)[5:10]}-"
                                                  f"{nid(2)[10:12]}-{nid(2)[12]}",
                                      join_date=JOIN), user=USER)
    assert (a.member_no, b.member_no) == ("0001", "0002")
    assert a.name == "นายสมชาย บุญเกิด" and b.national_id == nid(2)
    with fund.read() as s:
        assert find_member(s, "2").id == b.id


@pytest.mark.parametrize(("change", "message"), [
    ({"national_id": "3101700000010"}, "เลขตรวจสอบ"),
    ({"national_id": "12345"}, "13 หลัก"),
    ({"first_name": "  "}, "ชื่อ"),
    ({"birth_date": dt.date(2030, 1, 1)}, "วันเกิด"),
])
def test_bad_input_is_refused_with_one_thai_message(fund: FundDb, change: dict,
                                                    message: str) -> None:
    base = person("สมชาย", n=1).__dict__ | change
    with pytest.raises(InvalidInput) as err, fund.write() as s:
        add_member(s, MemberInput(**base), user=USER)
    assert message in str(err.value)
    with fund.read() as s:
        assert s.scalar(select(func.count(Member.id))) == 0


def test_a_national_id_is_registered_once(fund: FundDb) -> None:
    with fund.write() as s:
        add_member(s, person("สมชาย", n=1), user=USER)
    with pytest.raises(InvalidInput) as err, fund.write() as s:
        add_member(s, person("สมหญิง", n=1), user=USER)
    assert "0001" in str(err.value) and "ลงทะเบียน" in str(err.value)
    assert isinstance(InvalidNationalId(), InvalidInput)


def test_thai_dictionary_order_with_leading_vowels_and_ru_lu(fund: FundDb) -> None:
    names = ["ไพโรจน์", "เกษม", "แก้ว", "โชติ", "ใจดี", "ฤทธิ์", "ฦๅชา", "รัตนา", "ลำดวน",
             "กมล", "ขวัญ", "อุดม", "ฮานะ"]
    with fund.write() as s:
        for i, first in enumerate(names):
            add_member(s, person(first, n=i + 1), user=USER)
    with fund.read() as s:
        order = [m.first_name for m in list_members(s)]
    # เ แ โ ใ ไ do not count first; ฤ after ร, ฦ after ล.
    assert order == ["กมล", "เกษม", "แก้ว", "ขวัญ", "ใจดี", "โชติ", "ไพโรจน์", "รัตนา", "ฤทธิ์",
                     "ลำดวน", "ฦๅชา", "อุดม", "ฮานะ"]


def test_same_first_name_sorts_by_last_name(fund: FundDb) -> None:
    with fund.write() as s:
        add_member(s, person("สมชาย", "ใจดี", n=1), user=USER)
        add_member(s, person("สมชาย", "กองแก้ว", n=2), user=USER)
    with fund.read() as s:
        assert [m.last_name for m in list_members(s)] == ["กองแก้ว", "ใจดี"]


def test_status_changes_keep_history_and_delete_nothing(fund: FundDb) -> None:
    with fund.write() as s:
        m = add_member(s, person("สมชาย", n=1), user=USER)
        change_status(s, m.id, status="resigned", date=dt.date(2025, 3, 1),
                      reason="ย้ายไปอยู่ต่างจังหวัด", user=USER)
        change_status(s, m.id, status="active", date=dt.date(2025, 5, 1),
                      reason="กลับมาอยู่บ้าน", user=USER)
    with pytest.raises(InvalidInput), fund.write() as s:
        change_status(s, m.id, status="deceased", date=dt.date(2025, 6, 1), reason=" ",
                      user=USER)
    with fund.read() as s:
        history = status_history(s, m.id)
        assert [(h.from_value, h.to_value) for h in history] == [("active", "resigned"),
                                                                ("resigned", "active")]
        assert s.scalar(select(func.count(MemberStatusChange.id))) == 2
        assert [r.status for r in list_members(s, status="active")] == ["active"]


def test_edit_keeps_the_number_and_checks_the_id(fund: FundDb) -> None:
    with fund.write() as s:
        m = add_member(s, person("สมชาย", n=1), user=USER)
        add_member(s, person("มาลี", n=2), user=USER)
        row = update_member(s, m.id, person("สมชาย", "ใจงาม", n=1), user=USER)
    assert row.member_no == "0001" and row.last_name == "ใจงาม"
    with pytest.raises(InvalidInput), fund.write() as s:
        update_member(s, m.id, person("สมชาย", n=2), user=USER)


def test_households_group_members_with_a_head(fund: FundDb) -> None:
    with fund.write() as s:
        hid = households.find_or_create(s, house_no="32/1", moo="3", user=USER)
        assert households.find_or_create(s, house_no="32/1", moo="3", user=USER) == hid
        a = add_member(s, person("สมชาย", n=1, household_id=hid), user=USER)
        add_member(s, person("มาลี", n=2, household_id=hid), user=USER)
        households.set_head(s, household_id=hid, member_id=a.id, user=USER)
    with fund.read() as s:
        h = households.get_household(s, hid)
    assert h.head_member_id == a.id and len(h.member_ids) == 2
