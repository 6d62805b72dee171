"""`kongtun backup create|verify|restore`: the contract of ARCHITECTURE.md, exit codes included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.db import open_fund
from app.services.backup_facts import fund_facts
from app.services.demo import build_demo


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.kongtun"
    build_demo(path, members=10, years=1, seed=7)
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.kongtun"
    shutil.copyfile(demo_template, path)
    return path


def _facts(path: Path):  # noqa: ANN202
    with open_fund(path, lock=False) as db, db.read() as s:
        return fund_facts(s)


def test_create_verify_restore_check(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "b.kongtun-backup"
    assert main(["--fund", str(demo), "backup", "create", "--out", str(out)]) == 0
    assert "ตรวจสอบ" in capsys.readouterr().out
    assert main(["backup", "verify", str(out)]) == 0
    assert "ถูกต้องครบถ้วน" in capsys.readouterr().out
    new = tmp_path / "new" / "restored.kongtun"
    assert main(["backup", "restore", str(out), "--fund", str(new)]) == 0
    assert main(["--fund", str(new), "check"]) == 0
    assert _facts(new) == _facts(demo)  # trial balance totals and chain head included


def test_a_flipped_byte_makes_verify_exit_1(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "b.kongtun-backup"
    assert main(["--fund", str(demo), "backup", "create", "--out", str(out)]) == 0
    data = bytearray(out.read_bytes())
    data[len(data) // 3] ^= 0x40
    out.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["backup", "verify", str(out)]) == 1
    err = capsys.readouterr().err
    assert "เสียหาย" in err and len(err.strip().splitlines()) == 1


def test_passphrase_file(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out, phrase, wrong = tmp_path / "b.kongtun-backup", tmp_path / "p.txt", tmp_path / "w.txt"
    phrase.write_text("ข้าวเหนียว 2568\n", encoding="utf-8")
    wrong.write_text("ผิด\n", encoding="utf-8")
    assert main(["--fund", str(demo), "backup", "create", "--out", str(out),
                 "--passphrase-file", str(phrase)]) == 0
    assert main(["backup", "verify", str(out), "--passphrase-file", str(phrase)]) == 0
    capsys.readouterr()
    assert main(["backup", "verify", str(out), "--passphrase-file", str(wrong)]) == 2
    assert "รหัสผ่าน" in capsys.readouterr().err
    before = demo.read_bytes()
    assert main(["backup", "restore", str(out), "--fund", str(demo),
                 "--passphrase-file", str(wrong)]) == 2
    assert demo.read_bytes() == before


def test_bad_usage_exits_2(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["backup", "create", "--out", str(tmp_path / "x.kongtun-backup")]) == 2
    assert "--fund" in capsys.readouterr().err
    assert main(["backup", "verify", str(tmp_path / "missing.kongtun-backup")]) == 2
    assert "ไม่พบไฟล์" in capsys.readouterr().err
    assert main(["backup", "verify", str(demo)]) == 1  # a fund file is not a backup
    assert "ไม่ใช่ไฟล์สำรองข้อมูล" in capsys.readouterr().err


def test_restore_refused_while_the_fund_is_open(demo: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "b.kongtun-backup"
    assert main(["--fund", str(demo), "backup", "create", "--out", str(out)]) == 0
    before = demo.read_bytes()
    with open_fund(demo):
        assert main(["backup", "restore", str(out), "--fund", str(demo)]) == 2
    assert "เปิดอยู่" in capsys.readouterr().err
    assert demo.read_bytes() == before
