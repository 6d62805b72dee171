"""Bank operations from the cash book: deposit, withdraw, transfer (TV), and the
passbook check (ตรวจยอดสมุดบัญชีธนาคาร) whose difference is kept and shown.

Bank interest and fees are ordinary receipts and payments on the bank account (43010,
53010); the cash book opens the entry form pre-filled for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services import cash_count
from app.services.cashbook import post_bank_transfer
from app.services.chart import cash_and_bank_accounts
from app.ui import errors
from app.ui.cashbook_entry import field_error_label, write_op
from app.ui.context import FundContext
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit


class _BankDialog(QDialog):
    def __init__(self, ctx: FundContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_row: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        day = ctx.working_date()
        with ctx.db.read() as s:
            self.accounts = cash_and_bank_accounts(s)
        self.date_edit = BeDateEdit(pivot=day)
        self.date_edit.set_date(day)
        self.amount_edit = MoneyEdit()
        self.error = field_error_label()
        self.form = QFormLayout()
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def combo(self, *, banks_only: bool = False) -> QComboBox:
        box = QComboBox()
        for a in self.accounts:
            if not banks_only or a.kind == "bank":
                box.addItem(f"{a.code} {a.name_th}", a.code)
        return box

    def fields_ok(self) -> bool:
        """Read the date and the amount now (Save may come before the field was left)."""
        self.error.hide()
        date_ok = self.date_edit.check()
        return self.amount_edit.check() and date_ok

    def run(self, work: Any) -> None:
        write_op(self.ctx, self, work, on_success=self._saved, on_failure=self._failed,
                 label=_("Saving…"))

    def save(self) -> None:
        raise NotImplementedError

    def _saved(self, row: Any) -> None:
        self.result_row = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        field = getattr(exc, "field", None)
        if field == "date":
            self.date_edit._set_error(str(exc))  # noqa: SLF001
        elif field == "amount":
            self.amount_edit._set_error(str(exc))  # noqa: SLF001
        else:
            self.error.setText(errors.error_text(exc))
            self.error.show()


class BankTransferDialog(_BankDialog):
    """Deposit cash (cash → bank), withdraw (bank → cash) or transfer (bank → bank)."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None, *,
                 from_code: str = "11010", to_code: str = "11020") -> None:
        super().__init__(ctx, parent, _("Deposit, withdraw or transfer"))
        self.from_combo, self.to_combo = self.combo(), self.combo()
        self.from_combo.setCurrentIndex(max(0, self.from_combo.findData(from_code)))
        self.to_combo.setCurrentIndex(max(0, self.to_combo.findData(to_code)))
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText(_("(written for you when left empty)"))
        self.evidence_edit = QLineEdit()
        for text, w in ((_("Date"), self.date_edit), (_("From"), self.from_combo),
                        (_("To"), self.to_combo), (_("Amount"), self.amount_edit),
                        (_("Description"), self.description_edit),
                        (_("Evidence"), self.evidence_edit)):
            self.form.addRow(text, w)

    def save(self) -> None:
        if not self.fields_ok():
            return
        day, amount = self.date_edit.date(), self.amount_edit.amount()
        src, dst = self.from_combo.currentData(), self.to_combo.currentData()
        desc, ev = self.description_edit.text(), self.evidence_edit.text()
        self.run(lambda s, u: post_bank_transfer(s, date=day, from_code=src, to_code=dst,
                                                 amount=amount,
                                                 user=u, description=desc, evidence_ref=ev))


class BankCheckDialog(_BankDialog):
    """The passbook's balance on a date, compared with the book; a difference is kept."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Check a bank balance against the passbook"))
        self.account_combo = self.combo(banks_only=True)
        self.amount_edit.allow_zero = True  # an empty passbook is a balance too
        self.note_edit = QLineEdit()
        for text, w in ((_("Date"), self.date_edit), (_("Bank account"), self.account_combo),
                        (_("Passbook balance"), self.amount_edit), (_("Note"), self.note_edit)):
            self.form.addRow(text, w)
        hint = QLabel(_("A difference is kept on record and shown; it is not booked away. "
                        "Post what is missing (interest, fees), then check again."))
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.form.addRow(hint)

    def save(self) -> None:
        if not self.fields_ok():
            return
        day, code, note = self.date_edit.date(), self.account_combo.currentData(), \
            self.note_edit.text()
        amount = self.amount_edit.amount()
        self.run(lambda s, u: cash_count.record_bank_check(
            s, date=day, account_code=code, statement=amount, note=note, user=u))


def bank_check_text(row: cash_count.BankCheckRow) -> str:
    if row.difference_satang == 0:
        return _("The passbook agrees with the book: {amount} baht.").format(
            amount=format_amount(row.ledger_satang))
    return _("The passbook shows {statement} baht, the book {ledger} baht: a difference of "
             "{difference} baht is kept on record.").format(
        statement=format_amount(row.statement_satang), ledger=format_amount(row.ledger_satang),
        difference=format_amount(row.difference_satang))
