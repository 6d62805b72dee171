"""Posting to the ledger: numbering, refusals that change nothing, reversals, invariants.

Each story posts through the services on a fresh fund (fiscal year 2568 = 2025 open) and
reads the results back through the services, the way the UI and the reports do.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app.db import FundDb, open_fund
from app.errors import (
    InvalidInput,
    KongtunError,
    LedgerError,
    NoFiscalYear,
    PeriodClosed,
    UnbalancedEntry,
)
from app.models import AccountMonthTotal, AuditEvent, JournalEntry, JournalLine
from app.models.ledger import Account
from app.money import from_satang
from app.services.balances import trial_balance
from app.services.chart import DEFAULT_CHART
from app.services.check import check_ledger
from app.services.ledger import (
    GENESIS_HASH,
    LineInput,
    PostedEntry,
    get_entry,
    post_entry,
    reverse_entry,
)
from app.services.periods import close_period, open_fiscal_year

JAN15 = dt.date(2025, 1, 15)
JAN20 = dt.date(2025, 1, 20)
FEB10 = dt.date(2025, 2, 10)
END_2568 = dt.date(2025, 12, 31)
USER = "bookkeeper"


def dr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, debit=Decimal(amount), **kw)


def cr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, credit=Decimal(amount), **kw)


def post(db: FundDb, **overrides: Any) -> PostedEntry:
    """A cash receipt of an entry fee (overridable), posted in its own unit of work."""
    kw: dict[str, Any] = dict(kind="receipt", date=FEB10, description="ค่าธรรมเนียมแรกเข้า นายสมชาย",
                              lines=(dr("11010", "20"), cr("42010", "20")), user=USER)
    kw.update(overrides)
    with db.write() as s:
        return post_entry(s, **kw)


def reverse(db: FundDb, entry_id: int, day: dt.date, reason: str = "บันทึกผิดบัญชี") -> PostedEntry:
    with db.write() as s:
        return reverse_entry(s, entry_id=entry_id, date=day, reason=reason, user=USER)


def close(db: FundDb, year: int, month: int) -> None:
    with db.write() as s:
        close_period(s, year=year, month=month, user=USER)


def is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def assert_thai_message(err: KongtunError) -> None:
    text = str(err)
    assert is_thai(text), text
    assert text != err.message_id


def snapshot(db: FundDb) -> tuple:
    """Everything a refused posting must leave untouched."""
    with db.read() as s:
        tb = trial_balance(s, as_of=dt.date(2026, 12, 31))
        return (
            s.execute(select(JournalEntry.voucher_no, JournalEntry.state)
                      .order_by(JournalEntry.id)).all(),
            s.scalar(select(func.count(JournalLine.id))),
            s.execute(select(AccountMonthTotal.account_id, AccountMonthTotal.year,
                             AccountMonthTotal.month, AccountMonthTotal.debit_satang,
                             AccountMonthTotal.credit_satang)
                      .order_by(AccountMonthTotal.account_id, AccountMonthTotal.year,
                                AccountMonthTotal.month)).all(),
            s.scalar(select(func.count(AuditEvent.id))),
            tb.rows, tb.total_debit_satang, tb.total_credit_satang,
        )


def tb_rows(db: FundDb, as_of: dt.date = END_2568) -> dict[str, tuple[int, int]]:
    with db.read() as s:
        return {r.code: (r.debit_satang, r.credit_satang)
                for r in trial_balance(s, as_of=as_of).rows}


# ---------------------------------------------------------------- posting and numbering


def test_vouchers_are_numbered_per_fiscal_year_and_kind(fund: FundDb) -> None:
    first = post(fund)
    second = post(fund, description="เงินฝากสัจจะ", lines=(dr("11010", "100"), cr("44010", "100")))
    payment = post(fund, kind="payment", description="ซื้อกระดาษ",
                   lines=(dr("52010", "85.50"), cr("11010", "85.50")))
    transfer = post(fund, kind="transfer", description="นำเงินสดฝากธนาคาร",
                    lines=(dr("11020", "30"), cr("11010", "30")))
    adjustment = post(fund, kind="adjustment", description="ปรับปรุงค่าใช้จ่ายค้างจ่าย",
                      lines=(dr("52030", "12"), cr("22020", "12")))
    assert [e.voucher_no for e in (first, second, payment, transfer, adjustment)] == [
        "RV2568/0001", "RV2568/0002", "PV2568/0001", "TV2568/0001", "JV2568/0001"]
    assert post(fund, kind="payment", lines=(dr("52010", "1"), cr("11010", "1"))).voucher_no \
        == "PV2568/0002"


def test_a_new_fiscal_year_restarts_the_numbering(fund: FundDb) -> None:
    assert post(fund).voucher_no == "RV2568/0001"
    with fund.write() as s:
        fy = open_fiscal_year(s, containing=dt.date(2026, 1, 10), user=USER)
    assert (fy.label, fy.start, fy.end) == (2569, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert post(fund, date=dt.date(2026, 1, 10)).voucher_no == "RV2569/0001"
    assert post(fund, date=dt.date(2026, 1, 10)).voucher_no == "RV2569/0002"
    # The old year keeps its own sequence.
    assert post(fund, date=dt.date(2025, 12, 31)).voucher_no == "RV2568/0002"
    with fund.read() as s:
        assert check_ledger(s) == []


def test_a_posted_entry_reads_back_as_typed(fund: FundDb) -> None:
    posted = post(fund, date=JAN15, description="  รับชำระหนี้ นางสาวมาลี  ", counterpart=" มาลี ",
                  evidence_ref=" ใบเสร็จ 12 ",
                  lines=(dr("11010", "1234.50"), cr("13010", "1200", loan_id=7, memo=" ต้น "),
                         cr("41010", "34.50", loan_id=7)))
    with fund.read() as s:
        again = get_entry(s, posted.id)
        audit_rows = s.execute(select(AuditEvent.username, AuditEvent.action, AuditEvent.target)
                               .where(AuditEvent.action == "post")).all()
    assert again == posted
    assert (again.kind, again.date, again.state, again.reverses_id, again.created_by) == (
        "receipt", JAN15, "posted", None, USER)
    assert (again.description, again.counterpart, again.evidence_ref) == (
        "รับชำระหนี้ นางสาวมาลี", "มาลี", "ใบเสร็จ 12")
    assert [(ln.account_code, ln.debit_satang, ln.credit_satang, ln.loan_id, ln.memo)
            for ln in again.lines] == [("11010", 123450, 0, None, ""),
                                       ("13010", 0, 120000, 7, "ต้น"),
                                       ("41010", 0, 3450, 7, "")]
    assert again.lines[0].account_name == "เงินสด"
    assert again.total_satang == 123450
    assert audit_rows == [(USER, "post", "RV2568/0001")]


def test_entries_are_hash_chained(fund: FundDb) -> None:
    ids = [post(fund).id, post(fund).id, post(fund).id]
    with fund.read() as s:
        rows = s.execute(select(JournalEntry.prev_hash, JournalEntry.hash)
                         .where(JournalEntry.id.in_(ids)).order_by(JournalEntry.id)).all()
    assert rows[0].prev_hash == GENESIS_HASH
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert len({r.hash for r in rows}) == 3


# ---------------------------------------------------------------- refusals change nothing


def _close_january(db: FundDb) -> None:
    close(db, 2025, 1)


def _retire_office_supplies(db: FundDb) -> None:
    with db.write() as s:
        s.execute(update(Account).where(Account.code == "52010").values(active=False))


@dataclass(frozen=True)
class Bad:
    overrides: dict[str, Any]
    error: type[Exception]
    says: tuple[str, ...] = ()
    setup: Callable[[FundDb], None] | None = None


BAD_INPUT = {
    "unbalanced": Bad({"lines": (dr("11010", "100"), cr("42010", "90"))}, UnbalancedEntry,
                      ("100.00", "90.00")),
    "single line": Bad({"lines": (dr("11010", "100"),)}, UnbalancedEntry),
    "no lines": Bad({"lines": ()}, UnbalancedEntry),
    "empty description": Bad({"description": "   "}, InvalidInput),
    "negative amount": Bad({"lines": (dr("11010", "100"), cr("42010", "-100"))}, InvalidInput),
    "zero line": Bad({"lines": (dr("11010", "20"), cr("42010", "20"), dr("52010", "0"))},
                     InvalidInput),
    "below one satang": Bad({"lines": (dr("11010", "0.004"), cr("42010", "0.004"))},
                            InvalidInput),
    "debit and credit": Bad({"lines": (LineInput("11010", debit=Decimal(5), credit=Decimal(5)),
                                       dr("11010", "20"), cr("42010", "20"))}, InvalidInput),
    "unknown account": Bad({"lines": (dr("19999", "20"), cr("42010", "20"))}, InvalidInput,
                           ("19999",)),
    "closed account": Bad({"kind": "payment", "lines": (dr("52010", "20"), cr("11010", "20"))},
                          InvalidInput, ("52010",), _retire_office_supplies),
    "float amount": Bad({"lines": (LineInput("11010", debit=20.0), cr("42010", "20"))},  # type: ignore[arg-type]
                        TypeError),
    "closed month": Bad({"date": JAN20}, PeriodClosed, ("มกราคม 2568",), _close_january),
    "after every fiscal year": Bad({"date": dt.date(2026, 2, 1)}, NoFiscalYear, ("2569",)),
    "before every fiscal year": Bad({"date": dt.date(2024, 12, 31)}, NoFiscalYear, ("2567",)),
    "savings without member": Bad({"lines": (dr("11010", "100"), cr("21010", "100"))},
                                  InvalidInput, ("21010",)),
    "loan without loan": Bad({"lines": (dr("13010", "100"), cr("11010", "100"))},
                             InvalidInput, ("13010",)),
    "unknown kind": Bad({"kind": "gift"}, InvalidInput),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_changes_nothing(fund: FundDb, case: Bad) -> None:
    assert post(fund).voucher_no == "RV2568/0001"
    if case.setup:
        case.setup(fund)
    before = snapshot(fund)
    # The error is caught inside the unit of work, which then commits: the service itself
    # must not have written anything before refusing.
    with fund.write() as s, pytest.raises(case.error) as caught:
        kw: dict[str, Any] = dict(kind="receipt", date=FEB10, description="ค่าธรรมเนียม",
                                  lines=(dr("11010", "20"), cr("42010", "20")), user=USER)
        kw.update(case.overrides)
        post_entry(s, **kw)
    if isinstance(caught.value, KongtunError):
        assert_thai_message(caught.value)
        for fragment in case.says:
            assert fragment in str(caught.value)
    assert snapshot(fund) == before
    assert post(fund).voucher_no == "RV2568/0002"  # no number was used up
    with fund.read() as s:
        assert check_ledger(s) == []


@pytest.mark.parametrize("amount", ["NaN", "1e20"])
def test_an_impossible_amount_is_refused_with_a_message(fund: FundDb, amount: str) -> None:
    with fund.write() as s, pytest.raises(InvalidInput):
        post_entry(s, kind="receipt", date=FEB10, description="ค่าธรรมเนียม", user=USER,
                   lines=(dr("11010", amount), cr("42010", amount)))


def test_a_subledger_line_with_its_dimension_is_accepted(fund: FundDb) -> None:
    posted = post(fund, description="ฝากสัจจะ", lines=(dr("11010", "100"),
                                                      cr("21010", "100", member_id=3)))
    assert posted.lines[1].member_id == 3


# ---------------------------------------------------------------- reversals


def test_reversal_posts_the_mirror_and_restores_the_balances(fund: FundDb) -> None:
    post(fund, date=JAN15, description="ทุนจัดสรร",
         lines=(dr("11020", "1000000"), cr("31010", "1000000")))
    before = tb_rows(fund)
    original = post(fund, kind="payment", date=JAN15, description="จ่ายค่าเบี้ยประชุม",
                    counterpart="กรรมการ", evidence_ref="บส.1",
                    lines=(dr("51020", "600"), dr("52020", "45.25"), cr("11010", "645.25")))
    assert tb_rows(fund) != before
    mirror = reverse(fund, original.id, JAN20, reason="  จ่ายซ้ำ ")
    assert mirror.voucher_no == "JV2568/0001"
    assert (mirror.kind, mirror.date, mirror.reverses_id) == ("adjustment", JAN20, original.id)
    assert "PV2568/0001" in mirror.description and "จ่ายซ้ำ" in mirror.description
    assert (mirror.counterpart, mirror.evidence_ref) == ("กรรมการ", "บส.1")
    assert [(ln.account_code, ln.debit_satang, ln.credit_satang) for ln in mirror.lines] == [
        (ln.account_code, ln.credit_satang, ln.debit_satang) for ln in original.lines]
    with fund.read() as s:
        assert get_entry(s, original.id).state == "reversed"
        assert get_entry(s, mirror.id).state == "posted"
        assert check_ledger(s) == []
    assert tb_rows(fund) == before
    # Between the two dates the payment still shows: history is not rewritten.
    assert tb_rows(fund, as_of=JAN15) != before
    assert tb_rows(fund, as_of=JAN20) == before


def _reverse_kw(entry_id: int, **kw: Any) -> dict[str, Any]:
    return {"entry_id": entry_id, "date": JAN20, "reason": "ผิด", "user": USER, **kw}


def test_an_entry_is_reversed_only_once(fund: FundDb) -> None:
    original = post(fund, date=JAN15)
    mirror = reverse(fund, original.id, JAN20)
    before = snapshot(fund)
    with fund.write() as s, pytest.raises(LedgerError) as twice:
        reverse_entry(s, **_reverse_kw(original.id))
    assert "RV2568/0001" in str(twice.value)
    assert_thai_message(twice.value)
    with fund.write() as s, pytest.raises(LedgerError) as of_mirror:
        reverse_entry(s, **_reverse_kw(mirror.id))
    assert mirror.voucher_no in str(of_mirror.value)
    assert_thai_message(of_mirror.value)
    assert snapshot(fund) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reversal_needs_a_reason(fund: FundDb, reason: str) -> None:
    original = post(fund, date=JAN15)
    before = snapshot(fund)
    with fund.write() as s, pytest.raises(InvalidInput) as caught:
        reverse_entry(s, **_reverse_kw(original.id, reason=reason))
    assert_thai_message(caught.value)
    assert snapshot(fund) == before


def test_reversing_an_unknown_entry_is_refused(fund: FundDb) -> None:
    with fund.write() as s, pytest.raises(InvalidInput) as caught:
        reverse_entry(s, **_reverse_kw(999))
    assert_thai_message(caught.value)


def test_a_reversal_dated_in_a_closed_month_is_refused(fund: FundDb) -> None:
    original = post(fund, date=JAN15)
    close(fund, 2025, 1)
    before = snapshot(fund)
    with fund.write() as s, pytest.raises(PeriodClosed) as caught:
        reverse_entry(s, **_reverse_kw(original.id, date=JAN20))
    assert "มกราคม 2568" in str(caught.value)
    assert snapshot(fund) == before
    # Corrections of a closed month go into an open one.
    mirror = reverse(fund, original.id, FEB10)
    assert mirror.voucher_no == "JV2568/0001"
    with fund.read() as s:
        assert get_entry(s, original.id).state == "reversed"
        assert check_ledger(s) == []


def test_a_reversal_cannot_be_dated_before_the_entry(fund: FundDb) -> None:
    original = post(fund, date=FEB10)
    with fund.write() as s, pytest.raises(LedgerError):
        reverse_entry(s, **_reverse_kw(original.id, date=JAN15))


# ---------------------------------------------------------------- properties

PLAIN_CODES = tuple(code for code, _n, _e, _k, sub in DEFAULT_CHART if sub is None)
KINDS = ("receipt", "payment", "transfer", "adjustment")
PREFIX = {"receipt": "RV", "payment": "PV", "transfer": "TV", "adjustment": "JV"}
YEAR_START = dt.date(2025, 1, 1)


@st.composite
def balanced_lines(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    """1-3 debit and 1-3 credit lines (satang) on accounts without a sub-ledger, balanced."""
    debits = draw(st.lists(st.integers(1, 5_000_000_000), min_size=1, max_size=3))
    total = sum(debits)
    n_credits = draw(st.integers(1, min(3, total)))
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=n_credits - 1,
                                max_size=n_credits - 1, unique=True))) if n_credits > 1 else []
    credits = [hi - lo for lo, hi in zip([0, *cuts], [*cuts, total], strict=True)]
    codes = draw(st.lists(st.sampled_from(PLAIN_CODES), min_size=len(debits) + len(credits),
                          max_size=len(debits) + len(credits)))
    lines = [(c, d, 0) for c, d in zip(codes, debits, strict=False)]
    lines += [(c, 0, k) for c, k in zip(codes[len(debits):], credits, strict=True)]
    return draw(st.permutations(lines))


posting = st.tuples(st.just("post"), st.sampled_from(KINDS),
                    st.dates(YEAR_START, END_2568), balanced_lines())
reversal = st.tuples(st.just("reverse"), st.integers(0, 1000), st.integers(0, 45))


@dataclass
class Expected:
    id: int
    voucher: str
    kind: str
    date: dt.date
    lines: list[tuple[str, int, int]]
    is_reversal: bool = False
    reversed: bool = False


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ledger-properties")


def _play(db: FundDb, ops: list[tuple]) -> list[Expected]:
    model: list[Expected] = []
    for i, op in enumerate(ops):
        if op[0] == "post":
            _, kind, day, lines = op
            e = post(db, kind=kind, date=day, description=f"รายการที่ {i}",
                      lines=[LineInput(c, debit=from_satang(d), credit=from_satang(k))
                             for c, d, k in lines])
            model.append(Expected(e.id, e.voucher_no, kind, day, list(lines)))
            continue
        _, pick, days_later = op
        open_entries = [m for m in model if not m.reversed and not m.is_reversal]
        if not open_entries:
            continue
        orig = open_entries[pick % len(open_entries)]
        day = min(orig.date + dt.timedelta(days=days_later), END_2568)
        e = reverse(db, orig.id, day)
        orig.reversed = True
        model.append(Expected(e.id, e.voucher_no, "adjustment", day,
                              [(c, k, d) for c, d, k in orig.lines], is_reversal=True))
    return model


def _naive_trial_balance(entries: list[PostedEntry], as_of: dt.date) -> dict[str, tuple[int, int]]:
    net: dict[str, int] = defaultdict(int)
    for e in entries:
        if e.date <= as_of:
            for ln in e.lines:
                net[ln.account_code] += ln.debit_satang - ln.credit_satang
    return {code: (n, 0) if n > 0 else (0, -n) for code, n in net.items() if n}


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ops=st.lists(st.one_of(posting, reversal), min_size=1, max_size=14))
def test_random_ledgers_keep_every_invariant(fund_template: Path, scratch: Path,
                                             ops: list[tuple]) -> None:
    path = scratch / f"{uuid.uuid4().hex}.kongtun"
    shutil.copyfile(fund_template, path)
    db = open_fund(path)
    try:
        model = _play(db, ops)
        with db.read() as s:
            assert s.scalar(select(func.count(JournalEntry.id))) == len(model)
            entries = [get_entry(s, m.id) for m in model]
            assert check_ledger(s) == []
            checkpoints = {YEAR_START - dt.timedelta(days=1), END_2568}
            for e in entries:
                checkpoints |= {e.date, e.date - dt.timedelta(days=1)}
            for day in sorted(checkpoints):
                tb = trial_balance(s, as_of=day)
                assert tb.total_debit_satang == tb.total_credit_satang
                got = {r.code: (r.debit_satang, r.credit_satang) for r in tb.rows}
                assert got == _naive_trial_balance(entries, day), day
    finally:
        db.close()
        for p in path.parent.glob(path.name + "*"):
            p.unlink()
    for m, e in zip(model, entries, strict=True):
        assert sum(ln.debit_satang for ln in e.lines) == sum(ln.credit_satang for ln in e.lines)
        assert e.total_satang > 0
        assert sorted((ln.account_code, ln.debit_satang, ln.credit_satang) for ln in e.lines) \
            == sorted(m.lines)
        assert (e.kind, e.date) == (m.kind, m.date)
        assert e.state == ("reversed" if m.reversed else "posted")
    for kind in KINDS:
        vouchers = [m.voucher for m in model if m.kind == kind]
        assert vouchers == [f"{PREFIX[kind]}2568/{n:04d}" for n in range(1, len(vouchers) + 1)]
