"""The ledger proof a backup carries (app.services.ledger_proof) finds what the integrity
check finds, whatever SQLite renders; a backup of books that fail it is not put in place.

The books of tests/services/test_check.py are tampered with the same raw SQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db import FundDb
from app.services import backup_format as fmt
from app.services import ledger_proof
from app.services.backup import create_backup, verify_backup
from app.services.balances import trial_balance
from app.services.check import check_balanced, check_hash_chain
from app.services.ledger import LineInput, last_hash, post_entry
from app.services.restore import auto_backup
from tests.services.test_check import books, entry_of, tamper  # noqa: F401 - `books` fixture

TAMPERINGS = {
    "description edited": ["UPDATE journal_entry SET description = 'รับเงินจัดสรร (แก้)' "
                           "WHERE voucher_no = 'RV2568/0001'"],
    "one debit changed": [f"UPDATE journal_line SET debit_satang = debit_satang + 1 "
                          f"WHERE entry_id = {entry_of('RV2568/0003')} AND debit_satang > 0"],
    "a line changed on both sides": [
        f"UPDATE journal_line SET debit_satang = debit_satang + 10000 "
        f"WHERE entry_id = {entry_of('PV2568/0002')} AND debit_satang > 0",
        f"UPDATE journal_line SET credit_satang = credit_satang + 10000 "
        f"WHERE entry_id = {entry_of('PV2568/0002')} AND credit_satang > 0"],
    "an entry deleted in the middle": [
        f"DELETE FROM journal_line WHERE entry_id = {entry_of('RV2568/0002')}",
        "DELETE FROM journal_entry WHERE voucher_no = 'RV2568/0002'"],
    "a memo added": [f"UPDATE journal_line SET memo = 'แก้ \"x\" \\ y' "
                     f"WHERE entry_id = {entry_of('PV2568/0002')}"],
}


def _check(db: FundDb) -> tuple[list, list]:
    with db.read() as s:
        return check_hash_chain(s), check_balanced(s)


def test_sound_books_are_proven_with_their_head_and_trial_balance(books: FundDb) -> None:  # noqa: F811
    chain, sums = ledger_proof.prove_chain(books.engine), ledger_proof.prove_balances(books.engine)
    with books.read() as s:
        tb = trial_balance(s, as_of=dt.date(2025, 12, 31))
        head = last_hash(s)
    assert chain.problems == () and sums.problems == ()
    assert (chain.entry_count, chain.chain_head) == (6, head)
    assert (sums.total_debit_satang, sums.total_credit_satang) == (
        tb.total_debit_satang, tb.total_credit_satang) == (1_000_120_00, 1_000_120_00)


@pytest.mark.parametrize("how", sorted(TAMPERINGS))
def test_the_proof_finds_what_the_check_finds(books: FundDb, how: str) -> None:  # noqa: F811
    tamper(books, *TAMPERINGS[how])
    chain_found, balance_found = _check(books)
    assert chain_found or balance_found
    chain = ledger_proof.prove_chain(books.engine)
    sums = ledger_proof.prove_balances(books.engine)
    assert list(chain.problems) == chain_found
    assert [p for p in sums.problems if p.code == "unbalanced"] == \
        [p for p in balance_found if p.code == "unbalanced"]


def test_without_the_entry_sums_the_trial_balance_still_tells(books: FundDb) -> None:  # noqa: F811
    quick = ledger_proof.prove_balances(books.engine, entries=False)
    full = ledger_proof.prove_balances(books.engine)
    assert quick == full and quick.problems == ()
    tamper(books, *TAMPERINGS["one debit changed"])  # one side of RV2568/0003: 1 satang
    quick = ledger_proof.prove_balances(books.engine, entries=False)
    assert [p.code for p in quick.problems] == ["trial_balance"]
    assert quick.total_debit_satang == quick.total_credit_satang + 1


@pytest.mark.parametrize("suspects", [50, 2])
@pytest.mark.parametrize("how", [None, "description edited"])
def test_another_sqlite_rendering_never_changes_the_answer(
        books: FundDb, monkeypatch: pytest.MonkeyPatch, suspects: int, how: str | None) -> None:  # noqa: F811
    """Every payload rendered wrongly: each entry is rebuilt in Python (or, past the limit
    of suspects, the whole chain is), and the answer is the check's."""
    if how:
        tamper(books, *TAMPERINGS[how])
    real = ledger_proof.entry_payloads
    monkeypatch.setattr(ledger_proof, "entry_payloads",
                        lambda engine: ((i, v, p, h, b" " + body) for i, v, p, h, body in real(engine)))
    monkeypatch.setattr(ledger_proof, "MAX_SUSPECTS", suspects)
    assert list(ledger_proof.prove_chain(books.engine).problems) == _check(books)[0]


# Texts as a bookkeeper (or a damaged keyboard) may type them: Thai with its marks, quotes,
# backslashes, control characters, emoji, non-BMP characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=TEXT.filter(lambda t: t.strip()), counterpart=TEXT, evidence=TEXT, memo=TEXT)
def test_sqlite_renders_every_payload_as_python_does(fund: FundDb, monkeypatch: pytest.MonkeyPatch,
                                                     description: str, counterpart: str,
                                                     evidence: str, memo: str) -> None:
    """No entry ever needs the Python rebuild: the fast path is the path taken."""
    with fund.write() as s:
        post_entry(s, kind="receipt", date=dt.date(2025, 1, 15), description=description,
                   counterpart=counterpart, evidence_ref=evidence, user="bookkeeper",
                   lines=[LineInput("11010", debit=Decimal("1.25"), memo=memo),
                          LineInput("42020", credit=Decimal("1.25"))])
    rebuilt: list[int] = []
    monkeypatch.setattr(ledger_proof, "_python_hash_matches",
                        lambda engine, entry_id, before: rebuilt.append(entry_id) or False)
    assert ledger_proof.prove_chain(fund.engine).problems == ()
    assert rebuilt == []


def _usb(tmp_path: Path) -> Path:
    """An empty folder for the backup (tmp_path holds the fund itself)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_a_backup_of_tampered_books_is_not_put_in_place(books: FundDb, tmp_path: Path) -> None:  # noqa: F811
    tamper(books, *TAMPERINGS["description edited"])
    usb = _usb(tmp_path)
    out = usb / "b.kongtun-backup"
    with pytest.raises(fmt.BackupFailsChecks, match="RV2568/0001.*ถูกแก้ไขหลังบันทึก"):
        create_backup(books, out)
    assert list(usb.iterdir()) == []  # neither the file nor its temporary
    # the automatic backup (no ledger proof) still keeps a copy; `verify` then refuses it
    kept = auto_backup(books, reason="close")
    with pytest.raises(fmt.BackupFailsChecks, match="RV2568/0001"):
        verify_backup(kept)


def test_month_totals_that_disagree_with_the_lines_are_refused(books: FundDb, tmp_path: Path) -> None:  # noqa: F811
    tamper(books, "UPDATE account_month_total SET debit_satang = debit_satang + 100 "
                  "WHERE year = 2025 AND month = 1 AND account_id = "
                  "(SELECT id FROM account WHERE code = '11020')")
    usb = _usb(tmp_path)
    with pytest.raises(fmt.BackupFailsChecks, match="งบทดลองที่คำนวณจากรายการบัญชี"):
        create_backup(books, usb / "b.kongtun-backup")
    assert list(usb.iterdir()) == []


def test_the_check_after_writing_reads_the_file_back(
        books: FundDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """A byte changed on the disk between writing and checking is found."""
    real = fmt.seal

    def seal_then_flip(path: Path) -> None:
        real(path)
        data = bytearray(path.read_bytes())
        data[100] ^= 0x01
        path.write_bytes(bytes(data))

    monkeypatch.setattr(fmt, "seal", seal_then_flip)
    usb = _usb(tmp_path)
    with pytest.raises(fmt.BackupDamaged):
        create_backup(books, usb / "b.kongtun-backup")
    assert list(usb.iterdir()) == []
