"""The cash book screen: a day's vouchers typed by keyboard only, found in the ledger, on
the screen (running balance = ledger) and on the cash book print; bad input at the field."""

from __future__ import annotations

import datetime as dt
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.ledger import JournalEntry
from app.reports.catalog import make_report
from app.services.balances import account_balances
from app.ui.cashbook_entry import CashEntryDialog
from app.ui.context import FundContext
from app.ui.main_window import MainWindow

DAY = dt.date(2025, 1, 15)


def window_on(qtbot, fund) -> MainWindow:  # noqa: ANN001
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def key(qtbot, widget, k) -> None:  # noqa: ANN001
    qtbot.keyClick(widget, k)


def type_voucher(qtbot, type_text, dlg: CashEntryDialog, *, payment: bool, category: str,
                 amount: str, who: str, what: str, bank: bool = False) -> None:  # noqa: ANN001
    focus = QApplication.focusWidget
    assert focus() is dlg.kind_combo
    if payment:
        key(qtbot, focus(), Qt.Key.Key_Down)
    else:
        key(qtbot, focus(), Qt.Key.Key_Up)
    key(qtbot, focus(), Qt.Key.Key_Tab)
    type_text(focus(), category)
    key(qtbot, focus(), Qt.Key.Key_Tab)
    type_text(focus(), amount)
    key(qtbot, focus(), Qt.Key.Key_Tab)
    if bank:
        key(qtbot, focus(), Qt.Key.Key_Down)
    key(qtbot, focus(), Qt.Key.Key_Tab)
    type_text(focus(), who)
    key(qtbot, focus(), Qt.Key.Key_Tab)
    type_text(focus(), what)
    count = len(dlg.posted)
    key(qtbot, focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dlg.posted) == count + 1 or bool(dlg.field_errors()))


def open_form(qtbot, window) -> CashEntryDialog:  # noqa: ANN001
    view = window.show_screen("cashbook", focus=True)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    dlg = view.findChild(CashEntryDialog)
    qtbot.waitUntil(dlg.isVisible)
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.kind_combo)
    return dlg


def test_a_days_vouchers_by_keyboard(qtbot, type_text, fund, tmp_path) -> None:
    window = window_on(qtbot, fund)
    dlg = open_form(qtbot, window)
    dlg.confirm = lambda parent, text: True
    type_voucher(qtbot, type_text, dlg, payment=False, category="42010", amount="1500",
                 who="นายสมชาย บุญเกิด", what="ค่าธรรมเนียมแรกเข้า")
    assert "RV2568/0001" in dlg.result_label.text()
    type_voucher(qtbot, type_text, dlg, payment=True, category="วัสดุสำนักงาน", amount="234.50",
                 who="ร้านสมใจ", what="ซื้อกระดาษ")
    type_voucher(qtbot, type_text, dlg, payment=False, category="43010", amount="12.75",
                 who="ธ.ก.ส.", what="ดอกเบี้ยเงินฝาก", bank=True)
    assert [e.voucher_no for e in dlg.posted] == ["RV2568/0001", "PV2568/0001", "RV2568/0002"]
    with fund.read() as s:
        vouchers = [e.voucher_no for e in s.query(JournalEntry).order_by(JournalEntry.id)]
        bal = {b.code: b.net_satang for b in account_balances(s, as_of=DAY)}
    assert vouchers == ["RV2568/0001", "PV2568/0001", "RV2568/0002"]
    assert bal["11010"] == 126550 and bal["11020"] == 1275
    dlg.reject()

    view = window.screens["cashbook"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    last = view.model.rowCount() - 1
    assert view.model.text(last, 8) == "1,265.50"
    assert "1,265.50" in view.summary.text() and "รับ 1,500.00 จ่าย 234.50" in view.day_label.text()
    out = tmp_path / "book.pdf"
    with fund.read() as s:
        make_report(s, "cashbook", fmt="pdf", out=out, month=(2025, 1))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    for v, amount in (("RV2568/0001", "1,500.00"), ("PV2568/0001", "234.50"),
                      ("RV2568/0002", "12.75")):
        assert v in text and amount in text


def test_bad_input_shows_thai_at_the_field_and_posts_nothing(qtbot, type_text, fund) -> None:
    window = window_on(qtbot, fund)
    dlg = open_form(qtbot, window)
    # amount empty, zero, negative: the amount field says so
    for amount, thai in (("", "กรุณาใส่จำนวนเงิน"), ("0", "มากกว่าศูนย์"), ("-5", "ติดลบ")):
        dlg.amount_edit.line_edit.setText(amount)
        dlg.category_combo.setEditText("42010")
        dlg.submit()
        assert thai in dlg.field_errors()["amount"]
    # a category that is not income/expense
    dlg.amount_edit.line_edit.setText("100")
    dlg.category_combo.setEditText("11020 เงินฝาก")
    dlg.submit()
    qtbot.waitUntil(lambda: "category" in dlg.field_errors())
    assert "รายได้หรือค่าใช้จ่าย" in dlg.field_errors()["category"]
    # a cash payment over the cash on hand, with nothing in the bank: refused at the amount
    dlg.kind_combo.setCurrentIndex(1)
    dlg.category_combo.setEditText("52010")
    dlg.submit()
    qtbot.waitUntil(lambda: "amount" in dlg.field_errors())
    assert "ธนาคาร" in dlg.field_errors()["amount"]
    # a date in a closed month
    from app.services.periods import close_period
    with fund.write() as s:
        close_period(s, year=2025, month=1, user="bookkeeper")
    dlg.kind_combo.setCurrentIndex(0)
    dlg.category_combo.setEditText("42010")
    dlg.submit()
    qtbot.waitUntil(lambda: "date" in dlg.field_errors())
    assert "ปิดงวด" in dlg.field_errors()["date"] or "ปิด" in dlg.field_errors()["date"]
    with fund.read() as s:
        assert s.query(JournalEntry).count() == 0
    dlg.reject()


def test_cash_payment_over_cash_on_hand_is_a_warning_when_the_bank_covers_it(
        qtbot, fund, entries) -> None:
    window = window_on(qtbot, fund)
    dlg = open_form(qtbot, window)
    asked: list[str] = []
    dlg.confirm = lambda parent, text: asked.append(text) or False
    dlg.kind_combo.setCurrentIndex(1)
    dlg.category_combo.setEditText("52010")
    dlg.amount_edit.line_edit.setText("5000")
    dlg.submit()
    qtbot.waitUntil(lambda: bool(asked))
    assert "1,500.00" in asked[0] and "ถอน" in asked[0]
    assert dlg.posted == []
    dlg.confirm = lambda parent, text: True
    dlg.submit()
    qtbot.waitUntil(lambda: bool(dlg.posted))
    assert dlg.posted[0].voucher_no == "PV2568/0002"
    dlg.reject()


def test_cancel_and_reenter_and_cash_count(qtbot, fund, entries, shown_errors) -> None:
    window = window_on(qtbot, fund)
    view = window.show_screen("cashbook")
    rows = [view.proxy.row_at(r).voucher_no for r in range(view.proxy.rowCount())]
    assert rows == ["RV2568/0002", "PV2568/0001", "JV2568/0001"]
    assert view.model.data(view.model.index(1, 3), Qt.ItemDataRole.FontRole).strikeOut()
    view.table.selectRow(0)
    view.cancel_and_reenter(reason="ลงชื่อผิด")
    qtbot.waitUntil(lambda: view.findChild(CashEntryDialog) is not None
                    and view.findChild(CashEntryDialog).isVisible())
    dlg = view.findChild(CashEntryDialog)
    assert dlg.amount_edit.line_edit.text() == "1,500.00"
    assert dlg.category_code() == "42010"
    dlg.reject()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    assert view.model.text(0, 3).startswith("ค่าธรรมเนียม") and view.model.rows()[0].cancelled

    from app.ui.cash_count_dialog import CashCountDialog
    count = view.cash_count()
    assert isinstance(count, CashCountDialog)
    count.spins[100].setValue(5)
    assert count.diff_label.text() == "5.00 (เกิน)"  # the fee was cancelled: the book is 0
    count.save()
    qtbot.waitUntil(lambda: count.reason_error.text() != "")
    assert "เหตุผล" in count.reason_error.text()
    count.reason_edit.setText("ทอนผิด")
    count.save()
    qtbot.waitUntil(lambda: count.result_row is not None)
    assert count.result_row.difference_satang == 500 - count.result_row.book_satang


def test_screen_balances_agree_with_the_ledger_and_hledger(qtbot, fund, fund_path, entries,
                                                           tmp_path) -> None:
    import csv
    import shutil
    from decimal import Decimal


    window = window_on(qtbot, fund)
    view = window.show_screen("cashbook")
    closing = {}
    for i in range(view.account_combo.count()):
        view.account_combo.setCurrentIndex(i)
        book = view.account_book()
        rows = view.model.rows()
        closing[book.code] = rows[-1].balance_satang if rows else book.opening_satang
        if rows:
            assert view.model.text(len(rows) - 1, 8).replace(",", "") == (
                f"{Decimal(closing[book.code]) / 100:.2f}")
    with fund.read() as s:
        ledger = {b.code: b.net_satang for b in account_balances(s, as_of=dt.date(2025, 1, 31))}
    assert {c: v for c, v in closing.items() if v} == {c: v for c, v in ledger.items()
                                                       if c in closing and v}
    journal = tmp_path / "fund.journal"
    from app.cli import main
    fund.close()
    assert main(["--fund", str(fund_path), "export", "ledger", "--out", str(journal)]) == 0
    out = subprocess.run([shutil.which("hledger"), "-f", str(journal), "bal", "--depth", "1",
                          "-O", "csv"], check=True, capture_output=True, text=True).stdout
    hled = {a.split(" ", 1)[0]: int(Decimal(v.replace("THB", "").replace(",", "").strip()) * 100)
            for a, v in list(csv.reader(out.splitlines()))[1:] if a != "total"}
    assert {c: hled.get(c, 0) for c in closing} == closing
