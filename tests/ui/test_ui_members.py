"""The members screen: Thai search as you type, the member's page equal to the ledger,
the collection grid (Enter moves down, one voucher), adding a member, errors in Thai."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.db import FundDb
from app.models.ledger import JournalEntry
from app.models.members import Member
from app.services import savings
from app.services.members import MemberInput, add_member, get_member
from app.thai import national_id_check_digit
from app.ui.context import FundContext
from app.ui.main_window import MainWindow

USER = "bookkeeper"


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def registry(fund: FundDb) -> FundDb:
    with fund.write() as s:
        for i, (first, last, house, saving) in enumerate((
                ("สมชาย", "บุญเกิด", "12", 100_00), ("เกษม", "ใจดี", "14", 200_00),
                ("มาลี", "บุญเกิด", "12", 50_00), ("ฤทธิ์", "ทองดี", "30/1", 100_00)), 1):
            add_member(s, MemberInput(first, last, nid(i), dt.date(2025, 1, 2), title="นาย",
                                      house_no=house, moo="3", monthly_saving_satang=saving),
                       user=USER)
        savings.deposit(s, member_id=1, amount_satang=500_00, date=dt.date(2025, 1, 10),
                        user=USER)
    return fund


def members_screen(qtbot, fund: FundDb):  # noqa: ANN001, ANN201
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    return window, window.show_screen("members", focus=True)


def names(view) -> list[str]:  # noqa: ANN001
    m = view.list.model
    return [m.member(i).first_name for i in range(m.rowCount())]


def test_list_is_in_dictionary_order_and_filters_as_you_type(qtbot, registry, type_text) -> None:  # noqa: ANN001
    _, view = members_screen(qtbot, registry)
    assert names(view) == ["เกษม", "มาลี", "ฤทธิ์", "สมชาย"]
    type_text(view.list.search, "บุญ")
    assert names(view) == ["มาลี", "สมชาย"]
    view.list.search.clear()
    type_text(view.list.search, "30/1")
    assert names(view) == ["ฤทธิ์"]
    view.list.search.setText(nid(2))  # a national ID, as typed or with its dashes
    assert names(view) == ["เกษม"]
    view.list.search.setText(f"{nid(2)[:1]}-{nid(2)[1:5]}-{nid(2)[5:10]}-{nid(2)[10:12]}")
    assert names(view) == ["เกษม"]
    view.list.search.setText("0004")
    assert names(view) == ["ฤทธิ์"]
    assert "1" in view.list.count.text()


def test_member_page_shows_the_ledger_figures(qtbot, registry) -> None:  # noqa: ANN001
    _, view = members_screen(qtbot, registry)
    view.list.search.setText("สมชาย")
    qtbot.keyClick(view.list.search, Qt.Key.Key_Return)
    assert view.currentWidget() is view.page
    assert "0001" in view.page.heading.text()
    assert "500.00" in view.page.figures.text()
    assert view.page.savings_model.rowCount() == 1
    qtbot.keyClick(view.page, Qt.Key.Key_Escape)
    assert view.currentWidget() is view.list


def test_collection_grid_enter_moves_down_and_posts_one_voucher(qtbot, registry) -> None:  # noqa: ANN001
    from app.ui.collection_grid import AMOUNT, CollectionDialog

    _, view = members_screen(qtbot, registry)
    dialog = CollectionDialog(view.ctx, view)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(i, AMOUNT).text() for i in range(4)] == ["200.00", "50.00", "100.00",
                                                                "100.00"]
    assert table.currentRow() == 0
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert table.currentRow() == 1
    table.item(1, AMOUNT).setText("0")
    table.item(2, AMOUNT).setText("150")
    assert "450.00" in dialog.total.text() and "3" in dialog.total.text()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    with registry.read() as s:
        assert s.scalar(select(func.count(JournalEntry.id))) == 2
        assert get_member(s, 4).savings_satang == 150_00
        assert get_member(s, 3).savings_satang == 0


def test_collection_grid_refuses_a_bad_amount(qtbot, registry, shown_errors) -> None:  # noqa: ANN001
    from app.ui.collection_grid import AMOUNT, CollectionDialog

    _, view = members_screen(qtbot, registry)
    dialog = CollectionDialog(view.ctx, view)
    qtbot.addWidget(dialog)
    dialog.table.item(0, AMOUNT).setText("สองร้อย")
    dialog.save()
    assert shown_errors and "ไม่ใช่ตัวเลข" in shown_errors[0]


def test_add_member_dialog_refuses_a_bad_id_then_saves(qtbot, registry, shown_errors,  # noqa: ANN001
                                                       type_text) -> None:
    from app.ui.member_dialog import MemberDialog

    _, view = members_screen(qtbot, registry)
    dialog = MemberDialog(view.ctx, view, member=None)
    qtbot.addWidget(dialog)
    type_text(dialog.first, "ใจดี")
    type_text(dialog.last, "มีสุข")
    dialog.nid.setText(nid(9)[:12] + str((int(nid(9)[12]) + 1) % 10))
    dialog.save()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=5000)
    assert "เลขตรวจสอบ" in shown_errors[0]
    dialog.nid.setText(nid(9))
    dialog.house.setText("12")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    with registry.read() as s:
        m = s.scalar(select(Member).where(Member.first_name == "ใจดี"))
        assert m.member_no == "0005" and m.household_id is not None
    qtbot.waitUntil(lambda: "ใจดี" in names(view), timeout=5000)


def test_import_dialog_previews_every_row_then_imports_the_good_ones(
        qtbot, fund, tmp_path) -> None:  # noqa: ANN001
    from app.ui.member_import_dialog import MemberImportDialog
    from tests.services.test_member_import import write_csv

    _, view = members_screen(qtbot, fund)
    dialog = MemberImportDialog(view.ctx, view)
    qtbot.addWidget(dialog)
    dialog.load(write_csv(tmp_path / "registry.csv"))
    assert dialog.model.rowCount() == 8
    results = [dialog.model.text(i, 4) for i in range(8)]
    assert results[:2] == ["พร้อมนำเข้า", "พร้อมนำเข้า"] and "เลขตรวจสอบ" in results[2]
    assert "นำเข้าได้ 3 แถว มีปัญหา 5 แถว" in dialog.summary.text()
    dialog.combos["national_id"].setCurrentIndex(0)  # unmap a required column
    assert not dialog.import_button.isEnabled() and "เลขประจำตัวประชาชน" in dialog.summary.text()
    dialog.combos["national_id"].setCurrentIndex(5)
    assert dialog.import_button.isEnabled()
    with fund.read() as s:
        assert s.scalar(select(func.count(Member.id))) == 0  # nothing before confirmation
    import app.ui.errors as ui_errors

    shown: list[str] = []
    ui_errors.show_info, original = (lambda parent, text: shown.append(text)), ui_errors.show_info
    try:
        dialog.import_button.click()
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        ui_errors.show_info = original
    assert "นำเข้าสมาชิก 3 ราย" in shown[0]
    with fund.read() as s:
        assert s.scalar(select(func.count(Member.id))) == 3


def test_benefit_needs_active_rights(qtbot, registry, shown_errors) -> None:  # noqa: ANN001
    from app.services import welfare
    from app.ui.member_dialog import MoneyDialog

    with registry.write() as s:
        welfare.contribute(s, member_id=1, amount_satang=1_000_00, date=dt.date(2025, 1, 10),
                           user=USER)
        welfare.set_rights(s, member_id=2, state="suspended", date=dt.date(2025, 1, 10),
                           reason="ค้ำประกันหนี้ค้างชำระ", user=USER)
    _, view = members_screen(qtbot, registry)
    view.open_member(get_row(registry, 2))
    view.page._money("benefit")
    dialog = view.page.findChild(MoneyDialog)
    dialog.amount.line_edit.setText("300")
    dialog.reason.setText("ค่ารักษาพยาบาล")
    dialog.save()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=5000)
    assert "ระงับสิทธิ" in shown_errors[0]


def get_row(fund, member_id: int):  # noqa: ANN001, ANN201
    with fund.read() as s:
        return get_member(s, member_id)
