"""BE date edit and money edit: what a Thai bookkeeper types, and the message when it is wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit


@pytest.mark.parametrize("typed", ["15/1/2568", "15 ม.ค. 2568", "15/01/68", "๑๕/๑/๒๕๖๘"])
def test_date_edit_reads_thai_dates(qtbot, type_text, typed) -> None:
    edit = BeDateEdit()
    qtbot.addWidget(edit)
    with qtbot.waitSignal(edit.accepted):
        type_text(edit.line_edit, typed)
        qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert edit.date() == dt.date(2025, 1, 15)
    assert edit.line_edit.text() == "15 ม.ค. 2568"
    assert edit.error() == ""


def test_date_edit_without_year_uses_the_pivot(qtbot, type_text) -> None:
    edit = BeDateEdit(pivot=dt.date(2024, 6, 1))
    qtbot.addWidget(edit)
    type_text(edit.line_edit, "3/2")
    assert edit.check()
    assert edit.date() == dt.date(2024, 2, 3)


def test_date_edit_shows_the_thai_error_under_the_field(qtbot, type_text) -> None:
    edit = BeDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    type_text(edit.line_edit, "15/1/2025")
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert edit.date() is None
    assert "ค.ศ." in edit.error()
    assert edit.error_label.isVisible()
    assert edit.line_edit.text() == "15/1/2025"  # the typed text is kept to correct
    edit.line_edit.clear()
    type_text(edit.line_edit, "15/1/2568")
    assert edit.check()
    assert not edit.error_label.isVisible()


def test_money_edit_reads_and_rewrites_amounts(qtbot, type_text) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    seen = []
    edit.valueChanged.connect(seen.append)
    type_text(edit.line_edit, "1234.5")
    qtbot.keyClick(edit.line_edit, Qt.Key.Key_Return)
    assert edit.amount() == Decimal("1234.50")
    assert edit.line_edit.text() == "1,234.50"
    assert seen == [Decimal("1234.50")]


def test_money_edit_refuses_garbage_in_thai(qtbot, type_text) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    type_text(edit.line_edit, "สิบบาท")
    assert not edit.check()
    assert edit.amount() is None
    assert "ไม่ใช่ตัวเลข" in edit.error()
