"""A household's debts here and to other funds, and the ๑ ครัวเรือน ๑ สัญญา table:
figures worked by hand, dated views, and each refusal in Thai with nothing changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import KongtunError
from app.models.loans import ExternalDebt
from app.services import household_debts as hd
from app.services import households, restructure
from tests.services.test_loans import USER, make_loan, people  # noqa: F401 - a fixture

JUL1, JUL20, AUG9, AUG10 = (dt.date(2025, 7, 1), dt.date(2025, 7, 20), dt.date(2025, 8, 9),
                            dt.date(2025, 8, 10))
FUND = "กองทุนหมู่บ้านหนองฮะ"


@pytest.fixture
def house(fund: FundDb, people: list[int]) -> dict[str, int]:  # noqa: F811
    """House 32/1: สมชาย (head) and สมหญิง; มานะ next door at 33. สมชาย owes กข.คจ. 8,000,
    สมหญิง the savings group 5,000 and ธ.ก.ส. 20,000 (cleared 20 Jul). In this fund:
    สมชาย 20,000 ordinary, สมหญิง 6,000 emergency (never repaid), มานะ 5,000."""
    a, b, c = people[:3]
    with fund.write() as s:
        hid = households.move_member(s, member_id=a, user=USER, house_no="32/1", moo="3")
        households.move_member(s, member_id=b, user=USER, household_id=hid)
        households.move_member(s, member_id=c, user=USER, house_no="33", moo="3")
        hd.add_external_debt(s, member_id=a, creditor=" กข.คจ. ", amount_satang=8_000_00,
                             as_of=JUL1, user=USER)
        hd.add_external_debt(s, member_id=b, creditor="กลุ่มออมทรัพย์", amount_satang=5_000_00,
                             as_of=JUL1, user=USER, note="สำรวจหนี้ครัวเรือน")
        bank = hd.add_external_debt(s, member_id=b, creditor="ธ.ก.ส.", amount_satang=20_000_00,
                                    as_of=JUL1, user=USER)
        hd.add_external_debt(s, member_id=c, creditor="ธ.ก.ส.", amount_satang=9_000_00,
                             as_of=JUL1, user=USER)
        hd.clear_external_debt(s, debt_id=bank.id, day=JUL20, user=USER, reason="ชำระแล้ว")
    return dict(household=hid, a=a, b=b, c=c, loan_a=make_loan(fund, a, 20_000_00),
                loan_b=make_loan(fund, b, 6_000_00, kind="emergency"),
                loan_c=make_loan(fund, c, 5_000_00))


def test_household_position_worked_by_hand(fund: FundDb, house: dict[str, int]) -> None:
    with fund.read() as s:
        p = hd.household_position(s, household_id=house["household"], as_of=AUG10)
    assert (p.house_no, p.moo, [m.name for m in p.members]) == ("32/1", "3",
                                                                ["สมชาย ใจดี", "สมหญิง ใจดี"])
    a, b = p.members
    # สมชาย: 20,000 × 6 % × 7/12 (months begun 15 Jan -> 10 Aug) = 700.00
    assert [(x.loan_no, x.principal_satang, x.interest_satang, x.fine_satang) for x in a.loans] \
        == [("2568/0001", 20_000_00, 700_00, 0)]
    assert [(x.creditor, x.amount_satang) for x in a.external] == [("กข.คจ.", 8_000_00)]
    # สมหญิง: all six 30.00 instalments of interest due by 15 Jul = 180.00; late since
    # 15 Feb (176 days × 5.00 = 880.00, capped at 500.00); ธ.ก.ส. cleared on 20 Jul
    assert [(x.principal_satang, x.interest_satang, x.fine_satang) for x in b.loans] == [
        (6_000_00, 180_00, 500_00)]
    assert [(x.creditor, x.amount_satang) for x in b.external] == [("กลุ่มออมทรัพย์", 5_000_00)]
    assert (p.fund_satang, p.external_satang, p.total_satang) == (
        27_380_00, 13_000_00, 40_380_00)
    with fund.read() as s:  # on 10 Jul the ธ.ก.ส. debt was still owed
        early = hd.household_position(s, household_id=house["household"],
                                      as_of=dt.date(2025, 7, 10))
    assert early.external_satang == 33_000_00


def test_consolidation_and_the_seed_004_rows(fund: FundDb, house: dict[str, int]) -> None:
    with fund.write() as s:
        r = restructure.consolidate_household(
            s, household_id=house["household"], borrower_id=house["a"], day=AUG10, user=USER,
            approver="chair", meeting_date=AUG10, meeting_no="9/2568", rate_percent=D("6"),
            term_months=24, method="flat", pattern="monthly",
            waive_fine_reason="มติที่ประชุม ๑ ครัวเรือน ๑ สัญญา")
    # 20,000 + 700 + 6,000 + 180 (the 500.00 fine waived, not carried) = 26,880.00
    assert r.loan.amount_satang == 26_880_00
    with fund.read() as s:
        assert hd.consolidation_rows(s, as_of=AUG9) == []
        rows = hd.consolidation_rows(s, as_of=dt.date(2025, 8, 31))
        before = hd.household_position(s, household_id=house["household"], as_of=AUG9)
        after = hd.household_position(s, household_id=house["household"], as_of=AUG10)
    assert [(x.borrower, x.house_no, x.groups_text, x.total_debt_satang, x.lender,
             x.amount_satang) for x in rows] == [
        ("สมชาย ใจดี", "32/1", f"{FUND}/กข.คจ./กลุ่มออมทรัพย์", 26_880_00 + 13_000_00, FUND,
         26_880_00)]
    # the day before, the two old loans; that day, the one new contract
    assert [len(m.loans) for m in before.members] == [1, 1]
    assert [[(x.loan_no, x.principal_satang, x.interest_satang) for x in m.loans]
            for m in after.members] == [[("2568/0004", 26_880_00, 0)], []]
    assert after.total_satang == 26_880_00 + 13_000_00


def refused(fund: FundDb, fn: Callable) -> str:
    with fund.read() as s:
        before = [(d.id, d.cleared_on, d.note) for d in s.scalars(select(ExternalDebt))]
    with pytest.raises(KongtunError) as err, fund.write() as s:
        fn(s)
    with fund.read() as s:
        assert [(d.id, d.cleared_on, d.note) for d in s.scalars(select(ExternalDebt))] == before
    text = str(err.value)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in text), text
    return text


def test_refusals_in_thai_change_nothing(fund: FundDb, house: dict[str, int]) -> None:
    a = house["a"]

    def add(**kw):  # noqa: ANN202
        args = dict(member_id=a, creditor="กข.คจ.", amount_satang=1_000_00, as_of=JUL1)
        args.update(kw)
        return lambda s: hd.add_external_debt(s, user=USER, **args)

    refused(fund, add(member_id=999))                                   # no such member
    assert "ธ.ก.ส." in refused(fund, add(creditor="  "))               # no creditor
    assert "100" in refused(fund, add(creditor="ก" * 101))             # too long
    refused(fund, add(creditor=FUND))                                   # this fund itself
    refused(fund, add(amount_satang=0))
    refused(fund, add(amount_satang=-5_00))
    refused(fund, add(amount_satang=1_000_000_000_00))
    with fund.read() as s:
        cleared = [x for x in hd.list_external_debts(s) if x.cleared_on][0]
        open_one = hd.list_external_debts(s, member_ids=[a], as_of=AUG10)[0]
    refused(fund, lambda s: hd.clear_external_debt(s, debt_id=999, day=AUG10, user=USER))
    assert "20 ก.ค. 2568" in refused(fund, lambda s: hd.clear_external_debt(
        s, debt_id=cleared.id, day=AUG10, user=USER))                  # already cleared
    refused(fund, lambda s: hd.clear_external_debt(s, debt_id=open_one.id,
                                                   day=dt.date(2025, 6, 30), user=USER))
    with pytest.raises(KongtunError), fund.read() as s:
        hd.household_position(s, household_id=999, as_of=AUG10)
    with fund.read() as s:
        assert s.scalar(select(func.count(ExternalDebt.id))) == 4


def test_external_debts_listed_and_cleared(fund: FundDb, house: dict[str, int]) -> None:
    with fund.read() as s:
        every = hd.list_external_debts(s)
        open_now = hd.list_external_debts(s, as_of=AUG10)
        before = hd.list_external_debts(s, as_of=dt.date(2025, 6, 30))
    assert len(every) == 4 and len(open_now) == 3 and before == []
    bank = next(x for x in every if x.cleared_on)
    assert (bank.creditor, bank.cleared_on, bank.note) == ("ธ.ก.ส.", JUL20, "ชำระแล้ว")
    assert next(x for x in every if x.creditor == "กลุ่มออมทรัพย์").note == "สำรวจหนี้ครัวเรือน"


def test_consolidation_takes_over_debts_elsewhere_as_in_seed_004(
        fund: FundDb, house: dict[str, int]) -> None:
    """The fund pays off สมชาย's 8,000 to กข.คจ. and สมหญิง's 5,000 to the savings group:
    the new contract is everything the household owes, 26,880 + 13,000 = 39,880.00."""
    from app.models.ledger import JournalEntry
    from app.services.balances import account_balances

    with fund.read() as s:
        owed = [d.id for d in hd.list_external_debts(s, as_of=AUG10)
                if d.member_id in (house["a"], house["b"])]
        cash = {b.code: b.net_satang for b in account_balances(s, as_of=AUG10)}["11010"]
    assert len(owed) == 2
    with fund.write() as s:
        r = restructure.consolidate_household(
            s, household_id=house["household"], borrower_id=house["a"], day=AUG10, user=USER,
            approver="chair", meeting_date=AUG10, meeting_no="9/2568", rate_percent=D("6"),
            term_months=36, method="flat", pattern="monthly", take_over=owed,
            waive_fine_reason="มติที่ประชุม ๑ ครัวเรือน ๑ สัญญา")
    assert r.loan.amount_satang == 39_880_00
    with fund.read() as s:
        entry = s.get(JournalEntry, r.entry.id)
        assert entry.kind == "payment" and entry.voucher_no.startswith("PV")
        gl = {b.code: b.net_satang for b in account_balances(s, as_of=AUG10)}
        assert cash - gl["11010"] == 13_000_00 and gl["13030"] == 39_880_00
        assert hd.list_external_debts(s, member_ids=[house["a"], house["b"]], as_of=AUG10) == []
        row, = hd.consolidation_rows(s, as_of=AUG10)
    # the groups owed still name the funds paid off; total debt = the new amount (seed 004)
    assert row.groups_text == f"{FUND}/กข.คจ./กลุ่มออมทรัพย์"
    assert row.total_debt_satang == row.amount_satang == 39_880_00


def test_taking_over_debts_is_refused_when_it_cannot_be_done(
        fund: FundDb, house: dict[str, int]) -> None:
    with fund.read() as s:
        debts = {d.member_id: d.id for d in hd.list_external_debts(s, as_of=AUG10)}

    def consolidate(take_over, **kw):  # noqa: ANN001, ANN202
        args = dict(household_id=house["household"], borrower_id=house["a"], day=AUG10,
                    user=USER, approver="chair", meeting_date=AUG10, meeting_no="9/2568",
                    rate_percent=D("6"), term_months=24, method="flat", pattern="monthly",
                    waive_fine_reason="มติ", take_over=take_over)
        args.update(kw)
        return lambda s: restructure.consolidate_household(s, **args)

    refused(fund, consolidate([debts[house["c"]]]))        # next door's debt, not this house's
    # a bank account without the money, and an account that is not money at all
    assert "8,000.00" in refused(fund, consolidate([debts[house["a"]]], money_account="11020"))
    refused(fund, consolidate([debts[house["a"]]], money_account="41010"))
    with fund.read() as s:
        assert restructure.household_loan_ids(s, house["household"], AUG10)  # nothing closed
