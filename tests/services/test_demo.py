"""The demo fund: sound books, realistic content, deterministic, cancellable.

A small demo (60 members, 2 years) is built once per module and read back through the
services, as the UI and the reports read it. The last tests guard the fast path of
posting (the per-transaction cache) that makes the big demo quick.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import open_fund
from app.errors import FundFileError, InvalidInput
from app.models import AccountMonthTotal
from app.models.ledger import Account
from app.services.balances import account_balances, trial_balance
from app.services.chart import DEFAULT_CHART
from app.services.check import check_fund
from app.services.demo import DemoSummary, build_demo
from app.services.fund import fund_info, working_date
from app.services.journal import entry_count, list_entries
from app.services.ledger import LineInput, get_entry, post_entry
from app.services.periods import list_periods, month_end

UNTIL = dt.date(2025, 6, 30)
SMALL = {"members": 60, "years": 2, "until": UNTIL}
SUBLEDGER_CODES = {code for code, *_, sub in DEFAULT_CHART if sub}

Ledger = list[tuple]


def read_ledger(path: Path) -> Ledger:
    """Every entry as (voucher, date, kind, description, counterpart, state, hash, lines)."""
    with open_fund(path, lock=False, migrate=False) as db, db.read() as s:
        rows = list_entries(s, start=dt.date(1900, 1, 1), end=dt.date(2999, 12, 31),
                            limit=1_000_000)
        out = []
        for r in rows:
            e = get_entry(s, r.id)
            out.append((e.voucher_no, e.date, e.kind, e.description, e.counterpart, e.state,
                        e.hash, tuple((ln.account_code, ln.debit_satang, ln.credit_satang)
                                      for ln in e.lines)))
        return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoSummary, Ledger]:
    path = tmp_path_factory.mktemp("demo") / "demo.kongtun"
    calls: list[tuple[int, int]] = []
    summary = build_demo(path, seed=7, progress=lambda done, total: calls.append((done, total)),
                         **SMALL)
    assert calls and calls[-1] == (24, 24), "progress reports every month up to the total"
    return summary, read_ledger(path)


def test_the_books_are_sound(demo: tuple[DemoSummary, Ledger]) -> None:
    summary, ledger = demo
    assert summary.path.exists() and not Path(f"{summary.path}.lock").exists()
    with open_fund(summary.path, lock=False, migrate=False) as db:
        assert check_fund(db) == []
        with db.read() as s:
            tb = trial_balance(s, as_of=UNTIL)
            assert tb.balanced and tb.total_debit_satang > 1_000_000_00
            assert entry_count(s) == summary.entries == len(ledger)
            assert working_date(s) == UNTIL
            assert fund_info(s).name.startswith("กองทุนหมู่บ้าน")
    assert (summary.first_date, summary.last_date) == (dt.date(2023, 7, 1), UNTIL)
    assert min(e[1] for e in ledger) == summary.first_date
    assert max(e[1] for e in ledger) <= UNTIL


def test_every_month_is_closed_except_the_last_two(demo: tuple[DemoSummary, Ledger]) -> None:
    summary, _ = demo
    with open_fund(summary.path, lock=False, migrate=False) as db, db.read() as s:
        states = {(p.year, p.month): p.state for p in list_periods(s)}
    assert states[(2025, 5)] == states[(2025, 6)] == "open"
    assert all(states[(y, m)] == "closed" for y, m in states if (y, m) < (2025, 5))
    assert all(state == "open" for (y, m), state in states.items() if (y, m) > (2025, 6))
    assert summary.closed_months == sum(state == "closed" for state in states.values())
    assert summary.closed_months >= 22  # Jul 2566 .. Apr 2568, and the months before founding


def test_the_content_is_a_village_fund(demo: tuple[DemoSummary, Ledger]) -> None:
    _, ledger = demo
    first = ledger[0]
    assert first[3].startswith("รับเงินจัดสรรจากรัฐบาล")
    assert first[7] == (("11020", 1_000_000_00, 0), ("31010", 0, 1_000_000_00))
    codes = {ln[0] for e in ledger for ln in e[7]}
    assert {"31020", "11030", "42010", "42020", "43010", "51010", "51020", "54010", "54020",
            "52010", "52030"} <= codes
    assert {"21010", "21020", "32010"} <= codes, "members save, contribute and hold shares"
    assert {"13010", "13020", "41010"} <= codes, "members borrow and pay interest"
    fees = [e for e in ledger if e[3].startswith("รับค่าธรรมเนียมแรกเข้า น")]
    assert len(fees) >= 60, "every villager on the roster joins and pays the entry fee"
    assert any(e[2] == "transfer" and e[3].startswith("นำเงินสดฝากธนาคาร บัญชีที่") for e in ledger)
    assert any(e[2] == "transfer" and e[3].startswith("ถอนเงินจากธนาคาร") for e in ledger)
    assert any(e[3] == "จ่ายค่าเบี้ยประชุมคณะกรรมการ ประจำเดือนมิถุนายน 2568" for e in ledger)
    interest = [e for e in ledger if e[3].startswith("รับดอกเบี้ยเงินฝากธนาคาร")]
    assert {e[1].month for e in interest} == {6, 12}
    # Corrections: a cancelled entry, its mirror, then the right entry (kind and text).
    cancelled = [e for e in ledger if e[5] == "reversed"]
    mirrors = [e for e in ledger if e[2] == "adjustment" and e[3].startswith("ยกเลิก ")]
    assert cancelled and len(mirrors) == len(cancelled)
    for wrong in cancelled:
        redone = [e for e in ledger if e[3] == wrong[3] and e[5] == "posted" and e[1] >= wrong[1]
                  and e[7] != wrong[7]]
        assert redone, f"{wrong[0]} was cancelled but never posted right"
    amounts = [ln[1] for e in ledger for ln in e[7] if ln[1]]
    assert any(a % 100 for a in amounts) and any(a % 100 == 0 for a in amounts)
    # Volume: about members/10 entries a month, besides the founding month's entry fees,
    # plus the members' own: the collection day, withdrawals and the cash they bring in.
    later = [e for e in ledger if e[1] >= dt.date(2024, 1, 1) and e[1] <= dt.date(2024, 12, 31)
             and not e[3].startswith(("จ่ายเงินกู้สัญญาเลขที่", "รับชำระเงินกู้สัญญาเลขที่"))]
    assert 5 * 12 <= len(later) <= 16 * 12


def test_cash_and_banks_are_never_negative_at_a_month_end(
        demo: tuple[DemoSummary, Ledger]) -> None:
    summary, _ = demo
    ends = sorted({month_end(d.year, d.month) for d in
                   (summary.first_date + dt.timedelta(days=31 * k) for k in range(24))})
    with open_fund(summary.path, lock=False, migrate=False) as db, db.read() as s:
        for end in ends:
            money = {b.code: b.balance_satang for b in account_balances(s, as_of=end)
                     if b.kind in ("cash", "bank")}
            assert money.get("11010", 0) >= 0, f"cash negative on {end}"
            assert all(v >= 0 for v in money.values()), f"a bank is overdrawn on {end}"
            assert money.get("11010", 0) < 100_000_00, "cash is carried to the bank"


def test_same_seed_same_ledger_other_seed_another(demo: tuple[DemoSummary, Ledger],
                                                  tmp_path: Path) -> None:
    _, ledger = demo
    build_demo(tmp_path / "again.kongtun", seed=7, **SMALL)
    assert read_ledger(tmp_path / "again.kongtun") == ledger
    build_demo(tmp_path / "other.kongtun", seed=8, **SMALL)
    other = read_ledger(tmp_path / "other.kongtun")
    assert other != ledger
    assert [e[3] for e in other] != [e[3] for e in ledger]


def test_a_raising_progress_cancels_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "cancelled.kongtun"
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done == 3:
            raise KeyboardInterrupt  # what the UI's cancel button amounts to

    with pytest.raises(KeyboardInterrupt):
        build_demo(path, progress=progress, **SMALL)
    assert calls == [1, 2, 3], "the build stops at once"
    assert list(tmp_path.iterdir()) == [], "no half-made fund, WAL, SHM or lock left"


def test_refuses_an_existing_file_and_silly_sizes(tmp_path: Path) -> None:
    existing = tmp_path / "mine.kongtun"
    existing.write_bytes(b"the bookkeeper's own file")
    with pytest.raises(FundFileError):
        build_demo(existing, **SMALL)
    assert existing.read_bytes() == b"the bookkeeper's own file"
    with pytest.raises(InvalidInput):
        build_demo(tmp_path / "tiny.kongtun", members=3, years=1)
    with pytest.raises(InvalidInput):
        build_demo(tmp_path / "long.kongtun", members=60, years=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.kongtun"]


# ---------------------------------------------------------------- the posting fast path

def _receipt(s, day: dt.date, baht: str):  # noqa: ANN001, ANN202
    amount = Decimal(baht)
    return post_entry(s, kind="receipt", date=day, description="รับค่าธรรมเนียม", user="bookkeeper",
                      lines=[LineInput("11010", debit=amount), LineInput("42020", credit=amount)])


def test_numbers_and_chain_survive_a_rolled_back_savepoint(fund) -> None:  # noqa: ANN001
    day = dt.date(2025, 1, 20)
    with fund.write() as s:
        a = _receipt(s, day, "10.00")
        savepoint = s.begin_nested()
        _receipt(s, day, "20.00")
        savepoint.rollback()
        b = _receipt(s, day, "30.00")
    assert (a.voucher_no, b.voucher_no) == ("RV2568/0001", "RV2568/0002")
    assert check_fund(fund) == []
    with fund.read() as s:
        assert [r.code for r in trial_balance(s, as_of=day).rows] == ["11010", "42020"]
        assert trial_balance(s, as_of=day).total_debit_satang == 40_00


def test_month_totals_loaded_in_the_session_stay_right(fund) -> None:  # noqa: ANN001
    day = dt.date(2025, 1, 20)
    with fund.write() as s:
        _receipt(s, day, "10.00")
        cash = s.scalar(select(Account.id).where(Account.code == "11010"))
        total = s.get(AccountMonthTotal, (cash, 2025, 1))
        assert total is not None and total.debit_satang == 10_00
        _receipt(s, day, "2.50")
        assert total.debit_satang == 12_50
        assert s.get(AccountMonthTotal, (cash, 2025, 1)).debit_satang == 12_50
    assert check_fund(fund) == []
