"""`kongtun report NAME ...`: every report from the command line, and one Thai line with
exit 2 on bad input (no fiscal year, unknown voucher, wrong extension, unwritable path)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.cli import REPORTS, main
from app.reports import catalog


def _run(fund: Path, *args: str) -> int:
    return main(["--fund", str(fund), "report", *args])


def test_cli_names_are_the_catalogs() -> None:
    assert tuple(spec.name for spec in catalog.REPORTS) == REPORTS


@pytest.mark.parametrize("args", [
    ("monthly", "--month", "2568-01"),
    ("monthly", "--month", "2025-02"),
    ("trial-balance", "--as-of", "2568-01-31"),
    ("balance-sheet", "--month", "2568-02"),
    ("income", "--month", "2568-01"),
    ("cashbook", "--month", "2568-01"),
    ("voucher", "--entry", "TV2568/0001"),
])
def test_every_report_as_pdf(story_path: Path, tmp_path: Path, capsys, args: tuple) -> None:
    out = tmp_path / "r.pdf"
    assert _run(story_path, *args, "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in capsys.readouterr().out


def test_thai_digits_flag_and_printed_date(story_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    assert _run(story_path, "monthly", "--month", "2568-01", "--out", str(out),
                "--thai-digits") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "๓๑ มกราคม ๒๕๖๘" in text
    assert "พิมพ์วันที่ ๑๕ มกราคม ๒๕๖๘" in text  # the fund's working date


def test_tables_without_a_date_are_as_of_the_working_date(story_path: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "bs.csv"
    assert _run(story_path, "balance-sheet", "--out", str(out)) == 0
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    # cash on 15 มกราคม 2568, before the 2,000 carried to the bank on the 20th
    assert [r for r in rows if ",11010," in r] == ["สินทรัพย์,11010,เงินสด,12599.50"]


@pytest.mark.parametrize("args, words", [
    (("monthly", "--month", "2570-06", "--out", "{d}/x.pdf"), "มิถุนายน 2570"),
    (("voucher", "--entry", "RV2568/9999", "--out", "{d}/x.pdf"), "RV2568/9999"),
    (("monthly", "--month", "2568-01", "--out", "{d}/x.csv"), ".pdf"),
    (("cashbook", "--month", "2568-01", "--out", "{d}/x.txt"), ".xlsx"),
    (("monthly", "--month", "2568-01", "--out", "{d}/missing/x.pdf"), "x.pdf"),
    (("voucher", "--out", "{d}/x.pdf"), "--entry"),
    (("monthly", "--entry", "RV2568/0001", "--month", "2568-01", "--out", "{d}/x.pdf"),
     "--entry"),
    (("income", "--out", "{d}/x.pdf"), "--month"),
    (("monthly", "--month", "2568-13", "--out", "{d}/x.pdf"), "2568-13"),
])
def test_bad_input_is_one_thai_line_and_exit_2(story_path: Path, tmp_path: Path, capsys,
                                               args: tuple, words: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = [a.format(d=out_dir) for a in args]
    assert _run(story_path, *argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kongtun: ") and words in err[0], err
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in err[0]), err  # Thai
    assert list(out_dir.rglob("*")) == []
