"""Restructuring, renewal and one household, one contract on screen: the plan shown
before posting (figures worked by hand), the new contract posted and the old closed,
a household's debts to other funds typed in and its loans joined into one contract,
and each refusal shown in Thai with nothing changed. Message boxes are patched, so
nothing modal ever waits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.db import FundDb
from app.models.ledger import JournalEntry
from app.models.loans import ExternalDebt, Loan, LoanEvent
from app.services import household_debts, households
from app.services.fund import set_working_date
from app.ui import restructure_dialog
from app.ui.context import FundContext
from app.ui.household_debts_dialog import AddDebtDialog, ClearDebtDialog, HouseholdDebtsDialog
from app.ui.household_dialog import HouseholdDialog
from app.ui.restructure_dialog import RestructureDialog
from tests.services.test_loans import USER, make_loan, people  # noqa: F401 - people: fixture

AUG10 = dt.date(2025, 8, 10)


@pytest.fixture
def ctx(fund: FundDb, people: list[int]) -> FundContext:  # noqa: F811
    """Five members and 200,000 baht in the fund; the working date 10 ส.ค. 2568."""
    with fund.write() as s:
        set_working_date(s, day=AUG10, user=USER)
    return FundContext(fund)


def wait_idle(qtbot) -> None:  # noqa: ANN001
    from app.ui import ops

    qtbot.waitUntil(lambda: not ops._running, timeout=10_000)


def counts(fund: FundDb) -> tuple[int, int, int]:
    """Journal entries, loans, loan events: what a refusal must leave as it was."""
    with fund.read() as s:
        return (s.scalar(select(func.count(JournalEntry.id))) or 0,
                s.scalar(select(func.count(Loan.id))) or 0,
                s.scalar(select(func.count(LoanEvent.id))) or 0)


def open_dialog(qtbot, ctx: FundContext, **kw) -> RestructureDialog:  # noqa: ANN001
    dialog = RestructureDialog(ctx, None, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_loan_restructured_through_the_dialog(qtbot, ctx, people, shown_errors,  # noqa: ANN001, F811
                                                type_text) -> None:
    fund = ctx.db
    old = make_loan(fund, people[1], 20_000_00)  # 15 ม.ค. 2568, 6 % flat, lump sum
    dialog = open_dialog(qtbot, ctx, loan_ids=[old], mode="restructure")
    # 20,000 × 6 % × 7/12 (15 Jan -> 10 Aug: seven months begun) = 700.00 accrued
    assert [dialog.plan_model.text(0, c) for c in range(6)] == [
        "2568/0001", "สมหญิง ใจดี (0002)", "20,000.00", "700.00", "", "20,700.00"]
    assert "20,700.00" in dialog.amount_label.text()
    assert "10 ส.ค. 2568" in dialog.amount_label.text()
    assert dialog.waive.isHidden()                      # no fine owed: nothing to waive
    assert dialog.rate.line_edit.text() == "6" and dialog.term.value() == 12  # the old terms
    # another day, another plan: 15 ม.ค. -> 15 พ.ค. is four months, 20,000 × 6 % × 4/12
    dialog.day.line_edit.setText("15/5/2568")
    assert dialog.day.check()
    assert dialog.plan_model.text(0, 3) == "400.00" and "20,400.00" in dialog.amount_label.text()
    dialog.day.line_edit.setText("10/8/2568")
    assert dialog.day.check() and dialog.plan_model.text(0, 3) == "700.00"
    dialog.rate.line_edit.setText("5")
    type_text(dialog.meeting_no, "8/2568")
    type_text(dialog.reason, "ประสบภัยแล้ง")
    qtbot.keyClick(dialog.meeting_no, Qt.Key.Key_Return)  # Enter makes the contract
    qtbot.waitUntil(lambda: dialog.result_row is not None, timeout=10_000)
    wait_idle(qtbot)
    new = dialog.result_row
    assert new.loan_no == "2568/0002" and new.amount_satang == 20_700_00
    assert shown_errors and "2568/0002" in shown_errors[-1] and "20,700.00" in shown_errors[-1]
    assert "2568/0001" in shown_errors[-1]
    assert not dialog.isVisible()
    with fund.read() as s:
        o, n = s.get(Loan, old), s.get(Loan, new.id)
        assert (o.status, o.closed_on, o.replaced_by_id) == ("closed", AUG10, n.id)
        assert (n.origin, n.rate_bp, n.meeting_no, n.approved_by) == (
            "restructure", 500, "8/2568", "ประธานกรรมการ")
        assert "ประสบภัยแล้ง" in s.scalars(select(LoanEvent.reason).where(
            LoanEvent.loan_id == n.id, LoanEvent.kind == "restructured")).one()
    # the old contract is closed: a second dialog on it shows why and cannot post
    again = open_dialog(qtbot, ctx, loan_ids=[old], mode="renew")
    assert "2568/0001" in again.amount_label.text() and not again.ok.isEnabled()
    assert again.plan_model.rowCount() == 0


def test_an_unpaid_fine_without_a_reason_is_refused(qtbot, ctx, people, shown_errors,  # noqa: ANN001, F811
                                                    type_text) -> None:
    fund = ctx.db
    # 6,000 emergency, 6 × monthly from 15 Feb, nothing paid: fine 5 a day capped at 500.00;
    # interest 6 × 30.00 all due by 15 Jul = 180.00
    old = make_loan(fund, people[2], 6_000_00, kind="emergency")
    dialog = open_dialog(qtbot, ctx, loan_ids=[old], mode="restructure")
    assert [dialog.plan_model.text(0, c) for c in (2, 3, 4, 5)] == [
        "6,000.00", "180.00", "500.00", "6,180.00"]
    assert dialog.waive.isVisible() and "500.00" in dialog.fine_label.text()
    type_text(dialog.meeting_no, "9/2568")
    before = counts(fund)
    dialog.ok.click()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=10_000)
    wait_idle(qtbot)
    assert "2568/0001" in shown_errors[0] and "ค่าปรับ" in shown_errors[0]
    assert counts(fund) == before and dialog.result_row is None
    with fund.read() as s:
        assert s.get(Loan, old).status == "active"
    assert dialog.isVisible() and dialog.ok.isEnabled()  # open, to be corrected
    type_text(dialog.waive, "ประสบอุทกภัย")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.result_row is not None, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.result_row.amount_satang == 6_180_00      # the fine waived, not carried
    with fund.read() as s:
        waived = s.scalars(select(LoanEvent).where(LoanEvent.kind == "fine_waived")).one()
        assert (waived.amount_satang, waived.reason) == (500_00, "ประสบอุทกภัย")


def test_a_rate_above_15_percent_asks_first(qtbot, ctx, people, shown_errors,  # noqa: ANN001, F811
                                            monkeypatch) -> None:
    fund = ctx.db
    old = make_loan(fund, people[1], 20_000_00)
    answers, asked = [False, True], []

    def answer(parent, title, text):  # noqa: ANN001, ANN202
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(restructure_dialog, "ask", answer)
    dialog = open_dialog(qtbot, ctx, loan_ids=[old], mode="renew")
    assert not dialog.method.isEnabled() and not dialog.pattern.isEnabled()  # kept on renewal
    dialog.rate.line_edit.setText("18")
    dialog.meeting_no.setText("10/2568")
    before = counts(fund)
    dialog.ok.click()                                   # asked; "No": nothing happens
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10_000)
    wait_idle(qtbot)
    assert "15" in asked[0] and counts(fund) == before and shown_errors == []
    dialog.ok.click()                                   # asked again; "Yes": posted
    qtbot.waitUntil(lambda: dialog.result_row is not None, timeout=10_000)
    wait_idle(qtbot)
    assert len(asked) == 2 and dialog.result_row.rate_percent == Decimal("18")
    with fund.read() as s:
        n = s.get(Loan, dialog.result_row.id)
        assert (n.origin, n.account_code, n.amount_satang) == ("renewal", "13010", 20_700_00)


def test_a_household_becomes_one_contract(qtbot, ctx, people, shown_errors,  # noqa: ANN001, F811
                                          type_text) -> None:
    fund = ctx.db
    a, b, c = people[:3]
    with fund.write() as s:
        for m, house in ((a, "32/1"), (b, "32/1"), (c, "40")):
            hid = households.move_member(s, member_id=m, house_no=house, moo="3", user=USER)
            if m == a:
                home = hid
    first = make_loan(fund, a, 20_000_00)                           # 700.00 accrued by 10 Aug
    second = make_loan(fund, b, 10_000_00, day=dt.date(2025, 3, 1))  # 6 months begun: 300.00
    other = make_loan(fund, c, 5_000_00)
    house = HouseholdDialog(ctx, None, household_id=home)
    qtbot.addWidget(house)
    with qtbot.waitActive(house):
        house.show()
    qtbot.keyClick(house, Qt.Key.Key_F7)                              # the household's debts
    debts = house.findChild(HouseholdDebtsDialog)
    assert debts is not None and debts.isVisible()
    assert "32/1" in debts.heading.text()
    assert "31,000.00" in debts.totals.text()  # 20,700.00 + 10,300.00 in this fund

    # a debt to another fund: refused without the creditor's name, then recorded
    debts.buttons["add"].click()
    add = debts.dialog
    assert isinstance(add, AddDebtDialog)
    add.member.setCurrentIndex(add.member.findData(b))
    add.amount.line_edit.setText("15,000")
    add.buttons.accepted.emit()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=10_000)
    wait_idle(qtbot)
    assert shown_errors[0].startswith("กรุณาพิมพ์ชื่อกลุ่ม/กองทุน")
    assert add.isVisible()
    with fund.read() as s:
        assert s.scalar(select(func.count(ExternalDebt.id))) == 0
    add.creditor.setCurrentIndex(0)                                   # กข.คจ.
    add.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "15,000.00" in debts.totals.text(), timeout=10_000)
    wait_idle(qtbot)
    assert not add.isVisible() and "กข.คจ." in debts.status.text()
    texts = [[debts.model.text(r, col) for col in range(7)] for r in range(debts.model.rowCount())]
    assert ["", "กข.คจ.", "บันทึกเมื่อ 10 ส.ค. 2568", "", "", "", "15,000.00"] in texts
    assert "46,000.00" in debts.totals.text()

    # F9: the household's two loans into one contract of สมหญิง (b)
    debts.activateWindow()
    qtbot.waitUntil(debts.isActiveWindow, timeout=5000)
    qtbot.keyClick(debts.table, Qt.Key.Key_F9)
    join = debts.dialog
    assert isinstance(join, RestructureDialog) and join.mode == "consolidate"
    assert join.plan_model.rowCount() == 2
    assert [join.plan_model.text(r, 3) for r in (0, 1)] == ["700.00", "300.00"]
    assert "31,000.00" in join.amount_label.text()
    assert join.borrower.count() == 2                # the household's members only
    join.borrower.setCurrentIndex(join.borrower.findData(b))
    join.term.setValue(24)
    join.pattern.setCurrentIndex(join.pattern.findData("monthly"))
    type_text(join.meeting_no, "8/2568")
    join.ok.click()
    qtbot.waitUntil(lambda: join.result_row is not None, timeout=10_000)
    wait_idle(qtbot)
    new = join.result_row
    assert (new.loan_no, new.member_id, new.amount_satang) == ("2568/0004", b, 31_000_00)
    with fund.read() as s:
        assert [s.get(Loan, x).status for x in (first, second, other)] == [
            "closed", "closed", "active"]
        assert s.get(Loan, second).replaced_by_id == new.id
        assert s.get(Loan, new.id).origin == "consolidation"
        rows = household_debts.consolidation_rows(s, as_of=AUG10)
    assert [(r.loan_no, r.groups[1:], r.total_debt_satang) for r in rows] == [
        ("2568/0004", ("กข.คจ.",), 46_000_00)]
    # the debts dialog shows the new contract (nothing accrued on its first day)
    qtbot.waitUntil(lambda: any(debts.model.text(r, 2) == "2568/0004"
                                for r in range(debts.model.rowCount())), timeout=5000)
    assert "31,000.00" in debts.totals.text() and "46,000.00" in debts.totals.text()
    assert debts.active_loans == [new.id]

    # the debt elsewhere taken over: cleared with a reason
    row = next(r for r in range(debts.model.rowCount()) if debts.model.text(r, 1) == "กข.คจ.")
    debts.table.selectRow(row)
    debts.buttons["clear"].click()
    clear = debts.dialog
    assert isinstance(clear, ClearDebtDialog)
    type_text(clear.reason, "รวมเข้าสัญญาใหม่")
    clear.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "46,000.00" not in debts.totals.text(), timeout=10_000)
    wait_idle(qtbot)
    with fund.read() as s:
        assert household_debts.list_external_debts(s, as_of=AUG10 + dt.timedelta(days=1)) == []


def test_a_consolidation_can_take_over_the_debts_elsewhere(qtbot, ctx, people, shown_errors,  # noqa: ANN001, F811
                                                           type_text) -> None:
    fund = ctx.db
    a, b = people[:2]
    with fund.write() as s:
        home = households.move_member(s, member_id=a, house_no="32/1", moo="3", user=USER)
        households.move_member(s, member_id=b, household_id=home, user=USER)
        household_debts.add_external_debt(s, member_id=b, creditor="กข.คจ.",
                                          amount_satang=15_000_00, as_of=AUG10, user=USER)
    loan = make_loan(fund, a, 20_000_00)                             # 20,700.00 on 10 Aug
    join = open_dialog(qtbot, ctx, loan_ids=[loan], mode="consolidate", household_id=home)
    assert join.take_over.isVisible() and join.take_over.list.count() == 1
    assert join.take_over.chosen_ids() == []                         # nothing ticked at first
    assert "20,700.00" in join.amount_label.text()
    join.take_over.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert "35,700.00" in join.amount_label.text() and "15,000.00" in join.amount_label.text()
    type_text(join.meeting_no, "8/2568")
    join.ok.click()
    qtbot.waitUntil(lambda: join.result_row is not None, timeout=10_000)
    wait_idle(qtbot)
    assert join.result_row.amount_satang == 35_700_00
    assert shown_errors and "35,700.00" in shown_errors[-1]  # the success message
    with fund.read() as s:
        assert household_debts.list_external_debts(s, member_ids=[b], as_of=AUG10) == []
        row, = household_debts.consolidation_rows(s, as_of=AUG10)
    assert row.total_debt_satang == row.amount_satang == 35_700_00
