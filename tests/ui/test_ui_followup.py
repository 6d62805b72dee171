"""The follow-up screen (ติดตามหนี้): a late loan walked through letters 1, 2, 3 and the
defaulters' notice with the keys, each letter shown for printing with a page for the
borrower and one per guarantor; the privacy question answered No lists nothing; welfare
rights suspended for the borrower and both guarantors, then restored; a letter asked for
too soon is refused in Thai and changes nothing.

The loan is that of tests/services/test_followup.py: an emergency loan of 6,000 baht
paid out on 15 Jan 2568 with two guarantors, six monthly instalments from 15 Feb, nothing
repaid. Yes/No questions are answered by replacing `followup_view.ask`; the other
dialogs open with `open()`, so nothing waits on a modal box.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.db import FundDb
from app.models.loans import LoanLetter
from app.models.members import Member
from app.services import followup, repayments
from app.services.fund import set_working_date
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.ui import followup_view, ops, printing
from app.ui.context import WORKING_DATE, FundContext
from app.ui.followup_dialogs import PdfPreviewDialog, ReprintDialog, WelfareDialog
from app.ui.followup_table import NEXT_COLUMN, WAITING
from app.ui.followup_view import FollowUpView
from tests.services.test_loans import make_loan, nid
from tests.ui.test_ui_reports import pdf_printer

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def d(month: int, day: int) -> dt.date:
    return dt.date(2025, month, day)


@pytest.fixture
def people(fund: FundDb) -> list[int]:
    """Borrower, two guarantors, a fourth member with the fund's cash as savings."""
    with fund.write() as s:
        ids = [add_member(s, MemberInput(name, "ทองดี", nid(60 + i), dt.date(2025, 1, 2)),
                          user=USER).id
               for i, name in enumerate(("บุญมี", "คำปุน", "สมศรี", "ทองใบ"), start=1)]
        post_member_movement(s, member_id=ids[3], code="21010", amount_satang=100_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user=USER)
    return ids


@pytest.fixture
def loan(fund: FundDb, people: list[int]) -> int:
    borrower, g1, g2, _ = people
    return make_loan(fund, borrower, 6_000_00, kind="emergency", guarantors=(g1, g2))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list:
    """Replies to the screen's Yes/No questions, in order; each question asked is kept."""
    replies: list = []

    def ask(parent, title, text, *, yes, no, default_yes=True):  # noqa: ANN001, ANN202
        replies.append(("asked", text, default_yes))
        return replies.pop(0)

    monkeypatch.setattr(followup_view, "ask", ask)
    return replies


def screen(qtbot, fund: FundDb, day: dt.date) -> FollowUpView:  # noqa: ANN001
    set_day(fund, day)
    view = FollowUpView(FundContext(fund))
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    return view


def set_day(fund: FundDb, day: dt.date, view: FollowUpView | None = None) -> None:
    with fund.write() as s:
        set_working_date(s, day=day, user=USER)
    if view is not None:
        view.ctx.changed.emit(WORKING_DATE)


def idle(qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not ops._running, timeout=10_000)


def preview(qtbot, view: FollowUpView) -> PdfPreviewDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: isinstance(view.dialog, PdfPreviewDialog)
                    and view.dialog.isVisible(), timeout=15_000)
    dialog = view.dialog
    view.dialog = None
    return dialog


def letters(fund: FundDb) -> list[tuple[str, dt.date]]:
    with fund.read() as s:
        return [(x.kind, x.date) for x in s.scalars(select(LoanLetter).order_by(LoanLetter.id))]


def rights(fund: FundDb, ids: list[int]) -> list[str]:
    with fund.read() as s:
        return [s.get(Member, i).welfare for i in ids]


def press(qtbot, view: FollowUpView, key: Qt.Key) -> None:  # noqa: ANN001
    """A key on the list, as the bookkeeper presses it (the shortcuts need the window)."""
    view.activateWindow()  # offscreen, a closed dialog does not give it back
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keyClick(view.table, key)


def test_a_late_loan_walks_letters_1_2_3_then_the_notice(  # noqa: ANN001
        qtbot, fund, loan, answers, shown_errors, monkeypatch, tmp_path) -> None:
    printed = tmp_path / "letter1.pdf"
    monkeypatch.setattr(printing, "choose_printer",
                        lambda parent, pages, title: pdf_printer(printed))
    view = screen(qtbot, fund, d(3, 1))
    assert view.model.rowCount() == 1
    row = view.selected()
    assert (row.loan_no, row.days_past_due, row.owed.total_satang) == ("2568/0001", 14,
                                                                        1_130_00)
    assert view.model.text(0, 4) == "1,130.00"
    assert view.model.text(0, NEXT_COLUMN) == "ฉบับที่ 1 ทำได้แล้ว"
    assert "16 เมษายน 2568" in view.deadline.text()      # tell the guarantors (s. 686)
    assert "คำปุน ทองดี (ผู้ค้ำประกัน)" in view.details.text()

    answers.append(True)
    press(qtbot, view, Qt.Key.Key_F2)
    page = preview(qtbot, view)
    asked = answers.pop()
    assert "1,130.00" in asked[1] and "คำปุน ทองดี, สมศรี ทองดี" in asked[1]
    assert page.pane.view.page_count() == 3               # the borrower, two guarantors
    assert "หนังสือฉบับที่ 1" in page.windowTitle()
    assert page.print_pages() == 3 and printed.stat().st_size > 0   # Enter or Ctrl+P
    page.reject()
    idle(qtbot)
    assert letters(fund) == [("letter1", d(3, 1))]
    assert view.model.text(0, 5) == "ฉบับที่ 1 (1 มี.ค. 2568)"
    assert view.model.text(0, NEXT_COLUMN) == "ฉบับที่ 2 ตั้งแต่ 16 มี.ค. 2568"
    index = view.model.index(0, NEXT_COLUMN)
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole).color() == WAITING

    for kind, day, title, sent in (
            ("letter2", d(3, 16), "หนังสือฉบับที่ 2", "ฉบับที่ 1–2 (16 มี.ค. 2568)"),
            ("letter3", d(3, 31), "หนังสือฉบับที่ 3", "ฉบับที่ 1–3 (31 มี.ค. 2568)")):
        set_day(fund, day, view)
        assert view.model.text(0, NEXT_COLUMN).endswith("ทำได้แล้ว")
        answers.append(True)
        press(qtbot, view, Qt.Key.Key_Return)             # Enter: the loan's next step
        page = preview(qtbot, view)
        answers.pop()
        assert title in page.windowTitle() and page.pane.view.page_count() == 3
        page.reject()
        idle(qtbot)
        assert letters(fund)[-1] == (kind, day)
        assert view.model.text(0, 5) == sent

    # letter 1 printed again, with the figures of its own date
    view.reprint_letter()
    chooser = view.dialog
    assert isinstance(chooser, ReprintDialog) and chooser.model.rowCount() == 3
    assert chooser.chosen().kind == "letter3"
    chooser.table.selectRow(0)
    chooser.accept()
    page = preview(qtbot, view)
    assert "หนังสือฉบับที่ 1" in page.windowTitle()
    page.reject()

    set_day(fund, d(4, 15), view)
    assert view.model.text(0, NEXT_COLUMN) == "ประกาศ ทำได้แล้ว"
    view.send_letter()                                    # no fourth letter
    assert "ประกาศรายชื่อ" in shown_errors.pop() and len(letters(fund)) == 3
    answers.append(True)
    press(qtbot, view, Qt.Key.Key_F4)
    idle(qtbot)
    _asked, text, default_yes = answers.pop()
    assert "บุญมี ทองดี" in text and "มติ" in text and not default_yes
    assert [k for k, _day in letters(fund)] == ["letter1", "letter2", "letter3", "notice"]
    assert "บุญมี ทองดี" in view.status.text()
    assert view.model.text(0, NEXT_COLUMN) == "ครบทุกขั้นตอนแล้ว"
    assert view.model.text(0, 5) == "ประกาศแล้ว (15 เม.ย. 2568)"

    press(qtbot, view, Qt.Key.Key_F5)                     # the notice, one page
    page = preview(qtbot, view)
    assert page.pane.view.page_count() == 1 and "15 เม.ย. 2568" in page.windowTitle()
    page.reject()
    assert shown_errors == []


def test_the_privacy_question_answered_no_lists_nothing(qtbot, fund, loan, answers,  # noqa: ANN001
                                                       shown_errors) -> None:
    for kind, day in (("letter1", d(3, 1)), ("letter2", d(3, 16)), ("letter3", d(3, 31))):
        with fund.write() as s:
            followup.record_letter(s, loan_id=loan, kind=kind, day=day, user=USER)
    view = screen(qtbot, fund, d(4, 15))
    answers.append(False)
    view.list_on_notice()
    idle(qtbot)
    _asked, text, default_yes = answers.pop()
    assert "ข้อมูลส่วนบุคคล" in text and "เลขประจำตัวประชาชน" in text
    assert not default_yes                                # Enter does not publish a name
    assert len(letters(fund)) == 3
    assert "ยังไม่ได้ประกาศ" in view.status.text()
    with fund.read() as s:
        assert followup.notice_rows(s, as_of=d(4, 15)) == []
    view.print_notice()                                   # nobody on the notice: nothing to print
    assert shown_errors == ["ไม่มีรายชื่อผู้ค้างชำระที่ต้องประกาศ"]
    assert view.dialog is None


def test_the_notice_before_letter_3_is_refused(qtbot, fund, loan, answers,  # noqa: ANN001
                                               shown_errors) -> None:
    view = screen(qtbot, fund, d(3, 1))
    view.list_on_notice()
    idle(qtbot)
    assert answers == []                                  # refused before any privacy question
    assert "ขั้นตอนถัดไปของสัญญา 2568/0001" in shown_errors.pop()
    assert letters(fund) == []


def test_welfare_suspended_for_borrower_and_guarantors_then_restored(  # noqa: ANN001
        qtbot, fund, people, loan, type_text, shown_errors) -> None:
    borrower, g1, g2, other = people
    view = screen(qtbot, fund, d(3, 1))
    press(qtbot, view, Qt.Key.Key_F7)
    dialog = view.dialog
    assert isinstance(dialog, WelfareDialog) and dialog.loan.text() == "2568/0001"
    dialog.save()                                         # no reason: refused, dialog stays
    idle(qtbot)
    assert "เหตุผล" in shown_errors.pop() and dialog.isVisible()
    assert rights(fund, people) == ["active"] * 4
    type_text(dialog.reason, "ค้างชำระเกิน 30 วัน")
    dialog.save()
    idle(qtbot)
    assert not dialog.isVisible()
    assert rights(fund, people) == ["suspended", "suspended", "suspended", "active"]
    done = shown_errors.pop()
    assert done.startswith("ระงับสิทธิสวัสดิการแล้ว: บุญมี ทองดี, คำปุน ทองดี, สมศรี ทองดี")
    assert view.model.text(0, 7) == "ถูกระงับ"
    assert "สมศรี ทองดี (ผู้ค้ำประกัน) ถูกระงับ" in view.details.text()

    press(qtbot, view, Qt.Key.Key_F8)                     # still late: refused in Thai
    dialog = view.dialog
    type_text(dialog.reason, "ชำระแล้ว")
    dialog.save()
    idle(qtbot)
    assert "ยังค้างชำระ" in shown_errors.pop() and dialog.isVisible()
    dialog.reject()

    with fund.write() as s:
        repayments.repay(s, loan_id=loan, day=d(3, 5),
                         amount_satang=followup.owed_on(s, loan, d(3, 5)).total_satang,
                         user=USER)
    set_day(fund, d(3, 5), view)
    assert view.model.rowCount() == 0 and view.selected() is None
    view.restore_welfare()                                # the loan has left the list: typed
    dialog = view.dialog
    assert dialog.loan.text() == "" and not dialog.loan.isReadOnly()
    type_text(dialog.loan, "2568/9999")
    type_text(dialog.reason, "ชำระเป็นปัจจุบันแล้ว")
    dialog.save()
    idle(qtbot)
    assert "2568/9999" in shown_errors.pop() and dialog.isVisible()
    dialog.loan.setText("2568/0001")
    dialog.save()
    idle(qtbot)
    assert rights(fund, people) == ["active"] * 4
    assert shown_errors.pop().startswith("คืนสิทธิสวัสดิการแล้ว: บุญมี ทองดี")
    assert shown_errors == []


def test_a_letter_too_soon_is_refused_in_thai_and_changes_nothing(  # noqa: ANN001
        qtbot, fund, loan, answers, shown_errors) -> None:
    with fund.write() as s:
        followup.record_letter(s, loan_id=loan, kind="letter1", day=d(3, 1), user=USER)
    view = screen(qtbot, fund, d(3, 10))
    assert view.model.text(0, NEXT_COLUMN) == "ฉบับที่ 2 ตั้งแต่ 16 มี.ค. 2568"
    view.ready_only.setChecked(True)                      # nothing can be done today
    assert view.proxy.rowCount() == 0 and view.selected() is None
    view.ready_only.setChecked(False)
    assert view.selected().loan_no == "2568/0001"
    with fund.read() as s:
        audit_before = s.scalar(select(func.count()).select_from(LoanLetter))
    press(qtbot, view, Qt.Key.Key_F2)
    idle(qtbot)
    assert answers == []                                  # nothing to confirm: it is refused
    [text] = shown_errors
    assert "หนังสือฉบับที่ 2" in text and "16 มีนาคม 2568" in text
    with fund.read() as s:
        assert s.scalar(select(func.count()).select_from(LoanLetter)) == audit_before == 1
    assert view.dialog is None


def test_no_late_loan_says_so(qtbot, fund, people, shown_errors) -> None:  # noqa: ANN001
    view = screen(qtbot, fund, d(3, 1))
    assert view.model.rowCount() == 0
    assert view.summary.text() == "ณ วันที่ 1 มี.ค. 2568 ไม่มีสัญญาที่ค้างชำระ"
    view.send_letter()
    assert shown_errors == ["กรุณาเลือกสัญญาที่ค้างชำระในรายการก่อน"]
