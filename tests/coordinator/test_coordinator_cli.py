"""`kongtun coordinator --network PATH_OR_URL import FILE... | report [--month] --out FILE`:
exit codes and one clear Thai line per refused file (ARCHITECTURE.md's contract)."""

from __future__ import annotations

import csv
from pathlib import Path

from app.cli import main


def test_import_then_report(book_target, backups, tmp_path: Path, capsys) -> None:
    net = str(book_target)
    files = [str(backups[s]) for s in (1, 2, 3)]
    assert main(["coordinator", "--network", net, "import", *files]) == 0
    out = capsys.readouterr().out
    assert out.count("นำเข้า") == 3
    assert main(["coordinator", "--network", net, "import", files[0]]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kongtun: ") and "เคยนำเข้าแล้ว" in err[0]
    assert main(["coordinator", "--network", net, "import", str(backups[7])]) == 1  # flagged
    assert "ต้องตรวจสอบ" in capsys.readouterr().out
    for name in ("tambon.pdf", "tambon.xlsx"):
        assert main(["coordinator", "--network", net, "report", "--out", str(tmp_path / name)]) == 0
    csv_path = tmp_path / "m.csv"
    assert main(["coordinator", "--network", net, "report", "--month", "2568-03",
                 "--out", str(csv_path)]) == 0
    rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 1 + 3 + 1  # header, three villages, totals


def test_bad_usage_and_bad_files(tmp_path: Path, capsys) -> None:
    net = str(tmp_path / "net.kongtun-network")
    assert main(["coordinator", "import", "x"]) == 2  # --network is required
    capsys.readouterr()
    junk = tmp_path / "junk.kongtun-backup"
    junk.write_bytes(b"not a backup")
    assert main(["coordinator", "--network", net, "import", str(junk)]) == 2
    assert "ไม่ใช่ไฟล์สำรองข้อมูล" in capsys.readouterr().err
    assert main(["coordinator", "--network", net, "report", "--out", str(tmp_path / "r.txt")]) == 2
    assert "pdf" in capsys.readouterr().err
    assert main(["coordinator", "--network", str(junk), "report", "--out",
                 str(tmp_path / "r.pdf")]) == 2
    assert "ไม่ใช่สมุดเครือข่าย" in capsys.readouterr().err
