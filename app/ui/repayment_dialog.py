"""รับชำระเงินกู้: the repayment dialog, the split shown before anything is posted.

What the loan owes on the day (app.services.repayments.dues) is shown first; as the
amount is typed the split fine → interest → principal and the principal left after it
are shown (repayments.preview), so the bookkeeper can read it out to the borrower.
F4 fills in everything owed (an early payoff closes the loan). A fine is waived only
with a reason, which goes into the loan's event log. Once posted, the receipt
(ใบเสร็จรับเงิน, with the amount in Thai words) is offered for printing.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount, from_satang
from app.services import repayments
from app.services.loans import LoanRow
from app.thai import format_date
from app.ui.context import LEDGER, FundContext
from app.ui.loan_dialogs import (
    StepDialog,
    hint_label,
    loan_heading,
    money_or_none,
    offer_receipt,
)
from app.ui.widgets.money_edit import MoneyEdit

SPLIT = ("fine", "interest", "principal", "total", "after")


class RepayDialog(StepDialog):
    """Amount received, date, cash or bank; the split live; F4 pays everything owed."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, row: LoanRow) -> None:
        super().__init__(ctx, parent, _("Repayment of loan {loan}").format(loan=row.loan_no),
                         _("Post the repayment"), loan_heading(row))
        self.setMinimumWidth(820)
        self.row = row
        self.dues: repayments.Dues | None = None
        self.date = self.date_field(_("Date received"))
        self.amount = MoneyEdit()
        self.payoff_button = QPushButton(_("Everything owed (F4)"))
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.payoff_button)
        self.form.addRow(_("Amount received"), amount_row)
        self.money = self.money_accounts(_("Cash or bank"))
        self.waive = QCheckBox(_("Waive the fine"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason (required to waive the fine)"))
        waive_row = QHBoxLayout()
        waive_row.addWidget(self.waive)
        waive_row.addWidget(self.reason, 1)
        self.form.addRow("", waive_row)
        self.owed: dict[str, QLabel] = {}
        self.split: dict[str, QLabel] = {}
        self.owed_heading = hint_label()
        self.late_note = hint_label()
        self.split_note = QLabel()
        self.split_note.setObjectName("subheading")
        self.split_note.setWordWrap(True)
        self.extra.addLayout(self._figures())
        self.extra.addWidget(self.late_note)
        self.extra.addWidget(self.split_note)
        self.payoff_button.clicked.connect(self.fill_payoff)
        QShortcut(QKeySequence("F4"), self, self.fill_payoff)
        self.date.valueChanged.connect(lambda _v: self.load_dues())
        self.amount.line_edit.textChanged.connect(self.update_preview)
        self.waive.toggled.connect(self._waive_toggled)
        self.load_dues()
        self.amount.setFocus()

    def _figures(self) -> QGridLayout:
        """What is owed on the day beside how the amount received pays it, line by line."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.extra.addWidget(self.owed_heading)  # the date and the order, above the figures
        for column, text in ((1, _("Owed in all")), (2, _("Paid by this amount"))):
            head = QLabel(text)
            head.setObjectName("subheading")
            head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(head, 0, column)
        rows = ((_("Fine"), "fine", "fine"), (_("Interest"), "interest", "interest"),
                (_("Principal"), "principal", "principal"), (_("Total"), "total", "total"),
                (_("Principal left after"), None, "after"))
        for i, (text, owed_key, split_key) in enumerate(rows, start=1):
            grid.addWidget(QLabel(text), i, 0)
            for column, key, into in ((1, owed_key, self.owed), (2, split_key, self.split)):
                if key is None:
                    continue
                value = QLabel("-")
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if key in ("total", "after"):
                    value.setObjectName("subheading")
                grid.addWidget(value, i, column)
                into[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return grid

    # ---- what is owed, and the split

    def load_dues(self) -> None:
        day = self.date.date()
        if day is None:
            return
        for label in self.owed.values():
            label.setText("-")
        try:
            with self.ctx.db.read() as s:
                self.dues = repayments.dues(s, loan_id=self.row.id, day=day)
        except KongtunError as exc:
            self.dues = None
            self.late_note.setText(str(exc))
            self.update_preview()
            return
        d = self.dues
        self.owed_heading.setText(_("On {date}. A payment goes to the fine first, then to the "
                                    "interest, then to the principal.").format(
            date=format_date(day)))
        self.late_note.setText(_("{days} days past due: {overdue} baht of instalments "
                                 "overdue.").format(days=d.days_past_due,
                                                    overdue=format_amount(d.overdue_satang))
                               if d.days_past_due else _("Not past due"))
        self.waive.setEnabled(d.fine_satang > 0)
        if not d.fine_satang:
            self.waive.setChecked(False)
        self.reason.setEnabled(self.waive.isChecked())
        self._show_owed()
        self.update_preview()

    def _waive_toggled(self, on: bool) -> None:
        self.reason.setEnabled(on)
        if on:
            self.reason.setFocus()
        self._show_owed()
        self.update_preview()

    def _show_owed(self) -> None:
        """The owed column; a waived fine is struck through and left out of the total."""
        d = self.dues
        if d is None:
            return
        waived = self.waive.isChecked() and d.fine_satang > 0
        fine = format_amount(d.fine_satang)
        self.owed["fine"].setText(f"<s>{fine}</s>" if waived else fine)
        for key, satang in (("interest", d.interest_satang), ("principal", d.principal_satang),
                            ("total", d.total_satang - (d.fine_satang if waived else 0))):
            self.owed[key].setText(format_amount(satang))

    def payoff_satang(self) -> int | None:
        """Everything owed on the day (less the fine when it is waived)."""
        d = self.dues
        if d is None:
            return None
        return d.total_satang - (d.fine_satang if self.waive.isChecked() else 0)

    def fill_payoff(self) -> None:
        satang = self.payoff_satang()
        if satang:
            self.amount.set_amount(from_satang(satang))
            self.update_preview()
            self.amount.setFocus()

    def update_preview(self) -> None:
        for label in self.split.values():
            label.setText("-")
        amount, day = money_or_none(self.amount.line_edit.text()), self.date.date()
        if amount is None or day is None or self.dues is None:
            self.split_note.setText("")
            return
        try:
            with self.ctx.db.read() as s:
                p = repayments.preview(s, loan_id=self.row.id, day=day, amount_satang=amount,
                                       waive_fine=self.waive.isChecked())
        except KongtunError as exc:  # more than is owed, …: said in red where the split goes
            self.split_note.setText(f'<span style="color:#b00020">{html.escape(str(exc))}</span>')
            return
        for key, satang in zip(SPLIT, (p.fine_satang, p.interest_satang, p.principal_satang,
                                       p.total_satang, p.principal_after_satang), strict=True):
            self.split[key].setText(format_amount(satang))
        self.split_note.setText(_("The loan is paid off and closed.") if p.closes else "")

    def split_text(self) -> dict[str, str]:
        """The split as shown (for tests and a quick look)."""
        return {k: v.text() for k, v in self.split.items()}

    def owed_text(self) -> dict[str, str]:
        """What is owed on the day, as shown."""
        return {k: v.text() for k, v in self.owed.items()}

    # ---- posting

    def save(self) -> None:
        if not (self.date.check() and self.amount.check()):
            return
        reason = self.reason.text().strip() if self.waive.isChecked() else ""
        if self.waive.isChecked() and not reason:
            self.show_error(_("A fine is waived only with a reason."))
            self.reason.setFocus()
            return
        amount = money_or_none(self.amount.line_edit.text())
        assert amount is not None
        loan_id, day, account = self.row.id, self.date.date(), self.money.currentData()
        self.write(lambda s, user: repayments.repay(
            s, loan_id=loan_id, day=day, amount_satang=amount, user=user,
            money_account=account, waive_fine_reason=reason), _("Posting…"), what=LEDGER)

    def after(self, result: Any) -> None:
        parent = self.parentWidget() or self
        self.receipt_op = offer_receipt(parent, self.ctx, result.voucher_no, self.confirm)
