"""The loans screen (เงินกู้): the loan list from the ledger, and each step of a loan.

The list shows every loan with its principal outstanding and days past due, computed
by app.services.loans from the ledger on the working date. The buttons take a loan
through its steps — new application, committee approval, disbursement, repayment —
each a small dialog whose work runs in a service; a refusal comes back in Thai.
The repayment dialog shows the split fine → interest → principal before posting.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount, parse_amount, to_satang
from app.services import loans, repayments
from app.services.chart import cash_and_bank_accounts
from app.services.loan_rules import list_loan_types
from app.services.members import list_members, sort_key
from app.services.schedule import RULES_TH
from app.thai import format_date, parse_date
from app.ui.context import LEDGER, FundContext
from app.ui.models import Column, RowTableModel
from app.ui.widgets.table import BigTable

LOANS = "loans"


def status_word(status: str) -> str:
    return {"applied": _("Applied"), "approved": _("Approved"), "active": _("Active"),
            "closed": _("Closed"), "rejected": _("Rejected")}.get(status, status)


COLUMNS = (
    Column(_("Loan no."), lambda r: r.loan_no),
    Column(_("Borrower"), lambda r: f"{r.borrower} ({r.member_no})"),
    Column(_("Type"), lambda r: r.type_name),
    Column(_("Amount"), lambda r: format_amount(r.amount_satang), right=True),
    Column(_("Principal outstanding"), lambda r: format_amount(r.principal_satang), right=True,
           bold=True),
    Column(_("Days past due"), lambda r: str(r.days_past_due) if r.days_past_due else "",
           right=True),
    Column(_("Status"), lambda r: status_word(r.status)),
)


class _Form(QDialog):
    """A small form dialog: rows of fields, OK/Cancel; `work` runs on OK."""

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.note = QLabel("")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def line(self, label: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        self.form.addRow(label, edit)
        return edit

    def combo(self, label: str, items: list[tuple[str, object]]) -> QComboBox:
        box = QComboBox()
        for text, data in items:
            box.addItem(text, data)
        self.form.addRow(label, box)
        return box


class LoansView(QWidget):
    """เงินกู้: the loan list and the buttons for each step."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.rules = QLabel(RULES_TH)
        self.rules.setWordWrap(True)
        self.model = RowTableModel(COLUMNS, self, muted=lambda r: loans.is_closed(r.status))
        self.table = BigTable()
        self.table.setModel(self.model)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("new", _("New loan application"), self.new_application),
                                ("approve", _("Approve"), self.approve),
                                ("disburse", _("Pay out"), self.disburse),
                                ("repay", _("Repayment"), self.repay)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rules)
        ctx.changed.connect(self._changed)
        self.refresh()

    def _changed(self, what: str) -> None:
        if what in (LOANS, LEDGER, "working_date", "members"):
            self.refresh()

    def refresh(self) -> None:
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            rows = loans.list_loans(s, as_of=day)
        self.model.set_rows(rows)
        self.table.fit_columns(stretch=(1,))
        total = sum(r.principal_satang for r in rows)
        self.title.setText(_("Loans on {date}: {count} loans, principal outstanding {amount} baht")
                           .format(date=format_date(day), count=len(rows),
                                   amount=format_amount(total)))

    def selected(self) -> loans.LoanRow | None:
        idx = self.table.currentIndex()
        return self.model.row(idx.row()) if idx.isValid() else None

    def _write(self, work, label: str) -> None:  # noqa: ANN001
        self.ctx.run_write(self, work, what=LOANS, label=label)

    def new_application(self) -> None:
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            people = sorted(list_members(s, as_of=day, status="active"), key=sort_key)
            types = list_loan_types(s, active_only=True)
        d = _Form(self, _("New loan application"))
        members = [(f"{m.name} ({m.member_no})", m.id) for m in people]
        self.d_member = d.combo(_("Borrower"), members)
        self.d_type = d.combo(_("Type"), [(t.name_th, t.id) for t in types])
        self.d_amount = d.line(_("Amount"))
        nobody = [(_("(none)"), None)]
        self.d_g1 = d.combo(_("Guarantor 1"), nobody + members)
        self.d_g2 = d.combo(_("Guarantor 2"), nobody + members)
        self.d_purpose = d.line(_("Purpose"))
        self.d_date = d.line(_("Date"), format_date(day))
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        self.submit_application(confirm=False)

    def submit_application(self, *, confirm: bool) -> None:
        try:
            amount = to_satang(parse_amount(self.d_amount.text()))
            day = parse_date(self.d_date.text())
        except KongtunError as exc:
            QMessageBox.warning(self, _("Loans"), str(exc))
            return
        guarantors = [g for g in (self.d_g1.currentData(), self.d_g2.currentData()) if g]
        member, type_id, purpose = (self.d_member.currentData(), self.d_type.currentData(),
                                    self.d_purpose.text())

        def work(s, user):  # noqa: ANN001, ANN202
            return loans.apply(s, member_id=member, loan_type_id=type_id, amount_satang=amount,
                               day=day, user=user, purpose=purpose, guarantor_ids=guarantors,
                               confirm_high_rate=confirm)

        self._write(work, _("New loan application"))

    def approve(self) -> None:
        row = self.selected()
        if row is None:
            return
        d = _Form(self, _("Approve loan {loan}").format(loan=row.loan_no))
        who = d.line(_("Approved by"), "")
        date = d.line(_("Meeting date"), format_date(self.ctx.working_date()))
        no = d.line(_("Meeting no."), "")
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            day = parse_date(date.text())
        except KongtunError as exc:
            QMessageBox.warning(self, _("Loans"), str(exc))
            return
        self._write(lambda s, user: loans.approve(s, loan_id=row.id, approver=who.text(),
                                                  meeting_date=day, meeting_no=no.text(),
                                                  user=user), _("Approve"))

    def _money_combo(self, d: _Form) -> QComboBox:
        with self.ctx.db.read() as s:
            accounts = cash_and_bank_accounts(s)
        return d.combo(_("Cash or bank"), [(f"{a.code} {a.name_th}", a.code) for a in accounts])

    def disburse(self) -> None:
        row = self.selected()
        if row is None:
            return
        d = _Form(self, _("Pay out loan {loan}").format(loan=row.loan_no))
        money = self._money_combo(d)
        d.note.setText(_("{amount} baht to {name}").format(
            amount=format_amount(row.amount_satang), name=row.borrower))
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        day, account = self.ctx.working_date(), money.currentData()
        self._write(lambda s, user: loans.disburse(s, loan_id=row.id, day=day, user=user,
                                                   money_account=account), _("Pay out"))

    def repay(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.repay_dialog = RepayDialog(self, row)
        if self.repay_dialog.exec() == QDialog.DialogCode.Accepted:
            self.repay_dialog.post()


class RepayDialog(_Form):
    """รับชำระเงินกู้: amount received, and its split shown before posting."""

    def __init__(self, view: LoansView, row: loans.LoanRow) -> None:
        super().__init__(view, _("Repayment of loan {loan}").format(loan=row.loan_no))
        self.view, self.row, self.day = view, row, view.ctx.working_date()
        with view.ctx.db.read() as s:
            self.dues = repayments.dues(s, loan_id=row.id, day=self.day)
        self.owed = QLabel(_("Owed on {date}: fine {fine}, interest {interest}, principal "
                             "{principal}; total {total} baht").format(
            date=format_date(self.day), fine=format_amount(self.dues.fine_satang),
            interest=format_amount(self.dues.interest_satang),
            principal=format_amount(self.dues.principal_satang),
            total=format_amount(self.dues.total_satang)))
        self.owed.setWordWrap(True)
        self.form.addRow(self.owed)
        self.amount = self.line(_("Amount received"))
        self.money = view._money_combo(self)
        self.waive = self.line(_("Reason to waive the fine (leave empty to charge it)"))
        self.amount.textChanged.connect(self.update_preview)
        self.waive.textChanged.connect(self.update_preview)

    def update_preview(self) -> None:
        try:
            amount = to_satang(parse_amount(self.amount.text()))
            with self.view.ctx.db.read() as s:
                p = repayments.preview(s, loan_id=self.row.id, day=self.day,
                                       amount_satang=amount,
                                       waive_fine=bool(self.waive.text().strip()))
        except KongtunError as exc:
            self.note.setText(str(exc))
            return
        text = _("Fine {fine} → interest {interest} → principal {principal}; principal after "
                 "{after} baht").format(fine=format_amount(p.fine_satang),
                                        interest=format_amount(p.interest_satang),
                                        principal=format_amount(p.principal_satang),
                                        after=format_amount(p.principal_after_satang))
        self.note.setText(text + (" — " + _("the loan is paid off and closed") if p.closes
                                  else ""))

    def post(self) -> None:
        try:
            amount = to_satang(parse_amount(self.amount.text()))
        except KongtunError as exc:
            QMessageBox.warning(self.view, _("Loans"), str(exc))
            return
        loan_id, day, account, reason = (self.row.id, self.day, self.money.currentData(),
                                         self.waive.text())
        self.view._write(lambda s, user: repayments.repay(
            s, loan_id=loan_id, day=day, amount_satang=amount, user=user,
            money_account=account, waive_fine_reason=reason), _("Repayment"))
