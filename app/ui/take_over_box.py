"""The box in the consolidation dialog where a household's debts to other funds are taken
over (seed 004: the new lender's one contract covers what the household owes every group).

Each debt still owed on the day is a tick box; the fund pays the ticked ones off from the
cash or bank account chosen here, and their total (restructure.taken_over_satang) is added
to the new contract. Nothing is
ticked at first: taking a debt over means money leaves the fund, so it is always a choice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services.household_debts import ExternalDebtRow


class TakeOverBox(QWidget):
    """Tick the debts elsewhere to take over; choose the money that pays them."""

    changed = Signal()

    def __init__(self, debts: list[ExternalDebtRow], accounts: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Debts to other funds taken over into this contract (the fund pays "
                         "the creditor on the day)"))
        title.setObjectName("subheading")
        title.setWordWrap(True)
        self.list = QListWidget()
        for d in debts:
            item = QListWidgetItem(_("{creditor} {amount} baht ({name})").format(
                creditor=d.creditor, amount=format_amount(d.amount_satang), name=d.name))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        rows = max(min(len(debts), 3), 1)
        self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth()
                                 + 4)
        self.money = QComboBox()
        for label, code in accounts:
            self.money.addItem(label, code)
        money_row = QHBoxLayout()
        money_row.addWidget(QLabel(_("Paid from")))
        money_row.addWidget(self.money, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list)
        layout.addLayout(money_row)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.setVisible(bool(debts))

    def chosen_ids(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def money_account(self) -> str:
        return self.money.currentData() or "11010"
