"""Damaged and tampered fund files are refused on open or reported by the check, never
silently accepted: a file cut short (a copy to a USB stick pulled out too early), pages
overwritten, text and figures changed with a hex editor.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from app.db import open_fund
from app.errors import FundFileError, NotAFundFile
from app.services.check import check_fund
from app.services.ledger import LineInput, post_entry

ENTRIES = 400


@pytest.fixture(scope="module")
def sound_fund(fund_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fund of a few hundred entries, closed cleanly (no WAL left beside it)."""
    path = tmp_path_factory.mktemp("sound") / "fund.kongtun"
    shutil.copyfile(fund_template, path)
    with open_fund(path) as db, db.write() as s:
        for i in range(ENTRIES):
            amount = Decimal(i + 1)
            post_entry(s, kind="receipt", date=dt.date(2025, 1 + i % 12, 1 + i % 28),
                       description=f"รับเงินค่าบริการ INV-{i:06d}", user="bookkeeper",
                       lines=(LineInput("11010", debit=amount), LineInput("42020", credit=amount)))
    assert [p.name for p in path.parent.iterdir()] == ["fund.kongtun"]
    return path


def damaged_copy(sound: Path, tmp_path: Path, damage: Callable[[bytearray], bytes]) -> Path:
    path = tmp_path / "damaged.kongtun"
    path.write_bytes(damage(bytearray(sound.read_bytes())))
    return path


def outcome(path: Path) -> str:
    """'refused: ...' or 'reported: <codes>' or 'accepted' (the failure we look for)."""
    try:
        db = open_fund(path)
    except FundFileError as err:
        return f"refused: {type(err).__name__}: {err}"
    with db:
        problems = check_fund(db)
    return f"reported: {sorted({p.code for p in problems})}" if problems else "accepted"


def page_size(data: bytes | bytearray) -> int:
    size = int.from_bytes(data[16:18], "big")
    return 65536 if size == 1 else size


def test_the_sound_fund_is_accepted(sound_fund: Path, tmp_path: Path) -> None:
    assert outcome(damaged_copy(sound_fund, tmp_path, bytes)) == "accepted"


def test_a_file_cut_to_half_its_size_is_refused_as_damaged(sound_fund: Path,
                                                           tmp_path: Path) -> None:
    path = damaged_copy(sound_fund, tmp_path, lambda b: bytes(b[:len(b) // 2]))
    with pytest.raises(FundFileError) as caught:
        open_fund(path)
    # A damaged fund is not "someone else's file": the bookkeeper must restore a backup.
    assert not isinstance(caught.value, NotAFundFile)
    assert "เสียหาย" in str(caught.value)
    assert not path.with_name(path.name + ".lock").exists()


def _flip_middle_page(b: bytearray) -> bytes:
    size = page_size(b)
    start = (len(b) // size // 2) * size
    for i in range(start, start + size):
        b[i] ^= 0xFF
    return bytes(b)


def _flip_middle_page_header(b: bytearray) -> bytes:
    size = page_size(b)
    start = (len(b) // size // 2) * size
    for i in range(start, start + 8):
        b[i] ^= 0x5A
    return bytes(b)


def _flip_in(marker: bytes, offset: int, mask: int, *,
             copies: int = 1) -> Callable[[bytearray], bytes]:
    def damage(b: bytearray) -> bytes:
        at = bytes(b).find(marker)
        assert at > 0 and bytes(b).count(marker) == copies
        b[at + offset] ^= mask
        return bytes(b)
    return damage


DAMAGE = {
    "middle page overwritten": _flip_middle_page,
    "middle page header flipped": _flip_middle_page_header,
    # A digit of a voucher's text: still valid text, so only the hash chain can tell.
    "digit in a description": _flip_in(b"INV-000200", 9, 0x01),
    # A byte of Thai text: no longer valid UTF-8.
    "byte of Thai text": _flip_in("ค่าบริการ INV-000201".encode(), 1, 0xFF),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_flipped_bytes_are_refused_or_reported(sound_fund: Path, tmp_path: Path,
                                               damage: Callable[[bytearray], bytes]) -> None:
    path = damaged_copy(sound_fund, tmp_path, damage)
    assert path.read_bytes() != sound_fund.read_bytes()
    assert outcome(path) != "accepted"


def test_a_changed_description_is_caught_by_the_hash_chain(sound_fund: Path,
                                                          tmp_path: Path) -> None:
    path = damaged_copy(sound_fund, tmp_path, _flip_in(b"INV-000200", 9, 0x01))
    with open_fund(path) as db:
        problems = check_fund(db)
    assert [(p.code, dict(p.params)["voucher"]) for p in problems] == [
        ("hash_chain", "RV2568/0201")]


def test_undecodable_text_is_reported_not_a_crash(sound_fund: Path, tmp_path: Path) -> None:
    path = damaged_copy(sound_fund, tmp_path, _flip_in("ค่าบริการ INV-000201".encode(), 1, 0xFF))
    with open_fund(path) as db:
        problems = check_fund(db)
    assert problems and {p.code for p in problems} == {"database"}
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in problems[0].message)


def test_a_changed_hash_is_caught(sound_fund: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(sound_fund)
    (stored,) = conn.execute("SELECT hash FROM journal_entry WHERE voucher_no = 'RV2568/0300'"
                             ).fetchone()
    conn.close()
    # In its row, as the next entry's prev_hash, and in the unique index: the first is its row.
    path = damaged_copy(sound_fund, tmp_path, _flip_in(stored.encode(), 10, 0x01, copies=3))
    assert outcome(path).startswith("reported:")
    with open_fund(path) as db:
        codes = {p.code for p in check_fund(db)}
    assert "hash_chain" in codes


def test_the_early_check_at_start_up_never_lets_damage_through(sound_fund: Path,
                                                               tmp_path: Path) -> None:
    """The desktop program checks the file while Qt loads (app.early_check); a damaged
    file fails that check, so the normal checked open runs and refuses it."""
    from app.early_check import EarlyCheck
    from app.ui.main import open_or_explain

    assert EarlyCheck(sound_fund).passed_for(sound_fund)
    assert not EarlyCheck(sound_fund).passed_for(tmp_path / "another.kongtun")
    missing = tmp_path / "missing.kongtun"
    assert not EarlyCheck(missing).passed_for(missing) and not missing.exists()
    damaged = damaged_copy(sound_fund, tmp_path, _flip_middle_page_header)
    early = EarlyCheck(damaged)
    assert not early.passed_for(damaged)
    shown = []
    import app.ui.main as main_module
    original = main_module.errors.show_error
    main_module.errors.show_error = lambda parent, exc: shown.append(exc)
    try:
        assert open_or_explain(damaged, None, early) is None
    finally:
        main_module.errors.show_error = original
    assert len(shown) == 1 and isinstance(shown[0], FundFileError)
