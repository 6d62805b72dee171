"""The ๑ ครัวเรือน ๑ สัญญา table (seed 004) and one household's debts, as printed: the
figures of the services on the page, the seed's column headings, reproducible output."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from app.db import FundDb
from app.reports.household_debts import (
    build_consolidation,
    build_consolidation_pdf,
    build_household_pdf,
    consolidation_table,
)
from app.reports.pdf import PrintOptions
from app.reports.tables import write_csv
from app.services import restructure
from tests.reports.test_pdf import pdftext
from tests.services.test_household_debts import AUG10, house  # noqa: F401 - a fixture
from tests.services.test_loans import USER, people  # noqa: F401 - a fixture

OPTIONS = PrintOptions(printed_on=dt.date(2025, 8, 31))
AUG31 = dt.date(2025, 8, 31)


def consolidate(fund: FundDb, house: dict[str, int]) -> None:  # noqa: F811
    with fund.write() as s:
        restructure.consolidate_household(
            s, household_id=house["household"], borrower_id=house["a"], day=AUG10, user=USER,
            approver="chair", meeting_date=AUG10, meeting_no="9/2568", rate_percent=D("6"),
            term_months=24, method="flat", pattern="monthly", waive_fine_reason="มติกรรมการ")


def test_consolidation_table_as_printed(fund: FundDb, house: dict[str, int],  # noqa: F811
                                        tmp_path: Path) -> None:
    consolidate(fund, house)
    with fund.read() as s:
        first = build_consolidation_pdf(s, as_of=AUG31, out=tmp_path / "a.pdf", options=OPTIONS)
        again = build_consolidation_pdf(s, as_of=AUG31, out=tmp_path / "b.pdf", options=OPTIONS)
        data = build_consolidation(s, as_of=AUG31)
    assert first.read_bytes() == again.read_bytes()          # reproducible
    text = pdftext(first)
    # the new contract 26,880.00; with กข.คจ. 8,000 and the savings group 5,000: 39,880.00
    for figure in ("26,880.00", "39,880.00", "32/1", "2568/0004", "31 สิงหาคม 2568"):
        assert figure in text, figure
    assert text.count("26,880.00") == 2                      # the row and the total
    assert (data.total_debt_satang, data.amount_satang) == (39_880_00, 26_880_00)
    table = consolidation_table(data)
    assert [c.header for c in table.columns][:7] == [
        "ลำดับที่", "รายชื่อผู้เป็นหนี้ (ชื่อ-สกุล)", "บ้านเลขที่",
        "ชื่อกลุ่ม/องค์กร/กองทุนการเงินที่เป็นหนี้", "จำนวนหนี้คงเหลือรวมทั้งหมดทุกกลุ่ม (บาท)",
        "แหล่งกู้ยืมใหม่", "จำนวนเงินที่กู้จากแหล่งเงินกู้ใหม่ (บาท)"]
    csv_file = write_csv(table, tmp_path / "t.csv") or tmp_path / "t.csv"
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert "กองทุนหมู่บ้านหนองฮะ/กข.คจ./กลุ่มออมทรัพย์" in lines[1]
    assert "39880.00" in lines[1] and "26880.00" in lines[-1]


def test_an_empty_table_says_so(fund: FundDb, tmp_path: Path) -> None:
    with fund.read() as s:
        out = build_consolidation_pdf(s, as_of=AUG31, out=tmp_path / "e.pdf", options=OPTIONS)
    assert "ยังไม่มีครัวเรือน" in pdftext(out)


def test_household_debts_as_printed(fund: FundDb, house: dict[str, int],  # noqa: F811
                                    tmp_path: Path) -> None:
    with fund.read() as s:
        out = build_household_pdf(s, household_id=house["household"], as_of=AUG10,
                                  out=tmp_path / "h.pdf", options=OPTIONS)
    text = pdftext(out)
    # สมชาย 20,000 + 700; สมหญิง 6,000 + 180 + 500 fine; elsewhere 8,000 + 5,000
    for figure in ("20,700.00", "6,680.00", "27,380.00", "13,000.00", "40,380.00", "8,000.00",
                   "กข.คจ.", "2568/0001", "2568/0002", "บ้านเลขที่ 32/1"):
        assert figure in text, figure
    assert "9,000.00" not in text and "2568/0003" not in text   # the neighbour's debts
