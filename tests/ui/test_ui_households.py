"""Households on screen (head, moves, the edit that offers a move), the fund rules in the
settings, the Buy-shares dialog with the entry fee, contributions per welfare scheme, and
printing the passbook from the member page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.db import FundDb
from app.services import households, savings, shares, welfare
from app.services.members import MemberInput, add_member, get_member
from app.thai import national_id_check_digit
from app.ui import ops, printing
from app.ui.context import FundContext
from app.ui.main_window import MainWindow
from tests.ui.test_ui_reports import page_count, pdf_printer

USER = "bookkeeper"


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def village(fund: FundDb) -> FundDb:
    with fund.write() as s:
        for i, (first, house) in enumerate((("สมชาย", "12"), ("มาลี", "12"), ("เกษม", "14")), 1):
            mid = add_member(s, MemberInput(first, "ใจดี", nid(i), dt.date(2025, 1, 2),
                                            house_no=house, moo="3"), user=USER).id
            households.move_member(s, member_id=mid, house_no=house, moo="3", user=USER)
        savings.deposit(s, member_id=1, amount_satang=500_00, date=dt.date(2025, 1, 10),
                        user=USER)
    return fund


def screen(qtbot, fund: FundDb, name: str = "members"):  # noqa: ANN001, ANN201
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    return window, window.show_screen(name, focus=True)


def idle(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not ops._running, timeout=10_000)


def test_household_dialog_changes_the_head_and_moves_a_member(qtbot, village) -> None:  # noqa: ANN001
    from app.ui.household_dialog import HouseholdDialog

    _, view = screen(qtbot, village)
    view.open_member(view.list.model.member(1))  # มาลี (dictionary order: เกษม, มาลี, สมชาย)
    assert view.page.member.first_name == "มาลี"
    view.page.buttons["household"].click()
    dialog = view.page.findChild(HouseholdDialog)
    assert dialog is not None and dialog.isVisible()
    assert "12" in dialog.house_combo.currentText()
    assert dialog.model.rowCount() == 2 and "สมชาย" in dialog.head_label.text()
    assert dialog.selected().first_name == "มาลี"
    dialog.make_head()
    idle(qtbot)
    assert "มาลี" in dialog.head_label.text() and "หัวหน้าครัวเรือน" in dialog.status.text()
    dialog.move(2, house_no="14", moo="3", reason="แต่งงาน")  # มาลี, to house 14
    idle(qtbot)
    with village.read() as s:
        m = get_member(s, 2)
        h = households.get_household(s, m.household_id)
        old = households.get_household(s, get_member(s, 1).household_id)
        assert (m.house_no, set(h.member_ids)) == ("14", {2, 3})
        assert old.head_member_id == 1  # the headship went back to the one who stayed
        assert households.move_history(s, 2)[-1].detail == "12 หมู่ 3 → 14 หมู่ 3: แต่งงาน"
    assert "14" in dialog.house_combo.currentText() and dialog.model.rowCount() == 2
    dialog.close()
    qtbot.waitUntil(lambda: "14" in view.page.details.text(), timeout=5000)


def test_editing_the_house_no_offers_to_move(qtbot, village, monkeypatch) -> None:  # noqa: ANN001
    from app.ui import member_dialog
    from app.ui.member_dialog import MemberDialog

    asked: list[str] = []

    def answer(parent, title, text):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(member_dialog, "ask", answer)
    _, view = screen(qtbot, village)
    with village.read() as s:
        row = get_member(s, 3)
    dialog = MemberDialog(view.ctx, view, member=row)
    dialog.house.setText("20")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    assert asked and "20" in asked[0]
    with village.read() as s:
        m = get_member(s, 3)
        h = households.get_household(s, m.household_id)
        assert (m.house_no, h.house_no, h.head_member_id) == ("20", "20", 3)
    # Unchanged house no.: no question, no move.
    asked.clear()
    dialog = MemberDialog(view.ctx, view, member=get_member_row(village, 3))
    dialog.phone.setText("0812345678")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    assert asked == []


def get_member_row(fund: FundDb, mid: int):  # noqa: ANN201
    with fund.read() as s:
        return get_member(s, mid)


def test_fund_rules_in_the_settings(qtbot, village, shown_errors) -> None:  # noqa: ANN001
    _, view = screen(qtbot, village, "settings")
    view.refresh()
    assert view.price_edit.amount() == Decimal(100) and view.fee_edit.amount() == Decimal(100)
    view.price_edit.line_edit.setText("0")
    view.save_rules()
    assert view.price_edit.error()  # refused in the field, in Thai
    view.price_edit.line_edit.setText("50")
    view.fee_edit.line_edit.setText("20")
    view.save_rules()
    idle(qtbot)
    assert shown_errors == [] and "50.00" in view.rules_status.text()
    with village.read() as s:
        assert shares.share_rules(s) == shares.ShareRules(50_00, 20_00)
        shares_before = shares.share_rules(s)
    with village.write() as s:
        shares.buy_shares(s, member_id=1, shares=1, date=dt.date(2025, 1, 12), user=USER)
    view.price_edit.line_edit.setText("40")  # would leave member 0001 with 1.25 shares
    view.save_rules()
    idle(qtbot)
    assert shown_errors and "หุ้น" in shown_errors[-1]
    with village.read() as s:
        assert shares.share_rules(s) == shares_before


def test_buy_shares_with_the_entry_fee_and_a_welfare_scheme(qtbot, village) -> None:  # noqa: ANN001
    from app.ui.member_dialog import MoneyDialog

    _, view = screen(qtbot, village)
    view.open_member(view.list.model.member(0))  # เกษม, no shares yet
    page = view.page
    page.buttons["buy"].click()
    dialog = page.findChild(MoneyDialog)
    assert dialog.fee is not None and dialog.fee.isChecked()
    assert dialog.fee.text() == "รวมค่าธรรมเนียมแรกเข้า (100.00 บาท)"
    dialog.count.setValue(2)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    page.buttons["welfare"].click()
    dialog = page.dialog
    assert [dialog.scheme.itemText(i) for i in range(dialog.scheme.count())] == \
        ["สัจจะวันละ 1 บาท", "ฌาปนกิจ"]
    dialog.scheme.setCurrentIndex(1)
    dialog.amount.line_edit.setText("100")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    with village.read() as s:
        assert shares.shares_held(s, 3) == 200_00
        assert welfare.member_schemes(s, 3) == ["ฌาปนกิจ"]
        from app.services.balances import account_balances

        fee = {b.code: b for b in account_balances(s, as_of=dt.date(2025, 12, 31))}["42010"]
        assert abs(fee.net_satang) == 100_00
    qtbot.waitUntil(lambda: "ฌาปนกิจ" in page.details.text(), timeout=5000)
    page.buttons["welfare"].click()
    assert page.dialog.scheme.currentText() == "ฌาปนกิจ"  # the member's own scheme first
    page.dialog.reject()


def test_print_the_passbook_from_the_member_page(qtbot, village, monkeypatch,  # noqa: ANN001
                                                 tmp_path: Path, shown_errors) -> None:
    out, titles = tmp_path / "passbook.pdf", []

    def printer(parent, pages, title):  # noqa: ANN001, ANN202
        titles.append(title)
        return pdf_printer(out)

    monkeypatch.setattr(printing, "choose_printer", printer)
    _, view = screen(qtbot, village)
    view.open_member(view.list.model.member(2))  # สมชาย 0001
    view.page.buttons["print"].click()
    idle(qtbot)
    assert shown_errors == []
    assert titles and "0001" in titles[0]
    assert page_count(out) == 1
