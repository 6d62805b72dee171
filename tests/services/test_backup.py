"""The backup file: create → verify → restore gives the same books; every bad file is refused
with one clear Thai message and the current fund is left untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from app.db import FundDb, open_fund
from app.errors import FundLocked
from app.services import backup_format as fmt
from app.services.backup import create_backup, default_file_name, read_manifest, verify_backup
from app.services.backup_facts import fund_facts, summary
from app.services.check import check_fund
from app.services.demo import build_demo
from app.services.restore import (
    MSG_ANCESTOR,
    MSG_FEWER,
    auto_backup,
    list_backups,
    preview_restore,
    restore_backup,
)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.kongtun"
    build_demo(path, members=12, years=1, seed=7)
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "fund" / "demo.kongtun"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make(demo: Path, out: Path, **kw) -> Path:
    with open_fund(demo, lock=False) as db:
        return create_backup(db, out, **kw).path


def test_backup_restore_round_trip_keeps_the_books(demo: Path, tmp_path: Path) -> None:
    with open_fund(demo) as db:  # the program is open on the fund while backing up
        info = create_backup(db, tmp_path)
        with db.read() as s:
            before = fund_facts(s)
    assert info.path.name == "กองทุนหมู่บ้านบ้านหนองฮะ หมู่ที่ 3_2568-06-30.kongtun-backup"
    assert info.facts == before and info.facts.entry_count > 100
    new = tmp_path / "restored" / "new.kongtun"
    result = restore_backup(info.path, new)
    assert result.kept is None and not result.preview.loses_data
    with open_fund(new) as db:
        assert check_fund(db) == []
        with db.read() as s:
            assert fund_facts(s) == before


def test_manifest_and_summary_say_what_the_coordinator_needs(demo: Path, tmp_path: Path) -> None:
    out = _make(demo, tmp_path / "b.kongtun-backup")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == [fmt.DATA_PLAIN, fmt.SUMMARY, fmt.MANIFEST]
        m = json.loads(zf.read(fmt.MANIFEST))
        s = json.loads(zf.read(fmt.SUMMARY))
    assert m["format"] == "kongtun-backup" and m["encrypted"] is False
    assert m["fund"]["code"] == "33150303" and m["fund"]["tambon"] == "ปราสาท"
    assert m["period"] == {"first_entry_date": "2024-07-01", "last_entry_date": "2025-06-30"}
    tb = m["trial_balance"]
    assert tb["total_debit_satang"] == tb["total_credit_satang"] > 0
    assert set(m["files"]) == {fmt.DATA_PLAIN, fmt.SUMMARY}
    with open_fund(demo, lock=False) as db, db.read() as sess:
        assert s == json.loads(json.dumps(summary(sess)))
    assert s["members"]["total"] == 12
    assert s["capital"]["31010"] > 0 and s["loans_outstanding"]["total"] >= 0
    assert s["cash_and_bank"]["total"] == sum(v for k, v in s["cash_and_bank"].items() if k != "total")
    assert s["months"][-1]["month"] == "2025-06"
    assert s["months"][-1]["cash_and_bank"] == s["cash_and_bank"]["total"]
    text = json.dumps(s, ensure_ascii=False)
    assert "national" not in text and "first_name" not in text  # no personal data


def test_passphrase_encrypts_and_a_wrong_one_is_refused(demo: Path, tmp_path: Path) -> None:
    out = _make(demo, tmp_path / "b.kongtun-backup", passphrase="รหัสลับ 123")
    assert read_manifest(out).encrypted  # the identity is readable without the passphrase
    assert read_manifest(out).fund["name"].startswith("กองทุนหมู่บ้าน")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist()[0] == fmt.DATA_ENCRYPTED
        assert b"SQLite" not in zf.read(fmt.DATA_ENCRYPTED)
    with pytest.raises(fmt.PassphraseNeeded, match="รหัสผ่าน"):
        verify_backup(out)
    with pytest.raises(fmt.WrongPassphrase, match="รหัสผ่าน.*ไม่ถูกต้อง"):
        verify_backup(out, passphrase="ผิด")
    assert verify_backup(out, passphrase="รหัสลับ 123").facts.entry_count > 100


def _bad_files(good: Path, tmp: Path) -> dict[str, Path]:
    data = good.read_bytes()
    files: dict[str, bytes] = {
        "truncated": data[: len(data) // 2],
        "flipped": data[:5000] + bytes([data[5000] ^ 0x01]) + data[5001:],
        "pdf": b"%PDF-1.4\n" + bytes(range(256)) * 20,
    }
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hello")
    files["other zip"] = other.getvalue()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(fmt.DATA_PLAIN, b"")
        zf.writestr(fmt.SUMMARY, b"{}")
        zf.writestr(fmt.MANIFEST, b" " * (200 << 20))  # 200 MiB of spaces in ~200 KiB
    files["zip bomb"] = bomb.getvalue()
    out = {}
    for name, content in files.items():
        p = tmp / f"{name}.kongtun-backup"
        p.write_bytes(content)
        out[name] = p
    sealed = tmp / "sealed bomb.kongtun-backup"  # a crafted bomb whose checksum is right
    sealed.write_bytes(files["zip bomb"])
    fmt.seal(sealed)
    out["sealed zip bomb"] = sealed
    return out


@pytest.mark.parametrize("kind, message", [
    ("truncated", "เสียหาย"), ("flipped", "เสียหาย"), ("pdf", "ไม่ใช่ไฟล์สำรองข้อมูล"),
    ("other zip", "ไม่ใช่ไฟล์สำรองข้อมูล"), ("zip bomb", "เสียหาย"), ("sealed zip bomb", "เสียหาย"),
])
def test_bad_files_are_refused_and_the_fund_is_untouched(demo: Path, tmp_path: Path,
                                                         kind: str, message: str) -> None:
    good = _make(demo, tmp_path / "good.kongtun-backup")
    bad = _bad_files(good, tmp_path)[kind]
    before = _sha(demo)
    with pytest.raises(fmt.BackupInvalid, match=message) as err:
        verify_backup(bad)
    assert "\n" not in str(err.value)
    with pytest.raises(fmt.BackupInvalid):
        restore_backup(bad, demo)
    assert _sha(demo) == before
    assert not list(demo.parent.glob("*before-restore*"))


def _reseal(path: Path, edit) -> None:  # noqa: ANN001
    """Rewrite a backup with an edited manifest and a valid seal (a crafted file)."""
    with zipfile.ZipFile(path) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in members:
            if info.filename == fmt.MANIFEST:
                m = json.loads(data)
                edit(m)
                data = json.dumps(m).encode()
            zf.writestr(info, data)
    fmt.seal(path)


def test_a_backup_from_a_newer_program_is_refused(demo: Path, tmp_path: Path) -> None:
    out = _make(demo, tmp_path / "b.kongtun-backup")
    _reseal(out, lambda m: m.update(schema_revision="9999_future"))
    with pytest.raises(fmt.BackupTooNew, match="รุ่นใหม่กว่า"):
        verify_backup(out)


def test_a_manifest_that_lies_is_refused(demo: Path, tmp_path: Path) -> None:
    out = _make(demo, tmp_path / "b.kongtun-backup")
    _reseal(out, lambda m: m.update(entry_count=m["entry_count"] + 1))
    with pytest.raises(fmt.BackupDamaged):
        verify_backup(out)


def test_restore_refused_while_the_fund_is_open_elsewhere(demo: Path, tmp_path: Path) -> None:
    out = _make(demo, tmp_path / "b.kongtun-backup")
    before = _sha(demo)
    with open_fund(demo), pytest.raises(FundLocked, match="เปิดอยู่"):
        restore_backup(out, demo)
    assert _sha(demo) == before


def test_restoring_an_older_backup_warns_and_keeps_the_current_file(demo: Path, tmp_path: Path) -> None:
    old = _make(demo, tmp_path / "old.kongtun-backup")
    _post_one(demo)
    with open_fund(demo) as db, db.read() as s:
        newer = fund_facts(s)
    preview = preview_restore(old, demo)
    assert preview.current == newer
    assert {m for m, _ in preview.warnings} >= {MSG_FEWER, MSG_ANCESTOR}
    assert "1 รายการ" in " ".join(preview.warning_texts())
    result = restore_backup(old, demo)
    assert result.kept is not None and result.kept.name.startswith("demo.before-restore-")
    with open_fund(result.kept) as db, db.read() as s:
        assert fund_facts(s) == newer  # the newer data is kept beside the fund
    with open_fund(demo) as db, db.read() as s:
        assert fund_facts(s) == preview.backup.facts
    assert list((demo.parent / "backups").glob("*_restore.kongtun-backup"))


def _post_one(path: Path) -> None:
    from decimal import Decimal

    from app.services.ledger import LineInput, post_entry

    with open_fund(path) as db, db.write() as s:
        post_entry(s, kind="receipt", date=dt.date(2025, 6, 30), description="ดอกเบี้ยธนาคาร",
                   user="bookkeeper", lines=[LineInput("11020", debit=Decimal("12.50")),
                                             LineInput("43010", credit=Decimal("12.50"))])


def test_auto_backups_rotate_and_the_list_reminds(demo: Path, tmp_path: Path) -> None:
    with open_fund(demo) as db:
        with db.write() as s:
            from app.services.fund import set_setting

            set_setting(s, "backup_keep", "3")
        made = [auto_backup(db, reason="close") for _ in range(5)]
        kept = sorted((demo.parent / "backups").iterdir())
        assert kept == made[2:]
        status = list_backups(db)
        assert len(status.backups) == 3 and status.overdue and status.last_manual is None
        manual = create_backup(db, tmp_path, verify=False)
        status = list_backups(db, extra_folders=(tmp_path,))
        assert status.last_manual == manual.created_at and not status.overdue
        later = manual.created_at + dt.timedelta(days=8)
        assert list_backups(db, extra_folders=(tmp_path,), now=later).overdue
        assert default_file_name(db) == manual.path.name


def test_write_failure_leaves_no_partial_file(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "b.kongtun-backup"
    with open_fund(demo, lock=False) as db, pytest.raises(fmt.BackupWriteError, match="ไม่สำเร็จ"):
        create_backup(db, target)
    assert not target.parent.exists() or not list(target.parent.iterdir())


def test_restore_over_a_damaged_fund_keeps_its_bytes(demo: Path, tmp_path: Path) -> None:
    out = _make(demo, tmp_path / "b.kongtun-backup")
    damaged = demo.read_bytes()[:4096] + b"\x00" * 100
    demo.write_bytes(damaged)
    result = restore_backup(out, demo)
    assert result.kept is not None and result.kept.read_bytes() == damaged
    with open_fund(demo) as db:
        assert check_fund(db) == []


def test_restore_into_the_open_program(demo: Path, tmp_path: Path) -> None:
    from app.services.restore import restore_open_fund

    out = _make(demo, tmp_path / "b.kongtun-backup")
    _post_one(demo)
    db: FundDb = open_fund(demo)
    try:
        restore_open_fund(db, out)
        with db.read() as s:
            assert fund_facts(s) == read_manifest(out).facts
    finally:
        db.close()
