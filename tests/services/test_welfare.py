"""Welfare schemes and enrolment, contributions per scheme, rights suspended/reinstated
(the call the loans issue makes), and households: head, moves kept in the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.db import FundDb
from app.errors import InvalidInput
from app.services import households, shares, welfare
from app.services.audit import recent
from app.services.members import MemberInput, add_member, get_member, status_history
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def people(fund: FundDb) -> list[int]:
    with fund.write() as s:
        ids = []
        for i, (first, house) in enumerate((("สมชาย", "12"), ("มาลี", "12"), ("เกษม", "14")), 1):
            mid = add_member(s, MemberInput(first, "ใจดี", nid(i), dt.date(2025, 1, 2),
                                            house_no=house, moo="3"), user=USER).id
            hid = households.find_or_create(s, house_no=house, moo="3", user=USER)
            get_member(s, mid)
            from app.models.members import Household, Member

            s.get(Member, mid).household_id = hid
            h = s.get(Household, hid)
            if h.head_member_id is None:
                h.head_member_id = mid
            ids.append(mid)
    return ids


def test_schemes_and_enrolment(fund: FundDb, people: list[int]) -> None:
    a, b, _c = people
    with fund.write() as s:
        assert welfare.schemes(s) == ["สัจจะวันละ 1 บาท", "ฌาปนกิจ"]
        welfare.add_scheme(s, name="  เกิด  แก่ ", user=USER)
        assert welfare.schemes(s)[-1] == "เกิด แก่"
        with pytest.raises(InvalidInput, match="มีอยู่แล้ว"):
            welfare.add_scheme(s, name="ฌาปนกิจ", user=USER)
        welfare.set_enrolment(s, member_id=a, scheme="ฌาปนกิจ", enrolled=True, user=USER)
        welfare.set_enrolment(s, member_id=a, scheme="ฌาปนกิจ", enrolled=True, user=USER)
        assert welfare.enrolled(s, "ฌาปนกิจ") == [a]
        # A contribution names its scheme and enrols the member in it.
        e = welfare.contribute(s, member_id=b, amount_satang=365_00, date=DAY, user=USER,
                               scheme="สัจจะวันละ 1 บาท")
        assert "สัจจะวันละ 1 บาท" in e.description
        welfare.contribute(s, member_id=a, amount_satang=100_00, date=DAY, user=USER,
                           scheme="ฌาปนกิจ")
        assert welfare.member_schemes(s, a) == ["ฌาปนกิจ"]
        assert welfare.member_schemes(s, b) == ["สัจจะวันละ 1 บาท"]
        with pytest.raises(InvalidInput, match="ไม่มีโครงการสวัสดิการ"):
            welfare.contribute(s, member_id=a, amount_satang=1_00, date=DAY, user=USER,
                               scheme="ไม่มีจริง")
        welfare.set_enrolment(s, member_id=a, scheme="ฌาปนกิจ", enrolled=False, user=USER)
        assert welfare.enrolled(s, "ฌาปนกิจ") == []
        assert welfare.summary(s, a).contributed_satang == 100_00
        assert {r.action for r in recent(s)} >= {"welfare_enrol", "welfare_leave",
                                                  "welfare_scheme"}


def test_rights_suspended_refuse_benefits_and_are_kept(fund: FundDb, people: list[int]) -> None:
    a = people[0]
    with fund.write() as s:
        welfare.contribute(s, member_id=a, amount_satang=1_000_00, date=DAY, user=USER)
        welfare.set_rights(s, member_id=a, state="suspended", date=DAY, user="loans",
                           reason="ผิดนัดชำระเงินกู้")
        with pytest.raises(InvalidInput, match="ระงับ"):
            welfare.pay_benefit(s, member_id=a, amount_satang=100_00, date=DAY, user=USER,
                                reason="เจ็บป่วย")
        with pytest.raises(InvalidInput):
            welfare.set_rights(s, member_id=a, state="suspended", date=DAY, user=USER,
                               reason="ซ้ำ")
        welfare.set_rights(s, member_id=a, state="active", date=DAY, user=USER,
                           reason="ชำระครบแล้ว")
        welfare.pay_benefit(s, member_id=a, amount_satang=100_00, date=DAY, user=USER,
                            reason="เจ็บป่วย")
        history = status_history(s, a)
        assert [(h.field, h.to_value, h.changed_by) for h in history] == [
            ("welfare", "suspended", "loans"), ("welfare", "active", USER)]


def test_head_and_moves_between_households(fund: FundDb, people: list[int]) -> None:
    a, b, c = people
    with fund.write() as s:
        h12 = get_member(s, a).household_id
        h14 = get_member(s, c).household_id
        assert households.get_household(s, h12).head_member_id == a
        households.set_head(s, household_id=h12, member_id=b, user=USER)
        assert households.get_household(s, h12).head_member_id == b
        with pytest.raises(InvalidInput):
            households.set_head(s, household_id=h12, member_id=c, user=USER)
        # The head moves out: the headship passes to the one who stays.
        assert households.move_member(s, member_id=b, household_id=h14, user=USER,
                                      reason="แต่งงาน") == h14
        assert households.get_household(s, h12).head_member_id == a
        assert households.get_household(s, h14).member_ids == (b, c) or \
            set(households.get_household(s, h14).member_ids) == {b, c}
        moved = get_member(s, b)
        assert (moved.house_no, moved.moo, moved.household_id) == ("14", "3", h14)
        with pytest.raises(InvalidInput):
            households.move_member(s, member_id=b, household_id=h14, user=USER)
        # To a house not yet known: the household is created and the member heads it.
        new = households.move_member(s, member_id=c, house_no="99/1", moo="3", user=USER)
        assert households.get_household(s, new).head_member_id == c
        assert households.get_household(s, h14).head_member_id == b
        # The last one out leaves a household without a head.
        households.move_member(s, member_id=a, household_id=new, user=USER)
        assert households.get_household(s, h12).head_member_id is None
        history = households.move_history(s, b)
        assert len(history) == 1 and history[0].detail == "12 หมู่ 3 → 14 หมู่ 3: แต่งงาน"


def test_share_rules_are_validated(fund: FundDb, people: list[int]) -> None:
    a = people[0]
    with fund.write() as s:
        with pytest.raises(InvalidInput, match="มากกว่าศูนย์"):
            shares.set_share_rules(s, price=Decimal(0), entry_fee=Decimal(50), user=USER)
        with pytest.raises(InvalidInput):
            shares.set_share_rules(s, price=Decimal("10.005"), entry_fee=Decimal(0), user=USER)
        shares.buy_shares(s, member_id=a, shares=3, date=DAY, user=USER, with_entry_fee=True)
        with pytest.raises(InvalidInput, match="1"):
            shares.set_share_rules(s, price=Decimal(200), entry_fee=Decimal(50), user=USER)
        shares.set_share_rules(s, price=Decimal(50), entry_fee=Decimal(20), user=USER)
        assert shares.share_rules(s) == shares.ShareRules(50_00, 20_00)
        assert shares.share_count(shares.shares_held(s, a), 50_00) == 6
