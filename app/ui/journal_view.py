"""สมุดรายวัน: the journal of one month, filtered as you type, with the lines of an entry.

One month is loaded from `app.services.journal.list_entries`; the kind filter and the
text filter then work on the loaded rows (instant, no database round trip). A
cancelled entry stays in the list, greyed and struck through, marked ยกเลิกแล้ว, as
in a paper book. Selecting an entry shows its lines from `ledger.get_entry`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services.journal import EntryRow, list_entries
from app.services.ledger import PostedEntry, get_entry
from app.services.periods import list_periods, month_end
from app.thai import format_date, format_month
from app.ui import labels, printing
from app.ui.context import WORKING_DATE, FundContext
from app.ui.models import Column, RowFilterProxy, RowTableModel
from app.ui.widgets.table import BigTable


def entry_columns() -> list[Column]:
    return [
        Column(_("Voucher no."), lambda r: r.voucher_no),
        Column(_("Date"), lambda r: format_date(r.date)),
        Column(_("Kind"), lambda r: labels.entry_kind(r.kind)),
        Column(_("Description"), lambda r: r.description),
        Column(_("Counterpart"), lambda r: r.counterpart),
        Column(_("Amount"), lambda r: format_amount(r.amount_satang), right=True),
        Column(_("State"), lambda r: labels.entry_state(r.state)),
    ]


def line_columns() -> list[Column]:
    return [
        Column(_("Account code"), lambda ln: ln.account_code),
        Column(_("Account name"), lambda ln: ln.account_name),
        Column(_("Debit"), lambda ln: format_amount(ln.debit_satang, blank_zero=True), right=True),
        Column(_("Credit"), lambda ln: format_amount(ln.credit_satang, blank_zero=True),
               right=True),
        Column(_("Note"), lambda ln: ln.memo),
    ]


DESCRIPTION_COLUMN, COUNTERPART_COLUMN = 3, 4
LINE_NAME_COLUMN, LINE_NOTE_COLUMN = 1, 4


class JournalView(QWidget):
    """Month picker, kind and text filters, the entries, and the selected entry's lines."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._follow_working_date = True
        self.month_combo = QComboBox()
        self.month_combo.setMinimumContentsLength(14)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("All kinds"), None)
        for code in labels.ENTRY_KIND_CODES:
            self.kind_combo.addItem(labels.entry_kind(code), code)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Search: voucher, description, name, amount"))
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        self.model = RowTableModel(entry_columns(), self, muted=lambda r: r.state == "reversed")
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = BigTable()
        self.table.setModel(self.proxy)
        self.lines_title = QLabel()
        self.lines_title.setObjectName("subheading")
        self.lines_title.setWordWrap(True)
        self.lines_model = RowTableModel(line_columns(), self)
        self.print_button = QPushButton(_("Print voucher"))
        self.print_button.setToolTip("Ctrl+P")
        self.lines_table = BigTable()
        self.lines_table.setModel(self.lines_model)
        self.table.fit_columns(stretch=(DESCRIPTION_COLUMN, COUNTERPART_COLUMN))
        self.lines_table.fit_columns(stretch=(LINE_NAME_COLUMN, LINE_NOTE_COLUMN))
        self._build_layout()

        self.month_combo.activated.connect(self._month_chosen)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.filter_edit.textChanged.connect(self._text_typed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter_edit.setFocus)
        self.print_button.clicked.connect(self.print_voucher)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_voucher).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.changed.connect(self._on_changed)

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(12)
        for text, widget in ((_("Month"), self.month_combo), (_("Kind"), self.kind_combo)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.filter_edit, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 8, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.lines_title, 1)
        title_row.addWidget(self.print_button)
        bottom_layout.addLayout(title_row)
        bottom_layout.addWidget(self.lines_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(splitter)
        self.setTabOrder(self.month_combo, self.kind_combo)
        self.setTabOrder(self.kind_combo, self.filter_edit)
        self.setTabOrder(self.filter_edit, self.table)
        self.setTabOrder(self.table, self.lines_table)
        self.setTabOrder(self.lines_table, self.print_button)
        self.setFocusProxy(self.table)

    # ---- loading

    def refresh(self) -> None:
        """Reload the months and the chosen month's entries."""
        with self.ctx.db.read() as s:
            months = [(p.year, p.month) for p in list_periods(s)]
        current = self.month_combo.currentData()
        if self._follow_working_date or current not in months:
            wd = self.ctx.working_date()
            current = (wd.year, wd.month) if (wd.year, wd.month) in months else (
                months[-1] if months else None)
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        for year, month in months:
            self.month_combo.addItem(format_month(year, month), (year, month))
        if current is not None:
            self.month_combo.setCurrentIndex(months.index(current))
        self.month_combo.blockSignals(False)
        self._load_month()

    def set_month(self, year: int, month: int) -> None:
        """Show another month (as if picked in the month list)."""
        index = self.month_combo.findData((year, month))
        if index >= 0:
            self.month_combo.setCurrentIndex(index)
            self._month_chosen(index)

    def _load_month(self) -> None:
        ym = self.month_combo.currentData()
        rows: list[EntryRow] = []
        if ym is not None:
            year, month = ym
            with self.ctx.db.read() as s:
                rows = list_entries(s, start=dt.date(year, month, 1), end=month_end(year, month))
        self.model.set_rows(rows)
        self._show_lines(None)
        self._update_count()

    # ---- reactions

    def _on_changed(self, what: str) -> None:
        if what == WORKING_DATE:
            self._follow_working_date = True

    def _month_chosen(self, _index: int) -> None:
        self._follow_working_date = False
        self._load_month()

    def _kind_chosen(self, _index: int) -> None:
        kind = self.kind_combo.currentData()
        self.proxy.set_predicate(None if kind is None else (lambda r: r.kind == kind))
        self._update_count()

    def _text_typed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(_("{shown} of {total} entries shown").format(
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._show_lines(None)
            return
        row: EntryRow = self.proxy.row_at(rows[0].row())
        with self.ctx.db.read() as s:
            self._show_lines(get_entry(s, row.id))

    def print_voucher(self) -> None:
        """พิมพ์ใบสำคัญ: print the selected entry's voucher (Ctrl+P)."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            voucher = self.proxy.row_at(rows[0].row()).voucher_no
            printing.print_voucher(self, self.ctx.db, voucher,
                                   printed_on=self.ctx.working_date())

    def _show_lines(self, entry: PostedEntry | None) -> None:
        self.print_button.setEnabled(entry is not None)
        if entry is None:
            self.lines_title.setText(_("Select an entry to see its lines."))
            self.lines_model.set_rows([])
            return
        parts = [entry.voucher_no, format_date(entry.date), entry.description]
        if entry.state == "reversed":
            parts.append(labels.entry_state(entry.state))
        self.lines_title.setText("  ·  ".join(parts))
        self.lines_model.set_rows(entry.lines)
