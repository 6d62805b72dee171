"""The summary's overdue figures, from the loan register: a fund with a late loan,
worked by hand, and the cases where the fund cannot say (then null, never 0)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.db import FundDb
from app.services import backup_format as fmt
from app.services import loans
from app.services.backup import create_backup, verify_backup
from app.services.backup_facts import overdue_rate, summary
from app.services.fund import set_working_date
from app.services.ledger import LineInput, post_entry
from app.services.loan_rules import list_loan_types
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit

USER = "bookkeeper"
LENT = dt.date(2025, 1, 15)
AS_OF = dt.date(2025, 4, 20)
# Hand-worked: an emergency loan of 6,000 baht (flat 6 %, 6 monthly instalments of
# 1,000 + 30) paid out on 15 Jan 2568 and never repaid is, on 20 Apr 2568, 64 days past
# due with the instalments of 15 Feb, 15 Mar and 15 Apr unpaid: 3 × 1,030 = 3,090 baht.
# An ordinary loan of 20,000 baht (lump sum after 12 months) is not due yet.
# Loans outstanding 26,000 baht: overdue rate 3,090 / 26,000 = 11.884… → 11.88 %;
# PAR 30: the late loan's whole principal 6,000 / 26,000 = 23.076… → 23.08 %.
LATE_LOAN_OVERDUE = {"amount_satang": 3_090_00, "rate_percent": "11.88", "loans_past_due": 1,
                     "par30_percent": "23.08", "par30_satang": 6_000_00}


def _nid(n: int) -> str:
    first12 = f"31018{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def late_loan_fund(db: FundDb) -> None:
    """Three members, 200,000 baht of savings, the two loans above; working date 20 Apr 2568."""
    with db.write() as s:
        ids = [add_member(s, MemberInput(name, "ใจดี", _nid(i), dt.date(2025, 1, 2)), user=USER).id
               for i, name in enumerate(("สมชาย", "สมหญิง", "มานะ"), start=1)]
        post_member_movement(s, member_id=ids[0], code="21010", amount_satang=200_000_00,
                             into_fund=True, date=LENT, description="ฝาก", user=USER)
        types = {t.code: t.id for t in list_loan_types(s)}
        for member, kind, amount in ((ids[1], "ordinary", 20_000_00), (ids[2], "emergency", 6_000_00)):
            loan = loans.apply(s, member_id=member, loan_type_id=types[kind], amount_satang=amount,
                               day=LENT, user=USER)
            loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=LENT,
                          meeting_no="1/2568", user=USER)
            loans.disburse(s, loan_id=loan.id, day=LENT, user=USER)
        set_working_date(s, day=AS_OF, user=USER)


def test_a_late_loan_is_reported_as_worked_by_hand(fund: FundDb, tmp_path: Path) -> None:
    late_loan_fund(fund)
    with fund.read() as s:
        sm = summary(s)
        rows = loans.list_loans(s, as_of=AS_OF, open_only=True)
    assert sm["as_of"] == "2025-04-20" and sm["loans_outstanding"]["total"] == 26_000_00
    assert sm["overdue"] == LATE_LOAN_OVERDUE
    assert sm["overdue"]["amount_satang"] == sum(r.overdue_satang for r in rows)  # the register's
    assert [r.days_past_due for r in rows if r.days_past_due] == [64]
    # the file carries the same, as JSON integers and decimal strings, and verifies
    info = create_backup(fund, tmp_path / "late.kongtun-backup")
    with zipfile.ZipFile(info.path) as zf:
        assert json.loads(zf.read(fmt.SUMMARY))["overdue"] == LATE_LOAN_OVERDUE
    assert verify_backup(info.path).summary["overdue"] == LATE_LOAN_OVERDUE


def test_no_loans_at_all_is_zero_overdue_and_no_rate(fund: FundDb) -> None:
    with fund.read() as s:
        assert summary(s)["overdue"] == {"amount_satang": 0, "rate_percent": None,
                                         "loans_past_due": 0, "par30_percent": "0.00",
                                         "par30_satang": 0}


def test_loans_on_the_books_but_not_in_the_register_are_not_reported(fund: FundDb) -> None:
    with fund.write() as s:  # as older files did: a loan posted by hand, no register entry
        post_entry(s, kind="payment", date=LENT, description="จ่ายเงินกู้", user=USER,
                   lines=[LineInput("13010", debit=Decimal("5000"), loan_id=999),
                          LineInput("11010", credit=Decimal("5000"))])
    with fund.read() as s:
        sm = summary(s)
    assert sm["loans_outstanding"]["total"] == 5_000_00 and sm["overdue"] is None


@pytest.mark.parametrize("overdue, outstanding, rate", [
    (3_090_00, 26_000_00, "11.88"), (1, 3, "33.33"), (2, 3, "66.67"), (1, 8, "12.50"),
    (0, 5_000_00, "0.00"), (7_000_00, 7_000_00, "100.00"), (None, 5_000_00, None),
    (5_00, 0, None),
])
def test_the_overdue_rate(overdue: int | None, outstanding: int, rate: str | None) -> None:
    assert overdue_rate(overdue, outstanding) == (None if rate is None else Decimal(rate))


@given(st.integers(0, 10**12), st.integers(1, 10**12))
def test_the_rate_is_the_ratio_to_half_a_hundredth(overdue: int, outstanding: int) -> None:
    got = overdue_rate(overdue, outstanding)
    assert got is not None and got == got.quantize(Decimal("0.01"))
    assert abs(got - Decimal(overdue) * 100 / Decimal(outstanding)) <= Decimal("0.005")
