"""The receipt print: original and copy on one page, the amount in figures and Thai words."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal as D

import pytest

from app.errors import InvalidInput
from app.reports.catalog import make_report
from app.reports.receipt import build_receipt
from app.services.cashbook import CashEntryDraft, post_cash_entry

DAY = dt.date(2025, 1, 15)


def test_receipt_pdf_has_both_halves_and_the_words(fund, tmp_path) -> None:
    with fund.write() as s:
        rv = post_cash_entry(s, draft=CashEntryDraft(
            kind="receipt", date=DAY, category_code="42010", amount=D("1234.50"),
            counterpart="นายสมชาย บุญเกิด", evidence_ref="ใบเสร็จเล่ม 1/7"), user="bookkeeper")
        pv = post_cash_entry(s, draft=CashEntryDraft(
            kind="payment", date=DAY, category_code="52010", amount=D("10")),
            user="bookkeeper")
    out = tmp_path / "r.pdf"
    with fund.read() as s:
        v = build_receipt(s, rv.voucher_no)
        assert v.voucher.total_satang == 123450 and set(v.line_loans) == {""}
        make_report(s, "receipt", fmt="pdf", out=out, entry=rv.voucher_no)
        with pytest.raises(InvalidInput):
            build_receipt(s, pv.voucher_no)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.count("RV2568/0001") == 2 and text.count("1,234.50") >= 4
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert pages.split("Pages:")[1].split()[0] == "1"


def test_a_loan_repayment_receipt_names_its_parts_and_what_is_still_owed(
        fund_path, tmp_path) -> None:  # noqa: ANN001
    from app.db import open_fund
    from tests.reports.loan_story import post_loan_story
    from tests.reports.test_pdf import pdftext

    post_loan_story(fund_path)
    db = open_fund(fund_path)
    try:
        with db.read() as s:
            # RV2568/0004 pays off 2568/0004 (fine 115, interest 30, principal 3,000);
            # RV2568/0002 is 2568/0002's first instalment: 5,000 of 6,000 still owed.
            payoff, part = build_receipt(s, "RV2568/0004"), build_receipt(s, "RV2568/0002")
            assert payoff.loan_balances == (("2568/0004", 0),)
            assert part.loan_balances == (("2568/0002", 5_000_00),)
            make_report(s, "receipt", fmt="pdf", out=tmp_path / "p.pdf", entry="RV2568/0004")
            make_report(s, "receipt", fmt="pdf", out=tmp_path / "q.pdf", entry="RV2568/0002")
    finally:
        db.close()
    text = pdftext(tmp_path / "p.pdf")
    for words in ("ค่าปรับชำระล่าช้า สัญญาเงินกู้เลขที่ 2568/0004",
                  "ดอกเบี้ย สัญญาเงินกู้เลขที่ 2568/0004",
                  "เงินต้น สัญญาเงินกู้เลขที่ 2568/0004", "ชำระครบแล้ว"):
        assert text.count(words) == 2, words
    assert pdftext(tmp_path / "q.pdf").count(
        "เงินต้นคงเหลือของสัญญาเลขที่ 2568/0002 หลังรับชำระครั้งนี้ 5,000.00 บาท") == 2
