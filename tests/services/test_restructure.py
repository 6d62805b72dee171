"""Restructuring (ประนอมหนี้), renewal (ต่อสัญญา) and the household consolidation
(๑ ครัวเรือน ๑ สัญญา): the old loans closed by one JV into a new contract that carries
their principal and accrued interest exactly, figures worked by hand; each refusal in
Thai with nothing changed; Hypothesis: principal + accrued interest is conserved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.db import FundDb
from app.models.loans import Loan, LoanEvent
from app.money import to_satang
from app.services import households, loans, repayments, restructure
from app.services.arrears import ledger_sums
from app.services.balances import account_balances, trial_balance
from app.services.check import check_ledger
from app.services.loan_rules import LoanTypeRow, RateWarning, save_loan_type
from app.services.periods import close_period
from app.services.schedule import interest_accrued
from tests.services.test_loans import (  # noqa: F401 - people is a fixture
    DAY,
    USER,
    make_loan,
    people,
    refused,
    types,
)

AUG10 = dt.date(2025, 8, 10)
MEETING = dict(approver="chair", meeting_date=dt.date(2025, 8, 5), meeting_no="8/2568")
TERMS = dict(rate_percent=D("5"), term_months=12, method="flat", pattern="lump_sum")


def declining_type(fund: FundDb) -> int:
    """เงินกู้ลดต้นลดดอก: 12 % a year on the balance, 12 monthly instalments, no fine."""
    with fund.write() as s:
        return save_loan_type(s, LoanTypeRow(0, "declining", "เงินกู้ลดต้นลดดอก", "13010",
                                             50_000_00, "declining", D("12"), 12, "monthly",
                                             "*=0", 50_000_00, 0, 0, True), user=USER).id


def ledger_of(fund: FundDb, day: dt.date) -> dict[str, int]:
    with fund.read() as s:
        return {b.code: b.net_satang for b in account_balances(s, as_of=day)}


# --------------------------------------------------------------- hand-worked figures

# (loan, disbursed 15 Jan 2025, payments, restructured on) -> principal, interest carried
#  a: 20,000 ordinary flat 6 % lump sum; 10 Aug: months begun 15 Jan -> 10 Aug = 7
#     (Feb … Jul 15 are six whole months, the seventh has begun): 20,000 × 6 % × 7/12 = 700.00
#  b: the same loan restructured on its first day: nothing accrued yet
#  c: 6,000 emergency flat 6 % 6 × monthly (1,000 + 30.00 a month); instalment 1 paid on
#     15 Feb (1,030.00); on 20 Apr: 30 × 3 due (Feb, Mar, Apr) + 30 of the month begun
#     = 120.00 accrued, 30.00 paid -> 90.00; principal 5,000.00 (fine 36 days × 5 = 180.00,
#     waived)
#  d: 12,000 declining 12 % 12 × monthly: 1,000 principal a month, interest 1 % of the
#     balance: 120.00 due 15 Feb, then 110.00 for 15 Feb -> 15 Mar, begun on 1 Mar:
#     230.00 accrued; principal 12,000.00
CASES = [
    ("a", "ordinary", 20_000_00, (), AUG10, 20_000_00, 700_00),
    ("b", "ordinary", 20_000_00, (), DAY, 20_000_00, 0),
    ("c", "emergency", 6_000_00, ((dt.date(2025, 2, 15), 1_030_00),), dt.date(2025, 4, 20),
     5_000_00, 90_00),
    ("d", "declining", 12_000_00, (), dt.date(2025, 3, 1), 12_000_00, 230_00),
]


@pytest.mark.parametrize(("case", "kind", "amount", "payments", "day", "principal", "interest"),
                         CASES, ids=[c[0] for c in CASES])
def test_new_contract_carries_principal_and_accrued_interest(
        fund: FundDb, people: list[int], case: str, kind: str, amount: int,  # noqa: F811
        payments: tuple, day: dt.date, principal: int, interest: int) -> None:
    if kind == "declining":
        declining_type(fund)
    loan_id = make_loan(fund, people[1], amount, kind=kind)
    with fund.write() as s:
        for when, paid in payments:
            repayments.repay(s, loan_id=loan_id, day=when, amount_satang=paid, user=USER)
        r = restructure.restructure(
            s, loan_ids=[loan_id], borrower_id=people[1], day=day, user=USER,
            approver="chair", meeting_date=day, meeting_no="5/2568",
            waive_fine_reason="คณะกรรมการให้งดค่าปรับ", **TERMS)
    assert (r.plan.principal_satang, r.plan.interest_satang) == (principal, interest)
    assert r.loan.amount_satang == r.loan.principal_satang == principal + interest
    gl = ledger_of(fund, day)
    with fund.read() as s:
        assert trial_balance(s, as_of=day).balanced and check_ledger(s) == []
        sums = ledger_sums(s, as_of=day)
        assert sums[loan_id].principal_satang == 0
        assert sums[r.loan.id].principal_satang == principal + interest
        assert gl.get("13030", 0) == principal + interest
        register = sum(x.principal_satang for x in loans.list_loans(s, as_of=day))
        assert register == sum(gl.get(c, 0) for c in ("13010", "13020", "13030"))


def test_the_jv_and_the_links_of_a_restructuring(fund: FundDb, people: list[int]) -> None:  # noqa: F811
    a, b, c = people[:3]
    old = make_loan(fund, a, 40_000_00, guarantors=(b, c))
    with fund.write() as s:
        r = restructure.restructure(s, loan_ids=[old], borrower_id=a, day=AUG10, user=USER,
                                    reason="ประสบภัยแล้ง ผลผลิตเสียหาย", **MEETING, **TERMS)
    # 40,000 × 6 % × 7/12 = 1,400.00 accrued: the new contract is 41,400.00
    e = r.entry
    assert e.voucher_no.startswith("JV") and e.date == AUG10
    assert [(ln.account_code, ln.debit_satang, ln.credit_satang, ln.loan_id, ln.member_id)
            for ln in e.lines] == [
        ("13030", 41_400_00, 0, r.loan.id, a),
        ("13010", 0, 40_000_00, old, a),
        ("41010", 0, 1_400_00, old, a)]
    assert r.loan.guarantors == ("สมหญิง ใจดี", "มานะ ใจดี")   # kept from the old loan
    with fund.read() as s:
        o, n = s.get(Loan, old), s.get(Loan, r.loan.id)
        assert (o.status, o.closed_on, o.replaced_by_id) == ("closed", AUG10, n.id)
        assert (n.status, n.origin, n.previous_loan_id, n.account_code) == (
            "active", "restructure", old, "13030")
        assert (n.approved_by, n.meeting_no, n.disbursed_on) == ("ประธานกรรมการ", "8/2568",
                                                                 AUG10)
        assert n.loan_no == "2568/0002" and n.amount_satang == 41_400_00
        events = {(x.loan_id, x.kind): x for x in s.scalars(select(LoanEvent))}
        moved = events[(old, "transferred")]
        assert moved.amount_satang == 41_400_00 and "2568/0002" in moved.reason
        assert events[(n.id, "restructured")].entry_id == e.id
        assert "ประสบภัยแล้ง" in events[(n.id, "restructured")].reason
        # the new schedule starts on the day: 41,400 × 5 % = 2,070.00 on 10 Aug 2026
        sched = loans.loan_schedule(s, n.id)
        assert [(x.due, x.principal, x.interest) for x in sched] == [
            (dt.date(2026, 8, 10), D("41400.00"), D("2070.00"))]
        # the old loan's interest is earned (paid by capitalisation): nothing more is due
        assert ledger_sums(s)[old].interest_paid_satang == 1_400_00


def test_renewal_after_the_interest_is_paid_stays_on_its_account(
        fund: FundDb, people: list[int]) -> None:  # noqa: F811
    old = make_loan(fund, people[1], 20_000_00)
    day = dt.date(2026, 1, 15)
    with fund.write() as s:  # the year's interest (1,200.00) paid, the contract renewed
        repayments.repay(s, loan_id=old, day=day, amount_satang=1_200_00, user=USER)
        r = restructure.renew(s, loan_id=old, day=day, user=USER, approver="chair",
                              meeting_date=day, meeting_no="1/2569")
    assert r.plan.interest_satang == 0 and r.loan.amount_satang == 20_000_00
    assert [(ln.account_code, ln.debit_satang, ln.credit_satang) for ln in r.entry.lines] == [
        ("13010", 20_000_00, 0), ("13010", 0, 20_000_00)]
    with fund.read() as s:
        n = s.get(Loan, r.loan.id)
        assert (n.origin, n.account_code, n.rate_bp, n.term_months, n.pattern) == (
            "renewal", "13010", 600, 12, "lump_sum")
        assert n.loan_no == "2569/0001"
    assert ledger_of(fund, day).get("13010") == 20_000_00


def household(fund: FundDb, members: list[int], house_no: str) -> int:
    with fund.write() as s:
        hid = 0
        for m in members:
            hid = households.move_member(s, member_id=m, user=USER, house_no=house_no, moo="3")
    return hid


def test_household_loans_become_one_contract(fund: FundDb, people: list[int]) -> None:  # noqa: F811
    a, b, c = people[:3]
    hid = household(fund, [a, b], "32/1")
    household(fund, [c], "40")
    first = make_loan(fund, a, 20_000_00)                       # 700.00 accrued by 10 Aug
    second = make_loan(fund, b, 10_000_00, day=dt.date(2025, 3, 1))  # 6 months: 300.00
    other = make_loan(fund, c, 5_000_00)
    with fund.write() as s:
        assert restructure.household_loan_ids(s, hid, AUG10) == [first, second]
        r = restructure.consolidate_household(s, household_id=hid, borrower_id=b, day=AUG10,
                                              user=USER, **MEETING, rate_percent=D("6"),
                                              term_months=24, method="flat", pattern="monthly")
    assert r.loan.amount_satang == 20_000_00 + 700_00 + 10_000_00 + 300_00
    assert [(ln.account_code, ln.credit_satang, ln.loan_id, ln.member_id)
            for ln in r.entry.lines[1:]] == [("13010", 20_000_00, first, a),
                                             ("41010", 700_00, first, a),
                                             ("13010", 10_000_00, second, b),
                                             ("41010", 300_00, second, b)]
    assert r.loan.guarantors == ()
    with fund.read() as s:
        n = s.get(Loan, r.loan.id)
        assert (n.origin, n.member_id, n.previous_loan_id) == ("consolidation", b, first)
        assert s.get(Loan, second).replaced_by_id == n.id
        assert s.get(Loan, other).status == "active"
        assert len(loans.loan_schedule(s, n.id)) == 24


def test_refusals_in_thai_change_nothing(fund: FundDb, people: list[int]) -> None:  # noqa: F811
    a, b, c = people[:3]
    hid = household(fund, [a, b], "12")
    household(fund, [c], "13")
    loan_a = make_loan(fund, a, 20_000_00)
    loan_b = make_loan(fund, b, 6_000_00, kind="emergency")   # late from 16 Feb: fines
    loan_c = make_loan(fund, c, 5_000_00)

    def go(ids: list[int], borrower: int = a, day: dt.date = AUG10, **kw):  # noqa: ANN202
        args = dict(MEETING, **TERMS)
        args.update(kw)
        return lambda s: restructure.restructure(s, loan_ids=ids, borrower_id=borrower,
                                                 day=day, user=USER, **args)

    assert "เลือก" in refused(fund, go([]))                                  # empty list
    assert "2568/0001" in refused(fund, go([loan_a], day=dt.date(2025, 1, 10),
                                           meeting_date=dt.date(2025, 1, 10)))  # before paid out
    assert "2568/0003" in refused(fund, go([loan_a, loan_c]))                # another member
    assert "2568/0003" in refused(fund, go([loan_a, loan_c],
                                           origin="consolidation"))          # other household
    assert "2568/0002" in refused(fund, go([loan_b], borrower=b))            # fine not waived
    assert "เดือน" in refused(fund, go([loan_a], term_months=0))             # bad term
    refused(fund, go([loan_a], term_months=5, pattern="quarterly"))           # not whole periods
    refused(fund, go([loan_a], rate_percent=D("-1")))                        # negative rate
    assert "15" in refused(fund, go([loan_a], rate_percent=D("18")))         # over 15 %: warn
    refused(fund, go([loan_a], approver=" "))                                # no approver
    refused(fund, go([loan_a], meeting_date=dt.date(2025, 8, 11)))           # meeting after
    refused(fund, go([loan_a, loan_b], origin="renewal"))                    # renewal of two
    refused(fund, lambda s: restructure.consolidate_household(
        s, household_id=hid, borrower_id=c, day=AUG10,
        user=USER, **MEETING, **TERMS))                                      # borrower elsewhere
    with fund.write() as s:  # a repayment on 20 Aug: the contract cannot be dated before it
        repayments.repay(s, loan_id=loan_c, day=dt.date(2025, 8, 20), amount_satang=100_00,
                         user=USER)
    assert "2568/0003" in refused(fund, go([loan_c], borrower=c))
    with fund.write() as s:  # a closed month
        for month in range(1, 9):
            close_period(s, year=2025, month=month, user=USER)
    refused(fund, go([loan_a]))
    with fund.read() as s:
        assert s.get(Loan, loan_a).status == s.get(Loan, loan_b).status == "active"
        assert s.scalars(select(LoanEvent).where(LoanEvent.kind == "fine_waived")).all() == []
    with pytest.raises(RateWarning), fund.write() as s:
        go([loan_a], day=dt.date(2025, 9, 1), rate_percent=D("18"))(s)
    with fund.write() as s:  # confirmed, in an open month, it goes through
        r = go([loan_a], day=dt.date(2025, 9, 1), rate_percent=D("18"),
               confirm_high_rate=True)(s)
        assert r.loan.rate_percent == D("18")
    refused(fund, go([loan_a], day=dt.date(2025, 9, 2)))                     # not active now


def test_a_fine_waived_with_a_reason_is_logged_not_carried(fund: FundDb,
                                                           people: list[int]) -> None:  # noqa: F811
    old = make_loan(fund, people[2], 6_000_00, kind="emergency")
    day = dt.date(2025, 9, 1)  # nothing paid: 198 days late, fine capped at 500.00
    with fund.read() as s:
        p = restructure.plan(s, loan_ids=[old], day=day)
    # 6 × 30.00 interest, all due by 15 Jul: 180.00; the fine is shown, not carried
    assert (p.principal_satang, p.interest_satang, p.fine_satang) == (6_000_00, 180_00, 500_00)
    with fund.write() as s:
        r = restructure.restructure(s, loan_ids=[old], borrower_id=people[2], day=day,
                                    user=USER, waive_fine_reason="ประสบอุทกภัย", **MEETING,
                                    **TERMS)
        waived = s.scalars(select(LoanEvent).where(LoanEvent.kind == "fine_waived")).one()
        assert (waived.amount_satang, waived.reason) == (500_00, "ประสบอุทกภัย")
    assert r.loan.amount_satang == 6_180_00
    assert ledger_of(fund, day).get("13020", 0) == 0


money = st.integers(1_000_00, 50_000_00)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["ordinary", "emergency", "declining"]), amount=money,
       payments=st.lists(st.tuples(st.integers(1, 400), st.integers(1, 5_000_00)), max_size=5),
       after=st.integers(0, 300))
def test_restructuring_conserves_principal_and_interest(
        fund: FundDb, people: list[int], kind: str, amount: int,  # noqa: F811
        payments: list[tuple[int, int]], after: int) -> None:
    type_id = types(fund).get(kind) or declining_type(fund)
    amount = min(amount, 10_000_00) if kind == "emergency" else amount
    with fund.write() as s:
        loan = loans.apply(s, member_id=people[4], loan_type_id=type_id, amount_satang=amount,
                           day=DAY, user=USER, guarantor_ids=(people[0], people[1])
                           if kind == "ordinary" and amount > 30_000_00 else ())
        loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=DAY,
                      meeting_no="2/2568", user=USER)
        loans.disburse(s, loan_id=loan.id, day=DAY, user=USER)
        day = DAY
        for offset, paid in sorted(payments):
            day = DAY + dt.timedelta(days=offset)
            owed = repayments.payoff_satang(s, loan_id=loan.id, day=day)
            repayments.repay(s, loan_id=loan.id, day=day, amount_satang=min(paid, owed - 1),
                             user=USER) if owed > 1 else None
        day += dt.timedelta(days=after)
        old = s.get(Loan, loan.id)
        sums = ledger_sums(s, loan_ids=[loan.id], as_of=day)[loan.id]
        accrued = to_satang(interest_accrued(loans.current_schedule_of(s, old, day), start=DAY,
                                             day=day))
        expected = sums.principal_satang + max(accrued - sums.interest_paid_satang, 0)
        before = {b.code: b.net_satang for b in account_balances(s, as_of=day)}
        r = restructure.restructure(s, loan_ids=[loan.id], borrower_id=people[4], day=day,
                                    user=USER, approver="chair", meeting_date=day,
                                    meeting_no="9/2568", waive_fine_reason="ตามมติกรรมการ",
                                    guarantors=(), **TERMS)
        s.flush()
        after_gl = {b.code: b.net_satang for b in account_balances(s, as_of=day)}
        assert r.loan.amount_satang == expected == r.plan.amount_satang
        assert ledger_sums(s, loan_ids=[loan.id])[loan.id].principal_satang == 0
        # the old loan's receivable became the new one; its interest became income
        assert after_gl.get("13030", 0) - before.get("13030", 0) == expected
        income = -(after_gl.get("41010", 0) - before.get("41010", 0))
        assert income == expected - sums.principal_satang
        assert trial_balance(s, as_of=day).balanced and check_ledger(s) == []
        s.rollback()
