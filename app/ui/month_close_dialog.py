"""ปิดงวด from the cash book: the rule, every problem found, close when none is left;
reopening needs the chair's user name and a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import closing
from app.services.periods import period_state
from app.thai import format_month
from app.ui import errors
from app.ui.cashbook_entry import field_error_label, write_op
from app.ui.context import FundContext
from app.ui.ops import run_op


def close_rule() -> str:
    return _("A month closes when the earlier months are closed, the integrity check finds "
             "nothing, the cash was counted on the month's last working day (the last day "
             "cash moved) or later and still agrees with the book, and every bank account's "
             "latest passbook check in the month agrees.")


class MonthCloseDialog(QDialog):
    def __init__(self, ctx: FundContext, year: int, month: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.year, self.month = ctx, year, month
        self.problems: list[closing.CloseProblem] | None = None
        self.setWindowTitle(_("Close the month {month}").format(month=format_month(year, month)))
        self.setMinimumWidth(640)
        rule = QLabel(close_rule())
        rule.setWordWrap(True)
        self.state_label = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)  # a long problem wraps instead of running off the side
        self.close_button = QPushButton(_("Close the month"))
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.close_month)
        self.chair_edit = QLineEdit()
        self.chair_edit.setPlaceholderText("chair")
        self.reason_edit = QLineEdit()
        self.recheck_button = QPushButton(_("Check again"))
        self.recheck_button.clicked.connect(self.check)
        self.reopen_button = QPushButton(_("Reopen the month"))
        self.reopen_button.clicked.connect(self.reopen)
        self.error = field_error_label()
        reopen = QFormLayout()
        reopen.addRow(_("Chair's user name"), self.chair_edit)
        reopen.addRow(_("Reason"), self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.recheck_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reopen_button)
        layout = QVBoxLayout(self)
        for w in (rule, self.state_label, self.list):
            layout.addWidget(w)
        layout.addLayout(reopen)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.check()

    def check(self) -> None:
        self.error.hide()
        db, y, m = self.ctx.db, self.year, self.month

        def job() -> Any:
            with db.read() as s:
                return closing.close_checklist(s, year=y, month=m), period_state(
                    s, dt.date(y, m, 1))
        run_op(self, job, on_success=self._show, label=_("Checking…"))

    def _show(self, result: Any) -> None:
        self.problems, state = result
        self.list.clear()
        for p in self.problems:
            self.list.addItem(p.message)
        closed = state == "closed"
        self.state_label.setText(_("The month is closed.") if closed else
                                 _("No problem left: the month can be closed.")
                                 if not self.problems else
                                 _("{count} problems to fix before closing:").format(
                                     count=len(self.problems)))
        self.close_button.setEnabled(not self.problems and not closed)
        self.reopen_button.setEnabled(closed)

    def close_month(self) -> None:
        y, m = self.year, self.month
        write_op(self.ctx, self, lambda s, u: closing.close_month(s, year=y, month=m, user=u),
                 on_success=lambda _r: self.check(), on_failure=self._failed,
                 label=_("Closing…"))

    def reopen(self) -> None:
        y, m = self.year, self.month
        chair, reason = self.chair_edit.text().strip(), self.reason_edit.text()
        write_op(self.ctx, self, lambda s, _u: closing.reopen_month(
            s, year=y, month=m, reason=reason, user=chair),
            on_success=lambda _r: self.check(), on_failure=self._failed,
            label=_("Reopening…"))

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(errors.error_text(exc))
        self.error.show()
