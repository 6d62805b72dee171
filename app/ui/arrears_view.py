"""ลูกหนี้ค้างชำระ: the loans past due on the working date, riskiest first.

One call to app.services.loan_book.arrears (a few grouped queries whatever the number
of loans) gives the rows, the ageing of the whole book and PAR; the table model only
formats them, so the screen opens at once on a fund with thousands of loans. Each row:
days past due, ageing bucket, borrower, house no., amount overdue, fine, principal
outstanding and the last follow-up letter. Under the list: the ageing table and
PAR 1 / PAR 30 with their definition. Enter opens the loan's page (Esc comes back);
Ctrl+P prints the arrears report.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services import loan_book
from app.services.loan_book import BookRow, LoanBook
from app.thai import format_date
from app.ui.context import LEDGER, FundContext
from app.ui.loan_dialogs import LOANS, hint_label
from app.ui.loan_page import LoanPage, fit_columns_once, print_report
from app.ui.models import Column, RowTableModel
from app.ui.widgets.table import BigTable


def bucket_words(label: str) -> str:
    """"1–30" -> 1–30 วัน; ">365" -> เกิน 365 วัน; "" -> ไม่ค้างชำระ."""
    if not label:
        return _("Not past due")
    if label.startswith(">"):
        return _("Over {days} days").format(days=label[1:])
    return _("{range} days").format(range=label)


def letter_words(kind: str, day: object) -> str:
    if not kind:
        return ""
    word = {"letter1": _("Letter 1"), "letter2": _("Letter 2"), "letter3": _("Letter 3"),
            "notice": _("On the notice")}.get(kind, kind)  # short: the column stays narrow
    return f"{word} ({format_date(day)})" if day else word  # type: ignore[arg-type]


def arrears_columns() -> list[Column]:
    return [
        Column(_("Days past due"), lambda r: f"{r.days_past_due:,}", right=True, bold=True),
        Column(_("Overdue for"), lambda r: bucket_words(r.bucket)),
        Column(_("Loan no."), lambda r: r.loan_no),
        Column(_("Borrower"), lambda r: f"{r.borrower} ({r.member_no})"),
        Column(_("House no."), lambda r: r.house_no),
        Column(_("Amount overdue"), lambda r: format_amount(r.overdue_satang), right=True),
        Column(_("Fine"), lambda r: format_amount(r.fine_satang, blank_zero=True), right=True),
        Column(_("Principal outstanding"), lambda r: format_amount(r.principal_satang),
               right=True),
        Column(_("Last follow-up"), lambda r: letter_words(r.last_letter, r.last_letter_on)),
    ]


@dataclass(frozen=True)
class AgeingLine:
    label: str
    loans: str
    principal_satang: int


def ageing_lines(book: LoanBook) -> list[AgeingLine]:
    a = book.ageing
    lines = [AgeingLine(_("Not past due"), "", a.current_satang)]
    lines += [AgeingLine(bucket_words(label), f"{count:,}", satang)
              for label, count, satang in a.buckets]
    lines.append(AgeingLine(_("All loans outstanding"), "", a.total_satang))
    return lines


def par_text(book: LoanBook) -> str:
    a = book.ageing
    return _("PAR 1: {par1} % · PAR 30: {par30} %").format(par1=f"{a.par1:.2f}",
                                                           par30=f"{a.par30:.2f}")


def par_definition() -> str:
    return "\n".join((
        _("PAR 1: the whole principal outstanding of the loans 1 day or more past due, as a "
          "percentage of all principal outstanding."),
        _("PAR 30: the whole principal outstanding of the loans more than 30 days past due, "
          "as a percentage of all principal outstanding.")))


class ArrearsList(QWidget):
    """The late loans, the ageing table and PAR."""

    def __init__(self, owner: ArrearsView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.book: LoanBook | None = None
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.model = RowTableModel(arrears_columns(), self)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.ageing_model = RowTableModel([
            Column(_("Days past due"), lambda x: x.label),
            Column(_("Number of loans"), lambda x: x.loans, right=True),
            Column(_("Principal outstanding"), lambda x: format_amount(x.principal_satang),
                   right=True)], self)
        self.ageing_table = BigTable()
        self.ageing_table.setModel(self.ageing_model)
        self.ageing_table.fit_columns(stretch=(0,))
        self.ageing_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.par = QLabel()
        self.par.setObjectName("subheading")
        self.par.setWordWrap(True)
        self.definition = hint_label(par_definition())
        self.open_button = QPushButton(_("Open the loan (Enter)"))
        self.print_button = QPushButton(_("Print the arrears report (Ctrl+P)"))
        self.followup_button = QPushButton(_("Debt follow-up: letters and notice (F2)"))
        self._build()
        self.setFocusProxy(self.table)
        self.open_button.clicked.connect(self.open_current)
        self.print_button.clicked.connect(self.print)
        self.followup_button.clicked.connect(self.follow_up)
        QShortcut(QKeySequence("F2"), self, self.follow_up,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.activated.connect(lambda _i: self.open_current())
        QShortcut(QKeySequence.StandardKey.Print, self, self.print,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.followup_button)
        buttons.addStretch(1)
        below = QHBoxLayout()
        side = QVBoxLayout()
        side.addWidget(self.par)
        side.addWidget(self.definition)
        side.addStretch(1)
        below.addWidget(self.ageing_table, 1)
        below.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 3)
        layout.addLayout(below, 2)

    def show_book(self, book: LoanBook) -> None:
        keep = self.selected()
        self.book = book
        self.model.set_rows(book.rows)
        fit_columns_once(self.table, (3,))
        self.ageing_model.set_rows(ageing_lines(book))
        rows = self.ageing_model.rowCount()
        self.ageing_table.setMinimumHeight(
            self.ageing_table.verticalHeader().defaultSectionSize() * (rows + 1) + 4)
        self.title.setText(_(
            "Loans past due on {date}: {count} loans · overdue {overdue} baht · fines {fine} "
            "baht · their principal outstanding {principal} baht").format(
            date=format_date(book.as_of), count=len(book.rows),
            overdue=format_amount(book.overdue_satang), fine=format_amount(book.fine_satang),
            principal=format_amount(book.principal_satang)))
        self.par.setText(par_text(book))
        row = next((i for i, r in enumerate(book.rows) if keep and r.loan_id == keep.loan_id), 0)
        if book.rows:
            self.table.selectRow(row)
        self.open_button.setEnabled(bool(book.rows))

    def selected(self) -> BookRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        row = self.selected()
        if row is not None:
            self.owner.open_loan(row.loan_id)

    def print(self) -> None:
        print_report(self, self.owner.ctx, "arrears")

    def follow_up(self) -> None:
        """The follow-up screen (letters, notice, welfare), from the main window's sidebar."""
        window = self.window()
        if hasattr(window, "show_screen"):
            window.show_screen("followup", focus=True)


class ArrearsView(QStackedWidget):
    """The arrears list, and a loan's page in front of it."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = ArrearsList(self)
        self.page = LoanPage(ctx, self)
        self.addWidget(self.list)
        self.addWidget(self.page)
        self.setFocusProxy(self.list)
        self.page.back.connect(self.show_list)
        ctx.changed.connect(self._changed)

    def _changed(self, what: str) -> None:
        if what in (LOANS, LEDGER, "working_date") and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            book = loan_book.arrears(s, as_of=day)
        self.list.show_book(book)
        if self.currentWidget() is self.page:
            self.page.refresh()

    def show_list(self) -> None:
        self.setCurrentWidget(self.list)
        self.setFocusProxy(self.list)
        self.list.table.setFocus()

    def open_loan(self, loan_id: int) -> None:
        self.page.show_loan(loan_id)
        self.setCurrentWidget(self.page)
        self.setFocusProxy(self.page)
        self.page.setFocus()
