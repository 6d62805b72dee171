"""วันรับฝากเงินสัจจะ: the monthly savings collection day as one grid.

Every active member in dictionary order, the amount prefilled with their usual
saving; the bookkeeper only corrects those who paid differently (0 for absent) and
presses Enter to go down the list, as on the paper sheet. The total updates as they
type, to compare with the cash on the table. Saving posts ONE receipt voucher with a
line per member (the reason is shown in the dialog, see app.services.savings).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount, parse_amount, to_satang
from app.services.chart import cash_and_bank_accounts
from app.services.fund import working_date
from app.services.savings import CollectionRow, collection_sheet, post_collection
from app.ui import errors
from app.ui.context import FundContext
from app.ui.widgets.be_date_edit import BeDateEdit

AMOUNT = 3


class CollectionTable(QTableWidget):
    """The grid: Enter commits the amount and moves down to the next member."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_down()
            return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        row = self.currentRow()
        if row + 1 < self.rowCount():
            self.setCurrentCell(row + 1, AMOUNT)
        self.editItem(self.currentItem())

    def closeEditor(self, editor: Any, hint: Any) -> None:  # noqa: N802 - Qt's name
        """Enter inside the cell editor commits (SubmitModelCache): go down as well."""
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_down()


class CollectionDialog(QDialog):
    """The collection sheet for one day, posted as one combined receipt."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Savings collection day"))
        with ctx.db.read() as s:
            day = working_date(s)
            self.rows: list[CollectionRow] = collection_sheet(s, as_of=day)
            self.accounts = cash_and_bank_accounts(s)
        self.day = BeDateEdit(pivot=day)
        self.day.set_date(day)
        self.account = QComboBox()
        for a in self.accounts:
            self.account.addItem(f"{a.code} {a.name_th}")
        why = QLabel(_("Posted as ONE receipt voucher with a line for each member: the cash "
                       "book shows one line equal to the cash counted on the table, and each "
                       "member's passbook still shows their own deposit."))
        why.setWordWrap(True)
        why.setObjectName("note")
        self.table = CollectionTable(len(self.rows), 5)
        self.table.setHorizontalHeaderLabels([_("Member no."), _("Name"), _("House no."),
                                              _("Amount (baht)"), _("Savings so far")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for i, r in enumerate(self.rows):
            cells = (r.member_no, r.name, r.house_no, format_amount(r.usual_satang),
                     format_amount(r.savings_satang))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j != AMOUNT:
                    item.setFlags(fixed)
                if j >= AMOUNT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.total = QLabel()
        self.total.setObjectName("subheading")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        form = QFormLayout()
        form.addRow(_("Date"), self.day)
        form.addRow(_("Received into"), self.account)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(why)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.buttons)
        self.table.itemChanged.connect(self._update_total)
        self._update_total()
        self.resize(900, 640)
        if self.rows:
            self.table.setCurrentCell(0, AMOUNT)
        self.table.setFocus()

    def amounts(self) -> list[tuple[int, int]]:
        """(member id, satang) for every row; raises InvalidAmount naming the row."""
        out = []
        for i, r in enumerate(self.rows):
            text = self.table.item(i, AMOUNT).text().strip()
            value = parse_amount(text, allow_zero=True) if text else Decimal(0)
            out.append((r.member_id, to_satang(value)))
        return out

    def _update_total(self, *_args: Any) -> None:
        try:
            paid = [s for _, s in self.amounts() if s]
        except KongtunError as exc:
            self.total.setText(str(exc))
            return
        self.total.setText(_("Total {amount} baht from {count} members").format(
            amount=format_amount(sum(paid)), count=len(paid)))

    def save(self) -> None:
        if not self.day.check():
            return
        try:
            amounts = self.amounts()
        except KongtunError as exc:
            errors.show_error(self, exc)
            return
        day = self.day.date()
        account = self.accounts[self.account.currentIndex()].code if self.accounts else "11010"
        op = self.ctx.run_write(
            self, lambda s, user: post_collection(s, date=day, amounts=amounts, user=user,
                                                  cash_account=account),
            what="members", label=_("Posting"), on_success=lambda _r: self.accept())
        op.setParent(self)
