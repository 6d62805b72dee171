"""What the loan page reads besides the balance: the schedule marked paid / partly paid /
late, each guarantor's exposure on open loans, the event log with its vouchers.

เงินกู้ฉุกเฉิน 6,000 baht paid out 15 ม.ค. 2568: six monthly instalments of 1,030 (1,000
principal + 30 interest: 6,000 × 6 % × 6/12 = 180 over six), due the 15th from ก.พ.
A payment of 1,500 on 15 ก.พ. covers instalment 1 (1,030) and 470 of instalment 2.
"""

from __future__ import annotations

import datetime as dt

from app.db import FundDb
from app.services import loan_facts, loans, repayments
from app.services.loan_rules import list_loan_types
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31021{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def setup(fund: FundDb) -> tuple[int, int]:
    with fund.write() as s:
        ids = [add_member(s, MemberInput(f, "ดีงาม", nid(i), dt.date(2025, 1, 2)), user=USER).id
               for i, f in enumerate(("แก้ว", "ทอง", "เงิน"), start=1)]
        post_member_movement(s, member_id=ids[0], code="21010", amount_satang=100_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user=USER)
        kinds = {t.code: t.id for t in list_loan_types(s)}
        small = loans.apply(s, member_id=ids[0], loan_type_id=kinds["emergency"],
                            amount_satang=6_000_00, day=DAY, user=USER, guarantor_ids=[ids[1]])
        loans.approve(s, loan_id=small.id, approver="chair", meeting_date=DAY,
                      meeting_no="1/2568", user=USER)
        loans.disburse(s, loan_id=small.id, day=DAY, user=USER)
        big = loans.apply(s, member_id=ids[2], loan_type_id=kinds["ordinary"],
                          amount_satang=40_000_00, day=DAY, user=USER,
                          guarantor_ids=[ids[1], ids[0]])
    return small.id, big.id


def test_schedule_states_follow_what_was_paid(fund: FundDb) -> None:
    small, _big = setup(fund)
    with fund.write() as s:
        repayments.repay(s, loan_id=small, day=dt.date(2025, 2, 15), amount_satang=1_500_00,
                         user=USER)
    with fund.read() as s:
        early = loan_facts.schedule_lines(s, small, as_of=dt.date(2025, 2, 20))
        late = loan_facts.schedule_lines(s, small, as_of=dt.date(2025, 4, 20))
    assert [(x.no, x.principal_satang, x.interest_satang, x.total_satang) for x in early[:2]] \
        == [(1, 1_000_00, 30_00, 1_030_00), (2, 1_000_00, 30_00, 1_030_00)]
    assert [x.balance_satang for x in early] == [5_000_00, 4_000_00, 3_000_00, 2_000_00,
                                                 1_000_00, 0]
    assert [x.state for x in early] == ["paid", "part", "", "", "", ""]
    assert [x.state for x in late] == ["paid", "late", "late", "", "", ""]


def test_exposure_counts_open_loans_only(fund: FundDb) -> None:
    small, big = setup(fund)
    with fund.read() as s:
        people = loan_facts.guarantors(s, big)
        assert [(g.name, g.share_satang, g.exposure_satang) for g in people] == [
            ("ทอง ดีงาม", 20_000_00, 26_000_00), ("แก้ว ดีงาม", 20_000_00, 20_000_00)]
        assert loan_facts.exposures(s, [2], leaving_out=big) == {2: 6_000_00}
    with fund.write() as s:
        loans.reject(s, loan_id=big, day=DAY, reason="วงเงินไม่พอ", user=USER)
        repayments.repay(s, loan_id=small, day=DAY, user=USER,
                         amount_satang=repayments.payoff_satang(s, loan_id=small, day=DAY))
    with fund.read() as s:
        assert loan_facts.exposures(s, [1, 2, 3]) == {1: 0, 2: 0, 3: 0}
        assert [x.state for x in loan_facts.schedule_lines(s, small, as_of=DAY)] == ["paid"] * 6
    assert loan_facts.guarantee_share(40_000_01, 2) == 20_000_00


def test_events_in_order_with_vouchers(fund: FundDb) -> None:
    small, big = setup(fund)
    with fund.read() as s:
        log = loan_facts.events(s, small)
        facts = loan_facts.contract(s, small)
    assert [(e.kind, e.voucher_no) for e in log] == [
        ("applied", ""), ("approved", ""), ("disbursed", "PV2568/0001")]
    assert (facts.approved_by, facts.meeting_no, facts.meeting_date) == (
        "ประธานกรรมการ", "1/2568", DAY)
    with fund.read() as s:
        assert loan_facts.schedule_lines(s, big, as_of=DAY) == []  # not paid out: none yet
