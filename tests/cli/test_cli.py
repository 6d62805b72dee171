"""The command line contract: exit codes, one clear Thai line on bad input, and the
journal export agreeing with hledger to the satang."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.db import open_fund
from app.services import loans
from app.services.balances import trial_balance
from app.services.ledger import LineInput, post_entry, reverse_entry
from app.services.loan_rules import list_loan_types
from app.services.members import MemberInput, add_member
from app.services.periods import open_fiscal_year
from app.thai import national_id_check_digit

INIT = ["init", "--name", "กองทุนหมู่บ้านโนนสว่าง", "--code", "34-0705", "--village-no", "5",
        "--village", "โนนสว่าง", "--tambon", "ปราสาท", "--amphoe", "ห้วยทับทัน",
        "--province", "ศรีสะเกษ"]


def _post_sample(path: Path) -> None:
    """A few months of entries, with member and loan dimensions and a cancellation."""
    with open_fund(path) as db, db.write() as s:
        open_fiscal_year(s, containing=dt.date(2026, 1, 5), user="bookkeeper")
        u = "bookkeeper"
        for first, twelve in (("อ้อยใจ", "310170020345"), ("สมชาย", "310170020346")):
            nid = twelve + str(national_id_check_digit(twelve))
            add_member(s, MemberInput(first_name=first, last_name="บุญเกิด", national_id=nid,
                                      join_date=dt.date(2025, 1, 2)), user=u)
        post_entry(s, kind="receipt", date=dt.date(2025, 1, 15), user=u,
                   description="รับเงินจัดสรรจากรัฐบาล",
                   lines=[LineInput("11020", debit=D("1000000")),
                          LineInput("31010", credit=D("1000000"))])
        post_entry(s, kind="receipt", date=dt.date(2025, 2, 3), user=u,
                   description="รับฝากสัจจะ", counterpart="นางอ้อยใจ บุญเกิด",
                   lines=[LineInput("11010", debit=D("250.50")),
                          LineInput("21010", credit=D("200.25"), member_id=1),
                          LineInput("21010", credit=D("50.25"), member_id=2)])
        # A real loan of the register, paid out from bank 1 (the loan services post it).
        day = dt.date(2025, 2, 10)
        ordinary = next(t.id for t in list_loan_types(s) if t.code == "ordinary")
        loan = loans.apply(s, member_id=2, loan_type_id=ordinary, amount_satang=30_000_00,
                           day=day, user=u, purpose="ลงทุนทำนา")
        loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=day,
                      meeting_no="2/2568", user=u)
        loans.disburse(s, loan_id=loan.id, day=day, user=u, money_account="11020")
        bad = post_entry(s, kind="payment", date=dt.date(2025, 3, 1), user=u,
                         description="ค่าวัสดุสำนักงาน",
                         lines=[LineInput("52010", debit=D("87.50")),
                                LineInput("11010", credit=D("87.50"))])
        reverse_entry(s, entry_id=bad.id, date=dt.date(2025, 3, 2), reason="ลงจำนวนผิด", user=u)
        post_entry(s, kind="transfer", date=dt.date(2026, 1, 5), user=u,
                   description="นำเงินสดฝากธนาคาร",
                   lines=[LineInput("11040", debit=D("100")), LineInput("11010", credit=D("100"))])


@pytest.fixture
def sample(fund_path: Path) -> Path:
    _post_sample(fund_path)
    return fund_path


def test_init_creates_a_fund_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.kongtun"
    assert main(["--fund", str(path), *INIT]) == 0
    assert path.exists()
    assert main(["--fund", str(path), *INIT]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "มีไฟล์" in err[0]


def test_init_with_an_empty_field_creates_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.kongtun"
    args = [a if a != "ปราสาท" else " " for a in INIT]
    assert main(["--fund", str(path), *args]) == 2
    assert "กรุณากรอกตำบล" in capsys.readouterr().err
    assert not path.exists()


def test_check_passes_on_a_sound_fund(sample: Path, capsys) -> None:
    assert main(["--fund", str(sample), "check"]) == 0
    assert "ตรวจสอบผ่านทั้งหมด: 6 รายการ" in capsys.readouterr().out


def test_check_exits_1_and_lists_problems_on_a_tampered_fund(sample: Path, capsys) -> None:
    from sqlalchemy import text

    with open_fund(sample) as db, db.write() as s:
        s.execute(text("UPDATE journal_entry SET description='แก้ไขแล้ว' WHERE id=2"))
    assert main(["--fund", str(sample), "check"]) == 1
    out = capsys.readouterr().out
    assert "hash_chain" in out and "RV2568/0002" in out


def test_bad_usage_and_bad_input_exit_2_with_one_line(sample: Path, capsys) -> None:
    cases = [
        ["--fund", str(sample), "report", "trial-balance", "--month", "2568-13", "--out", "x.csv"],
        ["--fund", str(sample), "report", "trial-balance", "--out", "x.pdf"],
        ["--fund", str(sample.with_name("missing.kongtun")), "check"],
        ["check"],
        ["nonsense"],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("kongtun: "), (argv, err)


def test_not_a_fund_file_is_refused(tmp_path: Path, capsys) -> None:
    other = tmp_path / "notes.kongtun"
    other.write_text("สมุดบัญชี", encoding="utf-8")
    assert main(["--fund", str(other), "check"]) == 2
    assert "ไม่ใช่ไฟล์ข้อมูลกองทุน" in capsys.readouterr().err


def test_english_messages_with_lang_en(tmp_path: Path, capsys) -> None:
    assert main(["--lang", "en", "--fund", str(tmp_path / "none.kongtun"), "check"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_trial_balance_csv_and_xlsx_equal_the_ledger(sample: Path, tmp_path: Path) -> None:
    out_csv, out_xlsx = tmp_path / "tb.csv", tmp_path / "tb.xlsx"
    assert main(["--fund", str(sample), "report", "trial-balance", "--month", "2568-02",
                 "--out", str(out_csv)]) == 0
    assert main(["--fund", str(sample), "report", "trial-balance", "--as-of", "2025-02-28",
                 "--out", str(out_xlsx)]) == 0
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel shows Thai
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["รหัสบัญชี", "ชื่อบัญชี", "เดบิต", "เครดิต"]
    with open_fund(sample) as db, db.read() as s:
        tb = trial_balance(s, as_of=dt.date(2025, 2, 28))
    expected = {r.code: (D(r.debit_satang) / 100, D(r.credit_satang) / 100) for r in tb.rows}
    got = {r[0]: (D(r[2]), D(r[3])) for r in rows[1:-1]}
    assert got == expected
    assert rows[-1][2] == rows[-1][3] == f"{D(tb.total_debit_satang) / 100:.2f}"
    ws = load_workbook(out_xlsx).active
    values = [c.value for c in ws["C"] if isinstance(c.value, (int, float, D))]
    assert D(str(values[-1])) == D(tb.total_debit_satang) / 100


HLEDGER = shutil.which("hledger")


def _hledger_bal(journal: Path, *extra: str) -> dict[str, int]:
    """hledger's balance per top-level account, in satang."""
    out = subprocess.run([HLEDGER, "-f", str(journal), "bal", "--depth", "1", "-O", "csv",
                          *extra], check=True, capture_output=True, text=True).stdout
    result = {}
    for account, amount in list(csv.reader(out.splitlines()))[1:]:
        if account == "total":
            continue
        value = D(amount.replace("THB", "").replace(",", "").strip())
        result[account.split(" ", 1)[0]] = int(value * 100)
    return result


def test_hledger_agrees_with_the_trial_balance(sample: Path, tmp_path: Path) -> None:
    assert HLEDGER, "hledger is missing: scripts/system-deps.sh installs it"
    journal = tmp_path / "fund.journal"
    assert main(["--fund", str(sample), "export", "ledger", "--out", str(journal)]) == 0
    with open_fund(sample) as db, db.read() as s:
        for as_of in (dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 1),
                      dt.date(2026, 12, 31)):
            ours = {r.code: r.debit_satang - r.credit_satang
                    for r in trial_balance(s, as_of=as_of).rows}
            end = (as_of + dt.timedelta(days=1)).isoformat()
            assert _hledger_bal(journal, "-e", end) == ours, as_of
    text = journal.read_text(encoding="utf-8")
    assert "21010 เงินรับฝากสัจจะ:M0001" in text and "13010 ลูกหนี้เงินกู้สามัญ:2568/0001" in text
    assert "(RV2568/0001)" in text and "1000000.00 THB" in text
