"""The main window on a fund with entries: dashboard, status bar, journal, chart, settings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.db import FundDb
from app.money import format_amount
from app.services.balances import dashboard
from app.services.fund import working_date
from app.ui.context import FundContext
from app.ui.main_window import MainWindow


def make_window(qtbot, fund: FundDb) -> MainWindow:  # noqa: ANN001
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need an active window
    return window


def test_title_and_status_bar(qtbot, fund, entries) -> None:
    window = make_window(qtbot, fund)
    assert window.windowTitle() == "กองทุน – กองทุนหมู่บ้านหนองฮะ"
    status = window.status_text()
    assert "กองทุนหมู่บ้านหนองฮะ" in status
    assert "15 ม.ค. 2568" in status
    assert "งวดเปิด" in status
    assert "ผู้ทำบัญชี" in status


def test_dashboard_shows_the_service_figures(qtbot, fund, entries) -> None:
    window = make_window(qtbot, fund)
    with fund.read() as s:
        expected = dashboard(s, as_of=working_date(s))
    cash = next(b for b in expected.cash_and_bank if b.kind == "cash")
    view = window.screens["dashboard"]
    assert view.figures["balance:11010"] == format_amount(cash.balance_satang) == "1,500.00"
    assert view.figures["total_cash_and_bank"] == "1,001,500.00"
    assert view.figures["month_entries"] == "4"
    assert view.figures["last_entry"] == "15 ม.ค. 2568"
    assert "15 มกราคม 2568" in view.heading.text()


def test_journal_lists_filters_and_marks_cancelled(qtbot, type_text, fund, entries) -> None:
    window = make_window(qtbot, fund)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "accounts"
    journal = window.screens["accounts"].journal
    model = journal.model
    vouchers = [model.text(r, 0) for r in range(model.rowCount())]
    assert vouchers == ["RV2568/0001", "RV2568/0002", "PV2568/0001", "JV2568/0001"]
    assert model.text(0, 1) == "15 ม.ค. 2568"
    assert model.text(0, 2) == "รับ"
    assert model.text(0, 5) == "1,000,000.00"

    cancelled = model.index(2, 3)
    assert model.text(2, 6) == "ยกเลิกแล้ว"
    assert model.data(cancelled, Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(0, 3), Qt.ItemDataRole.FontRole) is None

    type_text(journal.filter_edit, "สมชาย")
    assert journal.proxy.rowCount() == 1
    assert journal.proxy.row_at(0).voucher_no == "RV2568/0002"
    assert "1 จาก 4" in journal.count_label.text()
    journal.filter_edit.clear()
    assert journal.proxy.rowCount() == 4

    journal.kind_combo.setCurrentIndex(journal.kind_combo.findData("payment"))
    assert [journal.proxy.row_at(r).voucher_no for r in range(journal.proxy.rowCount())] == [
        "PV2568/0001"]


def test_selecting_an_entry_shows_its_lines(qtbot, fund, entries) -> None:
    window = make_window(qtbot, fund)
    journal = window.show_screen("accounts").journal
    journal.table.selectRow(1)
    lines = journal.lines_model
    assert [(lines.text(r, 0), lines.text(r, 2), lines.text(r, 3))
            for r in range(lines.rowCount())] == [("11010", "1,500.00", ""),
                                                  ("42010", "", "1,500.00")]
    assert lines.text(0, 1) == "เงินสด"
    assert "RV2568/0002" in journal.lines_title.text()


def test_chart_of_accounts_shows_balances(qtbot, fund, entries) -> None:
    window = make_window(qtbot, fund)
    chart = window.show_screen("accounts").chart
    rows = {chart.model.text(r, 0): r for r in range(chart.model.rowCount())}
    cash = rows["11010"]
    assert chart.model.text(cash, 1) == "เงินสด"
    assert chart.model.text(cash, 2) == "สินทรัพย์"
    assert chart.model.text(cash, 4) == "1,500.00"
    assert chart.model.text(rows["31010"], 4) == "1,000,000.00"  # credit side shown positive
    assert "15 ม.ค. 2568" in chart.title.text()


def test_the_loans_screen_replaces_its_placeholder(qtbot, fund) -> None:
    window = make_window(qtbot, fund)
    page = window.show_screen("loans")
    assert not hasattr(page, "note") and "เงินกู้" in page.title.text()


def test_sidebar_is_keyboard_navigable(qtbot, fund) -> None:
    window = make_window(qtbot, fund)
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_key() == "members"
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "settings"
    assert QApplication.focusWidget() is window.screens["settings"].date_edit.line_edit


def test_accounts_screen_is_usable_by_keyboard(qtbot, fund, entries) -> None:
    window = make_window(qtbot, fund)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    accounts = window.screens["accounts"]
    assert QApplication.focusWidget() is accounts.journal.table
    qtbot.keyClick(accounts.journal.table, Qt.Key.Key_Down)
    assert accounts.journal.lines_model.rowCount() == 2  # the first entry's lines
    qtbot.keyClick(accounts.journal.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is accounts.journal.filter_edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown,
                   Qt.KeyboardModifier.ControlModifier)
    assert accounts.currentWidget() is accounts.chart
    assert QApplication.focusWidget() is accounts.chart.table


def test_changing_the_working_date_updates_every_screen(qtbot, type_text, fund, entries) -> None:
    window = make_window(qtbot, fund)
    settings = window.show_screen("settings")
    settings.date_edit.line_edit.clear()
    type_text(settings.date_edit.line_edit, "3/1/68")
    qtbot.keyClick(settings.date_edit.line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "3 ม.ค. 2568" in window.status_text())
    with fund.read() as s:
        assert working_date(s) == dt.date(2025, 1, 3)
    assert "3 ม.ค. 2568" in settings.date_status.text()
    window.show_screen("dashboard")
    assert window.screens["dashboard"].figures["balance:11010"] == "0.00"


def test_a_bad_working_date_is_refused_at_the_field(qtbot, type_text, fund) -> None:
    window = make_window(qtbot, fund)
    settings = window.show_screen("settings")
    settings.date_edit.line_edit.clear()
    type_text(settings.date_edit.line_edit, "31/2/2568")
    qtbot.keyClick(settings.date_edit.line_edit, Qt.Key.Key_Return)
    assert "ไม่มีวันที่" in settings.date_edit.error()
    assert "15 ม.ค. 2568" in window.status_text()


def test_font_size_applies_at_once_and_is_remembered(qtbot, fund) -> None:
    from app.config import load_config

    window = make_window(qtbot, fund)
    settings = window.show_screen("settings")
    settings.font_spin.setValue(18)
    assert QApplication.instance().font().pointSize() == 18
    assert load_config().font_size == 18
    settings.font_spin.setValue(14)
