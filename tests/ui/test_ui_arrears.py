"""The arrears screen: riskiest first, ageing and PAR stated with their definition,
Enter opens the loan's page, and the sidebar's Ctrl+0 (the other keys unchanged).

On 15 ก.ย. 2568 the book holds four loans, nothing repaid:
- 2568/0001 เงินกู้ฉุกเฉิน 6,000, paid out 15 ม.ค.: six instalments of 1,030 (1,000
  principal + 6,000 × 6 % × 6/12 / 6 = 30 interest) due 15 ก.พ. … 15 ก.ค., all unpaid:
  212 days past due, 6,180 overdue, fine 212 × 5 = 1,060 capped at 500;
- 2568/0002 เงินกู้สามัญ 12,000, paid out 15 ม.ค., all due 15 ม.ค. 2569: current;
- 2568/0003 เงินกู้ฉุกเฉิน 6,000, paid out 15 มิ.ย.: 15 ก.ค., 15 ส.ค., 15 ก.ย. due: 62 days,
  3,090 overdue, fine 62 × 5 = 310;
- 2568/0004 เงินกู้ฉุกเฉิน 6,000, paid out 1 ส.ค.: 1 ก.ย. due: 14 days, 1,030, fine 70.
Principal outstanding 30,000: PAR 1 = 18,000 / 30,000 = 60.00 %, PAR 30 = 12,000 / 30,000
= 40.00 %.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.db import FundDb
from app.services import loans
from app.services.fund import set_working_date
from app.services.loan_rules import list_loan_types
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit
from app.ui.arrears_view import ArrearsView
from app.ui.context import FundContext
from app.ui.main_window import MainWindow

USER = "bookkeeper"
DAY = dt.date(2025, 9, 15)


def nid(n: int) -> str:
    first12 = f"31020{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def book(fund: FundDb) -> FundDb:
    with fund.write() as s:
        ids = [add_member(s, MemberInput(first, "มั่นคง", nid(i), dt.date(2025, 1, 2),
                                         title="นาง", house_no=f"{20 + i}/1", moo="3"),
                          user=USER).id
               for i, first in enumerate(("ดวงใจ", "ประยูร", "สายทอง", "อำไพ"), start=1)]
        post_member_movement(s, member_id=ids[0], code="21010", amount_satang=100_000_00,
                             into_fund=True, date=dt.date(2025, 1, 15), description="ฝาก",
                             user=USER)
        kinds = {t.code: t.id for t in list_loan_types(s)}
        for member, kind, amount, day in (
                (ids[0], "emergency", 6_000_00, dt.date(2025, 1, 15)),
                (ids[1], "ordinary", 12_000_00, dt.date(2025, 1, 15)),
                (ids[2], "emergency", 6_000_00, dt.date(2025, 6, 15)),
                (ids[3], "emergency", 6_000_00, dt.date(2025, 8, 1))):
            loan = loans.apply(s, member_id=member, loan_type_id=kinds[kind],
                               amount_satang=amount, day=day, user=USER)
            loans.approve(s, loan_id=loan.id, approver="chair", meeting_date=day,
                          meeting_no="1/2568", user=USER)
            loans.disburse(s, loan_id=loan.id, day=day, user=USER)
        set_working_date(s, day=DAY, user=USER)
    return fund


def arrears_screen(qtbot, fund: FundDb) -> ArrearsView:  # noqa: ANN001
    view = ArrearsView(FundContext(fund))
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    return view


def test_riskiest_first_with_ageing_and_par(qtbot, book) -> None:  # noqa: ANN001
    view = arrears_screen(qtbot, book)
    m = view.list.model
    assert [m.text(i, 2) for i in range(m.rowCount())] == ["2568/0001", "2568/0003", "2568/0004"]
    assert [m.text(i, 0) for i in range(3)] == ["212", "62", "14"]
    assert [m.text(i, 1) for i in range(3)] == ["181–365 วัน", "31–90 วัน", "1–30 วัน"]
    assert m.text(0, 3) == "นางดวงใจ มั่นคง (0001)" and m.text(0, 4) == "21/1"
    assert [m.text(i, 5) for i in range(3)] == ["6,180.00", "3,090.00", "1,030.00"]
    assert [m.text(i, 6) for i in range(3)] == ["500.00", "310.00", "70.00"]
    assert [m.text(i, 7) for i in range(3)] == ["6,000.00"] * 3
    assert "3 สัญญา" in view.list.title.text() and "10,300.00" in view.list.title.text()
    a = view.list.ageing_model
    assert [(a.text(i, 0), a.text(i, 1), a.text(i, 2)) for i in range(a.rowCount())] == [
        ("ปกติ (ไม่ค้างชำระ)", "", "12,000.00"), ("1–30 วัน", "1", "6,000.00"),
        ("31–90 วัน", "1", "6,000.00"), ("91–180 วัน", "0", "0.00"),
        ("181–365 วัน", "1", "6,000.00"), ("เกิน 365 วัน", "0", "0.00"),
        ("ลูกหนี้เงินกู้ทั้งหมด", "", "30,000.00")]
    assert "PAR 1 = 60.00 %" in view.list.par.text()
    assert "PAR 30 = 40.00 %" in view.list.par.text()
    definition = view.list.definition.text()
    assert "เกิน 30 วัน" in definition and "ร้อยละของเงินต้นคงค้างทั้งหมด" in definition


def test_enter_opens_the_loan_page_and_esc_comes_back(qtbot, book) -> None:  # noqa: ANN001
    view = arrears_screen(qtbot, book)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.list.table.setFocus()
    qtbot.keyClick(view.list.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.list.table, Qt.Key.Key_Return)
    assert view.currentWidget() is view.page
    assert "2568/0003" in view.page.heading.text() and "62 วัน" in view.page.figures.text()
    states = [view.page.schedule_model.text(i, 6) for i in range(6)]
    assert states == ["ค้างชำระ"] * 3 + [""] * 3
    assert "ยื่นคำขอกู้" in view.page.log_model.text(0, 1)
    qtbot.keyClick(view.page, Qt.Key.Key_Escape)
    assert view.currentWidget() is view.list


def test_sidebar_ctrl_0_opens_it_and_the_other_keys_stay(qtbot, book) -> None:  # noqa: ANN001
    window = MainWindow(FundContext(book))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "arrears"
    assert window.screens["arrears"].list.model.rowCount() == 3
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles[2:4] == ["เงินกู้", "ลูกหนี้ค้างชำระ"]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "cashbook"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "loans"


def test_print_asks_the_catalog_for_the_arrears_report(qtbot, book, shown_errors,  # noqa: ANN001
                                                        monkeypatch) -> None:
    from app.ui import printing

    printed: list[str] = []
    monkeypatch.setattr(printing, "print_with_dialog",
                        lambda parent, pages, title: printed.append(title) or 0)
    view = arrears_screen(qtbot, book)
    view.list.print_button.click()
    qtbot.waitUntil(lambda: bool(shown_errors or printed), timeout=10_000)
    assert not shown_errors and printed[0].endswith("_2568-09-15")  # as of the working date


def test_the_follow_up_screen_is_in_the_sidebar_and_one_key_from_arrears(
        qtbot, fund) -> None:  # noqa: ANN001
    from app.ui.context import FundContext
    from app.ui.main_window import MainWindow

    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    arrears = window.show_screen("arrears", focus=True)
    arrears.list.follow_up()
    assert type(window.stack.currentWidget()).__name__ == "FollowUpView"
