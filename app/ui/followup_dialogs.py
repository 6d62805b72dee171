"""Dialogs of the follow-up screen (ติดตามหนี้): a letter or the notice shown before it is
printed, the choice of an earlier letter to print again, and the welfare-rights change
with its reason.

Each opens with `open()` (never a blocking `exec`), so the screen's tests can fill and
press them. Enter presses the dialog's main button, Esc closes it; a refusal from the
service is shown in Thai and leaves the dialog open with nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import _
from app.models.loans import Loan
from app.money import format_amount
from app.services import followup
from app.services.followup import LetterRow, WelfareChange
from app.services.members import get_member
from app.thai import format_date
from app.ui import printing
from app.ui.context import FundContext
from app.ui.models import Column, RowTableModel
from app.ui.ops import run_op
from app.ui.pdf_preview import PdfPages, PreviewPane
from app.ui.widgets.table import BigTable


def _fit(dialog: QDialog, width: int, height: int | None = None) -> None:
    """As large as asked (else as tall as its contents), never larger than the screen."""
    room = dialog.screen().availableGeometry()
    dialog.resize(min(width, room.width() - 40),
                  min(height or dialog.sizeHint().height(), room.height() - 60))


class PdfPreviewDialog(QDialog):
    """A letter or the notice as it will print: pages, พิมพ์ (Enter, Ctrl+P), บันทึกเป็น PDF
    (Ctrl+S), ปิด (Esc)."""

    def __init__(self, parent: QWidget | None, pages: PdfPages, *, title: str,
                 stem: str) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # let go of the PDF's bytes
        self.pages, self.stem = pages, stem
        self.setWindowTitle(title)
        self.pane = PreviewPane()
        self.pane.title_label.setText(title)
        self.pane.view.set_pages(pages)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.print_button = QPushButton(_("Print (Ctrl+P)"))
        self.save_button = QPushButton(_("Save as PDF (Ctrl+S)"))
        self.close_button = QPushButton(_("Close (Esc)"))
        self.print_button.setDefault(True)
        for button, slot in ((self.print_button, self.print_pages),
                             (self.save_button, self.save_pdf),
                             (self.close_button, self.reject)):
            button.clicked.connect(slot)
        for keys, slot in ((QKeySequence.StandardKey.Print, self.print_pages),
                           (QKeySequence.StandardKey.Save, self.save_pdf),
                           (QKeySequence.StandardKey.ZoomIn, self.pane.view.zoom_in),
                           (QKeySequence.StandardKey.ZoomOut, self.pane.view.zoom_out)):
            QShortcut(keys, self, slot)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pane, 1)
        layout.addLayout(bar)
        self.pane.view.setFocus()  # PgUp/PgDn turn the pages; Enter still prints
        _fit(self, 980, 1100)

    def print_pages(self) -> int:
        printed = printing.print_with_dialog(self, self.pages, self.stem)
        if printed:
            self.status.setText(_("Sent {count} pages to the printer.").format(count=printed))
        return printed

    def save_pdf(self) -> None:
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        path = printing.ask_save_path(self, folder / self.stem, {"pdf": "PDF (*.pdf)"})
        if path is None:
            return
        data = self.pages.data
        run_op(self, lambda: printing.write_atomic(path, data),
               on_success=lambda p: self.status.setText(_("Saved to {path}").format(path=p)),
               label=_("Saving…"))


def _letter_columns() -> list[Column]:
    return [Column(_("Follow-up letter"), lambda r: r.label),
            Column(_("Date"), lambda r: format_date(r.date)),
            Column(_("Amount asked (baht)"), lambda r: format_amount(r.due_satang), right=True),
            Column(_("Days past due"), lambda r: str(r.days_past_due), right=True),
            Column(_("Sent to"), lambda r: ", ".join(r.recipients))]


class ReprintDialog(QDialog):
    """The letters of one loan, the latest chosen: Enter shows it for printing again."""

    def __init__(self, parent: QWidget | None, *, loan_no: str,
                 letters: Sequence[LetterRow]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print a letter again: loan {loan}").format(loan=loan_no))
        self.model = RowTableModel(_letter_columns(), self)
        self.model.set_rows(letters)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.table.fit_columns(stretch=(4,))
        self.table.selectRow(len(letters) - 1)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Show for printing (Enter)"),
                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(_("The letter prints with the figures of its own date, as it was sent."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.table.setFocus()
        _fit(self, 1100, 420)

    def chosen(self) -> LetterRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None


def _loan_id(session: Session, text: str) -> int:
    """A loan by its number as typed (to restore rights: the loan has left the late list)."""
    number = text.strip()
    if not number:
        raise InvalidInput("Please type the loan no.")
    loan_id = session.scalar(select(Loan.id).where(Loan.loan_no == number))
    if loan_id is None:
        raise InvalidInput("There is no loan {id}.", id=number)
    return loan_id


def change_text(session: Session, change: WelfareChange, *, restore: bool) -> str:
    """Who changed and who did not, by name."""
    def names(ids: tuple[int, ...]) -> str:
        return ", ".join(get_member(session, i).name for i in ids)

    lines = [(_("Welfare rights restored: {names}.") if restore else
              _("Welfare rights suspended: {names}.")).format(names=names(change.changed))]
    if change.unchanged:
        lines.append((_("Still suspended (tied to another late loan, or suspended for another "
                        "reason): {names}.") if restore else
                      _("Left as they were (already suspended): {names}.")).format(
            names=names(change.unchanged)))
    return "\n".join(lines)


class WelfareDialog(QDialog):
    """Suspend or restore the welfare rights tied to one loan, on `day`, with the reason.

    The change runs in one unit of work on the ops runner; `done(text)` gets who changed
    and who did not, after the dialog closed. Restoring takes the loan no. as typed,
    because a loan that is paid up is no longer in the late list."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, *, restore: bool,
                 loan_no: str, people: str, day: dt.date,
                 done: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.ctx, self.restore, self.day, self.on_done = ctx, restore, day, done
        self.setWindowTitle(_("Restore welfare rights") if restore
                            else _("Suspend welfare rights"))
        self.loan = QLineEdit(loan_no, self)  # typed when restoring; shown as text when suspending
        self.loan.setReadOnly(not restore)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. {example}").format(
            example=_("paid up to date") if restore else _("more than 30 days past due")))
        form = QFormLayout()
        form.addRow(_("Loan no."), self.loan if restore else QLabel(loan_no))
        self.loan.setVisible(restore)
        form.addRow(_("Date"), QLabel(format_date(day, "long")))
        if people:
            who = QLabel(people)
            who.setWordWrap(True)
            form.addRow(_("Borrower and guarantors"), who)
        form.addRow(_("Reason"), self.reason)
        hint = QLabel(_(
            "The rights suspended because of this loan come back for the borrower and each "
            "guarantor, except anyone still tied to another late loan or suspended for another "
            "reason.") if restore else _(
            "The rights of the borrower and of every guarantor are suspended until the loan "
            "is paid up to date. The reason is kept in each member's status history."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Restore the rights (Enter)") if restore
                                    else _("Suspend the rights (Enter)"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        (self.loan if restore and not loan_no else self.reason).setFocus()
        _fit(self, 760)

    def save(self) -> None:
        """Run the change; the service refuses an empty reason (in Thai, nothing changed)."""
        loan_text, reason, day, restore = self.loan.text(), self.reason.text(), self.day, \
            self.restore
        fn = followup.restore_welfare if restore else followup.suspend_welfare

        def work(s: Session, user: str) -> str:
            change = fn(s, loan_id=_loan_id(s, loan_text), day=day, reason=reason, user=user)
            return change_text(s, change, restore=restore)

        def succeeded(text: str) -> None:
            self.accept()
            self.on_done(text)

        self.op = self.ctx.run_write(self, work, what="members", label=self.windowTitle(),
                                     on_success=succeeded)
        self.op.setParent(self)


__all__ = ["PdfPreviewDialog", "ReprintDialog", "WelfareDialog"]
