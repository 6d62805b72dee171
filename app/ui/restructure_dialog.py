"""ประนอมหนี้, ต่อสัญญา, ๑ ครัวเรือน ๑ สัญญา: old loans carried into one new contract.

Opened from the loans screen (restructure or renew one loan) or from a household's
debts (consolidate the household's active loans). Before anything is posted the
dialog shows the plan of `app.services.restructure.plan` on the day typed: each old
loan's principal, interest accrued and fine owed, and the new contract's amount
(principal + interest accrued). A fine is never carried: it is paid first, or
waived with the reason typed here. The new terms start from the first old loan's;
the committee's approval is by a user with the chair's role, at a meeting.

OK posts through the service on the ops runner (one writer); a refusal comes back
as one Thai message, nothing changes and the dialog stays open to correct it. A
rate above 15 % (`RateWarning`) asks Yes/No and, on Yes, posts again confirmed.
Once posted the new contract's number is shown and `posted` carries its LoanRow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import InvalidInput, KongtunError
from app.i18n import _
from app.models.loans import ORIGIN_RESTRUCTURE
from app.models.users import ROLE_CHAIR
from app.money import format_amount
from app.services import households, loans, restructure
from app.services import members as member_service
from app.services.chart import cash_and_bank_accounts
from app.services.fund import list_users
from app.services.household_debts import list_external_debts
from app.services.loan_rules import RateWarning
from app.services.schedule import METHODS, PATTERNS
from app.thai import format_date, from_thai_digits
from app.ui import errors
from app.ui.context import LEDGER, FundContext
from app.ui.models import Column, RowTableModel
from app.ui.ops import run_op
from app.ui.take_over_box import TakeOverBox
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.checked_edit import CheckedEdit
from app.ui.widgets.table import BigTable

MODES = ("restructure", "renew", "consolidate")
LOANS = "loans"


def method_word(method: str) -> str:
    return {"flat": _("Flat interest on the whole principal"),
            "declining": _("Declining balance (interest on what is still owed)")}.get(method,
                                                                                      method)


def pattern_word(pattern: str) -> str:
    return {"lump_sum": _("All at the end of the term"),
            "monthly": _("An instalment every month"),
            "quarterly": _("An instalment every three months")}.get(pattern, pattern)


def title_for(mode: str) -> str:
    return {"restructure": _("Restructure debts into a new contract (compromise)"),
            "renew": _("Renew a loan with a new contract"),
            "consolidate": _("Join a household's loans into one contract")}[mode]


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes / No, No being the default (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Yes"))
    box.button(QMessageBox.StandardButton.No).setText(_("No"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class RateEdit(CheckedEdit):
    """An interest rate in % a year: "6", "6.5", "๖ %"; the service judges the value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, placeholder="6")
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def parse(self, text: str) -> Decimal:
        cleaned = from_thai_digits(text).replace("%", "").replace(",", ".").strip()
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput("Please type the interest rate as a number of percent a year, "
                               "e.g. 6 or 6.5.") from None
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise InvalidInput("Please type the interest rate as a number of percent a year, "
                               "e.g. 6 or 6.5.")
        return value

    def show_value(self, value: Decimal) -> str:
        return f"{value.normalize():f}"


@dataclass(frozen=True)
class PlanLine:
    """One old loan in the plan table (satang)."""

    loan_no: str
    borrower: str
    principal_satang: int
    interest_satang: int
    fine_satang: int

    @property
    def carried_satang(self) -> int:
        return self.principal_satang + self.interest_satang


def plan_columns() -> tuple[Column, ...]:
    return (
        Column(_("Loan no."), lambda r: r.loan_no),
        Column(_("Borrower"), lambda r: r.borrower),
        Column(_("Principal (baht)"), lambda r: format_amount(r.principal_satang), right=True),
        Column(_("Interest accrued (baht)"), lambda r: format_amount(r.interest_satang), right=True),
        Column(_("Fine owed (baht)"), lambda r: format_amount(r.fine_satang, blank_zero=True),
               right=True),
        Column(_("Carried into the new contract (baht)"), lambda r: format_amount(r.carried_satang),
               right=True, bold=True),
    )


class RestructureDialog(QDialog):
    """The plan of a new contract, its terms and approval; OK posts it."""

    posted = Signal(object)  # the new contract's LoanRow

    def __init__(self, ctx: FundContext, parent: QWidget | None = None, *,
                 loan_ids: Sequence[int], mode: str, household_id: int | None = None) -> None:
        super().__init__(parent)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.ctx, self.mode, self.loan_ids = ctx, mode, list(loan_ids)
        self.household_id = household_id
        self.plan: restructure.RestructurePlan | None = None
        self.result_row: loans.LoanRow | None = None
        self._busy = False
        today = ctx.working_date()
        with ctx.db.read() as s:
            self.old = [loans.get_loan(s, i, as_of=today) for i in self.loan_ids]
            people = self._borrowers(s)
            chairs = [u for u in list_users(s) if u.role == ROLE_CHAIR and u.active]
            debts = list_external_debts(s, member_ids=[m.id for m in people], as_of=today) \
                if self.mode == "consolidate" else []
            accounts = [(f"{a.code} {a.name_th}", a.code) for a in cash_and_bank_accounts(s)]
        self.take_over = TakeOverBox(debts, accounts)
        self.take_over.changed.connect(self.refresh_plan)
        self.setWindowTitle(title_for(mode))
        self._build(today, people, chairs)
        self._fill_defaults()
        self.day.valueChanged.connect(lambda _value: self.refresh_plan())
        self.refresh_plan()

    # ---- building

    def _borrowers(self, s: Session) -> list[member_service.MemberRow]:
        """Who may borrow the new contract: a household member, else the loans' owner."""
        if self.mode == "consolidate":
            if self.household_id is None and self.old:
                owner = member_service.get_member(s, self.old[0].member_id)
                self.household_id = owner.household_id
            if self.household_id is not None:
                h = households.get_household(s, self.household_id)
                rows = [member_service.get_member(s, i) for i in h.member_ids]
                rows = sorted((m for m in rows if m.active), key=member_service.sort_key)
                head = [m for m in rows if m.id == h.head_member_id]
                return head + [m for m in rows if m.id != h.head_member_id]
        owners = dict.fromkeys(x.member_id for x in self.old)
        return [member_service.get_member(s, i) for i in owners]

    def _build(self, today: dt.date, people: list[member_service.MemberRow],
               chairs: list[Any]) -> None:
        heading = QLabel(title_for(self.mode))
        heading.setObjectName("heading")
        self.day = BeDateEdit(pivot=today)
        self.day.set_date(today)
        self.day.setFixedWidth(self.fontMetrics().horizontalAdvance("00 ก.ค. 00000") + 40)
        day_row = QHBoxLayout()
        day_row.addWidget(QLabel(_("Day of the new contract")))
        day_row.addWidget(self.day)
        day_row.addStretch(1)
        self.plan_model = RowTableModel(plan_columns(), self)
        self.table = BigTable()
        self.table.setModel(self.plan_model)
        self.table.fit_columns(stretch=(1,))
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.amount_label = QLabel()
        self.amount_label.setObjectName("subheading")
        self.amount_label.setWordWrap(True)
        self.fine_label = QLabel()
        self.fine_label.setObjectName("fieldError")  # red: it must be dealt with first
        self.fine_label.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        for column, (title, form) in enumerate(((_("The new contract"), self._terms(people)),
                                                (_("The committee's approval"),
                                                 self._approval(today, chairs)))):
            label = QLabel(title)
            label.setObjectName("subheading")
            grid.addWidget(label, 0, column)
            grid.addLayout(form, 1, column)
            grid.setColumnStretch(column, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Make the new contract"))
        self.ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel(_("The old loans are closed by a transfer into the new contract; "
                             "nothing is paid in cash. Enter makes the contract, Esc cancels."))
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        for item in (heading, day_row, self.table, self.take_over, self.amount_label,
                     self.fine_label, grid,
                     1, self.hint, self.buttons):
            if isinstance(item, int):
                layout.addStretch(item)
            elif isinstance(item, QWidget):
                layout.addWidget(item)
            else:
                layout.addLayout(item)
        self.resize(1200, 620)

    def _terms(self, people: list[member_service.MemberRow]) -> QFormLayout:
        """The new contract: borrower, rate, term, method, pattern; guarantors shown."""
        self.borrower = QComboBox()
        for m in people:
            self.borrower.addItem(f"{m.name} ({m.member_no})", m.id)
        self.borrower.setEnabled(self.borrower.count() > 1)
        self.rate = RateEdit()
        self.term = QSpinBox()
        self.term.setRange(1, 360)
        self.method, self.pattern = QComboBox(), QComboBox()
        for code in METHODS:
            self.method.addItem(method_word(code), code)
        for code in PATTERNS:
            self.pattern.addItem(pattern_word(code), code)
        renew = self.mode == "renew"  # a renewal keeps the old method and pattern
        self.method.setEnabled(not renew)
        self.pattern.setEnabled(not renew)
        self.guarantors = QLabel()
        self.guarantors.setWordWrap(True)
        form = QFormLayout()
        for label, w in ((_("Borrower of the new contract"), self.borrower),
                         (_("Interest rate, % a year"), self.rate),
                         (_("Term of the new contract (months)"), self.term),
                         (_("How interest is counted"), self.method),
                         (_("How it is repaid"), self.pattern),
                         (_("Guarantors of the new contract"), self.guarantors)):
            form.addRow(label, w)
        return form

    def _approval(self, today: dt.date, chairs: list[Any]) -> QFormLayout:
        """The committee's approval (a chair's user, the meeting), the reasons."""
        self.approver = QComboBox()
        for u in chairs:
            self.approver.addItem(f"{u.display_name} ({u.username})", u.username)
        self.meeting_date = BeDateEdit(pivot=today)
        self.meeting_date.set_date(today)
        self.meeting_no = QLineEdit()
        self.meeting_no.setPlaceholderText(_("e.g. 8/2568"))
        self.reason = QLineEdit()
        self.waive = QLineEdit()
        self.waive_label = QLabel(_("Reason the fine is waived"))
        form = QFormLayout()
        for label, w in ((_("Approved by (the chair)"), self.approver),
                         (_("Meeting date"), self.meeting_date),
                         (_("Meeting no."), self.meeting_no),
                         (_("Reason for the new contract"), self.reason)):
            form.addRow(label, w)
        form.addRow(self.waive_label, self.waive)
        return form

    def _fill_defaults(self) -> None:
        if not self.old:
            return
        first = self.old[0]
        self.rate.set_value(first.rate_percent)
        self.term.setValue(max(first.term_months, 1))
        self.method.setCurrentIndex(max(self.method.findData(first.method), 0))
        self.pattern.setCurrentIndex(max(self.pattern.findData(first.pattern), 0))
        index = self.borrower.findData(first.member_id)
        if self.mode != "consolidate" and index >= 0:
            self.borrower.setCurrentIndex(index)
        single = len(self.old) == 1 and self.mode != "consolidate"
        kept = ", ".join(first.guarantors) if single and first.guarantors else "-"
        self.guarantors.setText(_("{names} (kept from the old contract)").format(names=kept)
                                if single and first.guarantors else kept)
        self.meeting_no.setFocus()  # the one field never filled in for the user

    # ---- the plan

    def refresh_plan(self) -> None:
        """What each old loan carries on the day typed (nothing is written)."""
        day = self.day.date()
        self.plan = None
        if day is None:
            self._show_plan_problem(_("Please type the day of the new contract."))
            return
        try:
            with self.ctx.db.read() as s:
                plan = restructure.plan(s, loan_ids=self.loan_ids, day=day)
                taken = restructure.taken_over_satang(s, self.take_over.chosen_ids())
        except KongtunError as exc:
            self._show_plan_problem(str(exc))
            return
        names = {x.id: f"{x.borrower} ({x.member_no})" for x in self.old}
        self.plan = plan
        self.plan_model.set_rows([PlanLine(x.loan_no, names.get(x.loan_id, ""),
                                           x.principal_satang, x.interest_satang, x.fine_satang)
                                  for x in plan.loans])
        self._fit_table(len(plan.loans))
        text = _(
            "New contract: {amount} baht (principal {principal} + interest accrued {interest}) "
            "on {date}").format(amount=format_amount(plan.amount_satang),
                                principal=format_amount(plan.principal_satang),
                                interest=format_amount(plan.interest_satang),
                                date=format_date(day))
        if taken:
            text = _("New contract: {amount} baht (this fund {here} + debts elsewhere taken "
                     "over {taken}) on {date}").format(
                amount=format_amount(plan.amount_satang + taken),
                here=format_amount(plan.amount_satang), taken=format_amount(taken),
                date=format_date(day))
        self.amount_label.setText(text)
        self.hint.setText(_(
            "The old loans are closed by a transfer into the new contract and the fund pays "
            "the debts taken over from the account chosen. Enter makes the contract, Esc "
            "cancels.") if taken else _(
            "The old loans are closed by a transfer into the new contract; nothing is paid "
            "in cash. Enter makes the contract, Esc cancels."))
        fined = plan.fine_satang > 0
        self.fine_label.setText(_(
            "A fine of {fine} baht is owed and is not carried into the new contract: have it "
            "paid first, or type the reason to waive it.").format(
            fine=format_amount(plan.fine_satang)) if fined else "")
        self.fine_label.setVisible(fined)
        self.waive.setVisible(fined)
        self.waive_label.setVisible(fined)
        self.ok.setEnabled(not self._busy)

    def _fit_table(self, rows: int) -> None:
        """As tall as its rows (2 to 6 shown; more scroll), so the form stays in view."""
        t = self.table
        shown = min(max(rows, 2), 6)
        t.setFixedHeight(t.horizontalHeader().sizeHint().height()
                         + shown * t.verticalHeader().defaultSectionSize() + 2 * t.frameWidth() + 2)

    def _show_plan_problem(self, text: str) -> None:
        self.plan_model.set_rows([])
        self._fit_table(0)
        self.amount_label.setText(text)
        self.fine_label.hide()
        self.waive.hide()
        self.waive_label.hide()
        self.ok.setEnabled(False)

    # ---- posting

    def values(self, confirm_high_rate: bool = False) -> dict[str, Any] | None:
        """The service's arguments from the fields; None (and the field says why) if a
        date or the rate cannot be read."""
        if not (self.day.check() and self.meeting_date.check() and self.rate.check()):
            return None
        return dict(day=self.day.date(), approver=self.approver.currentData() or "",
                    meeting_date=self.meeting_date.date(), meeting_no=self.meeting_no.text(),
                    rate_percent=self.rate.value(), term_months=self.term.value(),
                    reason=self.reason.text(), waive_fine_reason=self.waive.text(),
                    confirm_high_rate=confirm_high_rate)

    def _work(self, args: dict[str, Any]):  # noqa: ANN202 - the service call for the mode
        ids, mode, hid = list(self.loan_ids), self.mode, self.household_id
        borrower = self.borrower.currentData()
        method, pattern = self.method.currentData(), self.pattern.currentData()
        take_over, money = self.take_over.chosen_ids(), self.take_over.money_account()

        def work(s: Session, user: str) -> restructure.RestructureResult:
            if mode == "renew":
                return restructure.renew(s, loan_id=ids[0], user=user, **args)
            if mode == "consolidate":  # no household: the service says so (hid 0 is none)
                return restructure.consolidate_household(
                    s, household_id=hid or 0, borrower_id=borrower,
                    loan_ids=ids, user=user, method=method, pattern=pattern,
                    take_over=take_over, money_account=money, **args)
            return restructure.restructure(s, loan_ids=ids, borrower_id=borrower, user=user,
                                           method=method, pattern=pattern,
                                           origin=ORIGIN_RESTRUCTURE, **args)
        return work

    def submit(self, confirm_high_rate: bool = False) -> None:
        """OK: post through the service (refusals come back in Thai, nothing changed)."""
        if self._busy or self.plan is None:
            return
        args = self.values(confirm_high_rate)
        if args is None:
            return
        if self.borrower.currentData() is None:
            errors.show_error(self, InvalidInput("Choose the borrower of the new contract "
                                                 "first."))
            return
        work, db, user = self._work(args), self.ctx.db, self.ctx.username

        def job() -> restructure.RestructureResult:
            with db.write() as s:
                return work(s, user)

        self._busy = True
        self.ok.setEnabled(False)
        op = run_op(self, job, on_success=self._posted, on_failure=self._refused,
                    label=_("Making the new contract"))
        op.setParent(self)

    def _refused(self, exc: BaseException) -> None:
        self._busy = False
        self.ok.setEnabled(self.plan is not None)
        if isinstance(exc, RateWarning):
            if ask(self, title_for(self.mode), str(exc)):
                self.submit(confirm_high_rate=True)
            return
        errors.show_error(self, exc)

    def _posted(self, result: restructure.RestructureResult) -> None:
        self._busy = False
        self.result_row = result.loan
        self.ctx.changed.emit(LEDGER)
        self.ctx.changed.emit(LOANS)
        self.posted.emit(result.loan)
        old = ", ".join(x.loan_no for x in result.plan.loans)
        errors.show_info(self, _(
            "New contract no. {loan} made for {name}: {amount} baht. Closed into it: {old}.")
            .format(loan=result.loan.loan_no, name=result.loan.borrower,
                    amount=format_amount(result.loan.amount_satang), old=old))
        self.accept()
