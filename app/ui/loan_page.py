"""A loan's page: its terms, where it stands today, the schedule, guarantors and history.

Opened from the loan list or the arrears list with Enter (or a double click); Esc goes
back. Every figure comes from the services: the balance and days past due from the
ledger (app.services.loans), what is owed today from app.services.repayments.dues,
the schedule as it stands with each instalment marked paid or late, the guarantors
with what each guarantees across the fund, and the event log
(app.services.loan_facts). The step buttons open the same dialogs as the list, and
the print buttons ask the reports catalog for the contract, the guarantee contract,
the schedule and the member's loan statement.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount
from app.services import loan_facts, loans
from app.thai import format_date, to_be_year
from app.ui import errors
from app.ui.context import FundContext
from app.ui.loan_words import event_word, schedule_state_word, status_word, terms_text
from app.ui.models import Column, RowTableModel
from app.ui.ops import Op, run_op
from app.ui.widgets.table import BigTable

_LATE = QColor("#b00020")
_PAID = QColor("#5f6b5f")
_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


# ------------------------------------------------------------------ steps and prints

#: Which steps a loan in each state can take (the buttons are enabled accordingly).
STEPS_BY_STATUS = {"applied": {"approve", "reject"}, "approved": {"disburse", "reject"},
                   "active": {"repay"}}


def open_step(ctx: FundContext, parent: QWidget, step: str, row: loans.LoanRow) -> QDialog:
    """Open the dialog of one step of `row` (window-modal); returns it."""
    from app.ui.loan_dialogs import ApprovalDialog, DisburseDialog, RejectDialog
    from app.ui.repayment_dialog import RepayDialog

    kinds = {"approve": ApprovalDialog, "reject": RejectDialog, "disburse": DisburseDialog,
             "repay": RepayDialog}
    dialog = kinds[step](ctx, parent, row)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def print_report(parent: QWidget, ctx: FundContext, name: str, *, loan: str | None = None,
                 member: str | None = None) -> Op | None:
    """Build report `name` of the catalog as of the working date, then the print dialog.

    A report the catalog does not have (yet) is explained in Thai by the catalog itself.
    """
    from app.reports import catalog
    from app.reports.pdf import PrintOptions
    from app.ui import printing
    from app.ui.pdf_preview import PdfPages

    try:
        spec = catalog.report_spec(name)
    except KongtunError as exc:
        errors.show_error(parent, exc)
        return None
    db, day = ctx.db, ctx.working_date()
    params: dict[str, Any] = {k: v for k, v in (("loan", loan), ("member", member)) if v}
    if spec.period != "entry":
        params["as_of"] = day
    title = _(spec.title)
    when = f"{to_be_year(day.year)}-{day.month:02d}-{day.day:02d}"  # Buddhist era, as printed
    stem = _BAD_FILE_CHARS.sub("_", f"{title}_{loan or member or when}"
                               .replace("/", "-")).strip("_")

    def job(progress: Any) -> PdfPages:
        with tempfile.TemporaryDirectory(prefix="kongtun-") as folder:
            with db.read() as s:
                out = catalog.make_report(s, name, fmt="pdf", out=Path(folder) / "report.pdf",
                                          options=PrintOptions(printed_on=day),
                                          progress=progress, **params)
            return PdfPages.from_bytes(Path(out).read_bytes())

    return run_op(parent, job,
                  on_success=lambda pages: printing.print_with_dialog(parent, pages, stem),
                  label=_("Preparing {title}…").format(title=title))


# ------------------------------------------------------------------ tables


def fit_columns_once(table: BigTable, stretch: tuple[int, ...]) -> None:
    """Columns as wide as their first fifty rows, measured once (call after new rows).

    A long list (thousands of loans) must not be re-measured on every selection, as
    ResizeToContents does: that alone took a second on 5,000 rows.
    """
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(50)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for column in stretch:  # after measuring: the stretched ones share what is left
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


class ScheduleModel(RowTableModel):
    """The schedule: a late instalment in red, a paid one greyed."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            state = self.row(index.row()).state
            if state == loan_facts.LATE:
                return QBrush(_LATE)
            if state == loan_facts.PAID:
                return QBrush(_PAID)
        return super().data(index, role)


def schedule_columns() -> list[Column]:
    return [Column(_("Instalment"), lambda r: str(r.no), right=True),
            Column(_("Due date"), lambda r: format_date(r.due)),
            Column(_("Principal"), lambda r: format_amount(r.principal_satang), right=True),
            Column(_("Interest"), lambda r: format_amount(r.interest_satang), right=True),
            Column(_("Total"), lambda r: format_amount(r.total_satang), right=True, bold=True),
            Column(_("Principal left"), lambda r: format_amount(r.balance_satang), right=True),
            Column(_("Paid or late"), lambda r: schedule_state_word(r.state))]


@dataclass(frozen=True)
class LogLine:
    """A line of the loan's history: a step (loan_event) or a follow-up letter."""

    date: dt.date
    what: str
    amount_satang: int
    voucher_no: str
    note: str
    by: str


def log_lines(events: list[loan_facts.EventRow], letters: list[Any],
              people: dict[str, str]) -> list[LogLine]:
    """Steps and letters by date; `people` turns a user name into the person's name."""
    lines = [LogLine(e.date, event_word(e.kind), e.amount_satang, e.voucher_no, e.reason,
                     people.get(e.by, e.by)) for e in events]
    lines += [LogLine(x.date, x.label, x.due_satang, "", ", ".join(x.recipients),
                      people.get(x.by, x.by)) for x in letters]
    return sorted(lines, key=lambda x: x.date)  # stable: the steps of one day keep their order


class LoanPage(QWidget):
    """One loan, everything the fund knows of it."""

    back = Signal()

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id: int | None = None
        self.row: loans.LoanRow | None = None
        self.dialog: QDialog | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures = QLabel()
        self.figures.setObjectName("subheading")
        self.figures.setWordWrap(True)
        self.owed = QLabel()
        self.owed.setWordWrap(True)
        self.schedule_model = ScheduleModel(schedule_columns(), self)
        self.guarantor_model = RowTableModel([
            Column(_("Guarantor"), lambda g: g.name),
            Column(_("Member no."), lambda g: g.member_no),
            Column(_("Guarantees of this loan"), lambda g: format_amount(g.share_satang),
                   right=True),
            Column(_("Guarantees in all, open loans"), lambda g: format_amount(g.exposure_satang),
                   right=True, bold=True)], self)
        self.log_model = RowTableModel([
            Column(_("Date"), lambda x: format_date(x.date)),
            Column(_("What"), lambda x: x.what),
            Column(_("Amount"), lambda x: format_amount(x.amount_satang, blank_zero=True),
                   right=True),
            Column(_("Voucher no."), lambda x: x.voucher_no),
            Column(_("Note"), lambda x: x.note),
            Column(_("By"), lambda x: x.by)], self)
        self.tabs = QTabWidget()
        self.schedule_table = self._tab(self.schedule_model, _("Repayment schedule"), ())
        self.guarantor_table = self._tab(self.guarantor_model, _("Guarantors"), (0,))
        self.log_table = self._tab(self.log_model, _("History"), (4,))
        self.buttons: dict[str, QPushButton] = {}
        actions = QGridLayout()
        for i, (key, text, keys, slot) in enumerate((
                ("back", _("Back to the list (Esc)"), None, self.back.emit),
                ("repay", _("Repayment (F2)"), "F2", lambda: self.step("repay")),
                ("approve", _("Approve (F3)"), "F3", lambda: self.step("approve")),
                ("disburse", _("Pay out (F4)"), "F4", lambda: self.step("disburse")),
                ("reject", _("Do not approve (F8)"), "F8", lambda: self.step("reject")),
                ("contract", _("Print contract (F5)"), "F5", lambda: self.print("loan-contract")),
                ("guarantee", _("Print guarantee contract (F7)"), "F7",
                 lambda: self.print("guarantee-contract")),
                ("schedule", _("Print schedule (Ctrl+P)"), "Ctrl+P",
                 lambda: self.print("loan-schedule")),
                ("statement", _("Print member's loan statement (F9)"), "F9",
                 lambda: self.print("loan-statement")),
                ("restructure", _("Restructure (F10)"), "F10",
                 lambda: self.restructure("restructure")),
                ("renew", _("Renew (F11)"), "F11", lambda: self.restructure("renew")))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            actions.addWidget(b, i // 4, i % 4)  # four across: fits a 1366-pixel laptop
            if keys:
                QShortcut(QKeySequence(keys), self, slot,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(self.figures)
        layout.addWidget(self.owed)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.schedule_table)

    def _tab(self, model: RowTableModel, title: str, stretch: tuple[int, ...]) -> BigTable:
        table = BigTable()
        table.setModel(model)
        table.fit_columns(stretch=stretch)
        self.tabs.addTab(table, title)
        return table

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Esc (not used by the tables inside) goes back to the list."""
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)

    # ---- showing

    def show_loan(self, loan_id: int) -> None:
        self.loan_id = loan_id
        self.tabs.setCurrentIndex(0)
        self.refresh()

    def refresh(self) -> None:
        from app.services import repayments
        from app.services.followup import letters_of
        from app.services.fund import list_users

        if self.loan_id is None:
            return
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            row = loans.get_loan(s, self.loan_id, as_of=day)
            facts = loan_facts.contract(s, self.loan_id)
            dues = repayments.dues(s, loan_id=row.id, day=day) if row.status == "active" \
                and row.disbursed_on and row.disbursed_on <= day else None
            schedule = loan_facts.schedule_lines(s, row.id, as_of=day)
            guarantors = loan_facts.guarantors(s, row.id)
            users = {u.username: u.display_name for u in list_users(s)}
            log = log_lines(loan_facts.events(s, row.id), letters_of(s, row.id), users)
        self.row = row
        self.heading.setText(_("Loan {loan} · {name} ({member_no})").format(
            loan=row.loan_no, name=row.borrower, member_no=row.member_no))
        self.details.setText("\n".join(self._detail_lines(row, facts, schedule)))
        figures = _("Status: {status} · principal outstanding {principal} baht").format(
            status=status_word(row.status), principal=format_amount(row.principal_satang))
        if row.status == "active":
            figures += " · " + (_("{days} days past due").format(days=row.days_past_due)
                                if row.days_past_due else _("Not past due"))
        self.figures.setText(figures)
        self.owed.setText(self._owed_text(dues, day))
        self.schedule_model.set_rows(schedule)
        self.guarantor_model.set_rows(guarantors)
        self.log_model.set_rows(log)
        allowed = STEPS_BY_STATUS.get(row.status, set())
        for key in ("repay", "approve", "disburse", "reject"):
            self.buttons[key].setEnabled(key in allowed)
        for key in ("restructure", "renew"):
            self.buttons[key].setEnabled(row.status == "active")

    @staticmethod
    def _detail_lines(row: loans.LoanRow, facts: loan_facts.ContractFacts,
                      schedule: list[loan_facts.ScheduleLine]) -> list[str]:
        lines = [_("{type} · {amount} baht · {terms}").format(
                     type=row.type_name, amount=format_amount(row.amount_satang),
                     terms=terms_text(row.rate_percent, row.method, row.term_months,
                                      row.pattern)),
                 _("Purpose: {purpose} · applied on {date}").format(
                     purpose=facts.purpose or "-", date=format_date(row.applied_on))]
        if facts.meeting_date is not None:
            lines.append(_("Approved by {name} at meeting no. {no} on {date}").format(
                name=facts.approved_by, no=facts.meeting_no, date=format_date(facts.meeting_date)))
        paid_out = [_("Paid out on {date}").format(date=format_date(row.disbursed_on))] \
            if row.disbursed_on else []
        if schedule:
            paid_out.append(_("last instalment due {date}").format(
                date=format_date(schedule[-1].due)))
        if row.closed_on:
            paid_out.append(_("closed on {date}").format(date=format_date(row.closed_on)))
        if paid_out:
            lines.append(" · ".join(paid_out))
        if facts.previous_loan_no:
            lines.append(_("Replaces loan {loan}").format(loan=facts.previous_loan_no))
        if facts.replaced_by_no:
            lines.append(_("Moved into loan {loan}").format(loan=facts.replaced_by_no))
        return lines

    @staticmethod
    def _owed_text(dues: Any, day: dt.date) -> str:
        if dues is None:
            return ""
        from app.ui.loan_dialogs import settle_text

        if not dues.overdue_satang:
            return settle_text(dues)
        return settle_text(dues) + "\n" + _("Instalments due and not yet paid: {overdue} "
                                            "baht").format(overdue=format_amount(dues.overdue_satang))

    # ---- actions

    def step(self, step: str) -> None:
        if self.row is None or step not in STEPS_BY_STATUS.get(self.row.status, set()):
            return
        self.dialog = open_step(self.ctx, self, step, self.row)

    def restructure(self, mode: str) -> None:
        """Close this loan into a new contract (ประนอมหนี้ / ต่อสัญญา), its plan shown first."""
        from app.ui.restructure_dialog import RestructureDialog

        if self.row is None or self.row.status != "active":
            return
        self.dialog = RestructureDialog(self.ctx, self, loan_ids=[self.row.id], mode=mode)
        self.dialog.open()

    def print(self, name: str) -> Op | None:
        if self.row is None:
            return None
        if name == "loan-statement":
            return print_report(self, self.ctx, name, member=self.row.member_no)
        return print_report(self, self.ctx, name, loan=self.row.loan_no)
