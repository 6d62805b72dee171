"""Receipts, payments, bank operations, cash counts and passbook checks, through the services."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal as D

import pytest

from app.errors import PeriodClosed
from app.models.ledger import JournalEntry
from app.services.balances import account_balances
from app.services.cash_count import list_bank_checks, record_bank_check, record_cash_count
from app.services.cashbook import (
    CashEntryDraft,
    FieldError,
    NeedsConfirmation,
    balance_on,
    cancel_and_redraft,
    cash_book,
    post_bank_transfer,
    post_cash_entry,
)
from app.services.demo_cashbook import month_end_checks, pieces_for
from app.services.periods import close_period

DAY = dt.date(2025, 1, 15)


def draft(**kw) -> CashEntryDraft:  # noqa: ANN003
    base = dict(kind="receipt", date=DAY, category_code="42010", amount=D("100"),
                counterpart="นายสมชาย บุญเกิด", description="ค่าธรรมเนียมแรกเข้า")
    base.update(kw)
    return CashEntryDraft(**base)


def entry_count(s) -> int:  # noqa: ANN001
    return s.query(JournalEntry).count()


def test_receipt_and_payment_post_vouchers_and_move_cash(fund) -> None:
    with fund.write() as s:
        rv = post_cash_entry(s, draft=draft(amount=D("1500")), user="bookkeeper")
        pv = post_cash_entry(s, draft=draft(kind="payment", category_code="52010",
                                            amount=D("234.50"), description=""), user="bookkeeper")
    assert (rv.voucher_no, pv.voucher_no) == ("RV2568/0001", "PV2568/0001")
    assert pv.description == "ค่าวัสดุสำนักงาน"  # the category's name when none is typed
    with fund.read() as s:
        assert balance_on(s, code="11010", day=DAY) == 126550
        book = cash_book(s, start=DAY, end=DAY, account_code="11010")
    assert [r.balance_satang for r in book.accounts[0].rows] == [150000, 126550]
    assert book.day_totals(DAY) == {"11010": (150000, 23450)}


@pytest.mark.parametrize(("change", "field", "thai"), [
    (dict(amount=None), "amount", "กรุณาใส่จำนวนเงิน"),
    (dict(amount=D("0")), "amount", "มากกว่าศูนย์"),
    (dict(amount=D("-5")), "amount", "ติดลบ"),
    (dict(category_code="11020"), "category", "รายได้หรือค่าใช้จ่าย"),
    (dict(category_code="41010"), "category", "รายได้หรือค่าใช้จ่าย"),
    (dict(money_code="42010"), "money", "เงินสดหรือบัญชีเงินฝากธนาคาร"),
    (dict(date=dt.date(2030, 1, 1)), "date", "ไม่อยู่ในปีบัญชี"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_posted(fund, change, field,
                                                                 thai) -> None:
    with fund.write() as s:
        with pytest.raises(FieldError) as err:
            post_cash_entry(s, draft=draft(**change), user="bookkeeper")
        assert err.value.field == field
        assert thai in str(err.value)
        assert entry_count(s) == 0


def test_a_date_in_a_closed_month_is_refused(fund) -> None:
    with fund.write() as s:
        close_period(s, year=2025, month=1, user="bookkeeper")
    with fund.write() as s:
        with pytest.raises(FieldError) as err:
            post_cash_entry(s, draft=draft(), user="bookkeeper")
        assert err.value.field == "date" and "ปิด" in str(err.value)
        assert entry_count(s) == 0
    assert issubclass(PeriodClosed, Exception)


def test_cash_payment_over_cash_on_hand_warns_when_the_bank_covers_it(fund) -> None:
    pay = draft(kind="payment", category_code="52010", amount=D("500"))
    with fund.write() as s:
        post_cash_entry(s, draft=draft(amount=D("100")), user="bookkeeper")
        with pytest.raises(FieldError) as err:  # no bank money either: refused
            post_cash_entry(s, draft=pay, user="bookkeeper")
        assert "ธนาคาร" in str(err.value)
        post_cash_entry(s, draft=draft(category_code="44010", amount=D("10000"),
                                       money_code="11020"), user="bookkeeper")
        with pytest.raises(NeedsConfirmation) as warn:
            post_cash_entry(s, draft=pay, user="bookkeeper")
        assert "100.00" in str(warn.value)
        assert entry_count(s) == 2
        posted = post_cash_entry(s, draft=pay, user="bookkeeper", confirmed=True)
        assert posted.voucher_no == "PV2568/0001"


def test_bank_deposit_withdrawal_transfer_interest_and_fee(fund) -> None:
    with fund.write() as s:
        post_cash_entry(s, draft=draft(amount=D("5000")), user="bookkeeper")
        dep = post_bank_transfer(s, date=DAY, from_code="11010", to_code="11040",
                                 amount=D("4000"), user="bookkeeper")
        post_bank_transfer(s, date=DAY, from_code="11040", to_code="11030", amount=D("1000"),
                           user="bookkeeper")
        post_bank_transfer(s, date=DAY, from_code="11040", to_code="11010", amount=D("500"),
                           user="bookkeeper")
        post_cash_entry(s, draft=draft(category_code="43010", amount=D("12.34"),
                                       money_code="11040", description=""), user="bookkeeper")
        post_cash_entry(s, draft=draft(kind="payment", category_code="53010", amount=D("10"),
                                       money_code="11040", description=""), user="bookkeeper")
        with pytest.raises(FieldError) as err:
            post_bank_transfer(s, date=DAY, from_code="11030", to_code="11010",
                               amount=D("1000.01"), user="bookkeeper")
        assert err.value.field == "amount"
    assert dep.voucher_no == "TV2568/0001" and dep.description.startswith("ฝากเงินสดเข้า")
    with fund.read() as s:
        got = {b.code: b.net_satang for b in account_balances(s, as_of=DAY)}
    assert got["11010"] == 150000 and got["11030"] == 100000 and got["11040"] == 250234


def test_cancel_and_redraft(fund) -> None:
    with fund.write() as s:
        pv = post_cash_entry(s, draft=draft(kind="payment", category_code="52010",
                                            amount=D("50")), user="bookkeeper", confirmed=True)
        with pytest.raises(Exception):  # noqa: B017 - a reason is required
            cancel_and_redraft(s, entry_id=pv.id, date=DAY, reason=" ", user="bookkeeper")
        rev, new = cancel_and_redraft(s, entry_id=pv.id, date=DAY, reason="ผิด",
                                      user="bookkeeper")
    assert rev.voucher_no == "JV2568/0001"
    assert (new.kind, new.category_code, new.amount, new.money_code) == (
        "payment", "52010", D("50"), "11010")
    with fund.read() as s:
        rows = cash_book(s, start=DAY, end=DAY, account_code="11010").accounts[0].rows
    assert [(r.voucher_no, r.cancelled) for r in rows] == [("PV2568/0001", True),
                                                           ("JV2568/0001", False)]


def test_cash_count_difference_needs_a_reason_and_is_posted(fund) -> None:
    with fund.write() as s:
        post_cash_entry(s, draft=draft(amount=D("1520")), user="bookkeeper")
        with pytest.raises(FieldError) as err:
            record_cash_count(s, date=DAY, pieces={100000: 1, 50000: 1}, user="bookkeeper")
        assert err.value.field == "reason" and "เหตุผล" in str(err.value)
        assert entry_count(s) == 1
        ok = record_cash_count(s, date=DAY, pieces={100000: 1, 50000: 1, 2000: 1},
                               user="bookkeeper")
        assert ok.difference_satang == 0 and ok.voucher_no is None
        short = record_cash_count(s, date=DAY, pieces={100000: 1, 50000: 1}, user="bookkeeper",
                                  reason="ทอนเงินผิด")
        assert short.difference_satang == -2000 and short.voucher_no == "JV2568/0001"
        assert balance_on(s, code="11010", day=DAY) == 150000
        assert balance_on(s, code="56010", day=DAY) == 2000


def test_bank_check_mismatch_is_kept_not_absorbed(fund) -> None:
    with fund.write() as s:
        post_cash_entry(s, draft=draft(amount=D("700"), money_code="11020"), user="bookkeeper")
        row = record_bank_check(s, date=DAY, account_code="11020", statement=D("712.50"),
                                user="bookkeeper", note="ดอกเบี้ยยังไม่ได้ลง")
        with pytest.raises(FieldError):
            record_bank_check(s, date=DAY, account_code="11010", statement=D("1"),
                              user="bookkeeper")
    assert (row.ledger_satang, row.difference_satang) == (70000, 1250)
    with fund.read() as s:
        assert balance_on(s, code="11020", day=DAY) == 70000
        assert [c.difference_satang for c in list_bank_checks(s, start=DAY, end=DAY)] == [1250]


def test_demo_month_end_checks(fund) -> None:
    assert pieces_for(123460) == ({100000: 1, 10000: 2, 2000: 1, 1000: 1, 200: 2, 50: 1}, 10)
    with fund.write() as s:
        post_cash_entry(s, draft=draft(amount=D("1234.60")), user="bookkeeper")
        post_cash_entry(s, draft=draft(amount=D("99"), money_code="11030"), user="bookkeeper")
        month_end_checks(s, year=2025, month=1, user="bookkeeper", rng=random.Random(1))
        assert balance_on(s, code="11010", day=DAY) == 123450
        from app.services.closing import close_checklist
        assert close_checklist(s, year=2025, month=1) == []


def test_a_bank_payment_over_the_bank_balance_is_refused(fund) -> None:  # noqa: ANN001
    """A passbook cannot be overdrawn: bank fees or payments beyond the balance are refused."""
    import datetime as _dt
    from decimal import Decimal as _D

    from app.services.cashbook import CashEntryDraft, FieldError, post_cash_entry
    from app.services.journal import entry_count

    draft = CashEntryDraft(date=_dt.date(2025, 1, 15), kind="payment", category_code="53010",
                           amount=_D("10.00"), money_code="11030", counterpart="ธนาคาร",
                           description="ค่าธรรมเนียมธนาคาร", evidence_ref="")
    with fund.read() as s:
        before = entry_count(s)
    with fund.write() as s, pytest.raises(FieldError) as caught:
        post_cash_entry(s, draft=draft, user="bookkeeper")
    assert caught.value.field == "amount"
    assert "0.00" in str(caught.value) and "บาท" in str(caught.value)
    with fund.read() as s:
        assert entry_count(s) == before
