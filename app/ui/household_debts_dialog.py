"""หนี้สินของครัวเรือน: one household's debts here and to other funds, for ๑ ครัวเรือน ๑ สัญญา.

Each member's loans in this fund (principal, interest accrued and fine on the working
date, from the ledger through `household_debts.household_position`) and their debts
to other funds (กข.คจ., กลุ่มออมทรัพย์ …), typed in by hand from the committee's survey
and never posted. The household's totals: this fund, other funds, all.

From here: add a debt to another fund (Ins), clear one once paid or taken over (Del),
join the household's loans in this fund into one contract (F9, the restructure
dialog in its "consolidate" mode) and print the household's position (Ctrl+P, shown
in a preview first). Writes run through `FundContext.run_write`; a refusal shows one
Thai message, changes nothing and leaves the small dialog open to correct it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import _
from app.money import format_amount, to_satang
from app.services import household_debts, restructure
from app.services.household_debts import ExternalDebtRow, HouseholdPosition
from app.thai import format_date
from app.ui import errors
from app.ui.context import FundContext
from app.ui.models import Column, RowTableModel
from app.ui.ops import run_op
from app.ui.pdf_preview import PdfPages, PreviewPane
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit
from app.ui.widgets.table import BigTable

#: The other lenders a village household usually owes (typed names are accepted too).
CREDITORS = ("กข.คจ.", "กลุ่มออมทรัพย์เพื่อการผลิต", "ธ.ก.ส.", "สหกรณ์")
MEMBERS = "members"


@dataclass(frozen=True)
class DebtLine:
    """One line of the table: a loan here, a debt elsewhere, or a member with none."""

    member: str               # written on the member's first line only
    owed_to: str
    record: str
    principal: str
    interest: str
    fine: str
    total_satang: int
    debt: ExternalDebtRow | None = None


def debt_lines(p: HouseholdPosition, fund_name: str) -> list[DebtLine]:
    out: list[DebtLine] = []
    for m in p.members:
        name = f"{m.name} ({m.member_no})"
        for x in m.loans:
            out.append(DebtLine(name, fund_name, x.loan_no,
                                format_amount(x.principal_satang),
                                format_amount(x.interest_satang, blank_zero=True),
                                format_amount(x.fine_satang, blank_zero=True), x.total_satang))
            name = ""
        for e in m.external:
            record = _("Recorded {date}").format(date=format_date(e.as_of))
            out.append(DebtLine(name, e.creditor, f"{record} · {e.note}" if e.note else record,
                                "", "", "", e.amount_satang, debt=e))
            name = ""
        if not m.loans and not m.external:
            out.append(DebtLine(name, _("No debts"), "", "", "", "", 0))
    return out


def debt_columns() -> list[Column]:
    return [Column(_("Member"), lambda r: r.member),
            Column(_("Owed to"), lambda r: r.owed_to),
            Column(_("Contract or record"), lambda r: r.record),
            Column(_("Principal (baht)"), lambda r: r.principal, right=True),
            Column(_("Interest accrued (baht)"), lambda r: r.interest, right=True),
            Column(_("Fine (baht)"), lambda r: r.fine, right=True),
            Column(_("Total (baht)"), lambda r: format_amount(r.total_satang, blank_zero=True),
                   right=True, bold=True)]


class HouseholdDebtsDialog(QDialog):
    """A household's debts in this fund and elsewhere, with the way to one contract."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None, *,
                 household_id: int) -> None:
        super().__init__(parent)
        self.ctx, self.household_id = ctx, household_id
        self.position: HouseholdPosition | None = None
        self.dialog: QDialog | None = None
        self.setWindowTitle(_("Debts of a household"))
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.model = RowTableModel(debt_columns(), self)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.table.fit_columns(stretch=(2,))
        self.totals = QLabel()
        self.totals.setObjectName("subheading")
        self.totals.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        actions = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, keys, slot) in enumerate((
                ("add", _("Add a debt to another fund (Ins)"), "Ins", self.add_debt),
                ("clear", _("Clear the chosen debt (Del)"), "Del", self.clear_debt),
                ("consolidate", _("Join into one contract (F9)"), "F9", self.consolidate),
                ("print", _("Print the page (Ctrl+P)"), QKeySequence.StandardKey.Print,
                 self.print_position),
                ("close", _("Close the window (Esc)"), None, self.reject))):
            b = QPushButton(text)
            b.setAutoDefault(False)
            b.clicked.connect(slot)
            self.buttons[key] = b
            actions.addWidget(b, i // 3, i % 3)
            if keys is not None:
                QShortcut(QKeySequence(keys), self, slot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self.resize(1250, 600)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.setFocusProxy(self.table)
        self.load()

    # ---- loading

    def load(self) -> None:
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            self.position = household_debts.household_position(
                s, household_id=self.household_id, as_of=day)
            self.active_loans = restructure.household_loan_ids(s, self.household_id, day)
        fund_name = self.ctx.fund_name()
        p = self.position
        self.heading.setText(_("Debts of the household at house no. {house}, moo {moo}, "
                               "on {date}").format(house=p.house_no, moo=p.moo or "-",
                                                   date=format_date(day)))
        self.model.set_rows(debt_lines(p, fund_name))
        self.totals.setText(_("Owed to this fund {fund} baht · to other funds {other} baht · "
                              "all debts of the household {total} baht").format(
            fund=format_amount(p.fund_satang), other=format_amount(p.external_satang),
            total=format_amount(p.total_satang)))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._enable()

    def chosen(self) -> DebtLine | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _enable(self) -> None:
        line = self.chosen()
        has_members = bool(self.position and self.position.members)
        self.buttons["add"].setEnabled(has_members)
        self.buttons["clear"].setEnabled(line is not None and line.debt is not None)
        self.buttons["consolidate"].setEnabled(bool(self.active_loans))

    def _member_choices(self) -> list[tuple[str, int]]:
        p = self.position
        return [(f"{m.name} ({m.member_no})", m.member_id) for m in p.members] if p else []

    # ---- actions

    def add_debt(self) -> None:
        if not self._member_choices():
            return
        line = self.chosen()
        member = line.debt.member_id if line is not None and line.debt is not None else None
        self.dialog = AddDebtDialog(self, self._member_choices(), member)
        self.dialog.open()

    def clear_debt(self) -> None:
        line = self.chosen()
        if line is None or line.debt is None:
            return
        self.dialog = ClearDebtDialog(self, line.debt)
        self.dialog.open()

    def consolidate(self) -> None:
        """Open the restructure dialog on every active loan of the household."""
        from app.ui.restructure_dialog import RestructureDialog

        if not self.active_loans:
            errors.show_info(self, _("The household has no active loan in this fund."))
            return
        dialog = RestructureDialog(self.ctx, self, loan_ids=self.active_loans,
                                   mode="consolidate", household_id=self.household_id)
        dialog.posted.connect(lambda _row: self.load())
        self.dialog = dialog
        dialog.open()

    def print_position(self) -> None:
        """The household's position as a PDF (ops runner), then the preview to print it."""
        from app.reports.household_debts import build_household_pdf

        db, hid, day = self.ctx.db, self.household_id, self.ctx.working_date()

        def job() -> PdfPages:
            with tempfile.TemporaryDirectory(prefix="kongtun-") as folder, db.read() as s:
                out = build_household_pdf(s, household_id=hid, as_of=day,
                                          out=Path(folder) / "household.pdf")
                return PdfPages.from_bytes(Path(out).read_bytes())

        def show(pages: PdfPages) -> None:
            house = self.position.house_no if self.position else str(hid)
            self.dialog = PrintPreviewDialog(self, pages, self.heading.text(),
                                             f"household-{house.replace('/', '-')}")
            self.dialog.open()

        run_op(self, job, on_success=show, label=_("Preparing the household's page…")).setParent(self)

    def write(self, work: Callable[[Session, str], Any], label: str, done_text: str,
              dialog: QDialog) -> None:
        """Post `work`; on success close `dialog`, reload and say what was done."""
        def done(_result: Any) -> None:
            dialog.accept()
            self.load()
            self.status.setText(done_text)

        self.ctx.run_write(dialog, work, what=MEMBERS, label=label,
                           on_success=done).setParent(dialog)


class _SmallForm(QDialog):
    """A form: rows of fields, Save (Enter) / Cancel (Esc)."""

    def __init__(self, owner: HouseholdDebtsDialog, title: str) -> None:
        super().__init__(owner)
        self.owner = owner
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.day = BeDateEdit(pivot=owner.ctx.working_date())
        self.day.set_date(owner.ctx.working_date())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(620)

    def save(self) -> None:  # pragma: no cover - each form defines it
        raise NotImplementedError


class AddDebtDialog(_SmallForm):
    """A member's debt to another fund, as the committee's survey found it."""

    def __init__(self, owner: HouseholdDebtsDialog, members: list[tuple[str, int]],
                 member_id: int | None) -> None:
        super().__init__(owner, _("Add a debt to another fund"))
        self.member = QComboBox()
        for text, mid in members:
            self.member.addItem(text, mid)
        if member_id is not None:
            self.member.setCurrentIndex(max(self.member.findData(member_id), 0))
        self.creditor = QComboBox()
        self.creditor.setEditable(True)
        self.creditor.addItems(CREDITORS)
        self.creditor.setCurrentIndex(-1)
        self.creditor.lineEdit().setPlaceholderText(_("Choose or type the name"))
        self.amount = MoneyEdit()
        self.note = QLineEdit()
        for label, w in ((_("Member"), self.member), (_("Owed to (other fund or lender)"),
                                                      self.creditor),
                         (_("Amount owed (baht)"), self.amount), (_("Known on"), self.day),
                         (_("Note"), self.note)):
            self.form.addRow(label, w)
        self.form.addRow(self.buttons)
        self.creditor.setFocus()

    def save(self) -> None:
        if not (self.day.check() and self.amount.check()):
            return
        mid, creditor, day, note = (self.member.currentData(), self.creditor.currentText(),
                                    self.day.date(), self.note.text())
        amount = to_satang(self.amount.amount())  # type: ignore[arg-type]
        assert isinstance(day, dt.date)
        self.owner.write(lambda s, user: household_debts.add_external_debt(
            s, member_id=mid, creditor=creditor, amount_satang=amount, as_of=day, user=user,
            note=note), _("Saving the debt to another fund"),
            _("The debt to {creditor} is recorded.").format(creditor=" ".join(creditor.split())),
            self)


class ClearDebtDialog(_SmallForm):
    """A debt elsewhere no longer owed: paid, or taken over."""

    def __init__(self, owner: HouseholdDebtsDialog, debt: ExternalDebtRow) -> None:
        super().__init__(owner, _("Clear a debt to another fund"))
        self.debt = debt
        what = QLabel(_("{name} owes {creditor} {amount} baht (recorded {date}).").format(
            name=debt.name, creditor=debt.creditor, amount=format_amount(debt.amount_satang),
            date=format_date(debt.as_of)))
        what.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. paid off, or taken over by the new contract"))
        self.form.addRow(what)
        self.form.addRow(_("No longer owed from"), self.day)
        self.form.addRow(_("Reason"), self.reason)
        self.form.addRow(self.buttons)

    def save(self) -> None:
        if not self.day.check():
            return
        debt_id, day, reason = self.debt.id, self.day.date(), self.reason.text()
        assert isinstance(day, dt.date)
        self.owner.write(lambda s, user: household_debts.clear_external_debt(
            s, debt_id=debt_id, day=day, user=user, reason=reason), _("Saving the debt to another fund"),
            _("The debt to {creditor} is cleared.").format(creditor=self.debt.creditor), self)


class PrintPreviewDialog(QDialog):
    """The page as it will print; Enter (or Ctrl+P) prints, Esc closes."""

    def __init__(self, parent: QWidget, pages: PdfPages, title: str, stem: str) -> None:
        super().__init__(parent)
        self.pages, self.stem = pages, stem
        self.setWindowTitle(_("Print"))
        self.pane = PreviewPane()
        self.pane.title_label.setText(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Close)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Print the page (Ctrl+P)"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close the window (Esc)"))
        buttons.accepted.connect(self.print_pages)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_pages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addWidget(buttons)
        self.resize(1000, 700)
        self.pane.view.set_pages(pages)
        ok.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_pages(self) -> None:
        from app.ui.printing import print_with_dialog

        if print_with_dialog(self, self.pages, self.stem):
            self.accept()
