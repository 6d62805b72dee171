"""The follow-up prints: letter 1–3 to the borrower with a copy page for each guarantor,
the amounts in figures and in Thai words, and the defaulters' notice without national IDs.

The loan is the one of tests/services/test_followup.py: 6,000 baht emergency loan from
15 Jan 2568, unpaid; on 1 Mar 2568 it owes principal 1,000 + interest 60 + fine 70.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.db import FundDb
from app.errors import InvalidInput
from app.reports import loan_letters
from app.reports.pdf import PrintOptions
from app.services import followup
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import baht_text
from tests.reports.test_pdf import pdftext
from tests.services.test_loans import make_loan, nid

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)
MAR_1 = dt.date(2025, 3, 1)
LADDER = (("letter1", MAR_1), ("letter2", dt.date(2025, 3, 16)),
          ("letter3", dt.date(2025, 3, 31)))


@pytest.fixture
def people(fund: FundDb) -> list[int]:
    with fund.write() as s:
        ids = [add_member(s, MemberInput(first, last, nid(60 + i), dt.date(2025, 1, 2),
                                         title=title), user=USER).id
               for i, (title, first, last) in enumerate((
                   ("นาย", "บุญมี", "ทองดี"), ("นาง", "คำปุน", "ศรีสุข"),
                   ("นางสาว", "มาลัย", "เพ็ชรประเสริฐ"), ("นาย", "ทองใบ", "บุญมา")), start=1)]
        post_member_movement(s, member_id=ids[3], code="21010", amount_satang=100_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user=USER)
    return ids


def letters(fund: FundDb, loan: int, steps=LADDER) -> list[int]:  # noqa: ANN001
    with fund.write() as s:
        return [followup.record_letter(s, loan_id=loan, kind=kind, day=day, user=USER).id
                for kind, day in steps]


def pages(path: Path) -> list[str]:
    return pdftext(path).split("\f")[:-1]


def flat(text: str) -> str:
    """Without spaces and line breaks: a phrase may run over two lines."""
    return "".join(text.split())


def test_letter_1_with_the_amounts_and_a_copy_for_each_guarantor(fund: FundDb,
                                                                 people: list[int],
                                                                 tmp_path: Path) -> None:
    borrower, g1, g2, _ = people
    loan = make_loan(fund, borrower, 6_000_00, kind="emergency", guarantors=(g1, g2))
    [letter_id] = letters(fund, loan, LADDER[:1])
    out = tmp_path / "letter1.pdf"
    with fund.read() as s:
        data = loan_letters.build_letter(s, letter_id)
        assert data.owed.total_satang == 1_130_00 and data.page_estimate == 3
        loan_letters.build_letter_pdf(s, letter_id=letter_id, out=out, options=PrintOptions())
        again = loan_letters.build_letter_pdf(s, letter_id=letter_id, out=tmp_path / "2.pdf")
    assert out.read_bytes() == again.read_bytes()  # reproducible
    text = pages(out)
    assert len(text) == 3  # the borrower, then one page per guarantor
    for page in text:
        for figure in ("1,000.00", "60.00", "70.00", "1,130.00", "6,000.00"):
            assert figure in page, (figure, page)
        assert baht_text(1_130_00) in page and "หนึ่งพันหนึ่งร้อยสามสิบบาทถ้วน" in page
        assert "ขอให้ชำระหนี้เงินกู้ (ครั้งที่ 1)" in page and "กทบ.33-0301/1" in page
        assert "1 มีนาคม 2568" in page and "16 มีนาคม 2568" in page      # dated, pay by
        assert flat("สัญญาเงินกู้เลขที่ 2568/0001 ลงวันที่ 15 มกราคม 2568") in flat(page)
        assert "ประธานกองทุนหมู่บ้านหนองฮะ" in page
        assert not any(nid(60 + i) in page for i in range(1, 5))
    assert "เรียน" in text[0] and "นายบุญมี ทองดี" in text[0]
    assert "สำเนาเรียน ผู้ค้ำประกัน 1. นางคำปุน ศรีสุข" in text[0]
    assert "นางคำปุน ศรีสุข ผู้ค้ำประกัน" in text[1]
    assert "นางสาวมาลัย เพ็ชรประเสริฐ ผู้ค้ำประกัน" in text[2]
    assert flat("วงเงินค้ำประกันของท่าน 3,000.00 บาท") in flat(text[2])
    assert all("สำเนาเรียน ผู้ค้ำประกัน" in p for p in text[1:])


def test_letter_3_says_the_guarantors_are_liable(fund: FundDb, people: list[int],
                                                tmp_path: Path) -> None:
    borrower, g1, g2, _ = people
    loan = make_loan(fund, borrower, 6_000_00, kind="emergency", guarantors=(g1, g2))
    *_, third = letters(fund, loan)
    with fund.read() as s:
        out = loan_letters.build_letter_pdf(s, letter_id=third, out=tmp_path / "l3.pdf",
                                            options=PrintOptions(thai_digits=True))
    text = pages(out)
    assert len(text) == 3
    assert "แจ้งเตือนครั้งสุดท้าย" in text[0] and "ครั้งสุดท้าย" in text[1]
    assert flat("ผู้ค้ำประกันต้องรับผิดชำระหนี้แทนท่าน") in flat(text[0])
    assert flat("ต้องรับผิดชำระหนี้แทนผู้กู้") in flat(text[1]) and "๓,๐๐๐.๐๐" in text[1]
    assert "๑ มีนาคม ๒๕๖๘" in text[0] and "๑๖ มีนาคม ๒๕๖๘" in text[0]  # letters 1 and 2
    assert "กทบ.๓๓-๐๓๐๑/๓" in text[0]


def test_a_letter_without_guarantors_is_one_page(fund: FundDb, people: list[int],
                                                 tmp_path: Path) -> None:
    loan = make_loan(fund, people[0], 6_000_00, kind="emergency")
    [first, second] = letters(fund, loan, LADDER[:2])
    with fund.read() as s:
        out = loan_letters.build_letter_pdf(s, letter_id=second, out=tmp_path / "l2.pdf")
        data = loan_letters.build_letter(s, second)
    [page] = pages(out)
    assert "ขอให้ชำระหนี้เงินกู้ (ครั้งที่ 2)" in page and "กทบ.33-0301/1" in page
    assert "สำเนา" not in page and data.earlier == (("กทบ.33-0301/1", MAR_1),)
    assert "29 วัน" in page and str(data.owed.total_satang // 100) in page.replace(",", "")


def test_the_notice_lists_names_and_amounts_never_national_ids(
        fund: FundDb, people: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    borrower, g1, g2, saver = people
    first = make_loan(fund, borrower, 6_000_00, kind="emergency", guarantors=(g1, g2))
    second = make_loan(fund, saver, 3_000_00, kind="emergency")
    with fund.read() as s:
        out = loan_letters.build_notice_pdf(s, as_of=dt.date(2025, 4, 20),
                                            out=tmp_path / "empty.pdf")
    [page] = pages(out)
    assert "ไม่มีรายชื่อผู้ค้างชำระที่ต้องประกาศ" in page
    for loan in (first, second):
        letters(fund, loan)
        with fund.write() as s:
            followup.list_on_notice(s, loan_id=loan, day=dt.date(2025, 4, 15), user=USER,
                                    privacy_confirmed=True)
    monkeypatch.setattr(loan_letters, "NOTICE_ROWS", 1)
    with fund.read() as s:
        data = loan_letters.build_notice(s, as_of=dt.date(2025, 4, 20))
        out = loan_letters.build_notice_pdf(s, as_of=dt.date(2025, 4, 20),
                                            out=tmp_path / "notice.pdf",
                                            options=PrintOptions(printed_on=dt.date(2025, 4, 20)))
    assert [r.name for r in data.rows] == ["นายทองใบ บุญมา", "นายบุญมี ทองดี"]
    text = pages(out)
    assert len(text) == 2  # one page per NOTICE_ROWS rows, each page complete
    for page, row in zip(text, data.rows, strict=True):
        assert "ประกาศรายชื่อผู้ค้างชำระเงินกู้" in page and "ณ วันที่ 20 เมษายน 2568" in page
        assert row.loan_no in page and row.name in page and str(row.days_past_due) in page
        assert f"{row.due_satang // 100:,}" in page and "มติ" in page
        assert "ประธานกองทุนหมู่บ้านหนองฮะ" in page
    whole = "".join(text)
    assert not any(nid(60 + i) in whole for i in range(1, 5))
    assert "64" in text[1]  # 15 Feb -> 20 Apr


def test_only_letters_are_printed_as_letters(fund: FundDb, people: list[int],
                                             tmp_path: Path) -> None:
    loan = make_loan(fund, people[0], 6_000_00, kind="emergency")
    letters(fund, loan)
    with fund.write() as s:
        notice = followup.list_on_notice(s, loan_id=loan, day=dt.date(2025, 4, 15), user=USER,
                                         privacy_confirmed=True).id
    with fund.read() as s:
        for wrong in (notice, 999, "RV2568/0001"):
            with pytest.raises(InvalidInput):
                loan_letters.build_letter_pdf(s, letter_id=wrong, out=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
