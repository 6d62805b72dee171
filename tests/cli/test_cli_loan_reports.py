"""`kongtun report loans|arrears|loan-statement|loan-schedule|loan-contract|
guarantee-contract` on the loan story, one Thai line with exit 2 on bad input, and the
journal export's loan sub-accounts (`13010 ลูกหนี้เงินกู้สามัญ:2568/0001`) agreeing with
the loan register to the satang under hledger."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.db import open_fund
from app.services import loan_book
from app.services.arrears import ledger_sums
from tests.reports.loan_story import post_loan_story

HLEDGER = shutil.which("hledger")


@pytest.fixture
def story(fund_path: Path) -> Path:
    post_loan_story(fund_path)
    return fund_path


def _report(fund: Path, *args: str) -> int:
    return main(["--fund", str(fund), "report", *args])


@pytest.mark.parametrize("args", [
    ("loans", "--as-of", "2025-06-30"),
    ("arrears", "--as-of", "2568-06-30"),
    ("loan-statement", "--as-of", "2025-06-30", "--member", "0005"),
    ("loan-statement", "--month", "2568-03"),
    ("loan-schedule", "--loan", "2568/0002", "--as-of", "2025-06-30"),
    ("loan-contract", "--loan", "2568/0001"),
    ("guarantee-contract", "--loan", "2568/1"),
])
def test_every_loan_print_from_the_command_line(story: Path, tmp_path: Path, capsys,
                                                args: tuple) -> None:  # noqa: ANN001
    out = tmp_path / "r.pdf"
    assert _report(story, *args, "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in capsys.readouterr().out


def test_register_and_arrears_tables(story: Path, tmp_path: Path) -> None:
    register, late = tmp_path / "loans.csv", tmp_path / "arrears.xlsx"
    assert _report(story, "loans", "--as-of", "2568-06-30", "--out", str(register)) == 0
    assert _report(story, "arrears", "--as-of", "2025-06-30", "--out", str(late)) == 0
    rows = list(csv.reader(register.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[0] for r in rows[1:-1]] == ["2568/0001", "2568/0002", "2568/0003"]
    assert rows[-1][10] == "54000.00"
    assert late.stat().st_size > 0


def test_a_contract_without_a_date_is_as_of_the_working_date(story: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    assert _report(story, "loan-contract", "--loan", "2568/0003", "--out", str(out)) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "2568/0003" in text and "พิมพ์วันที่ 15 มกราคม 2568" in text


@pytest.mark.parametrize("args, suffix, words", [
    (("loans", "--as-of", "2025-06-30", "--loan", "2568/0001"), ".pdf", "--loan ใช้ได้กับ"),
    (("arrears", "--as-of", "2025-06-30", "--member", "0005"), ".pdf", "--member ใช้ได้กับ"),
    (("loans",), ".pdf", "--month"),
    (("loan-contract", "--loan", "2568/9999"), ".pdf", "ไม่พบสัญญาเงินกู้เลขที่ 2568/9999"),
    (("guarantee-contract", "--loan", "2568/0002"), ".pdf", "ไม่มีผู้ค้ำประกัน"),
    (("loan-contract", "--loan", "2568/0001"), ".csv", ".pdf"),
    (("loans", "--as-of", "2570-06-30"), ".pdf", "2570"),
])
def test_bad_input_exits_2_with_one_thai_line(story: Path, tmp_path: Path, capsys,
                                              args: tuple, suffix: str,
                                              words: str) -> None:  # noqa: ANN001
    out = tmp_path / f"x{suffix}"
    assert _report(story, *args, "--out", str(out)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kongtun: ") and words in err[0], err
    assert not out.exists()


def _hledger_flat(journal: Path, *query: str, end: dt.date) -> dict[str, int]:
    """hledger's balance per account (flat), in satang."""
    assert HLEDGER, "hledger is missing: scripts/system-deps.sh installs it"
    text = subprocess.run([HLEDGER, "-f", str(journal), "bal", *query, "--flat", "-O", "csv",
                           "-e", (end + dt.timedelta(days=1)).isoformat()],
                          check=True, capture_output=True, text=True).stdout
    out = {}
    for account, amount in list(csv.reader(text.splitlines()))[1:]:
        if account != "total":
            out[account] = int(Decimal(amount.replace("THB", "").replace(",", "").strip()) * 100)
    return out


def test_hledger_loan_sub_accounts_equal_the_register(story: Path, tmp_path: Path,
                                                      capsys) -> None:  # noqa: ANN001
    journal = tmp_path / "fund.journal"
    assert main(["--fund", str(story), "export", "ledger", "--out", str(journal)]) == 0
    text = journal.read_text(encoding="utf-8")
    assert "    13010 ลูกหนี้เงินกู้สามัญ:2568/0001  40000.00 THB" in text
    assert "    41020 รายได้ค่าปรับชำระล่าช้า:2568/0004  -115.00 THB" in text
    assert ":L" not in text  # every loan line is named by its loan number
    with open_fund(story) as db, db.read() as s:
        for day in (dt.date(2025, 1, 15), dt.date(2025, 3, 1), dt.date(2025, 3, 16),
                    dt.date(2025, 6, 30)):
            book = loan_book.loan_register(s, as_of=day)
            ours = {f"{r.account_code}:{r.loan_no}": r.principal_satang for r in book.rows}
            theirs = {k.split(" ", 1)[0] + ":" + k.split(":", 1)[1]: v for k, v in
                      _hledger_flat(journal, "13010", "13020", "13030", end=day).items()}
            assert theirs == ours, day
            interest = {k.split(":", 1)[1]: -v for k, v in
                        _hledger_flat(journal, "41010", end=day).items()}
            nos = {r.loan_id: r.loan_no for r in book.rows}
            paid = {nos[i]: x.interest_paid_satang
                    for i, x in ledger_sums(s, as_of=day).items()
                    if i in nos and x.interest_paid_satang}
            assert {k: v for k, v in interest.items() if k in paid} == paid, day
    assert str(journal) in capsys.readouterr().out
