"""The loans screen: one loan walked from application to closing through the dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog

from app.db import FundDb
from app.services.members import MemberInput, add_member
from app.services.subledger import post_member_movement
from app.thai import national_id_check_digit
from app.ui import loans_view
from app.ui.context import FundContext
from app.ui.loans_view import LoansView

DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31019{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def test_a_loan_from_application_to_closing(qtbot, fund: FundDb, monkeypatch) -> None:  # noqa: ANN001
    with fund.write() as s:
        m = add_member(s, MemberInput("บุญมี", "ใจดี", nid(1), dt.date(2025, 1, 2)),
                       user="bookkeeper")
        post_member_movement(s, member_id=m.id, code="21010", amount_satang=50_000_00,
                             into_fund=True, date=DAY, description="ฝาก", user="bookkeeper")
    view = LoansView(FundContext(fund))
    qtbot.addWidget(view)
    fill = {}
    monkeypatch.setattr(loans_view._Form, "exec",
                        lambda d: (fill.pop("next")(d), QDialog.DialogCode.Accepted)[1])

    def application(d) -> None:  # noqa: ANN001
        view.d_type.setCurrentIndex(1)  # เงินกู้ฉุกเฉิน: 6 monthly instalments
        view.d_amount.setText("6,000")

    fill["next"] = application
    view.new_application()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.text(0, 6) == "ยื่นคำขอ"
    view.table.selectRow(0)

    def approval(d) -> None:  # noqa: ANN001
        edits = d.findChildren(loans_view.QLineEdit)
        edits[0].setText("chair")
        edits[2].setText("1/2568")

    fill["next"] = approval
    view.approve()
    qtbot.waitUntil(lambda: view.model.text(0, 6) == "อนุมัติแล้ว")
    fill["next"] = lambda d: None
    view.table.selectRow(0)
    view.disburse()
    qtbot.waitUntil(lambda: view.model.text(0, 4) == "6,000.00")
    assert "6,000.00" in view.title.text()

    def payment(d) -> None:  # noqa: ANN001
        d.amount.setText("6,000")  # paid off on the day: no interest begun yet
        assert "6,000.00" in d.note.text() and "ปิด" in d.note.text()

    fill["next"] = payment
    view.table.selectRow(0)
    view.repay()
    qtbot.waitUntil(lambda: view.model.text(0, 6) == "ปิดแล้ว")
    assert view.model.text(0, 4) == "0.00"
