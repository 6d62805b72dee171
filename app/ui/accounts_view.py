"""บัญชี: the journal viewer and the chart of accounts (ผังบัญชี), as two tabs.

The chart shows each account's code, Thai name, group, kind and its balance on the
working date, on the account's normal side, from `balances.account_balances`.
Ctrl+PgUp / Ctrl+PgDown (Qt's tab keys) switch between the two tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.money import format_amount
from app.services.balances import account_balances
from app.services.chart import AccountRow, list_accounts
from app.services.fund import working_date
from app.thai import format_date
from app.ui import labels
from app.ui.context import FundContext
from app.ui.journal_view import JournalView
from app.ui.models import Column, RowTableModel
from app.ui.widgets.table import BigTable

NAME_COLUMN = 1


class ChartView(QWidget):
    """The chart of accounts with balances as of the working date."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._balances: dict[str, int] = {}
        self.title = QLabel()
        self.title.setObjectName("subheading")
        self.model = RowTableModel([
            Column(_("Account code"), lambda a: a.code),
            Column(_("Account name"), lambda a: labels.account_name(a.name_th, a.name_en)),
            Column(_("Group"), lambda a: labels.group_name(a.group)),
            Column(_("Account type"), lambda a: labels.account_kind(a.kind)),
            Column(_("Balance"), self._balance_text, right=True),
        ], self, muted=lambda a: not a.active)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.table.fit_columns(stretch=(NAME_COLUMN,))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    def _balance_text(self, account: AccountRow) -> str:
        return format_amount(self._balances.get(account.code, 0))

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            day = working_date(s)
            self._balances = {b.code: b.balance_satang
                              for b in account_balances(s, as_of=day, include_empty=True)}
            accounts = list_accounts(s)
        self.title.setText(_("Balances on {date}").format(date=format_date(day)))
        self.model.set_rows(accounts)


class AccountsView(QTabWidget):
    """Journal and chart of accounts, side by side as tabs."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = JournalView(ctx)
        self.chart = ChartView(ctx)
        self.addTab(self.journal, _("Journal"))
        self.addTab(self.chart, _("Chart of accounts"))
        # Coming to this screen lands in the current tab's table, not on the tab bar.
        self.setFocusProxy(self.journal)
        self.currentChanged.connect(self._tab_changed)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.step_tab(step),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def step_tab(self, step: int) -> None:
        self.setCurrentIndex((self.currentIndex() + step) % self.count())

    def _tab_changed(self, _index: int) -> None:
        self.setFocusProxy(self.currentWidget())
        self.currentWidget().setFocus()

    def refresh(self) -> None:
        self.journal.refresh()
        self.chart.refresh()
