"""Loan contracts through the services: each rule's refusal (in Thai, nothing changed),
disbursement and repayments posted to the ledger, payoff and closing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import KongtunError
from app.models.ledger import JournalEntry
from app.models.loans import Loan
from app.services import loans, repayments
from app.services.loan_rules import RateWarning, list_loan_types
from app.services.members import MemberInput, add_member, change_status
from app.services.periods import open_fiscal_year
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31018{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def people(fund: FundDb) -> list[int]:
    """Five members, and 200,000 baht of cash in the fund (as savings of the first)."""
    with fund.write() as s:
        ids = [add_member(s, MemberInput(name, "ใจดี", nid(i), dt.date(2025, 1, 2)),
                          user=USER).id
               for i, name in enumerate(("สมชาย", "สมหญิง", "มานะ", "มานี", "ปิติ"), start=1)]
        post_member_movement(s, member_id=ids[0], code="21010", amount_satang=200_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user=USER)
        open_fiscal_year(s, containing=dt.date(2026, 1, 1), user=USER)
    return ids


def types(fund: FundDb) -> dict[str, int]:
    with fund.read() as s:
        return {t.code: t.id for t in list_loan_types(s)}


def make_loan(fund: FundDb, member: int, amount: int, *, kind: str = "ordinary",
              guarantors: tuple[int, ...] = (), day: dt.date = DAY) -> int:
    with fund.write() as s:
        loan = loans.apply(s, member_id=member, loan_type_id=types(fund)[kind],
                           amount_satang=amount, day=day, user=USER, guarantor_ids=guarantors)
        loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=day,
                      meeting_no="1/2568", user=USER)
        loans.disburse(s, loan_id=loan.id, day=day, user=USER)
    return loan.id


def entries(fund: FundDb) -> int:
    with fund.read() as s:
        return s.scalar(select(func.count(JournalEntry.id))) or 0


def test_default_types_come_from_the_rules(fund: FundDb) -> None:
    with fund.read() as s:
        t = {x.code: x for x in list_loan_types(s)}
    assert t["ordinary"].rate_percent == D("6") and t["ordinary"].pattern == "lump_sum"
    assert t["ordinary"].guarantor_bands == "30000=0;*=2"
    assert t["emergency"].pattern == "monthly" and t["emergency"].account_code == "13020"


def test_lump_sum_loan_from_application_to_closing(fund: FundDb, people: list[int]) -> None:
    loan_id = make_loan(fund, people[1], 20_000_00)
    with fund.read() as s:
        row = loans.get_loan(s, loan_id, as_of=DAY)
        assert (row.status, row.principal_satang, row.loan_no) == ("active", 20_000_00,
                                                                     "2568/0001")
        # a year later: 1,200 interest (20,000 × 6 % × 12/12), nothing late yet
        due = repayments.dues(s, loan_id=loan_id, day=dt.date(2026, 1, 15))
        assert (due.interest_satang, due.principal_satang, due.fine_satang) == (1_200_00,
                                                                                20_000_00, 0)
        p = repayments.preview(s, loan_id=loan_id, day=dt.date(2026, 1, 15),
                               amount_satang=21_200_00)
        assert (p.fine_satang, p.interest_satang, p.principal_satang, p.closes) == (
            0, 1_200_00, 20_000_00, True)
    with fund.write() as s:
        e = repayments.repay(s, loan_id=loan_id, day=dt.date(2026, 1, 15),
                             amount_satang=21_200_00, user=USER)
    assert [(ln.account_code, ln.debit_satang, ln.credit_satang, ln.loan_id) for ln in e.lines] \
        == [("11010", 21_200_00, 0, None), ("41010", 0, 1_200_00, loan_id),
            ("13010", 0, 20_000_00, loan_id)]
    with fund.read() as s:
        row = loans.get_loan(s, loan_id, as_of=dt.date(2026, 1, 15))
        assert (row.status, row.principal_satang, row.closed_on) == ("closed", 0,
                                                                      dt.date(2026, 1, 15))


def test_early_payoff_pays_the_months_begun(fund: FundDb, people: list[int]) -> None:
    loan_id = make_loan(fund, people[1], 20_000_00)
    # paid off on 20 May 2025: months begun = 5 -> 20,000 × 6 % × 5/12 = 500.00
    with fund.write() as s:
        assert repayments.payoff_satang(s, loan_id=loan_id, day=dt.date(2025, 5, 20)) \
            == 20_500_00
        repayments.repay(s, loan_id=loan_id, day=dt.date(2025, 5, 20), amount_satang=20_500_00,
                         user=USER)
        assert loans.get_loan(s, loan_id, as_of=dt.date(2025, 5, 20)).status == "closed"


def test_one_payment_covers_several_overdue_instalments(fund: FundDb,
                                                         people: list[int]) -> None:
    # emergency: 6,000 flat 6 % 6 months monthly: 1,000 + 30 interest a month
    loan_id = make_loan(fund, people[2], 6_000_00, kind="emergency")
    day = dt.date(2025, 4, 20)  # instalments of 15 Feb, 15 Mar, 15 Apr unpaid
    with fund.read() as s:
        d = repayments.dues(s, loan_id=loan_id, day=day)
        # 64 days past due (15 Feb -> 20 Apr), fine 5 baht a day = 320, capped at 500
        assert (d.days_past_due, d.overdue_satang, d.fine_satang) == (64, 3_090_00, 320_00)
        # interest: 3 × 30 due + the running month begun (30) = 120
        assert d.interest_satang == 120_00
    with fund.write() as s:
        repayments.repay(s, loan_id=loan_id, day=day, amount_satang=320_00 + 120_00 + 3_000_00,
                         user=USER)
    with fund.read() as s:
        row = loans.get_loan(s, loan_id, as_of=day)
        assert (row.days_past_due, row.principal_satang) == (0, 3_000_00)
        assert repayments.dues(s, loan_id=loan_id, day=day).fine_satang == 0


def test_fines_are_capped_and_waived_only_with_a_reason(fund: FundDb,
                                                        people: list[int]) -> None:
    loan_id = make_loan(fund, people[2], 6_000_00, kind="emergency")
    late = dt.date(2025, 9, 1)  # 198 days past due × 5 = 990 -> cap 500
    with fund.read() as s:
        assert repayments.dues(s, loan_id=loan_id, day=late).fine_satang == 500_00
    with pytest.raises(KongtunError) as err, fund.write() as s:
        repayments.waive_fine(s, loan_id=loan_id, day=late, reason=" ", user=USER)
    assert "เหตุผล" in str(err.value)
    with fund.write() as s:
        assert repayments.waive_fine(s, loan_id=loan_id, day=late, reason="ประสบอุทกภัย",
                                     user=USER) == 500_00
        assert repayments.dues(s, loan_id=loan_id, day=dt.date(2026, 1, 1)).fine_satang == 0


def refused(fund: FundDb, fn) -> str:  # noqa: ANN001
    before = entries(fund)
    with fund.read() as s:
        loans_before = s.scalar(select(func.count(Loan.id)))
    with pytest.raises(KongtunError) as err, fund.write() as s:
        fn(s)
    with fund.read() as s:
        assert s.scalar(select(func.count(Loan.id))) == loans_before
    assert entries(fund) == before
    text = str(err.value)
    assert any("\u0e00" <= c <= "\u0e7f" for c in text), text  # said in Thai
    return text


def test_refusals_in_thai_change_nothing(fund: FundDb, people: list[int]) -> None:
    t = types(fund)
    a, b, c, d, e = people

    def apply(member: int, amount: int, g: tuple[int, ...] = (), **kw):  # noqa: ANN202
        return lambda s: loans.apply(s, member_id=member, loan_type_id=t["ordinary"],
                                     amount_satang=amount, day=DAY, user=USER,
                                     guarantor_ids=g, **kw)

    assert "50,000.00" in refused(fund, apply(a, 50_000_01, (b, c)))        # ceiling
    assert "2" in refused(fund, apply(a, 30_000_01, (b,)))                  # guarantors
    assert "15" in refused(fund, apply(a, 1_000_00, rate_percent=D("18")))  # rate warning
    with pytest.raises(RateWarning), fund.write() as s:
        apply(a, 1_000_00, rate_percent=D("15.01"))(s)
    with fund.write() as s:
        apply(a, 1_000_00, rate_percent=D("18"), confirm_high_rate=True)(s)
    with fund.write() as s:
        change_status(s, e, status="resigned", date=DAY, reason="ย้ายถิ่น", user=USER)
    refused(fund, apply(e, 1_000_00))                                       # resigned borrower
    refused(fund, apply(a, 40_000_00, (b, e)))                              # resigned guarantor
    make_loan(fund, c, 6_000_00, kind="emergency")                          # c falls late
    late = dt.date(2025, 3, 1)
    refused(fund, lambda s: loans.apply(s, member_id=c, loan_type_id=t["ordinary"],
                                        amount_satang=1_000_00, day=late, user=USER))
    refused(fund, lambda s: loans.apply(s, member_id=a, loan_type_id=t["ordinary"],
                                        amount_satang=40_000_00, day=late, user=USER,
                                        guarantor_ids=(b, c)))              # guarantor late
    make_loan(fund, d, 50_000_00, guarantors=(a, b))                        # a, b: 25,000 each
    with fund.write() as s:                                                 # a reaches 50,000
        apply(b, 50_000_00, (a, d))(s)
    text = refused(fund, apply(d, 40_000_00, (a, b)))                       # a over the cap
    assert "50,000.00" in text


def test_only_the_chair_approves(fund: FundDb, people: list[int]) -> None:
    with fund.write() as s:
        loan = loans.apply(s, member_id=people[1], loan_type_id=types(fund)["ordinary"],
                           amount_satang=10_000_00, day=DAY, user=USER)
    for who in ("bookkeeper", "nobody"):
        with pytest.raises(KongtunError), fund.write() as s:
            loans.approve(s, loan_id=loan.id, approver=who, meeting_date=DAY,
                          meeting_no="1/2568", user=USER)
    with fund.write() as s:
        row = loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=DAY,
                            meeting_no="1/2568", user=USER)
        assert row.status == "approved"
        assert s.get(Loan, loan.id).approved_by == "ประธานกรรมการ"


def test_loan_type_rules_refuse_bands_that_never_apply_and_a_code_used_twice(
        fund: FundDb) -> None:
    from dataclasses import replace

    from app.services.loan_rules import parse_bands, save_loan_type

    assert parse_bands("30000=0;50000=1;*=2") == [(3_000_000, 0), (5_000_000, 1), (None, 2)]
    for text in ("30000=0;30000=1;*=2", "50000=0;30000=1;*=2", "30000=0", "x=1;*=2"):
        with pytest.raises(KongtunError):
            parse_bands(text)
    with fund.read() as s:
        ordinary = next(t for t in list_loan_types(s) if t.code == "ordinary")
    with pytest.raises(KongtunError) as refused, fund.write() as s:
        save_loan_type(s, replace(ordinary, id=0, name_th="ซ้ำ"), user=USER)
    assert "ordinary" in str(refused.value)
    with fund.read() as s:
        assert len(list_loan_types(s)) == 2
