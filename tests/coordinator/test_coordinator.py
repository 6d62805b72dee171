"""The coordinator's network book: three demo funds imported give a consolidated report
whose figures are each fund's own (from its balances and trial balance), on SQLite and on
PostgreSQL; a history that does not extend the previous submission is flagged."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.coordinator.dashboard import villages
from app.coordinator.db import NetworkBook
from app.coordinator.models import Submission
from app.coordinator.report import build_consolidated, write_consolidated
from app.coordinator.service import import_backups
from app.db import open_fund
from app.reports.pdf import PrintOptions
from app.services.backup import create_backup
from app.services.backup_facts import as_of_date, overdue_rate
from app.services.balances import account_balances, trial_balance
from app.services.ledger import LineInput, post_entry
from app.services.loans import list_loans


def own_figures(fund: Path) -> dict[str, object]:
    """The fund's figures from its own services (not from any backup)."""
    from app.models.members import Member
    from app.services.fund import fund_info

    with open_fund(fund, lock=False, migrate=False) as db, db.read() as s:
        as_of = as_of_date(s)
        bal = {b.code: b for b in account_balances(s, as_of=as_of, include_empty=True)}
        tb = trial_balance(s, as_of=as_of)
        members = s.scalar(select(func.count(Member.id)))
        code = fund_info(s).code
        overdue = sum(r.overdue_satang for r in list_loans(s, as_of=as_of, open_only=True))
    amount = lambda c: bal[c].balance_satang if c in bal else 0  # noqa: E731
    return {"code": code, "members": members, "overdue": overdue,
            "capital": sum(amount(c) for c in ("31010", "31020", "32010")),
            "loans_outstanding": sum(amount(c) for c in ("13010", "13020", "13030")),
            "cash_and_bank": sum(b.balance_satang for b in bal.values() if b.kind in ("cash", "bank")),
            "savings_total": amount("21010"), "tb": (tb.total_debit_satang, tb.total_credit_satang)}


def test_three_funds_consolidate_to_their_own_figures(book: NetworkBook, backups, demo_funds,
                                                      tmp_path: Path) -> None:
    results = import_backups(book, [backups[1], backups[2], backups[3]])
    assert [r.status for r in results] == ["ok"] * 3, [r.message for r in results]
    assert "นำเข้า" in results[0].message
    rep = build_consolidated(book)
    own = {f["code"]: f for f in (own_figures(demo_funds[s]) for s in (1, 2, 3))}
    assert sorted(r.code for r in rep.rows) == sorted(own)
    for r in rep.rows:
        f = own[r.code]
        assert (r.members, r.capital, r.loans_outstanding, r.cash_and_bank, r.savings_total) == (
            f["members"], f["capital"], f["loans_outstanding"], f["cash_and_bank"], f["savings_total"])
        assert r.overdue == f["overdue"]  # the loan register's instalments due and unpaid
        assert r.overdue_rate == overdue_rate(f["overdue"], f["loans_outstanding"])
        assert r.status == "ok"
    for r in villages(book):  # the dashboard's chart ends on the same figures
        assert r.months and r.months[-1].cash_and_bank == r.cash_and_bank
        assert r.months[-1].loans_outstanding == own[r.code]["loans_outstanding"]
    t = rep.totals
    assert t.capital == sum(f["capital"] for f in own.values())
    assert t.cash_and_bank == sum(f["cash_and_bank"] for f in own.values())
    assert t.members == sum(f["members"] for f in own.values())
    assert t.overdue == sum(f["overdue"] for f in own.values())
    assert t.overdue_rate == overdue_rate(t.overdue, t.loans_outstanding)
    with book.session() as s:
        tbs = {(sub.total_debit, sub.total_credit) for sub in s.scalars(select(Submission))}
    assert tbs == {f["tb"] for f in own.values()}
    # the CSV says the same, in baht
    out = write_consolidated(book, tmp_path / "tambon.csv")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    by_code = {row[0]: row for row in rows[1:-1]}
    cash = rows[0].index("เงินสดและเงินฝากธนาคาร")
    for code, f in own.items():
        assert Decimal(by_code[code][cash]) * 100 == f["cash_and_bank"]
    assert Decimal(rows[-1][cash]) * 100 == t.cash_and_bank
    pdf = write_consolidated(book, tmp_path / "tambon.pdf",
                             options=PrintOptions(printed_on=dt.date(2025, 7, 1)))
    assert pdf.read_bytes().startswith(b"%PDF")
    write_consolidated(book, tmp_path / "tambon.xlsx")


def test_a_month_report_takes_the_month_end_figures(book: NetworkBook, backups) -> None:
    import_backups(book, [backups[1], backups[2]])
    latest = {r.code: r for r in villages(book)}
    march = {r.code: r for r in build_consolidated(book, month=(2025, 3)).rows}
    for code, r in latest.items():
        point = next(p for p in r.months if p.month == "2025-03")
        assert march[code].cash_and_bank == point.cash_and_bank
        assert march[code].capital == point.capital
        assert march[code].members is None


def _post(fund: Path, amount: str = "12.50") -> None:
    with open_fund(fund) as db, db.write() as s:
        post_entry(s, kind="receipt", date=dt.date(2025, 6, 30), description="ดอกเบี้ยธนาคาร",
                   user="bookkeeper", lines=[LineInput("11020", debit=Decimal(amount)),
                                             LineInput("43010", credit=Decimal(amount))])


def _backup(fund: Path, out: Path) -> Path:
    with open_fund(fund, lock=False) as db:
        return create_backup(db, out).path


def test_a_later_backup_extends_the_chain(book: NetworkBook, fund_copy, tmp_path: Path) -> None:
    fund = fund_copy(2)
    first = _backup(fund, tmp_path / "a.kongtun-backup")
    _post(fund)
    second = _backup(fund, tmp_path / "b.kongtun-backup")
    results = import_backups(book, [first, second])
    assert [r.status for r in results] == ["ok", "ok"]
    (row,) = villages(book)
    assert row.submissions == 2 and row.status == "ok"
    assert row.cash_and_bank == own_figures(fund)["cash_and_bank"]


def test_a_rewritten_history_is_flagged(book: NetworkBook, backups) -> None:
    # seeds 1 and 7 are the same village (same fund code) with different histories
    results = import_backups(book, [backups[1], backups[7]])
    assert [r.status for r in results] == ["ok", "flagged"]
    assert "ต้องตรวจสอบ" in results[1].message and "ประวัติรายการไม่ต่อเนื่อง" in results[1].message
    (row,) = villages(book)
    assert row.status == "flagged" and "ไม่ต่อเนื่อง" in row.reason
    assert "ต้องตรวจสอบ" in build_consolidated(book).rows[0].reason or row.reason


def test_an_older_backup_after_a_newer_one_is_flagged(book: NetworkBook, fund_copy,
                                                      tmp_path: Path) -> None:
    fund = fund_copy(3)
    old = _backup(fund, tmp_path / "old.kongtun-backup")
    _post(fund)
    new = _backup(fund, tmp_path / "new.kongtun-backup")
    assert [r.status for r in import_backups(book, [new, old])] == ["ok", "flagged"]


@pytest.mark.parametrize("month", [None, (2025, 6)])
def test_an_empty_book_still_reports(book: NetworkBook, tmp_path: Path, month) -> None:
    rep = build_consolidated(book, month=month)
    assert rep.rows == () and rep.totals.capital == 0
    write_consolidated(book, tmp_path / "empty.pdf", month=month,
                       options=PrintOptions(printed_on=dt.date(2025, 7, 1)))


def test_a_late_loan_reaches_the_dashboard_and_the_report(book: NetworkBook, fund,
                                                          tmp_path: Path) -> None:  # noqa: ANN001
    """The hand-worked fund of tests/services/test_backup_overdue.py: 3,090 baht overdue
    of 26,000 lent, 11.88 %; the book reads the summary's integer satang as it is."""
    from tests.services.test_backup_overdue import LATE_LOAN_OVERDUE, late_loan_fund

    late_loan_fund(fund)
    backup = create_backup(fund, tmp_path / "late.kongtun-backup").path
    assert [r.status for r in import_backups(book, [backup])] == ["ok"]
    (row,) = villages(book)
    assert row.overdue == LATE_LOAN_OVERDUE["amount_satang"] == 3_090_00
    assert row.loans_outstanding == 26_000_00
    assert row.overdue_rate == Decimal(LATE_LOAN_OVERDUE["rate_percent"]) == Decimal("11.88")
    rep = build_consolidated(book)
    assert (rep.totals.overdue, rep.totals.overdue_rate) == (3_090_00, Decimal("11.88"))
    out = write_consolidated(book, tmp_path / "tambon.csv")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    overdue, rate = rows[0].index("ค้างชำระ"), rows[0].index("ร้อยละค้างชำระ")
    assert (rows[1][overdue], rows[1][rate]) == ("3090.00", "11.88")
    assert (rows[-1][overdue], rows[-1][rate]) == ("3090.00", "11.88")
    pdf = write_consolidated(book, tmp_path / "tambon.pdf",
                             options=PrintOptions(printed_on=dt.date(2025, 7, 1)))
    assert pdf.read_bytes().startswith(b"%PDF")
