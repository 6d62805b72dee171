"""ติดตามหนี้: the late loans on the working date and the follow-up ladder, step by step.

The list comes from app.services.followup.candidates, the most days late first: what
each loan owes to be up to date, the letters of its present lateness with their dates,
the next step and the day it is allowed (a step that can be taken today stands out,
one that must wait is greyed with its date), and whether the borrower's welfare rights
are suspended. Under the list, the chosen loan in full: the figures, the guarantors and
their rights, and the date by which the guarantors must be told (CCC s. 686).

Every action is a key and a button: F2 records the next letter on the working date and
shows it for printing (the borrower's page, then a copy for each guarantor); F3 prints
an earlier letter again; F4 lists the loan on the defaulters' notice, only after the
privacy warning was answered Yes; F5 prints the notice; F7 and F8 suspend and restore
welfare rights, with a reason. The service decides: a step it refuses is shown as its
Thai message and nothing changes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import _
from app.money import format_amount
from app.reports.loan_letters import build_letter_pdf, build_notice_pdf
from app.reports.pdf import PrintOptions
from app.services import followup
from app.services.followup import LETTERS, NOTICE, FollowUpRow, PrivacyWarning
from app.services.fund import working_date
from app.thai import format_date
from app.ui import errors
from app.ui.context import LEDGER, WORKING_DATE, FundContext
from app.ui.followup_dialogs import PdfPreviewDialog, ReprintDialog, WelfareDialog
from app.ui.followup_table import (
    FollowUpModel,
    columns,
    houses,
    people,
    rights_word,
    step_word,
)
from app.ui.models import RowFilterProxy
from app.ui.ops import Op, run_op
from app.ui.pdf_preview import PdfPages
from app.ui.widgets.table import BigTable

LOANS, MEMBERS = "loans", "members"


def ask(parent: QWidget, title: str, text: str, *, yes: str, no: str,
        default_yes: bool = True) -> bool:
    """A Yes/No question (Enter presses the default, Esc is No). Tests replace this."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


class FollowUpView(QWidget):
    """ติดตามหนี้: the late loans, the chosen one in full, and the follow-up actions."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.op: Op | None = None
        self.dialog: Any = None
        self.day = ctx.working_date()
        self._houses: dict[int, str] = {}
        self._people: list[tuple[str, str, bool]] = []
        self.heading = QLabel(_("Debt follow-up"))
        self.heading.setObjectName("heading")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search: loan no., name or house no."))
        self.search.setClearButtonEnabled(True)
        self.ready_only = QCheckBox(_("Only loans whose next step can be done today"))
        self.thai_digits = QCheckBox(_("Thai digits (๐–๙)"))
        self.model = FollowUpModel(columns(lambda member_id: self._houses.get(member_id, "")),
                                   self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = BigTable()
        self.table.setModel(self.proxy)
        self.table.fit_columns(stretch=(1, 5))
        self.detail_title = QLabel()
        self.detail_title.setObjectName("subheading")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.deadline = QLabel()
        self.deadline.setObjectName("fieldError")
        self.deadline.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.hide()
        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self.search.textChanged.connect(self.proxy.set_text)
        self.ready_only.toggled.connect(
            lambda on: self.proxy.set_predicate((lambda r: r.ready) if on else None))
        self.proxy.modelReset.connect(self._select_first)
        self.proxy.layoutChanged.connect(self._select_first)
        self.proxy.rowsRemoved.connect(self._select_first)
        self.proxy.rowsInserted.connect(self._select_first)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_details())
        self.table.activated.connect(lambda _i: self.next_step())
        self.search.returnPressed.connect(self.table.setFocus)
        self.setFocusProxy(self.table)
        ctx.changed.connect(self._changed)
        self.refresh()

    def _build_layout(self) -> None:
        actions = QGridLayout()
        for i, (key, text, keys, slot) in enumerate((
                ("letter", _("Send the next letter (F2)"), "F2", self.send_letter),
                ("reprint", _("Print a letter again (F3)"), "F3", self.reprint_letter),
                ("notice", _("List on the defaulters' notice (F4)"), "F4", self.list_on_notice),
                ("print_notice", _("Print the defaulters' notice (F5)"), "F5",
                 self.print_notice),
                ("suspend", _("Suspend welfare rights (F7)"), "F7", self.suspend_welfare),
                ("restore", _("Restore welfare rights (F8)"), "F8", self.restore_welfare))):
            button = QPushButton(text)
            button.setAutoDefault(True)  # Enter on a focused button presses it
            button.clicked.connect(slot)
            QShortcut(QKeySequence(keys), self, slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            actions.addWidget(button, i // 3, i % 3)
            self.buttons[key] = button
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.ready_only)
        top.addWidget(self.thai_digits)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        # The chosen loan scrolls in a box of a few lines, so that at a large text size the
        # list keeps its rows on a laptop's 768-pixel-high screen.
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 0, 0)
        for label in (self.detail_title, self.details, self.deadline):
            box.addWidget(label)
        box.addStretch(1)
        self.detail_box = QScrollArea()
        self.detail_box.setWidgetResizable(True)
        self.detail_box.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_box.setWidget(inner)
        layout.addWidget(self.detail_box)
        layout.addWidget(self.status)
        self._fit_heights()

    def _fit_heights(self) -> None:
        """At least four rows of the list; the chosen loan in at most seven lines."""
        line = self.fontMetrics().lineSpacing()
        self.table.setMinimumHeight(5 * self.table.verticalHeader().defaultSectionSize())
        self.detail_box.setMinimumHeight(3 * line)
        self.detail_box.setMaximumHeight(round(8.5 * line))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_heights()

    def say(self, text: str) -> None:
        """A line under the list about what was just done (hidden when there is none)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # ---- the list

    def _changed(self, what: str) -> None:
        if what in (LOANS, LEDGER, WORKING_DATE, MEMBERS) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """The late loans on the working date, the chosen loan kept chosen."""
        chosen = self.selected()
        with self.ctx.db.read() as s:
            self.day = working_date(s)
            rows = followup.candidates(s, as_of=self.day)
            self._houses = houses(s, [r.member_id for r in rows])
        self.model.set_rows(rows)
        owed, ready = followup.totals(rows)
        self.summary.setText(_(
            "Late loans on {date}: {count}, owing {amount} baht to be up to date; the next "
            "step can be done today for {ready}. The most days late come first.").format(
            date=format_date(self.day), count=len(rows),
            amount=format_amount(owed), ready=ready)
            if rows else _("No loan is past due on {date}.").format(date=format_date(self.day)))
        if chosen is not None:
            self.select_loan(chosen.loan_id)
        self._show_details()

    def _select_first(self, *_args: Any) -> None:
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def select_loan(self, loan_id: int) -> bool:
        for i in range(self.proxy.rowCount()):
            if self.proxy.row_at(i).loan_id == loan_id:
                self.table.selectRow(i)
                return True
        return False

    def selected(self) -> FollowUpRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def _show_details(self) -> None:
        """The chosen loan in full, under the list."""
        row = self.selected()
        self.deadline.hide()
        self._people = []
        if row is None:
            self.detail_title.setText("")
            self.details.setText("")
            return
        with self.ctx.db.read() as s:
            self._people = people(s, row.loan_id, row.member_id)
        o = row.owed
        steps = ", ".join(_("{step} on {date}").format(step=step_word(k), date=format_date(d))
                          for k, d in row.letters) or _("none yet")
        follow = _("Every step taken") if row.next_step is None else \
            _("{step}, from {date}").format(step=followup.kind_label(row.next_step),
                                            date=format_date(row.next_step_on, "long"))
        self.detail_title.setText(_(
            "{loan} · {name} · {days} days past due (unpaid since {due})").format(
            loan=row.loan_no, name=row.borrower, days=f"{row.days_past_due:,}",
            due=format_date(o.oldest_unpaid_due) if o.oldest_unpaid_due else "-"))
        self.details.setText("\n".join((
            _("To be up to date: principal {principal} + interest {interest} + fine {fine} = "
              "{total} baht (principal outstanding {outstanding} baht)").format(
                principal=format_amount(o.principal_overdue_satang),
                interest=format_amount(o.interest_satang), fine=format_amount(o.fine_satang),
                total=format_amount(o.total_satang),
                outstanding=format_amount(o.principal_outstanding_satang)),
            _("Letters sent: {steps} · next step: {next}").format(steps=steps, next=follow),
            _("Welfare rights: {people}").format(people=", ".join(
                f"{who} {rights_word(off)}" for _name, who, off in self._people)))))
        if row.guarantor_notice_by is not None:
            self.deadline.setText(_(
                "Tell the guarantors in writing by {date} (letter 1 does it): after that they "
                "no longer answer for the interest and fines of the time after (Civil and "
                "Commercial Code s. 686).").format(date=format_date(row.guarantor_notice_by,
                                                                    "long")))
            self.deadline.show()

    def _chosen(self) -> FollowUpRow | None:
        """The chosen loan as of the working date (the list is read again if it moved)."""
        if self.ctx.working_date() != self.day:
            self.refresh()
        row = self.selected()
        if row is None:
            errors.show_info(self, _("Choose a late loan in the list first."))
        return row

    # ---- work

    def _write(self, work: Callable[[Session, str], Any], *, what: str, label: str,
               on_success: Callable[[Any], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None) -> Op:
        """As FundContext.run_write, with a say in what a refusal does (the privacy ask)."""
        db, user, ctx = self.ctx.db, self.ctx.username, self.ctx

        def job() -> Any:
            with db.write() as s:
                return work(s, user)

        def done(result: Any) -> None:
            if on_success is not None:
                on_success(result)
            ctx.changed.emit(what)

        self.op = run_op(self, job, on_success=done, label=label, on_failure=on_failure)
        return self.op

    def _options(self) -> PrintOptions:
        return PrintOptions(thai_digits=self.thai_digits.isChecked(), printed_on=None)

    def _preview(self, title: str, stem: str, build: Callable[[Session, Path], Path]) -> Op:
        """Build a PDF into a temporary file on the ops runner, then show it to print."""
        db = self.ctx.db

        def job() -> PdfPages:
            with tempfile.TemporaryDirectory(prefix="kongtun-") as folder, db.read() as s:
                data = Path(build(s, Path(folder) / "print.pdf")).read_bytes()
            return PdfPages.from_bytes(data)

        def show(pages: PdfPages) -> None:
            self.dialog = PdfPreviewDialog(self, pages, title=title, stem=stem)
            self.dialog.open()

        self.op = run_op(self, job, on_success=show,
                         label=_("Preparing {title}…").format(title=title))
        return self.op

    def preview_letter(self, letter_id: int, kind: str, loan_no: str) -> Op:
        options, title = self._options(), f"{followup.kind_label(kind)} · {loan_no}"
        stem = f"{followup.kind_label(kind)}_{loan_no}".replace("/", "-").replace(" ", "_")
        return self._preview(title, stem, lambda s, out: build_letter_pdf(
            s, letter_id=letter_id, out=out, options=options))

    # ---- actions

    def next_step(self) -> None:
        """Enter on a loan: its next step, a letter or the notice."""
        row = self.selected()
        if row is not None and row.next_step == NOTICE:
            self.list_on_notice()
        else:
            self.send_letter()

    def send_letter(self) -> None:
        """F2: record the next letter on the working date, then show it for printing."""
        row = self._chosen()
        if row is None:
            return
        if row.next_step is None:
            errors.show_error(self, InvalidInput(
                "Loan {loan} is already on the defaulters' notice: every follow-up step has "
                "been taken.", loan=row.loan_no))
            return
        if row.next_step == NOTICE:
            errors.show_error(self, InvalidInput(
                "Letters 1 to 3 have been sent for loan {loan}: the next step is the "
                "defaulters' notice (F4).", loan=row.loan_no))
            return
        kind, day, loan_id, loan_no = row.next_step, row.as_of, row.loan_id, row.loan_no
        if row.ready:  # a step not allowed yet goes straight to the service, which refuses
            copies = [name for name, _who, _off in self._people[1:]]
            if not ask(self, _("Send a letter"), _(
                    "Record {letter} for loan {loan}, dated {date}, asking for {amount} baht?"
                    "\n\nTo: {borrower}\nCopies to the guarantors: {guarantors}\n\nThe letter "
                    "is then shown for printing.").format(
                    letter=followup.kind_label(kind), loan=loan_no, date=format_date(day, "long"),
                    amount=format_amount(row.owed.total_satang), borrower=row.borrower,
                    guarantors=", ".join(copies) or "-"),
                    yes=_("Yes, record and print"), no=_("No")):
                return
        self._write(lambda s, user: followup.record_letter(
            s, loan_id=loan_id, kind=kind, day=day, user=user).id,
            what=LOANS, label=_("Recording the letter"),
            on_success=lambda letter_id: self.preview_letter(letter_id, kind, loan_no))

    def reprint_letter(self) -> None:
        """F3: one of the loan's letters again, with the figures of its own date."""
        row = self._chosen()
        if row is None:
            return
        with self.ctx.db.read() as s:
            letters = [x for x in followup.letters_of(s, row.loan_id) if x.kind in LETTERS]
        if not letters:
            errors.show_info(self, _("No letter has been sent for loan {loan} yet.").format(
                loan=row.loan_no))
            return
        dialog = ReprintDialog(self, loan_no=row.loan_no, letters=letters)
        dialog.accepted.connect(lambda: self._reprint_chosen(dialog, row.loan_no))
        self.dialog = dialog
        dialog.open()

    def _reprint_chosen(self, dialog: ReprintDialog, loan_no: str) -> None:
        letter = dialog.chosen()
        if letter is not None:
            self.preview_letter(letter.id, letter.kind, loan_no)

    def list_on_notice(self) -> None:
        """F4: the service checks the ladder first; its privacy warning is then asked."""
        row = self._chosen()
        if row is not None:
            self._list(row.loan_id, row.borrower, row.as_of, confirmed=False)

    def _list(self, loan_id: int, name: str, day: Any, *, confirmed: bool) -> None:
        def refused(exc: BaseException) -> None:
            if not isinstance(exc, PrivacyWarning):
                errors.show_error(self, exc)
            elif ask(self, _("Defaulters' notice"), str(exc),
                     yes=_("Yes, the committee has resolved it"),
                     no=_("No, do not list"), default_yes=False):
                self._list(loan_id, name, day, confirmed=True)
            else:
                self.say(_("{name} was not listed on the notice.").format(name=name))

        def listed(_letter_id: int) -> None:
            self.say(_("{name} is listed on the defaulters' notice from {date}. "
                       "Print the notice with F5.").format(name=name, date=format_date(day)))

        self._write(lambda s, user: followup.list_on_notice(
            s, loan_id=loan_id, day=day, user=user, privacy_confirmed=confirmed).id,
            what=LOANS, label=_("Listing on the defaulters' notice"),
            on_success=listed, on_failure=refused)

    def print_notice(self) -> Op | None:
        """F5: the defaulters' notice on the working date."""
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            listed = followup.notice_rows(s, as_of=day)
        if not listed:
            errors.show_info(self, _("No loan is listed on the defaulters' notice."))
            return None
        options = self._options()
        title = _("Defaulters' notice of {date}").format(date=format_date(day))
        stem = title.replace(" ", "_").replace(".", "")
        return self._preview(title, stem, lambda s, out: build_notice_pdf(
            s, as_of=day, out=out, options=options))

    def _welfare(self, restore: bool) -> None:
        row = self._chosen() if not restore else self.selected()
        if row is None and not restore:
            return
        who = "" if restore or row is None else "\n".join(
            f"{label}: {rights_word(off)}" for _name, label, off in self._people)
        self.dialog = WelfareDialog(self.ctx, self, restore=restore,
                                    loan_no=row.loan_no if row else "", people=who,
                                    day=self.ctx.working_date(), done=self._welfare_done)
        self.dialog.open()

    def suspend_welfare(self) -> None:
        """F7: the borrower's and every guarantor's rights, with a reason."""
        self._welfare(False)

    def restore_welfare(self) -> None:
        """F8: once the loan is paid up to date (typed, as it has left the list)."""
        self._welfare(True)

    def _welfare_done(self, text: str) -> None:
        self.say(text.replace("\n", " "))
        errors.show_info(self, text)


__all__ = ["FollowUpView"]
