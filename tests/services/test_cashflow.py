"""Money in and out of cash and banks by category (app.services.cashflow).

The story (tests/reports/story.py): January 2568 has an instalment with interest, an entry
fee, a purchase and its cancellation, cash carried to bank 3 and bank interest credited net
of a fee. Whatever the entries, receipts − payments must equal the change in money.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import FundDb, open_fund
from app.services.balances import account_balances
from app.services.cashflow import cash_flow
from app.services.ledger import LineInput, post_entry
from tests.reports.story import USER, post_story

JAN = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
MONEY = ("11010", "11020", "11030", "11040", "11050")


def _money(db: FundDb, day: dt.date) -> dict[str, int]:
    with db.read() as s:
        return {b.code: b.net_satang for b in account_balances(s, as_of=day, include_empty=True)
                if b.code in MONEY}


def test_categories_are_the_other_lines_of_money_entries(fund_path: Path) -> None:
    post_story(fund_path)
    with open_fund(fund_path) as db, db.read() as s:
        flow = cash_flow(s, start=JAN[0], end=JAN[1])
    receipts = {c.code: c.satang for c in flow.receipts}
    payments = {c.code: c.satang for c in flow.payments}
    # instalment 1,000 + interest 100, entry fee 100, bank interest 100 (gross), and the
    # cancelled purchase coming back as a credit on 52020
    assert receipts == {"13010": 100000, "41010": 10000, "42010": 10000, "43010": 10000,
                        "52020": 8725}
    # the purchase, and the bank fee netted from the interest
    assert payments == {"52020": 8725, "53010": 450}
    assert [(t.from_code, t.to_code, t.satang) for t in flow.transfers] == [
        ("11010", "11040", 200000)]


def test_receipts_minus_payments_is_the_change_in_money(fund_path: Path) -> None:
    post_story(fund_path)
    with open_fund(fund_path) as db:
        before, after = _money(db, JAN[0] - dt.timedelta(days=1)), _money(db, JAN[1])
        with db.read() as s:
            flow = cash_flow(s, start=JAN[0], end=JAN[1])
    assert flow.total_receipts - flow.total_payments == sum(after.values()) - sum(before.values())
    assert flow.opening == sum(before.values()) and flow.closing == sum(after.values())
    for a in flow.accounts:
        assert a.opening == before[a.code], a.code
        assert a.closing == after[a.code], a.code
        assert a.opening + a.receipts - a.payments + a.transfers_in - a.transfers_out == a.closing
    assert sum(a.receipts for a in flow.accounts) == flow.total_receipts
    assert sum(a.payments for a in flow.accounts) == flow.total_payments
    assert sum(a.transfers_in for a in flow.accounts) == sum(
        a.transfers_out for a in flow.accounts) == 200000


def test_a_pure_transfer_is_neither_receipt_nor_payment(fund: FundDb) -> None:
    with fund.write() as s:
        post_entry(s, kind="transfer", date=dt.date(2025, 1, 3), description="ถอนเงิน",
                   user=USER, lines=[LineInput("11010", debit=Decimal("700")),
                                     LineInput("11020", credit=Decimal("700"))])
        flow = cash_flow(s, start=JAN[0], end=JAN[1])
    assert flow.receipts == () and flow.payments == ()
    assert [(t.from_code, t.to_code, t.satang) for t in flow.transfers] == [
        ("11020", "11010", 70000)]
    by_code = {a.code: a for a in flow.accounts}
    assert by_code["11010"].transfers_in == 70000 and by_code["11020"].transfers_out == 70000


def test_a_receipt_split_between_cash_and_a_bank_with_a_transfer_inside(fund: FundDb) -> None:
    """One entry: 1,000 income paid into the banks (700 bank 1, 600 bank 3), with 300 taken
    from cash — the categories explain 1,000; the other 300 is a transfer from cash."""
    with fund.write() as s:
        post_entry(s, kind="receipt", date=dt.date(2025, 1, 3), description="รวมรายการ",
                   user=USER, lines=[LineInput("11040", debit=Decimal("600")),
                                     LineInput("11020", debit=Decimal("700")),
                                     LineInput("11010", credit=Decimal("300")),
                                     LineInput("42020", credit=Decimal("1000"))])
        flow = cash_flow(s, start=JAN[0], end=JAN[1])
    assert flow.total_receipts == 100000 and flow.total_payments == 0
    assert [(t.from_code, t.to_code, t.satang) for t in flow.transfers] == [
        ("11010", "11040", 30000)]
    for a in flow.accounts:
        assert a.opening + a.receipts - a.payments + a.transfers_in - a.transfers_out == a.closing


def test_entries_outside_the_range_only_move_the_opening(fund_path: Path) -> None:
    post_story(fund_path)
    with open_fund(fund_path) as db, db.read() as s:
        feb = cash_flow(s, start=dt.date(2025, 2, 1), end=dt.date(2025, 2, 28))
        jan = cash_flow(s, start=JAN[0], end=JAN[1])
    assert feb.opening == jan.closing
    assert {c.code for c in feb.receipts} == {"21010"}
    assert {c.code for c in feb.payments} == {"13020"}


# ---------------------------------------------------------------- property

ACCOUNTS = ("11010", "11020", "11040", "21010", "41010", "42020", "52010", "13010")
DIMENSIONS = {"21010": {"member_id": 1}, "13010": {"loan_id": 1}, "41010": {"loan_id": 1}}


@st.composite
def entries(draw: st.DrawFn) -> list[tuple[int, list[LineInput]]]:
    """Random balanced entries: 1–3 debits, 1–3 credits, amounts in satang."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        debits = draw(st.lists(st.tuples(st.sampled_from(ACCOUNTS), st.integers(1, 10**7)),
                               min_size=1, max_size=3))
        total = sum(a for _, a in debits)
        k = draw(st.integers(1, min(3, total)))
        cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=k - 1, max_size=k - 1,
                                    unique=True))) if k > 1 else []
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        credit_accounts = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=k, max_size=k))
        lines = [LineInput(c, debit=Decimal(a) / 100, **DIMENSIONS.get(c, {}))
                 for c, a in debits]
        lines += [LineInput(c, credit=Decimal(a) / 100, **DIMENSIONS.get(c, {}))
                  for c, a in zip(credit_accounts, parts, strict=True)]
        out.append((draw(st.integers(1, 60)), lines))
    return out


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(story=entries())
def test_property_receipts_minus_payments_equal_the_change_in_money(
        story: list[tuple[int, list[LineInput]]], fund_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "prop.kongtun"
    shutil.copyfile(fund_template, path)
    start, end = dt.date(2025, 2, 1), dt.date(2025, 2, 28)
    with open_fund(path, lock=False) as db:
        with db.write() as s:
            for day, lines in story:
                post_entry(s, kind="adjustment", date=dt.date(2025, 1, 1) + dt.timedelta(day),
                           description="ทดสอบ", lines=lines, user=USER)
        before, after = _money(db, start - dt.timedelta(days=1)), _money(db, end)
        with db.read() as s:
            flow = cash_flow(s, start=start, end=end)
    assert flow.total_receipts - flow.total_payments == sum(after.values()) - sum(before.values())
    for a in flow.accounts:
        assert a.closing == after[a.code]
        assert a.opening + a.receipts - a.payments + a.transfers_in - a.transfers_out == a.closing
    assert sum(a.receipts for a in flow.accounts) == flow.total_receipts
    assert sum(a.payments for a in flow.accounts) == flow.total_payments
    moved = sum(t.satang for t in flow.transfers)
    assert moved == sum(a.transfers_in for a in flow.accounts) == sum(
        a.transfers_out for a in flow.accounts)
