"""หน้าหลัก: the fund at a glance on the working date.

Cash and each bank account, their total, this month's money in and out, the number
of entries this month and the date of the last entry. Every figure comes from
`app.services.balances.dashboard`; this screen only formats and places them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.i18n import _
from app.money import format_amount
from app.services.balances import Dashboard, dashboard
from app.services.fund import working_date
from app.thai import format_date, format_month
from app.ui.context import FundContext
from app.ui.labels import account_name

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DashboardView(QWidget):
    """The figures of `balances.dashboard(as_of=working date)`, laid out to be read aloud."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.figures: dict[str, str] = {}  # key -> text shown (for tests and screen readers)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self._body = QWidget()
        self._grid = QGridLayout(self._body)
        self._grid.setHorizontalSpacing(32)
        self._grid.setVerticalSpacing(10)
        self._grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            d = dashboard(s, as_of=working_date(s))
        self.show_dashboard(d)

    # ---- layout

    def show_dashboard(self, d: Dashboard) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.figures.clear()
        self.heading.setText(_("The fund on {date}").format(date=format_date(d.as_of, "long")))
        row = self._section(0, _("Cash and bank balances"))
        for b in d.cash_and_bank:
            row = self._figure(row, f"balance:{b.code}", account_name(b.name_th, b.name_en),
                               format_amount(b.balance_satang))
        row = self._figure(row, "total_cash_and_bank", _("Total cash and bank"),
                           format_amount(d.total_cash_and_bank_satang), bold=True)
        month = format_month(d.as_of.year, d.as_of.month)
        row = self._section(row, _("This month: {month} (up to {date})").format(
            month=month, date=format_date(d.as_of)))
        row = self._figure(row, "month_receipts", _("Money received"),
                           format_amount(d.month_receipts_satang))
        row = self._figure(row, "month_payments", _("Money paid out"),
                           format_amount(d.month_payments_satang))
        row = self._figure(row, "month_entries", _("Entries this month"),
                           str(d.month_entry_count), unit="")
        last = format_date(d.last_entry_date) if d.last_entry_date else _("No entries yet")
        self._figure(row, "last_entry", _("Last entry dated"), last, unit="")

    def _section(self, row: int, title: str) -> int:
        label = QLabel(title)
        label.setObjectName("subheading")
        if row:
            label.setContentsMargins(0, 18, 0, 0)
        self._grid.addWidget(label, row, 0, 1, 3)
        return row + 1

    def _figure(self, row: int, key: str, name: str, value: str, *, bold: bool = False,
                unit: str | None = None) -> int:
        name_label = QLabel(name)
        value_label = QLabel(value)
        value_label.setAlignment(_RIGHT)
        unit_label = QLabel(_("baht") if unit is None else unit)
        for label in (name_label, value_label, unit_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if bold:
                label.setObjectName("total")
        self._grid.addWidget(name_label, row, 0)
        self._grid.addWidget(value_label, row, 1)
        self._grid.addWidget(unit_label, row, 2)
        self.figures[key] = value
        return row + 1
