"""เงินกู้: the list of loan contracts, each step of a loan, and a loan's page.

The list shows every loan with its principal outstanding and days past due on the
working date (app.services.loans.list_loans, read once; searching and the status and
type filters then work on the loaded rows). Each step has a key and a button:
Ins new application, F3 approve, F8 do not approve, F4 pay out, F2 repayment; Enter
(or a double click) opens the loan's page and Esc comes back. A button is enabled
only when the selected loan can take that step. The interest rule in force is
stated once under the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services import loans
from app.services.loan_rules import list_loan_types
from app.services.schedule import RULES_TH
from app.thai import format_date
from app.ui.context import LEDGER, FundContext
from app.ui.loan_dialogs import LOANS, hint_label, member_choices
from app.ui.loan_page import STEPS_BY_STATUS, LoanPage, fit_columns_once, open_step
from app.ui.loan_words import status_word
from app.ui.models import Column, RowFilterProxy, RowTableModel
from app.ui.widgets.table import BigTable


def columns() -> list[Column]:
    return [
        Column(_("Loan no."), lambda r: r.loan_no),
        Column(_("Borrower"), lambda r: f"{r.borrower} ({r.member_no})"),
        Column(_("Type"), lambda r: r.type_name),
        Column(_("Amount"), lambda r: format_amount(r.amount_satang), right=True),
        Column(_("Principal outstanding"), lambda r: format_amount(r.principal_satang)
               if r.disbursed_on else "", right=True, bold=True),  # blank: not paid out
        Column(_("Days past due"), lambda r: str(r.days_past_due) if r.days_past_due else "",
               right=True),
        Column(_("Status"), lambda r: status_word(r.status)),
    ]


#: The status filter: (title, which rows it keeps).
STATUS_FILTERS = (
    (lambda: _("Not closed"), lambda r: r.status in loans.OPEN_STATES),
    (lambda: _("Past due"), lambda r: r.days_past_due > 0),
    (lambda: _("Waiting for approval"), lambda r: r.status == "applied"),
    (lambda: _("Approved, to pay out"), lambda r: r.status == "approved"),
    (lambda: _("Active"), lambda r: r.status == "active"),
    (lambda: _("Closed"), lambda r: r.status == "closed"),
    (lambda: _("Rejected"), lambda r: r.status == "rejected"),
    (lambda: _("All statuses"), lambda r: True),
)

STEP_BUTTONS = (("new", _("New application (Ins)"), "Ins"),
                ("open", _("Open the loan (Enter)"), None),
                ("repay", _("Repayment (F2)"), "F2"),
                ("approve", _("Approve (F3)"), "F3"),
                ("disburse", _("Pay out (F4)"), "F4"),
                ("reject", _("Do not approve (F8)"), "F8"))


class LoanListView(QWidget):
    """Search, filters, the step buttons and the table of loans."""

    def __init__(self, owner: LoansView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.title.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search: loan no., borrower's name or member no."))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for title, _keep in STATUS_FILTERS:
            self.status.addItem(title())
        self.type_combo = QComboBox()
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.model = RowTableModel(columns(), self, muted=lambda r: loans.is_closed(r.status))
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = BigTable()
        self.table.setModel(self.proxy)
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self.setFocusProxy(self.table)
        self.search.textChanged.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.type_combo.currentIndexChanged.connect(self.apply_filters)
        self.search.returnPressed.connect(self.open_current)
        self.table.activated.connect(lambda _i: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.update_buttons())
        self.search.installEventFilter(self)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for text, box in ((_("Status"), self.status), (_("Type"), self.type_combo)):
            label = QLabel(text)
            label.setBuddy(box)
            bar.addWidget(label)
            bar.addWidget(box, 1)
        actions = QGridLayout()
        slots = {"new": self.owner.new_application, "open": self.open_current,
                 "repay": lambda: self.step("repay"), "approve": lambda: self.step("approve"),
                 "disburse": lambda: self.step("disburse"),
                 "reject": lambda: self.step("reject")}
        for i, (key, text, keys) in enumerate(STEP_BUTTONS):
            b = QPushButton(text)
            b.clicked.connect(slots[key])
            self.buttons[key] = b
            actions.addWidget(b, 0, i)
            if keys:
                QShortcut(QKeySequence(keys), self, slots[key],
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(hint_label(RULES_TH))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Down arrow from the search box goes into the list."""
        if obj is self.search and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.proxy.rowCount():  # type: ignore[attr-defined]
            self.table.setFocus()
            self.table.selectRow(max(self.table.currentIndex().row(), 0))
            return True
        return super().eventFilter(obj, event)

    # ---- rows

    def set_rows(self, rows: list[loans.LoanRow], types: list[Any], day: Any,
                 total: int) -> None:
        keep = self.selected()
        self.model.set_rows(rows)
        fit_columns_once(self.table, (1,))
        current_type = self.type_combo.currentData()
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        self.type_combo.addItem(_("All types"), None)
        for t in types:
            self.type_combo.addItem(t.name_th, t.name_th)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(current_type), 0))
        self.type_combo.blockSignals(False)
        self.title.setText(_("Loans on {date}: {count} loans, principal outstanding {amount} "
                             "baht").format(date=format_date(day), count=len(rows),
                                            amount=format_amount(total)))
        self.apply_filters()
        if keep is not None:
            self.select_loan(keep.id)

    def apply_filters(self) -> None:
        keep_status = STATUS_FILTERS[max(self.status.currentIndex(), 0)][1]
        type_name = self.type_combo.currentData()
        self.proxy.set_predicate(lambda r: keep_status(r) and (type_name is None
                                                               or r.type_name == type_name))
        self.proxy.set_text(self.search.text())
        self.count.setText(_("{shown} of {count} loans shown").format(
            shown=self.proxy.rowCount(), count=self.model.rowCount()))
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.update_buttons()

    def selected(self) -> loans.LoanRow | None:
        index = self.table.currentIndex()
        return self.proxy.row_at(index.row()) if index.isValid() else None

    def select_loan(self, loan_id: int) -> bool:
        """Select the loan in the list, showing every status when it is filtered out."""
        for attempt in range(2):
            for i in range(self.proxy.rowCount()):
                if self.proxy.row_at(i).id == loan_id:
                    self.table.selectRow(i)
                    self.table.scrollTo(self.proxy.index(i, 0))
                    self.update_buttons()
                    return True
            if attempt == 0:
                self.search.clear()
                self.status.setCurrentIndex(len(STATUS_FILTERS) - 1)
                self.type_combo.setCurrentIndex(0)
        return False

    def update_buttons(self) -> None:
        row = self.selected()
        allowed = STEPS_BY_STATUS.get(row.status, set()) if row else set()
        for key in ("repay", "approve", "disburse", "reject"):
            self.buttons[key].setEnabled(key in allowed)
        self.buttons["open"].setEnabled(row is not None)

    # ---- actions

    def open_current(self) -> None:
        row = self.selected()
        if row is None and self.proxy.rowCount():
            row = self.proxy.row_at(0)
        if row is not None:
            self.owner.open_loan(row.id)

    def step(self, step: str) -> QDialog | None:
        row = self.selected()
        if row is None or step not in STEPS_BY_STATUS.get(row.status, set()):
            return None
        self.owner.dialog = open_step(self.owner.ctx, self, step, row)
        return self.owner.dialog


class LoansView(QStackedWidget):
    """The loan list, and a loan's page in front of it."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: QDialog | None = None
        self.list = LoanListView(self)
        self.title = self.list.title  # the screen's heading (what the main window tests read)
        self.page = LoanPage(ctx, self)
        self.addWidget(self.list)
        self.addWidget(self.page)
        self.setFocusProxy(self.list)
        self.page.back.connect(self.show_list)
        ctx.changed.connect(self._changed)

    def _changed(self, what: str) -> None:
        if what in (LOANS, LEDGER, "working_date", "members") and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            rows = loans.list_loans(s, as_of=day)
            types = list_loan_types(s)
            total = loans.principal_outstanding(s, as_of=day)
        self.list.set_rows(rows, types, day, total)
        if self.currentWidget() is self.page:
            self.page.refresh()

    def show_list(self) -> None:
        if self.page.row is not None:
            self.list.select_loan(self.page.row.id)
        self.setCurrentWidget(self.list)
        self.setFocusProxy(self.list)
        self.list.table.setFocus()

    def open_loan(self, loan_id: int) -> None:
        self.page.show_loan(loan_id)
        self.setCurrentWidget(self.page)
        self.setFocusProxy(self.page)
        self.page.setFocus()

    def new_application(self) -> QDialog:
        from app.ui.loan_application import ApplicationDialog

        day = self.ctx.working_date()
        with self.ctx.db.read() as s:
            types = list_loan_types(s, active_only=True)
        dialog = ApplicationDialog(self.ctx, self, members=member_choices(self.ctx, day),
                                   types=types, day=day)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._applied(dialog.result_value))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _applied(self, row: loans.LoanRow | None) -> None:
        if row is not None:
            self.refresh()
            self.list.select_loan(row.id)
