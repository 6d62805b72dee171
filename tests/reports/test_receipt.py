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
        assert v.total_satang == 123450
        make_report(s, "receipt", fmt="pdf", out=out, entry=rv.voucher_no)
        with pytest.raises(InvalidInput):
            build_receipt(s, pv.voucher_no)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.count("RV2568/0001") == 2 and text.count("1,234.50") >= 4
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert pages.split("Pages:")[1].split()[0] == "1"
