"""The dialogs of a loan's steps: application, approval, rejection, paying out, repayment.

Each is a form read top to bottom, Enter saves and Esc cancels. The work runs in a
service on the ops runner; a refusal of the fund's rules comes back in Thai and is
shown in red above the buttons, the dialog stays open with what was typed and nothing
is changed. What the bookkeeper needs to decide is shown as they type: the borrower's
house and savings, the loan type's terms and rate, how many guarantors the amount
needs and what each guarantor already guarantees against the type's cap; in the
repayment dialog, what is owed on the day and how the amount will be split (fine →
interest → principal) before anything is posted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount, parse_amount, to_satang
from app.services.chart import cash_and_bank_accounts
from app.services.loans import LoanRow
from app.ui import errors, labels
from app.ui.context import LEDGER, FundContext
from app.ui.ops import Op, run_op
from app.ui.widgets.be_date_edit import BeDateEdit

LOANS = "loans"


def ask_yes_no(parent: QWidget, text: str, *, default_yes: bool = False) -> bool:
    """ใช่ / ไม่ใช่; Esc is ไม่ใช่, Enter the default (ไม่ใช่ unless `default_yes`)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Kongtun"), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Yes"))
    box.button(QMessageBox.StandardButton.No).setText(_("No"))
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes
                         else QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def hint_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A grey explanation. In a form row it must not wrap (the form would give it one
    line's height and cut the rest): such text is broken into lines by hand."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(wrap)
    return label


def loan_heading(row: LoanRow) -> str:
    return _("Loan {loan} · {name} ({member_no}) · {type} · {amount} baht").format(
        loan=row.loan_no, name=row.borrower, member_no=row.member_no, type=row.type_name,
        amount=format_amount(row.amount_satang))


class StepDialog(QDialog):
    """A form, a red line for a refusal, and the OK / Cancel buttons (Enter / Esc)."""

    #: How a question is asked: (parent, text, default_yes=False) -> yes? Tests replace it.
    confirm: Callable[..., bool] = staticmethod(ask_yes_no)

    def __init__(self, ctx: FundContext, parent: QWidget | None, title: str,
                 ok_text: str, heading: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day0 = ctx.working_date()
        self.setWindowTitle(title)
        self.setMinimumWidth(680)
        self.heading = QLabel(heading)
        self.heading.setObjectName("subheading")
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text + " (Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            _("Cancel") + " (Esc)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.heading.setVisible(bool(heading))
        self.result_value: Any = None
        self.op: Op | None = None

    def date_field(self, label: str) -> BeDateEdit:
        edit = BeDateEdit(pivot=self.day0)
        edit.set_date(self.day0)
        self.form.addRow(label, edit)
        return edit

    def money_accounts(self, label: str) -> QComboBox:
        box = QComboBox()
        with self.ctx.db.read() as s:
            for a in cash_and_bank_accounts(s):
                box.addItem(f"{a.code} {labels.account_name(a.name_th, a.name_en)}", a.code)
        self.form.addRow(label, box)
        return box

    # ---- refusals

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            QApplication.beep()

    def error_text(self) -> str:
        """The refusal shown now ('' when none)."""
        return self.error.text() if not self.error.isHidden() else ""

    # ---- the work

    def save(self) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def write(self, work: Callable[[Any, str], Any], label: str, *,
              what: str = LOANS) -> Op:
        """Run `work(session, user)` in one unit of work; close on success."""
        self.show_error("")
        self.buttons.setEnabled(False)
        db, user, ctx = self.ctx.db, self.ctx.username, self.ctx

        def job() -> Any:
            with db.write() as s:
                return work(s, user)

        def done(result: Any) -> None:
            self.buttons.setEnabled(True)
            self.result_value = result
            self.accept()
            ctx.changed.emit(what)
            self.after(result)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.failed(exc)

        self.op = run_op(self, job, on_success=done, on_failure=failed, label=label)
        return self.op

    def failed(self, exc: BaseException) -> None:
        self.show_error(errors.error_text(exc))

    def reject(self) -> None:
        """Esc closes, except while the work is being saved (it finishes in a moment)."""
        if self.op is not None and not self.op.is_finished:
            return
        super().reject()

    def after(self, result: Any) -> None:
        """Called once the work is done and the dialog closed."""


class RejectDialog(StepDialog):
    """ไม่อนุมัติ: the date and the reason (required)."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, row: LoanRow) -> None:
        super().__init__(ctx, parent, _("Do not approve loan {loan}").format(loan=row.loan_no),
                         _("Save"), loan_heading(row))
        self.row = row
        self.date = self.date_field(_("Date"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. the committee decided at meeting 2/2568"))
        self.form.addRow(_("Reason"), self.reason)
        self.reason.setFocus()

    def save(self) -> None:
        from app.services import loans

        if not self.date.check():
            return
        if not self.reason.text().strip():
            self.show_error(_("Please give the reason."))
            return
        loan_id, day, reason = self.row.id, self.date.date(), self.reason.text()
        self.write(lambda s, user: loans.reject(s, loan_id=loan_id, day=day, reason=reason,
                                                user=user), _("Saving…"))


class DisburseDialog(StepDialog):
    """จ่ายเงินกู้: the day and the cash or bank account it is paid from."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, row: LoanRow) -> None:
        super().__init__(ctx, parent, _("Pay out loan {loan}").format(loan=row.loan_no),
                         _("Pay out"), loan_heading(row))
        self.row = row
        self.date = self.date_field(_("Date paid out"))
        self.money = self.money_accounts(_("Cash or bank"))
        self.extra.addWidget(hint_label(_(
            "{amount} baht to {name}; posted as a payment voucher, and the repayment "
            "schedule starts from this date.").format(
            amount=format_amount(row.amount_satang), name=row.borrower)))
        self.money.setFocus()

    def save(self) -> None:
        from app.services import loans

        if not self.date.check():
            return
        loan_id, day, account = self.row.id, self.date.date(), self.money.currentData()
        self.write(lambda s, user: loans.disburse(s, loan_id=loan_id, day=day, user=user,
                                                  money_account=account), _("Posting…"),
                   what=LEDGER)


class ApprovalDialog(StepDialog):
    """อนุมัติ: the approver (a user with the chair's role), meeting date and number."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, row: LoanRow) -> None:
        from app.services.fund import list_users
        from app.ui.loan_words import role_word

        super().__init__(ctx, parent, _("Approve loan {loan}").format(loan=row.loan_no),
                         _("Approve"), loan_heading(row))
        self.row = row
        with ctx.db.read() as s:
            users = [u for u in list_users(s) if u.active]
        # The chair's users first (one of them approves); the others are listed too so
        # that choosing one is answered plainly instead of the person being missing.
        users.sort(key=lambda u: u.role != "chair")
        self.users = {u.username: u for u in users}
        self.approver = QComboBox()
        for u in users:
            self.approver.addItem(f"{u.display_name} ({role_word(u.role)})", u.username)
        self.form.addRow(_("Approved by"), self.approver)
        self.date = self.date_field(_("Meeting date"))
        self.meeting_no = QLineEdit()
        self.meeting_no.setPlaceholderText(_("e.g. {example}").format(example="1/2568"))
        self.form.addRow(_("Meeting no."), self.meeting_no)
        self.role_note = hint_label()
        self.extra.addWidget(self.role_note)
        guarantors = ", ".join(row.guarantors) or _("none")
        self.extra.addWidget(hint_label(_("Guarantors: {names}").format(names=guarantors)))
        self.approver.currentIndexChanged.connect(self._role_note)
        self._role_note()
        self.meeting_no.setFocus()

    def chosen(self) -> Any:
        return self.users.get(self.approver.currentData())

    def _role_note(self) -> None:
        u = self.chosen()
        ok = u is not None and u.role == "chair"
        self.role_note.setObjectName("hint" if ok else "fieldError")
        self.role_note.setStyleSheet("" if ok else "color: #b00020;")
        self.role_note.setText(_("The fund's rules give the approval to the chair of the "
                                 "committee.") if ok else
                               _("Only a user with the chair's role can approve a loan."))

    def save(self) -> None:
        from app.services import loans

        if not self.date.check():
            return
        if not self.meeting_no.text().strip():
            self.show_error(_("Please type the meeting number."))
            return
        loan_id, who, day, no = (self.row.id, self.approver.currentData() or "",
                                 self.date.date(), self.meeting_no.text())
        self.write(lambda s, user: loans.approve(s, loan_id=loan_id, approver=who,
                                                 meeting_date=day, meeting_no=no, user=user),
                   _("Saving…"))

    def failed(self, exc: BaseException) -> None:
        from app.errors import PermissionDenied
        from app.ui.loan_words import role_word

        u = self.chosen()
        if isinstance(exc, PermissionDenied) and u is not None:
            self.show_error(_("{name} is the {role}: only a user with the chair's role can "
                              "approve a loan. Nothing was saved.").format(
                name=u.display_name, role=role_word(u.role)))
            return
        super().failed(exc)


def offer_receipt(parent: QWidget, ctx: FundContext, voucher_no: str,
                  confirm: Callable[..., bool]) -> Op | None:
    """After a repayment: print its receipt (ใบเสร็จรับเงิน) now? Enter says yes: the
    borrower is usually standing there waiting for it."""
    if not confirm(parent, _("The repayment was posted as {voucher}. Print the receipt "
                             "now?").format(voucher=voucher_no), default_yes=True):
        return None
    from app.ui.cashbook_entry import print_receipt

    return print_receipt(parent, ctx, voucher_no)


def settle_text(d: Any) -> str:
    """What paying everything on the day takes (a repayments.Dues), in one line."""
    from app.thai import format_date

    return _("To settle in full on {date}: fine {fine} · interest {interest} · principal "
             "{principal} · total {total} baht").format(
        date=format_date(d.day), fine=format_amount(d.fine_satang),
        interest=format_amount(d.interest_satang), principal=format_amount(d.principal_satang),
        total=format_amount(d.total_satang))


def money_or_none(text: str) -> int | None:
    """Satang typed in a field, or None when it is not (yet) an amount."""
    try:
        return to_satang(parse_amount(text))
    except KongtunError:
        return None


def member_choices(ctx: FundContext, day: dt.date) -> Sequence[Any]:
    from app.services.members import list_members, sort_key

    with ctx.db.read() as s:
        return sorted(list_members(s, as_of=day, status="active"), key=sort_key)
