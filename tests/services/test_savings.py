"""Savings: deposits, withdrawals, the collection day as one voucher, the passbook."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import InvalidInput
from app.models.ledger import JournalEntry
from app.services import savings
from app.services.members import MemberInput, add_member, change_status, get_member
from app.services.subledger import account_member_total, passbook
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def three(fund: FundDb) -> list[int]:
    with fund.write() as s:
        ids = [add_member(s, MemberInput(first, "ศรีสุข", nid(i), dt.date(2025, 1, 2),
                                         monthly_saving_satang=saving), user=USER).id
               for i, (first, saving) in enumerate((("สมชาย", 100_00), ("เกษม", 200_00),
                                                    ("มาลี", 50_00)), start=1)]
    return ids


def test_deposit_and_withdraw_with_a_running_balance(fund: FundDb, three: list[int]) -> None:
    a = three[0]
    with fund.write() as s:
        savings.deposit(s, member_id=a, amount_satang=500_00, date=DAY, user=USER)
        savings.deposit(s, member_id=a, amount_satang=250_50, date=dt.date(2025, 1, 20), user=USER)
        savings.withdraw(s, member_id=a, amount_satang=100_00, date=dt.date(2025, 1, 25),
                         user=USER)
    with pytest.raises(InvalidInput) as err, fund.write() as s:
        savings.withdraw(s, member_id=a, amount_satang=700_00, date=dt.date(2025, 1, 26),
                         user=USER)
    assert "650.50" in str(err.value)
    with fund.read() as s:
        book = passbook(s, member_id=a)
        assert [x.balance_satang for x in book] == [500_00, 750_50, 650_50]
        assert get_member(s, a).savings_satang == 650_50 == account_member_total(s, "21010")


def test_collection_sheet_lists_active_members_prefilled(fund: FundDb, three: list[int]) -> None:
    with fund.write() as s:
        change_status(s, three[2], status="resigned", date=DAY, reason="ลาออก", user=USER)
    with fund.read() as s:
        sheet = savings.collection_sheet(s)
    assert [(r.name, r.usual_satang) for r in sheet] == [("เกษม ศรีสุข", 200_00),
                                                         ("สมชาย ศรีสุข", 100_00)]


def test_collection_posts_one_voucher_with_member_lines(fund: FundDb, three: list[int]) -> None:
    with fund.write() as s:
        e = savings.post_collection(s, date=DAY, user=USER,
                                    amounts=[(three[0], 100_00), (three[1], 0),
                                             (three[2], 75_25)])
    assert e.voucher_no == "RV2568/0001" and "(2 ราย)" in e.description
    assert [(ln.account_code, ln.member_id) for ln in e.lines] == [
        ("11010", None), ("21010", three[0]), ("21010", three[2])]
    with fund.read() as s:
        assert s.scalar(select(func.count(JournalEntry.id))) == 1
        assert get_member(s, three[2]).savings_satang == 75_25


@pytest.mark.parametrize("amounts", [[], [(1, 0)], [(1, 100), (1, 100)], [(99, 100)],
                                     [(1, -100)]])
def test_bad_collections_change_nothing(fund: FundDb, three: list[int], amounts) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInput), fund.write() as s:
        savings.post_collection(s, date=DAY, user=USER, amounts=amounts)
    with fund.read() as s:
        assert s.scalar(select(func.count(JournalEntry.id))) == 0
