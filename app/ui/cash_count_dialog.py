"""นับเงินสด: the cash box counted note by note against the book balance of the day.

One row per Thai note or coin (1000 … 0.25 baht): type how many, Tab to the next. The
total, the book balance at the end of the day and the difference follow as you type
(all from the services). A difference needs a reason; saving posts it to เงินขาดบัญชี
or เงินเกินบัญชี, never hidden.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services import cash_count as svc
from app.services.cashbook import CASH_CODE, balance_on
from app.ui import errors
from app.ui.cashbook_entry import field_error_label, write_op
from app.ui.context import FundContext
from app.ui.widgets.be_date_edit import BeDateEdit


class CashCountDialog(QDialog):
    """Count the cash on a date; Enter saves when the count agrees or a reason is given."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None, *,
                 day: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_row: svc.CashCountRow | None = None
        self.setWindowTitle(_("Cash count"))
        day = day or ctx.working_date()
        self.date_edit = BeDateEdit(pivot=day)
        self.date_edit.set_date(day)
        self.spins: dict[int, QSpinBox] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Note or coin")), 0, 0)
        grid.addWidget(QLabel(_("How many")), 0, 1)
        grid.addWidget(QLabel(_("Amount")), 0, 2)
        self.line_totals: dict[int, QLabel] = {}
        for i, d in enumerate(svc.DENOMINATIONS, start=1):
            spin = QSpinBox()
            spin.setRange(0, 100000)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.valueChanged.connect(self._update)
            self.spins[d] = spin
            total = QLabel("0.00")
            total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.line_totals[d] = total
            grid.addWidget(QLabel(format_amount(d) if d < 100 else format_amount(d, satang=False)),
                           i, 0)
            grid.addWidget(spin, i, 1)
            grid.addWidget(total, i, 2)
        self.counted_label, self.book_label, self.diff_label = QLabel(), QLabel(), QLabel()
        for label in (self.counted_label, self.book_label, self.diff_label):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_("Required when the count differs from the book"))
        self.reason_error = field_error_label()
        form = QFormLayout()
        form.addRow(_("Date"), self.date_edit)
        sums = QFormLayout()
        sums.addRow(_("Counted"), self.counted_label)
        sums.addRow(_("Book balance"), self.book_label)
        sums.addRow(_("Difference"), self.diff_label)
        reason = QVBoxLayout()
        reason.addWidget(self.reason_edit)
        reason.addWidget(self.reason_error)
        sums.addRow(_("Reason"), reason)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addLayout(sums)
        layout.addWidget(buttons)
        self.date_edit.valueChanged.connect(lambda _v: self._load_book())
        self._book = 0
        self._load_book()

    def pieces(self) -> dict[int, int]:
        return {d: s.value() for d, s in self.spins.items() if s.value()}

    def _load_book(self) -> None:
        day = self.date_edit.date()
        if day is not None:
            with self.ctx.db.read() as s:
                self._book = balance_on(s, code=CASH_CODE, day=day)
        self._update()

    def _update(self) -> None:
        for d, spin in self.spins.items():
            self.line_totals[d].setText(format_amount(svc.counted_total({d: spin.value()})))
        counted = svc.counted_total(self.pieces())
        self.counted_label.setText(format_amount(counted))
        self.book_label.setText(format_amount(self._book))
        diff = counted - self._book
        word = _("short") if diff < 0 else _("over") if diff > 0 else _("agrees")
        self.diff_label.setText(f"{format_amount(diff)} ({word})")
        self.diff_label.setStyleSheet("color: #b00020;" if diff else "color: #1b5e20;")

    def save(self) -> None:
        self.reason_error.hide()
        if not self.date_edit.check():
            return
        day, pieces, reason = self.date_edit.date(), self.pieces(), self.reason_edit.text()
        write_op(self.ctx, self, lambda s, u: svc.record_cash_count(
            s, date=day, pieces=pieces, reason=reason, user=u),
            on_success=self._saved, on_failure=self._failed, label=_("Saving…"))

    def _saved(self, row: Any) -> None:
        self.result_row = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if getattr(exc, "field", None) == "date":
            self.date_edit._set_error(str(exc))  # noqa: SLF001
            return
        self.reason_error.setText(errors.error_text(exc))
        self.reason_error.show()
