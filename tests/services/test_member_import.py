"""Importing a registry from Excel/CSV: every bad row reported with its row number and
reason, exactly the good ones imported with one opening entry, a second import adds
nothing, and a file that cannot be used changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.db import FundDb
from app.errors import InvalidInput
from app.models.ledger import JournalEntry
from app.models.members import Household, Member
from app.services.check import check_ledger
from app.services.member_import import import_members, preview
from app.services.members import list_members
from app.services.subledger import account_member_total
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)
HEADER = ["ที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด", "บ้านเลขที่",
          "หมู่ที่", "ครัวเรือน", "วันที่เข้าเป็นสมาชิก", "ค่าหุ้น", "เงินสัจจะ"]


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def bad_check_digit(n: int) -> str:
    good = nid(n)
    return good[:12] + str((int(good[12]) + 1) % 10)


ROWS = [
    ["1", "นาย", "สมชาย", "บุญเกิด", nid(1), "5/3/2505", "12", "3", "", "1/1/2550", "500", "1,250.50"],
    ["2", "นาง", "มาลี", "บุญเกิด", nid(2), "15 มี.ค. 2510", "12", "3", "12", "1/1/2550", "200", "300"],
    ["3", "นาย", "เกษม", "ใจดี", bad_check_digit(3), "1/1/2500", "14", "3", "", "1/1/2550", "", ""],
    ["4", "นาง", "ประไพ", "ใจดี", nid(1), "1/1/2500", "14", "3", "", "1/1/2550", "", ""],
    ["5", "นาย", "ทองดี", "ศรีสุข", nid(5), "1/1/2500", "20", "3", "99", "1/1/2550", "", ""],
    ["6", "นาง", "บัวผัน", "ศรีสุข", nid(6), "31/2/2510", "20", "3", "", "1/1/2550", "", ""],
    ["7", "นาย", "อุดม", "มีสุข", nid(7), "", "21", "3", "", "", "abc", ""],
    ["8", "นางสาว", "ฤดี", "มีสุข", nid(8), "", "21", "3", "", "", "", "100"],
]


def write_csv(path: Path, rows: list[list[str]] = ROWS) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def run_import(fund: FundDb, path: Path):  # noqa: ANN201
    with fund.write() as s:
        pre = preview(s, path, default_join=DAY)
        return pre, import_members(s, pre, user=USER, opening_date=DAY)


def test_mixed_rows_import_exactly_the_good_ones(fund: FundDb, tmp_path: Path) -> None:
    pre, result = run_import(fund, write_csv(tmp_path / "registry.csv"))
    problems = {r.row_no: " ".join(r.problems) for r in pre.bad}
    assert set(problems) == {4, 5, 6, 7, 8}  # Excel rows: the header is row 1
    assert "เลขตรวจสอบ" in problems[4]
    assert "ซ้ำ" in problems[5] and "แถวที่ 2" in problems[5]
    assert "ครัวเรือน" in problems[6] and "99" in problems[6]
    assert "31/2/2510" in problems[7]
    assert "abc" in problems[8]
    assert result.added == 3 and result.refused == 5
    with fund.read() as s:
        members = {m.first_name: m for m in list_members(s, as_of=DAY)}
        assert set(members) == {"สมชาย", "มาลี", "ฤดี"}
        assert members["สมชาย"].birth_date == dt.date(1962, 3, 5)
        assert members["มาลี"].birth_date == dt.date(1967, 3, 15)
        assert members["สมชาย"].household_id == members["มาลี"].household_id is not None
        assert members["สมชาย"].savings_satang == 1_250_50
        assert account_member_total(s, "21010") == 1_650_50
        assert account_member_total(s, "32010") == 700_00
        opening = s.scalars(select(JournalEntry)).all()
        assert len(opening) == 1 and opening[0].kind == "adjustment"
        assert check_ledger(s) == []


def test_a_second_import_of_the_same_file_adds_nothing(fund: FundDb, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "registry.csv")
    run_import(fund, path)
    pre, result = run_import(fund, path)
    assert result.added == 0 and result.opening is None and len(pre.existing) == 3
    with fund.read() as s:
        assert s.scalar(select(func.count(Member.id))) == 3
        assert s.scalar(select(func.count(JournalEntry.id))) == 1


def test_xlsx_with_date_cells_numbers_and_a_full_name_column(fund: FundDb,
                                                            tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["ชื่อ-สกุล", "เลขบัตรประชาชน", "วันเกิด", "บ้านเลขที่", "หุ้น"])
    ws.append(["นางสาวจินตนา แก้วมณี", int(nid(11)), dt.datetime(2512, 6, 1), 7, 100.0])
    ws.append(["นายวีระ สายสุด", nid(12), "01/06/12", "8", 0])
    path = tmp_path / "registry.xlsx"
    wb.save(path)
    pre, result = run_import(fund, path)
    assert pre.bad == [] and result.added == 2
    with fund.read() as s:
        rows = {m.first_name: m for m in list_members(s)}
    assert rows["จินตนา"].title == "นางสาว" and rows["จินตนา"].last_name == "แก้วมณี"
    assert rows["จินตนา"].birth_date == dt.date(1969, 6, 1)
    assert rows["จินตนา"].house_no == "7" and rows["จินตนา"].shares_satang == 100_00


@pytest.mark.parametrize(("name", "content", "message"), [
    ("registry.txt", "x", ".csv"),
    ("empty.csv", "", "ไม่มีข้อมูล"),
    ("nocols.csv", "ชื่อ,บ้านเลขที่\nสมชาย,1\n", "เลขประจำตัวประชาชน"),
    ("broken.xlsx", "not a zip", "อ่านไฟล์"),
])
def test_unusable_files_give_one_thai_message_and_change_nothing(
        fund: FundDb, tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as err, fund.write() as s:
        preview(s, path, default_join=DAY)
    assert message in str(err.value) and "\n" not in str(err.value)
    with fund.read() as s:
        assert s.scalar(select(func.count(Member.id))) == 0
        assert s.scalar(select(func.count(Household.id))) == 0
