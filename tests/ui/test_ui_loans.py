"""The loans screen: one loan walked from application to closing through the screens,
the 15 % rate confirmation, and the refusals a bookkeeper reads in Thai.

The loan: เงินกู้สามัญ 40,000 baht (flat 6 % a year, 12 months, all at the end; over
30,000 baht it needs two guarantors), applied for, approved and paid out on
15 ม.ค. 2568. Hand-worked repayments:
- 15 มี.ค. 2568, 10,400 baht: two months begun, interest 40,000 × 6 % × 2/12 = 400;
  split fine 0 → interest 400 → principal 10,000; principal left 30,000.
- 15 พ.ค. 2568, everything owed (F4): four months begun, interest 40,000 × 6 % × 4/12
  = 800 less 400 paid = 400; 400 + 30,000 = 30,400; principal left 0, the loan closes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.db import FundDb
from app.models.loans import Loan
from app.services import loans
from app.services.fund import set_working_date
from app.services.loan_rules import list_loan_types, save_loan_type
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit
from app.ui.context import WORKING_DATE, FundContext
from app.ui.loan_dialogs import StepDialog
from app.ui.main_window import MainWindow

DAY = dt.date(2025, 1, 15)
USER = "bookkeeper"


def nid(n: int) -> str:
    first12 = f"31019{n:07d}"
    return first12 + str(national_id_check_digit(first12))


@pytest.fixture
def village(fund: FundDb) -> FundDb:
    """Four members; 100,000 baht in the fund (the first member's savings)."""
    with fund.write() as s:
        ids = [add_member(s, MemberInput(first, "ใจดี", nid(i), dt.date(2025, 1, 2),
                                         title="นาย", house_no=str(10 + i), moo="3"),
                          user=USER).id
               for i, first in enumerate(("บุญมี", "สมศักดิ์", "มานพ", "ปิติ"), start=1)]
        post_member_movement(s, member_id=ids[0], code="21010", amount_satang=100_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user=USER)
    return fund


class Answers(list):
    """The ใช่/ไม่ใช่ questions asked, each answered with `reply`."""

    reply = False


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    asked = Answers()

    def confirm(_parent, text: str, default_yes: bool = False) -> bool:  # noqa: ANN001
        asked.append(text)
        return asked.reply

    monkeypatch.setattr(StepDialog, "confirm", staticmethod(confirm))
    return asked


def loans_screen(qtbot, fund: FundDb):  # noqa: ANN001, ANN201
    window = MainWindow(FundContext(fund))
    qtbot.addWidget(window)
    window.show()
    return window, window.show_screen("loans", focus=True)


def press(qtbot, widget, key: Qt.Key) -> None:  # noqa: ANN001
    """A key pressed in `widget`, its window active (offscreen, a closed dialog does not
    give the focus back by itself)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.keyClick(widget, key)


def working_date(view, day: dt.date) -> None:  # noqa: ANN001
    """The bookkeeper moves the working date on (as the settings screen does)."""
    with view.ctx.db.write() as s:
        set_working_date(s, day=day, user=USER)
    view.ctx.changed.emit(WORKING_DATE)


def wait_op(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: dialog.op is not None and dialog.op.is_finished, timeout=10_000)


def pick(qtbot, picker, text: str, type_text) -> None:  # noqa: ANN001
    """Type part of a name into a member picker, then Enter."""
    type_text(picker, text)
    qtbot.keyClick(picker, Qt.Key.Key_Return)


def status_text(view) -> str:  # noqa: ANN001
    return view.list.proxy.data(view.list.proxy.index(view.list.table.currentIndex().row(), 6))


def test_a_loan_from_application_to_closing(qtbot, village, type_text, answers,  # noqa: ANN001
                                            monkeypatch) -> None:
    from app.ui import printing

    printed: list[tuple[str, int]] = []
    monkeypatch.setattr(printing, "print_with_dialog", lambda parent, pages, title:
                        printed.append((title, len(pages.sizes))) or 0)
    _, view = loans_screen(qtbot, village)
    assert view.list.model.rowCount() == 0

    # -- application, two guarantors picked by typing their names
    d = view.new_application()
    pick(qtbot, d.borrower, "บุญมี", type_text)
    assert d.borrower.member().first_name == "บุญมี"
    assert "บ้านเลขที่ 11" in d.borrower_info.text() and "100,000.00" in d.borrower_info.text()
    assert d.type_combo.currentText() == "เงินกู้สามัญ"
    assert "6.00 %" in d.terms.text() and "50,000.00" in d.terms.text()
    type_text(d.amount.line_edit, "40000")
    assert "ผู้ค้ำประกัน 2 คน" in d.amount_note.text()
    type_text(d.purpose, "ซื้อปุ๋ย")
    pick(qtbot, d.guarantor_pick, "สมศักดิ์", type_text)
    pick(qtbot, d.guarantor_pick, "0003", type_text)  # by member no.
    assert [g.member.first_name for g in d.guarantors] == ["สมศักดิ์", "มานพ"]
    assert d.model.text(0, 1) == "0.00" and d.model.text(0, 2) == "20,000.00"
    assert d.model.text(1, 3) == "20,000.00" and d.model.text(1, 4) == ""  # not over the cap
    assert "2 จาก 2 คน" in d.guarantor_note.text() and "50,000.00" in d.guarantor_note.text()
    qtbot.keyClick(d.purpose, Qt.Key.Key_Return)  # Enter saves
    wait_op(qtbot, d)
    assert d.error_text() == "" and view.list.model.rowCount() == 1
    assert view.list.selected().loan_no == "2568/0001" and status_text(view) == "ยื่นคำขอ"
    assert not answers  # 6 %: nothing to confirm

    # -- approval by the chair, at meeting 1/2568
    d = view.list.step("approve")
    assert d.approver.currentData() == "chair"
    type_text(d.meeting_no, "1/2568")
    d.save()
    wait_op(qtbot, d)
    assert status_text(view) == "อนุมัติแล้ว"

    # -- paid out in cash (F4)
    press(qtbot, view.list.table, Qt.Key.Key_F4)
    d = view.dialog
    assert d.money.currentData() == "11010"
    d.save()
    wait_op(qtbot, d)
    assert status_text(view) == "ระหว่างชำระ"
    assert view.list.model.text(0, 4) == "40,000.00"

    # -- first repayment: 10,400 on 15 มี.ค. 2568
    working_date(view, dt.date(2025, 3, 15))
    press(qtbot, view.list.table, Qt.Key.Key_F2)
    d = view.dialog
    assert d.date.line_edit.text() == "15 มี.ค. 2568"
    assert d.owed_text() == {"fine": "0.00", "interest": "400.00", "principal": "40,000.00",
                             "total": "40,400.00"}
    type_text(d.amount.line_edit, "10400")
    assert d.split_text() == {"fine": "0.00", "interest": "400.00", "principal": "10,000.00",
                              "total": "10,400.00", "after": "30,000.00"}
    answers.reply = False  # no receipt printed now
    d.save()
    wait_op(qtbot, d)
    assert "RV2568/0002" in answers[-1]
    qtbot.waitUntil(lambda: view.list.model.text(0, 4) == "30,000.00", timeout=5000)

    # -- second repayment: everything owed on 15 พ.ค. 2568 (F4), then the loan closes
    working_date(view, dt.date(2025, 5, 15))
    view.list.step("repay")
    d = view.dialog
    press(qtbot, d.amount.line_edit, Qt.Key.Key_F4)
    assert d.amount.line_edit.text() == "30,400.00"
    assert d.split_text() == {"fine": "0.00", "interest": "400.00", "principal": "30,000.00",
                              "total": "30,400.00", "after": "0.00"}
    assert "ปิด" in d.split_note.text()
    answers.reply = True  # this time the receipt is printed
    d.save()
    wait_op(qtbot, d)
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    assert "RV2568-0003" in printed[0][0] and printed[0][1] >= 1
    qtbot.waitUntil(lambda: view.list.model.rowCount() == 1
                    and view.list.model.row(0).status == "closed", timeout=5000)

    # -- the closed loan is found under "all statuses"; Enter opens its page
    view.list.select_loan(view.list.model.row(0).id)
    press(qtbot, view.list.table, Qt.Key.Key_Return)
    page = view.page
    assert view.currentWidget() is page
    assert "2568/0001" in page.heading.text() and "ปิดแล้ว" in page.figures.text()
    assert "ประธานกรรมการ" in page.details.text() and "1/2568" in page.details.text()
    assert page.schedule_model.rowCount() == 1
    assert [page.schedule_model.text(0, c) for c in (2, 3, 4, 6)] == [
        "40,000.00", "2,400.00", "42,400.00", "ชำระแล้ว"]
    whats = [page.log_model.text(i, 1) for i in range(page.log_model.rowCount())]
    assert whats == ["ยื่นคำขอกู้", "อนุมัติ", "จ่ายเงินกู้", "รับชำระเงินกู้", "รับชำระเงินกู้",
                     "ปิดสัญญา"]
    assert page.log_model.text(3, 3) == "RV2568/0002" and page.log_model.text(4, 2) == "30,400.00"
    assert [page.guarantor_model.text(i, 3) for i in range(2)] == ["0.00", "0.00"]  # released
    assert not page.buttons["repay"].isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert view.currentWidget() is view.list


def test_a_rate_above_15_percent_is_confirmed_first(qtbot, village, answers) -> None:  # noqa: ANN001
    with village.write() as s:
        t = next(x for x in list_loan_types(s) if x.code == "emergency")
        save_loan_type(s, t.__class__(**{**t.__dict__, "id": 0, "code": "high",
                                         "name_th": "เงินกู้ดอกเบี้ยสูง",
                                         "rate_percent": Decimal(18)}),
                       user=USER, confirm_high_rate=True)
    _, view = loans_screen(qtbot, village)
    d = view.new_application()
    d.borrower.set_member(d.borrower.matches("ปิติ")[0])
    d.type_combo.setCurrentIndex(d.type_combo.findText("เงินกู้ดอกเบี้ยสูง"))
    assert "18.00 %" in d.terms.text() and "ยืนยัน" in d.terms.text()
    d.amount.line_edit.setText("5000")
    answers.reply = False  # ไม่ใช่: nothing is saved
    d.save()
    qtbot.waitUntil(lambda: bool(d.error_text()), timeout=5000)
    assert "15" in answers[-1] and "ไม่ได้บันทึก" in d.error_text() and d.isVisible()
    with village.read() as s:
        assert s.scalar(select(func.count(Loan.id))) == 0
    answers.reply = True  # ใช่: applied at 18 %
    d.save()
    qtbot.waitUntil(lambda: view.list.model.rowCount() == 1, timeout=5000)
    assert len(answers) == 2 and view.list.model.row(0).rate_percent == Decimal(18)


def test_a_bookkeeper_cannot_approve(qtbot, village) -> None:  # noqa: ANN001
    with village.write() as s:
        loans.apply(s, member_id=1, loan_type_id=list_loan_types(s)[0].id,
                    amount_satang=10_000_00, day=DAY, user=USER)
    _, view = loans_screen(qtbot, village)
    d = view.list.step("approve")
    d.approver.setCurrentIndex(d.approver.findData("bookkeeper"))
    assert "ประธาน" in d.role_note.text()
    d.meeting_no.setText("1/2568")
    d.save()
    wait_op(qtbot, d)
    assert "ผู้ทำบัญชี" in d.error_text() and "ประธาน" in d.error_text()
    assert d.isVisible() and view.list.model.row(0).status == "applied"


def test_refusals_in_the_dialogs_change_nothing(qtbot, village, type_text) -> None:  # noqa: ANN001
    with village.write() as s:  # สมศักดิ์ already guarantees 20,000 of loan 2568/0001
        loans.apply(s, member_id=1, loan_type_id=list_loan_types(s)[0].id,
                    amount_satang=40_000_00, day=DAY, user=USER, guarantor_ids=[2, 3])
    _, view = loans_screen(qtbot, village)
    d = view.new_application()
    d.save()
    assert "ผู้กู้" in d.error_text()
    pick(qtbot, d.borrower, "ปิติ", type_text)
    d.amount.line_edit.setText("40000")
    d.save()  # no guarantor for 40,000: the service refuses
    wait_op(qtbot, d)
    assert "ผู้ค้ำประกัน 2 คน" in d.error_text() and d.isVisible()
    pick(qtbot, d.guarantor_pick, "สมศักดิ์", type_text)
    # 20,000 already + the whole 40,000 of this loan = 60,000: over the 50,000 cap
    assert [d.model.text(0, c) for c in (1, 2, 3, 4)] == [
        "20,000.00", "40,000.00", "60,000.00", "เกินเพดาน"]
    assert "1 จาก 2 คน" in d.guarantor_note.text()
    pick(qtbot, d.guarantor_pick, "สมศักดิ์", type_text)  # named twice
    assert "ผู้ค้ำประกันของสัญญานี้อยู่แล้ว" in d.error_text() and len(d.guarantors) == 1
    d.table.selectRow(0)
    press(qtbot, d.table, Qt.Key.Key_Delete)
    assert d.guarantors == []
    with village.read() as s:
        assert s.scalar(select(func.count(Loan.id))) == 1


def test_reject_needs_a_reason(qtbot, village) -> None:  # noqa: ANN001
    with village.write() as s:
        loans.apply(s, member_id=2, loan_type_id=list_loan_types(s)[0].id,
                    amount_satang=5_000_00, day=DAY, user=USER)
    _, view = loans_screen(qtbot, village)
    press(qtbot, view.list.table, Qt.Key.Key_F8)
    d = view.dialog
    d.save()
    assert "เหตุผล" in d.error_text()
    d.reason.setText("คณะกรรมการไม่อนุมัติ")
    d.save()
    wait_op(qtbot, d)
    qtbot.waitUntil(lambda: view.list.model.row(0).status == "rejected", timeout=5000)


def test_print_buttons_ask_the_catalog(qtbot, village, shown_errors, monkeypatch) -> None:  # noqa: ANN001
    """Each print button builds its report from the catalog for this loan (or borrower),
    then hands the pages to the print dialog."""
    from app.ui import printing

    printed: list[str] = []
    monkeypatch.setattr(printing, "print_with_dialog",
                        lambda parent, pages, title: printed.append(title) or 0)
    with village.write() as s:
        loans.apply(s, member_id=2, loan_type_id=list_loan_types(s)[0].id,
                    amount_satang=40_000_00, day=DAY, user=USER, guarantor_ids=[3, 4])
    _, view = loans_screen(qtbot, village)
    view.open_loan(view.list.model.row(0).id)
    for key in ("contract", "guarantee", "schedule", "statement"):
        view.page.buttons[key].click()
        qtbot.waitUntil(lambda n=len(printed): len(printed) > n or bool(shown_errors),
                        timeout=10_000)
    assert not shown_errors
    assert [t.rsplit("_", 1)[1] for t in printed] == ["2568-0001"] * 3 + ["0002"]


def test_a_fine_is_waived_only_with_a_reason(qtbot, village, answers) -> None:  # noqa: ANN001
    """เงินกู้ฉุกเฉิน 6,000 paid out 15 ม.ค.; on 25 ก.พ. instalment 1 (15 ก.พ.) is 10 days late:
    fine 10 × 5 = 50; interest 30 (instalment 1) + 30 (the month begun since) = 60."""
    with village.write() as s:
        kinds = {t.code: t.id for t in list_loan_types(s)}
        row = loans.apply(s, member_id=4, loan_type_id=kinds["emergency"],
                          amount_satang=6_000_00, day=DAY, user=USER)
        loans.approve(s, loan_id=row.id, approver="chair", meeting_date=DAY,
                      meeting_no="1/2568", user=USER)
        loans.disburse(s, loan_id=row.id, day=DAY, user=USER)
        set_working_date(s, day=dt.date(2025, 2, 25), user=USER)
    _, view = loans_screen(qtbot, village)
    d = view.list.step("repay")
    assert d.owed_text() == {"fine": "50.00", "interest": "60.00", "principal": "6,000.00",
                             "total": "6,110.00"}
    assert "ค้างชำระ 10 วัน" in d.late_note.text()
    d.amount.line_edit.setText("1,060")
    d.update_preview()
    assert d.split_text()["fine"] == "50.00" and d.split_text()["principal"] == "950.00"
    d.waive.setChecked(True)
    assert d.owed_text()["fine"] == "<s>50.00</s>" and d.owed_text()["total"] == "6,060.00"
    assert d.split_text() == {"fine": "0.00", "interest": "60.00", "principal": "1,000.00",
                              "total": "1,060.00", "after": "5,000.00"}
    d.save()
    assert "เหตุผล" in d.error_text()  # no reason: nothing posted
    d.reason.setText("ป่วย นอนโรงพยาบาล")
    d.save()
    wait_op(qtbot, d)
    view.open_loan(row.id)
    log = [(view.page.log_model.text(i, 1), view.page.log_model.text(i, 4))
           for i in range(view.page.log_model.rowCount())]
    assert ("งดค่าปรับ", "ป่วย นอนโรงพยาบาล") in log
    assert view.page.schedule_model.text(0, 6) == "ชำระแล้ว"
