"""Shares and welfare: bought and refunded at the fund's price, posted with the member as
dimension; what the registry shows is the ledger's sub-ledger sum, and hledger agrees."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from app.db import FundDb
from app.errors import InvalidInput
from app.services import shares, welfare
from app.services.balances import trial_balance
from app.services.export import export_ledger
from app.services.members import MemberInput, add_member, get_member, list_members
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def two(fund: FundDb) -> tuple[int, int]:
    with fund.write() as s:
        a = add_member(s, MemberInput("สมชาย", "บุญเกิด", nid(1), dt.date(2025, 1, 2)), user=USER)
        b = add_member(s, MemberInput("มาลี", "ใจดี", nid(2), dt.date(2025, 1, 2)), user=USER)
    return a.id, b.id


def test_default_rules_and_buying_with_the_entry_fee(fund: FundDb, two: tuple[int, int]) -> None:
    a, _ = two
    with fund.write() as s:
        assert shares.share_rules(s) == shares.ShareRules(100_00, 100_00)
        e = shares.buy_shares(s, member_id=a, shares=5, date=DAY, user=USER, with_entry_fee=True)
    assert e.voucher_no.startswith("RV") and e.total_satang == 600_00
    by_code = {ln.account_code: ln for ln in e.lines}
    assert by_code["32010"].member_id == a and by_code["32010"].credit_satang == 500_00
    assert by_code["42010"].credit_satang == 100_00 and by_code["11010"].debit_satang == 600_00


def test_refund_is_limited_to_what_is_held(fund: FundDb, two: tuple[int, int]) -> None:
    a, b = two
    with fund.write() as s:
        shares.set_share_rules(s, price=Decimal("50"), entry_fee=Decimal("20"), user=USER)
        shares.buy_shares(s, member_id=a, shares=10, date=DAY, user=USER)
        shares.refund_shares(s, member_id=a, shares=4, date=DAY, user=USER)
    with pytest.raises(InvalidInput) as err, fund.write() as s:
        shares.refund_shares(s, member_id=a, shares=7, date=DAY, user=USER)
    assert "300.00" in str(err.value)
    with fund.read() as s:
        m = get_member(s, a)
        assert m.shares_satang == 300_00 and shares.share_count(m.shares_satang, 50_00) == 6
        assert get_member(s, b).shares_satang == 0


def test_welfare_contributions_benefits_and_suspension(fund: FundDb, two: tuple[int, int]) -> None:
    a, b = two
    with fund.write() as s:
        welfare.contribute(s, member_id=a, amount_satang=365_00, date=DAY, user=USER)
        welfare.contribute(s, member_id=b, amount_satang=365_00, date=DAY, user=USER,
                           scheme="ฌาปนกิจ")
        welfare.pay_benefit(s, member_id=a, amount_satang=500_00, date=DAY, user=USER,
                            reason="ค่ารักษาพยาบาล")
    with pytest.raises(InvalidInput), fund.write() as s:  # the pool holds 230 baht
        welfare.pay_benefit(s, member_id=b, amount_satang=300_00, date=DAY, user=USER,
                            reason="ค่ารักษาพยาบาล")
    with fund.write() as s:
        welfare.set_rights(s, member_id=b, state="suspended", date=DAY, user=USER,
                           reason="ผู้ค้ำประกันสัญญาค้างชำระ")
    with pytest.raises(InvalidInput) as err, fund.write() as s:
        welfare.pay_benefit(s, member_id=b, amount_satang=100_00, date=DAY, user=USER,
                            reason="ค่ารักษาพยาบาล")
    assert "ระงับ" in str(err.value)
    with fund.read() as s:
        assert welfare.summary(s, a) == welfare.WelfareSummary(365_00, 500_00)


def test_registry_equals_the_ledger_and_hledger(fund: FundDb, two: tuple[int, int],
                                                tmp_path: Path) -> None:
    a, b = two
    with fund.write() as s:
        shares.buy_shares(s, member_id=a, shares=3, date=DAY, user=USER)
        shares.buy_shares(s, member_id=b, shares=7, date=DAY, user=USER)
        shares.refund_shares(s, member_id=b, shares=2, date=dt.date(2025, 1, 20), user=USER)
    with fund.read() as s:
        rows = {m.member_no: m.shares_satang for m in list_members(s)}
        tb = {r.code: r.credit_satang - r.debit_satang for r in trial_balance(s, as_of=DAY.replace(day=31)).rows}
        journal = tmp_path / "f.journal"
        export_ledger(s, journal)
    assert rows == {"0001": 300_00, "0002": 500_00}
    assert sum(rows.values()) == tb["32010"]
    hledger = shutil.which("hledger")
    assert hledger
    out = subprocess.run([hledger, "-f", str(journal), "bal", "32010", "-O", "csv", "--flat"],
                         check=True, capture_output=True, text=True).stdout
    by_member = {acc.rsplit(":", 1)[-1]: -int(Decimal(v.replace("THB", "").replace(",", "")) * 100)
                 for acc, v in list(csv.reader(out.splitlines()))[1:] if acc != "total"}
    assert by_member == {"M0001": 300_00, "M0002": 500_00}
