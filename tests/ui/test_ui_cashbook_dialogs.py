"""The cash book's dialogs, driven from the screen's keys: F3 deposit/withdraw/transfer,
F4 passbook check (a mismatch is shown and kept), F9 month close (every problem at once,
close when none is left, reopen by the chair with a reason), Ctrl+P receipt printing,
and the วันนี้ button (a date filter with the day's totals)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from app.models.ledger import JournalEntry
from app.services.balances import account_balances
from app.services.cash_count import list_bank_checks, record_bank_check, record_cash_count
from app.services.cashbook import CashEntryDraft, post_cash_entry
from app.services.periods import period_state
from app.ui import ops, printing
from app.ui.bank_view import BankCheckDialog, BankTransferDialog
from app.ui.cashbook_view import CashbookView
from app.ui.context import FundContext
from app.ui.main_window import MainWindow
from app.ui.month_close_dialog import MonthCloseDialog

DAY = dt.date(2025, 1, 15)


def cashbook_on(qtbot, fund) -> CashbookView:  # noqa: ANN001
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window.show_screen("cashbook", focus=True)


def press(qtbot, view: QWidget, key, cls: type, modifier=Qt.KeyboardModifier.NoModifier):  # noqa: ANN001, ANN201
    """Press a key on the screen and return the dialog it opened (the newest of its kind)."""
    before = len(view.findChildren(cls))
    view.window().activateWindow()  # offscreen, a closed dialog does not give it back
    qtbot.waitUntil(view.window().isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or view, key, modifier)
    qtbot.waitUntil(lambda: len(view.findChildren(cls)) == before + 1)
    dlg = view.findChildren(cls)[-1]
    qtbot.waitUntil(dlg.isVisible)
    return dlg


def wait_ops(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not ops._running, timeout=30_000)


def balances(fund, day: dt.date = DAY) -> dict[str, int]:  # noqa: ANN001
    with fund.read() as s:
        return {b.code: b.net_satang for b in account_balances(s, as_of=day)}


def entry_count(fund) -> int:  # noqa: ANN001
    with fund.read() as s:
        return s.query(JournalEntry).count()


# ---- F3: deposit, withdraw, transfer


def test_f3_deposit_withdraw_and_transfer(qtbot, type_text, fund, entries,  # noqa: ANN001
                                          shown_errors) -> None:
    view = cashbook_on(qtbot, fund)
    assert balances(fund)["11010"] == 150000 and balances(fund)["11020"] == 100000000

    def move(src: str, dst: str, amount: str) -> BankTransferDialog:
        dlg = press(qtbot, view, Qt.Key.Key_F3, BankTransferDialog)
        assert dlg.windowTitle() == "ฝาก ถอน หรือโอนเงิน" or "โอน" in dlg.windowTitle()
        dlg.from_combo.setCurrentIndex(dlg.from_combo.findData(src))
        dlg.to_combo.setCurrentIndex(dlg.to_combo.findData(dst))
        dlg.amount_edit.line_edit.setFocus()
        type_text(dlg.amount_edit.line_edit, amount)
        qtbot.keyClick(dlg.amount_edit.line_edit, Qt.Key.Key_Return)  # Enter saves
        wait_ops(qtbot)
        return dlg

    deposit = move("11010", "11020", "500")
    assert deposit.result_row is not None and not deposit.isVisible()
    assert deposit.result_row.voucher_no.startswith("TV2568/")
    withdraw = move("11020", "11010", "200")
    assert withdraw.result_row is not None
    transfer = move("11020", "11030", "1000")
    assert transfer.result_row is not None
    with fund.read() as s:
        descriptions = [e.description for e in s.query(JournalEntry)
                        .filter(JournalEntry.kind == "transfer").order_by(JournalEntry.id)]
    assert descriptions[0].startswith("ฝากเงินสดเข้า")
    assert descriptions[1].startswith("ถอนเงินสดจาก")
    assert descriptions[2].startswith("โอนเงินเข้า")
    bal = balances(fund)
    assert bal["11010"] == 150000 - 50000 + 20000
    assert bal["11020"] == 100000000 + 50000 - 20000 - 100000
    assert bal["11030"] == 100000
    # the screen reloaded: the cash book shows the new balance
    view.account_combo.setCurrentIndex(view.account_combo.findData("11010"))
    qtbot.waitUntil(lambda: "1,200.00" in view.summary.text())

    # never below zero: the amount field says how much is held, nothing is posted
    count = entry_count(fund)
    over = move("11010", "11020", "5000")
    qtbot.waitUntil(lambda: over.amount_edit.error() != "")
    assert "1,200.00" in over.amount_edit.error() and over.isVisible()
    assert over.result_row is None
    over.reject()
    same = move("11030", "11030", "10")
    qtbot.waitUntil(same.error.isVisible)
    assert "บัญชี" in same.error.text() and same.result_row is None
    same.reject()
    assert entry_count(fund) == count
    assert shown_errors == []


# ---- F4: the passbook check


def test_f4_passbook_check_mismatch_is_shown_and_kept(qtbot, type_text, fund, entries,  # noqa: ANN001
                                                      shown_errors) -> None:
    view = cashbook_on(qtbot, fund)
    dlg = press(qtbot, view, Qt.Key.Key_F4, BankCheckDialog)
    assert [dlg.account_combo.itemData(i) for i in range(dlg.account_combo.count())] == [
        "11020", "11030", "11040", "11050"]  # banks only, no cash
    dlg.amount_edit.line_edit.setFocus()
    type_text(dlg.amount_edit.line_edit, "999000")
    type_text(dlg.note_edit, "ยังไม่ได้ลงค่าธรรมเนียม")
    count = entry_count(fund)
    qtbot.keyClick(dlg.note_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "999,000.00" in shown_errors[0] and "1,000,000.00" in shown_errors[0]
    assert "1,000.00" in shown_errors[0]  # the difference, named
    with fund.read() as s:
        kept = list_bank_checks(s, start=DAY, end=DAY)
    assert len(kept) == 1 and kept[0].difference_satang == -100000
    assert kept[0].note == "ยังไม่ได้ลงค่าธรรมเนียม"
    assert entry_count(fund) == count  # shown and kept, not booked away

    again = press(qtbot, view, Qt.Key.Key_F4, BankCheckDialog)
    again.amount_edit.line_edit.setFocus()
    type_text(again.amount_edit.line_edit, "1000000")
    qtbot.keyClick(again.amount_edit.line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(shown_errors) == 2)
    assert "1,000,000.00" in shown_errors[1] and "ตรง" in shown_errors[1]


# ---- F9: month close


def test_f9_lists_every_problem_closes_and_reopens(qtbot, type_text, fund, entries) -> None:  # noqa: ANN001
    with fund.write() as s:
        record_bank_check(s, date=DAY, account_code="11020", statement=Decimal("1"),
                          user="bookkeeper")
    view = cashbook_on(qtbot, fund)
    dlg = press(qtbot, view, Qt.Key.Key_F9, MonthCloseDialog)
    qtbot.waitUntil(lambda: dlg.problems is not None)
    codes = [p.code for p in dlg.problems]
    assert "cash_count" in codes and "bank" in codes  # every problem at once
    assert dlg.list.count() == len(dlg.problems) >= 2
    shown = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert any("นับเงินสด" in t for t in shown) and any("15 ม.ค. 2568" in t for t in shown)
    assert str(len(dlg.problems)) in dlg.state_label.text()
    assert not dlg.close_button.isEnabled() and not dlg.reopen_button.isEnabled()

    # fix them (the count on the last working day, a passbook that agrees) and check again
    with fund.write() as s:
        record_cash_count(s, date=DAY, pieces={100000: 1, 50000: 1}, user="bookkeeper")
        record_bank_check(s, date=DAY, account_code="11020", statement=Decimal("1000000"),
                          user="bookkeeper")
    dlg.recheck_button.click()
    qtbot.waitUntil(lambda: dlg.problems == [])
    assert dlg.list.count() == 0 and dlg.close_button.isEnabled()
    dlg.close_button.click()
    wait_ops(qtbot)
    qtbot.waitUntil(dlg.reopen_button.isEnabled)
    assert "ปิด" in dlg.state_label.text() and not dlg.close_button.isEnabled()
    with fund.read() as s:
        assert period_state(s, DAY) == "closed"

    # reopening: the chair only, and a reason
    type_text(dlg.chair_edit, "bookkeeper")
    type_text(dlg.reason_edit, "ลงรายการตกหล่น")
    dlg.reopen_button.click()
    wait_ops(qtbot)
    qtbot.waitUntil(dlg.error.isVisible)
    assert dlg.error.text() and "chair" not in dlg.error.text().casefold()
    dlg.chair_edit.clear()
    dlg.reason_edit.clear()
    type_text(dlg.chair_edit, "chair")
    dlg.reopen_button.click()
    wait_ops(qtbot)
    assert "เหตุผล" in dlg.error.text()
    with fund.read() as s:
        assert period_state(s, DAY) == "closed"
    type_text(dlg.reason_edit, "ลงรายการตกหล่น")
    dlg.reopen_button.click()
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: dlg.close_button.isEnabled())
    with fund.read() as s:
        assert period_state(s, DAY) == "open"
    dlg.reject()


# ---- Ctrl+P: the receipt


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setFullPage(True)
    return printer


def test_ctrl_p_prints_the_selected_receipt(qtbot, fund, entries, monkeypatch, tmp_path,  # noqa: ANN001
                                            shown_errors) -> None:
    out = tmp_path / "receipt.pdf"
    titles: list[str] = []

    def choose(parent, pages, title):  # noqa: ANN001, ANN202
        titles.append(title)
        return pdf_printer(out)

    monkeypatch.setattr(printing, "choose_printer", choose)
    view = cashbook_on(qtbot, fund)
    view.account_combo.setCurrentIndex(view.account_combo.findData("11010"))
    assert view.proxy.row_at(0).voucher_no == "RV2568/0002"
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    qtbot.waitUntil(out.exists)
    assert shown_errors == []
    assert titles and titles[0].endswith("_RV2568-0002")
    assert len(pdfium.PdfDocument(str(out))) >= 1

    # a payment has no receipt: told so, nothing printed
    view.table.selectRow(1)
    qtbot.keyClick(view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(titles) == 1
    assert shown_errors and "RV" in shown_errors[-1]


# ---- วันนี้: a date filter with the day's totals


def test_today_shows_only_the_working_date_with_its_totals(qtbot, fund, entries) -> None:  # noqa: ANN001
    with fund.write() as s:
        for day, amount in ((dt.date(2025, 1, 10), "300"), (dt.date(2025, 1, 20), "40")):
            post_cash_entry(s, draft=CashEntryDraft(
                kind="receipt", date=day, category_code="44010", amount=Decimal(amount),
                money_code="11010"), user="bookkeeper")
    view = cashbook_on(qtbot, fund)
    view.account_combo.setCurrentIndex(view.account_combo.findData("11010"))
    assert view.proxy.rowCount() == 5
    view.today_button.click()
    assert view.today_button.isChecked()
    shown = [view.proxy.row_at(r) for r in range(view.proxy.rowCount())]
    assert [r.voucher_no for r in shown] == ["RV2568/0002", "PV2568/0001", "JV2568/0001"]
    assert {r.date for r in shown} == {DAY}
    assert view.filter_edit.text() == ""  # a date filter, not typed text
    summary = view.summary.text()
    assert summary.startswith("15 ม.ค. 2568")
    for figure in ("ยอดยกมา 300.00", "รับ 1,734.50", "จ่าย 234.50", "ยอดยกไป 1,800.00"):
        assert figure in summary
    assert "3 " in view.count_label.text() and "5" in view.count_label.text()
    # combined with the kind and the text filters
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("payment"))
    assert [view.proxy.row_at(r).voucher_no for r in range(view.proxy.rowCount())] == [
        "PV2568/0001"]
    view.kind_combo.setCurrentIndex(0)
    view.filter_edit.setText("ค่าธรรมเนียม")
    assert [view.proxy.row_at(r).voucher_no for r in range(view.proxy.rowCount())] == [
        "RV2568/0002"]
    view.filter_edit.clear()
    # another account keeps the day
    view.account_combo.setCurrentIndex(view.account_combo.findData("11020"))
    assert view.proxy.rowCount() == 1 and "รับ 1,000,000.00" in view.summary.text()
    # off again: the whole month
    view.account_combo.setCurrentIndex(view.account_combo.findData("11010"))
    view.today_button.click()
    assert not view.today_button.isChecked() and view.proxy.rowCount() == 5
    assert view.summary.text().startswith("ยอดยกมา")
    # picking another month turns the day off
    view.today_button.click()
    feb = view.month_index((2025, 2))
    view.month_combo.setCurrentIndex(feb)
    view.month_combo.activated.emit(feb)
    assert not view.today_button.isChecked()
