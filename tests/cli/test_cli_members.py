"""`kongtun import members` and `kongtun export members`: the command-line contract."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.db import open_fund
from app.services.members import list_members
from tests.services.test_member_import import ROWS, write_csv


def test_dry_run_lists_problems_and_changes_nothing(fund_path: Path, tmp_path: Path,
                                                    capsys) -> None:  # noqa: ANN001
    path = write_csv(tmp_path / "registry.csv")
    assert main(["--fund", str(fund_path), "import", "members", str(path), "--dry-run"]) == 1
    out, err = capsys.readouterr()
    assert "แถวที่ 4:" in out and "แถวที่ 8:" in out and "--dry-run" in out
    assert len(err.strip().splitlines()) == 1 and "5 แถว" in err
    with open_fund(fund_path) as db, db.read() as s:
        assert list_members(s) == []


def test_import_then_again_then_export_round_trip(fund_path: Path, tmp_path: Path,
                                                  capsys) -> None:  # noqa: ANN001
    good = write_csv(tmp_path / "good.csv", [r for r in ROWS if r[0] in "128"])
    assert main(["--fund", str(fund_path), "import", "members", str(good)]) == 0
    assert "นำเข้าสมาชิก 3 ราย" in capsys.readouterr().out
    assert main(["--fund", str(fund_path), "import", "members", str(good)]) == 0
    assert "นำเข้าสมาชิก 0 ราย มีในทะเบียนแล้ว 3 ราย" in capsys.readouterr().out
    out_csv, out_xlsx = tmp_path / "members.csv", tmp_path / "members.xlsx"
    assert main(["--fund", str(fund_path), "export", "members", "--out", str(out_csv)]) == 0
    assert main(["--fund", str(fund_path), "export", "members", "--out", str(out_xlsx)]) == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with out_csv.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["ชื่อ"] for r in rows] == ["มาลี", "ฤดี", "สมชาย"]  # dictionary order
    assert rows[2]["เงินสัจจะ"] == "1250.50" and rows[2]["วันเกิด"] == "1962-03-05"
    ws = load_workbook(out_xlsx).active
    assert ws["E2"].value == rows[0]["เลขประจำตัวประชาชน"]
    # The export imports back into another fund as the same registry.
    other = tmp_path / "other.kongtun"
    assert main(["--fund", str(other), "init", "--name", "ก", "--code", "1", "--village-no",
                 "1", "--village", "ก", "--tambon", "ก", "--amphoe", "ก", "--province", "ก"]) == 0
    assert main(["--fund", str(other), "import", "members", str(out_xlsx)]) == 0
    with open_fund(other) as db, db.read() as s:
        assert [(m.first_name, m.savings_satang) for m in list_members(s)] == [
            ("มาลี", 300_00), ("ฤดี", 100_00), ("สมชาย", 1_250_50)]


@pytest.mark.parametrize("args", [
    ["import", "members", "missing.csv"],
    ["import", "members", "bad.txt"],
    ["export", "members", "--out", "members.pdf"],
])
def test_bad_input_exits_2_with_one_thai_line(fund_path: Path, tmp_path: Path, capsys,  # noqa: ANN001
                                              args: list[str]) -> None:
    (tmp_path / "bad.txt").write_text("x")
    args = [str(tmp_path / a) if "." in a else a for a in args]
    assert main(["--fund", str(fund_path), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kongtun: ") and any(
        "\u0e00" <= ch <= "\u0e7f" for ch in err[0])
