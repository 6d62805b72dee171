"""The integrity check finds every kind of tampering, and lists all problems at once.

The books are changed behind the program's back with raw SQL on the file, the way someone
with a database tool could, and the check must notice each change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from app import i18n
from app.db import FundDb
from app.services.check import Problem, check_fund, check_ledger
from app.services.ledger import LineInput, post_entry, reverse_entry

USER = "bookkeeper"


def dr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, debit=Decimal(amount), **kw)


def cr(code: str, amount: str, **kw: Any) -> LineInput:
    return LineInput(code, credit=Decimal(amount), **kw)


@pytest.fixture
def books(fund: FundDb) -> FundDb:
    """Six vouchers: RV1-RV3, PV1 (cancelled by JV1), PV2."""
    entries = [
        ("receipt", (1, 5), "รับเงินจัดสรร", (dr("11020", "1000000"), cr("31010", "1000000"))),
        ("receipt", (1, 15), "รับฝากสัจจะ นายสมชาย", (dr("11010", "100"),
                                                     cr("21010", "100", member_id=1))),
        ("payment", (1, 20), "ซื้อวัสดุ", (dr("52010", "150"), cr("11010", "150"))),
        ("receipt", (2, 3), "ค่าธรรมเนียมแรกเข้า", (dr("11010", "20"), cr("42010", "20"))),
    ]
    with fund.write() as s:
        from app.services.members import MemberInput, add_member  # member 1 of the lines

        add_member(s, MemberInput(first_name="สมชาย", last_name="บุญเกิด",
                                  national_id="3101700203456",
                                  join_date=dt.date(2025, 1, 2)), user=USER)
        for kind, (month, day), description, lines in entries:
            post_entry(s, kind=kind, date=dt.date(2025, month, day), description=description,
                       lines=lines, user=USER)
    with fund.write() as s:
        pv1 = s.execute(text("SELECT id FROM journal_entry WHERE voucher_no = 'PV2568/0001'"))
        reverse_entry(s, entry_id=pv1.scalar_one(), date=dt.date(2025, 2, 5),
                      reason="ซื้อซ้ำ", user=USER)
        post_entry(s, kind="payment", date=dt.date(2025, 2, 10), description="ถ่ายเอกสาร",
                   lines=(dr("52020", "30"), cr("11010", "30")), user=USER)
    return fund


def tamper(db: FundDb, *statements: str) -> None:
    with db.engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


def entry_of(voucher: str) -> str:
    return f"(SELECT id FROM journal_entry WHERE voucher_no = '{voucher}')"


def problems(db: FundDb) -> list[Problem]:
    with db.read() as s:
        found = check_ledger(s)
    assert check_fund(db) == found  # a sound SQLite file: the same list
    return found


def codes(found: list[Problem]) -> set[str]:
    return {p.code for p in found}


def named(found: list[Problem], code: str, key: str = "voucher") -> list[str]:
    return [dict(p.params)[key] for p in found if p.code == code]


def test_sound_books_have_no_problems(books: FundDb) -> None:
    assert problems(books) == []


def test_a_line_changed_on_both_sides(books: FundDb) -> None:
    tamper(books,
           f"UPDATE journal_line SET debit_satang = debit_satang + 10000 "
           f"WHERE entry_id = {entry_of('RV2568/0003')} AND debit_satang > 0",
           f"UPDATE journal_line SET credit_satang = credit_satang + 10000 "
           f"WHERE entry_id = {entry_of('RV2568/0003')} AND credit_satang > 0")
    found = problems(books)
    assert codes(found) == {"hash_chain", "month_totals"}
    assert named(found, "hash_chain") == ["RV2568/0003"]
    assert sorted(named(found, "month_totals", "code")) == ["11010", "42010"]
    assert set(named(found, "month_totals", "month")) == {"2025-02"}


def test_one_debit_changed(books: FundDb) -> None:
    tamper(books, f"UPDATE journal_line SET debit_satang = debit_satang + 1 "
                  f"WHERE entry_id = {entry_of('PV2568/0002')} AND debit_satang > 0")
    found = problems(books)
    assert codes(found) == {"unbalanced", "trial_balance", "month_totals", "hash_chain"}
    assert named(found, "unbalanced") == ["PV2568/0002"]
    assert named(found, "hash_chain") == ["PV2568/0002"]
    assert named(found, "month_totals", "code") == ["52020"]


def test_an_entry_deleted_in_the_middle(books: FundDb) -> None:
    tamper(books,
           f"DELETE FROM journal_line WHERE entry_id = {entry_of('RV2568/0002')}",
           "DELETE FROM journal_entry WHERE voucher_no = 'RV2568/0002'")
    found = problems(books)
    assert codes(found) == {"voucher_gap", "hash_chain", "month_totals"}
    assert named(found, "voucher_gap") == ["RV2568/0002"]
    assert named(found, "hash_chain") == ["PV2568/0001"]  # the next one no longer links up
    assert sorted(named(found, "month_totals", "code")) == ["11010", "21010"]


def test_an_entry_marked_cancelled_without_a_cancellation(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET state = 'reversed' WHERE voucher_no = 'RV2568/0003'")
    found = problems(books)
    assert codes(found) == {"reversal"}
    assert named(found, "reversal") == ["RV2568/0003"]


def test_a_cancelled_entry_marked_posted_again(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET state = 'posted' WHERE voucher_no = 'PV2568/0001'")
    assert named(problems(books), "reversal") == ["PV2568/0001"]


def test_a_description_edited(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET description = 'รับเงินจัดสรร (แก้)' "
                  "WHERE voucher_no = 'RV2568/0001'")
    found = problems(books)
    assert codes(found) == {"hash_chain"}
    assert named(found, "hash_chain") == ["RV2568/0001"]


def test_two_different_tamperings_are_both_reported(books: FundDb) -> None:
    tamper(books,
           "UPDATE journal_entry SET state = 'reversed' WHERE voucher_no = 'RV2568/0003'",
           "UPDATE journal_entry SET description = 'แก้' WHERE voucher_no = 'PV2568/0002'")
    found = problems(books)
    assert codes(found) == {"reversal", "hash_chain"}
    assert named(found, "reversal") == ["RV2568/0003"]
    assert named(found, "hash_chain") == ["PV2568/0002"]


def test_every_problem_at_once(books: FundDb) -> None:
    tamper(books,
           f"UPDATE journal_line SET debit_satang = debit_satang + 1 "
           f"WHERE entry_id = {entry_of('PV2568/0002')} AND debit_satang > 0",
           f"DELETE FROM journal_line WHERE entry_id = {entry_of('RV2568/0002')}",
           "DELETE FROM journal_entry WHERE voucher_no = 'RV2568/0002'",
           "UPDATE journal_entry SET state = 'reversed' WHERE voucher_no = 'RV2568/0003'")
    found = problems(books)
    assert codes(found) == {"unbalanced", "trial_balance", "month_totals", "hash_chain",
                            "voucher_gap", "reversal"}
    assert named(found, "hash_chain") == ["PV2568/0001", "PV2568/0002"]


def test_a_savings_line_without_its_member(books: FundDb) -> None:
    tamper(books, f"UPDATE journal_line SET member_id = NULL "
                  f"WHERE entry_id = {entry_of('RV2568/0002')} AND member_id IS NOT NULL")
    found = problems(books)
    assert codes(found) == {"subledger", "hash_chain"}
    assert named(found, "subledger", "code") == ["21010"]


def test_an_entry_moved_outside_every_fiscal_year(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET date = '2030-06-01' WHERE voucher_no = 'RV2568/0003'")
    found = problems(books)
    assert codes(found) == {"period", "voucher_year", "hash_chain", "month_totals"}
    assert named(found, "period", "date") == ["2030-06-01"]


def test_a_renumbered_voucher(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET voucher_no = 'RV2568/0033' "
                  "WHERE voucher_no = 'RV2568/0003'")
    found = problems(books)
    assert codes(found) == {"voucher_number", "hash_chain"}


def test_a_cancellation_that_is_not_the_mirror(books: FundDb) -> None:
    tamper(books,
           f"UPDATE journal_line SET debit_satang = debit_satang - 1 "
           f"WHERE entry_id = {entry_of('JV2568/0001')} AND debit_satang > 0",
           f"UPDATE journal_line SET credit_satang = credit_satang - 1 "
           f"WHERE entry_id = {entry_of('JV2568/0001')} AND credit_satang > 0")
    found = problems(books)
    assert codes(found) == {"reversal", "hash_chain", "month_totals"}
    assert named(found, "reversal") == ["JV2568/0001"]


def test_a_cancellation_unlinked_from_its_entry(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET reverses_id = NULL WHERE voucher_no = 'JV2568/0001'")
    found = problems(books)
    assert codes(found) == {"reversal", "hash_chain"}
    assert named(found, "reversal") == ["PV2568/0001"]


def test_the_month_total_cache_edited_alone(books: FundDb) -> None:
    tamper(books, "UPDATE account_month_total SET credit_satang = credit_satang + 5 "
                  "WHERE month = 1 AND account_id = (SELECT id FROM account WHERE code = '31010')")
    found = problems(books)
    assert codes(found) == {"month_totals"}
    assert named(found, "month_totals", "code") == ["31010"]


def test_problems_are_explained_in_thai_and_in_english(books: FundDb) -> None:
    tamper(books, "UPDATE journal_entry SET description = 'x' WHERE voucher_no = 'RV2568/0001'")
    (problem,) = problems(books)
    assert "RV2568/0001" in problem.message
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in problem.message)
    i18n.set_language("en")
    assert problem.message == "Entry RV2568/0001 was changed after posting (hash chain broken)."
