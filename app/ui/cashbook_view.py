"""สมุดเงินสด: the book of cash and of each bank account for a month, with the running
balance, instant filters, the day's totals, and every cash-book action by keyboard.

A month of every money account is loaded once from `services.cashbook.cash_book`;
choosing another account, a kind or typing a filter then works on the loaded rows.
F2 receipt/payment, F3 deposit/withdraw/transfer, F4 passbook check, F5 cash count,
F8 cancel and re-enter, Ctrl+P receipt, F9 month close.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services.cashbook import (
    CashBook,
    CashBookRow,
    CashEntryDraft,
    cancel_and_redraft,
    cash_book,
)
from app.services.periods import list_periods, month_end
from app.thai import format_date, format_month
from app.ui import errors, labels
from app.ui.cashbook_entry import CashEntryDialog, print_receipt, write_op
from app.ui.context import FundContext
from app.ui.models import Column, RowFilterProxy, RowTableModel
from app.ui.widgets.table import BigTable


def book_columns() -> list[Column]:
    return [
        Column(_("Date"), lambda r: format_date(r.date)),
        Column(_("Voucher no."), lambda r: r.voucher_no),
        Column(_("Kind"), lambda r: labels.entry_kind(r.kind)),
        Column(_("Description"), lambda r: r.description),
        Column(_("Counterpart"), lambda r: r.counterpart),
        Column(_("Evidence"), lambda r: r.evidence_ref),
        Column(_("Received"), lambda r: format_amount(r.in_satang, blank_zero=True), right=True),
        Column(_("Paid"), lambda r: format_amount(r.out_satang, blank_zero=True), right=True),
        Column(_("Balance"), lambda r: format_amount(r.balance_satang), right=True, bold=True),
    ]


class CashbookView(QWidget):
    """The cash book screen."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.book: CashBook | None = None
        self.month_combo = QComboBox()
        self.account_combo = QComboBox()
        self.account_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.account_combo.setMinimumContentsLength(16)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("All kinds"), None)
        for code in labels.ENTRY_KIND_CODES:
            self.kind_combo.addItem(labels.entry_kind(code), code)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Search: voucher, description, name, amount"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        self.today_button = QPushButton(_("Today"))
        self.today_button.setCheckable(True)
        self.today_button.setToolTip(_("Only the working date's entries, with the day's totals"))
        self.model = RowTableModel(book_columns(), self, muted=lambda r: r.cancelled)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = BigTable()
        self.table.setModel(self.proxy)
        self.table.fit_columns(stretch=(3, 4))  # the figures stay in view
        self.summary = QLabel()
        self.summary.setObjectName("subheading")
        self.day_label = QLabel()
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self.setFocusProxy(self.table)
        self.month_combo.activated.connect(lambda _i: self._pick_month())
        self.account_combo.currentIndexChanged.connect(lambda _i: self._show_account())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.filter_edit.textChanged.connect(self._filter_text)
        self.today_button.toggled.connect(self.show_today)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter_edit.setFocus)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_selected).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _build(self) -> None:
        bar = QHBoxLayout()
        for text, w in ((_("Month"), self.month_combo), (_("Account"), self.account_combo),
                        (_("Kind"), self.kind_combo)):
            label = QLabel(text)
            label.setBuddy(w)
            bar.addWidget(label)
            bar.addWidget(w)
        bar.addWidget(self.today_button)
        bar.addWidget(self.filter_edit, 1)
        actions = QGridLayout()
        specs = (("entry", _("Receipt or payment (F2)"), "F2", self.new_entry),
                 ("bank", _("Deposit / withdraw / transfer (F3)"), "F3", self.bank_transfer),
                 ("interest", _("Bank interest"), None, lambda: self.bank_item("43010")),
                 ("fee", _("Bank fee"), None, lambda: self.bank_item("53010")),
                 ("check", _("Passbook check (F4)"), "F4", self.bank_check),
                 ("count", _("Cash count (F5)"), "F5", self.cash_count),
                 ("correct", _("Cancel and re-enter (F8)"), "F8", self.cancel_and_reenter),
                 ("receipt", _("Print receipt (Ctrl+P)"), None, self.print_selected),
                 ("close", _("Close the month (F9)"), "F9", self.month_close))
        for i, (key, text, shortcut, slot) in enumerate(specs):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            actions.addWidget(b, i // 5, i % 5)
            if shortcut:
                QShortcut(QKeySequence(shortcut), self, slot).setContext(
                    Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.day_label)
        layout.addWidget(self.count_label)

    # ---- loading

    def refresh(self) -> None:
        """Reload the months and the book (the fund changed)."""
        day = self.ctx.working_date()
        current = self.month_combo.currentData()
        with self.ctx.db.read() as s:
            periods = list_periods(s)
        self.month_combo.clear()
        for p in periods:
            self.month_combo.addItem(format_month(p.year, p.month) + (
                "" if p.is_open else f" ({labels.period_state(p.state)})"), (p.year, p.month))
        wanted = current or (day.year, day.month)
        self.month_combo.setCurrentIndex(max(0, self.month_index(wanted)))
        self._load()

    def month_index(self, ym: tuple[int, int]) -> int:
        """The month's place in the month list (-1 when it is in no fiscal year)."""
        for i in range(self.month_combo.count()):
            if tuple(self.month_combo.itemData(i)) == tuple(ym):
                return i
        return -1

    def show_today(self, on: bool = True) -> None:
        """วันนี้: only the working date's entries (a date filter), with the day's totals;
        off again shows the whole month."""
        if self.today_button.isChecked() != on:
            self.today_button.setChecked(on)  # toggled calls back here
            return
        if on:
            day = self.ctx.working_date()
            i = self.month_index((day.year, day.month))
            if i >= 0 and i != self.month_combo.currentIndex():
                self.month_combo.setCurrentIndex(i)
                self._load()
                return
        self._show_account()

    def today_filter(self) -> dt.date | None:
        """The day shown alone (the working date), or None for the whole month."""
        return self.ctx.working_date() if self.today_button.isChecked() else None

    def _pick_month(self) -> None:
        self.today_button.blockSignals(True)
        self.today_button.setChecked(False)  # another month: the whole month
        self.today_button.blockSignals(False)
        self._load()

    def _load(self) -> None:
        ym = self.month_combo.currentData()
        if ym is None:
            return
        ym = tuple(ym)
        with self.ctx.db.read() as s:
            self.book = cash_book(s, start=dt.date(ym[0], ym[1], 1), end=month_end(*ym))
        code = self.account_combo.currentData()
        self.account_combo.blockSignals(True)
        self.account_combo.clear()
        for a in self.book.accounts:
            self.account_combo.addItem(f"{a.code} {labels.account_name(a.name_th, a.name_en)}",
                                       a.code)
        self.account_combo.setCurrentIndex(max(0, self.account_combo.findData(code)))
        self.account_combo.blockSignals(False)
        self._show_account()

    def account_book(self) -> Any:
        code = self.account_combo.currentData()
        return next((a for a in self.book.accounts if a.code == code), None) if self.book else None

    def _show_account(self) -> None:
        a = self.account_book()
        self.model.set_rows(a.rows if a else [])
        self._apply_filters()
        if a is None:
            return
        today = self.today_filter()
        if today is not None:
            before = [r for r in a.rows if r.date < today]
            opening = before[-1].balance_satang if before else a.opening_satang
            got, paid = self.book.day_totals(today).get(a.code, (0, 0))
            self.summary.setText(_("{date}: brought forward {opening}   Received {received}   "
                                   "Paid {paid}   Carried forward {closing}").format(
                date=format_date(today), opening=format_amount(opening),
                received=format_amount(got), paid=format_amount(paid),
                closing=format_amount(opening + got - paid)))
        else:
            self.summary.setText(_("Brought forward {opening}   Received {received}   "
                                   "Paid {paid}   Carried forward {closing}").format(
                opening=format_amount(a.opening_satang),
                received=format_amount(a.total_in_satang),
                paid=format_amount(a.total_out_satang), closing=format_amount(a.closing_satang)))
        day = self.ctx.working_date()
        got, paid = self.book.day_totals(day).get(a.code, (0, 0))
        self.day_label.setText(_("Totals of {date}: received {received}, paid {paid}").format(
            date=format_date(day), received=format_amount(got), paid=format_amount(paid)))
        self._update_count()

    def _apply_filters(self) -> None:
        """The kind and the day (วันนี้) as one predicate; typed text filters on top."""
        kind, day = self.kind_combo.currentData(), self.today_filter()
        if kind is None and day is None:
            self.proxy.set_predicate(None)
        else:
            self.proxy.set_predicate(lambda r: (kind is None or r.kind == kind)
                                     and (day is None or r.date == day))
        self._update_count()

    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(_("{shown} of {total} entries shown").format(
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    def selected(self) -> CashBookRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    # ---- actions

    def new_entry(self, draft: CashEntryDraft | None = None) -> CashEntryDialog:
        dlg = CashEntryDialog(self.ctx, self, draft=draft if isinstance(draft, CashEntryDraft)
                              else None)
        dlg.finished.connect(lambda _r: self._load())
        dlg.open()
        return dlg

    def bank_item(self, category: str) -> CashEntryDialog:
        code = self.account_combo.currentData()
        code = code if code and code != "11010" else "11020"
        kind = "receipt" if category.startswith("4") else "payment"
        return self.new_entry(CashEntryDraft(kind=kind, date=self.ctx.working_date(),
                                             category_code=category, amount=None,
                                             money_code=code))

    def bank_transfer(self) -> QWidget:
        from app.ui.bank_view import BankTransferDialog

        dlg = BankTransferDialog(self.ctx, self)
        dlg.finished.connect(lambda _r: self._load())
        dlg.open()
        return dlg

    def bank_check(self) -> QWidget:
        from app.ui.bank_view import BankCheckDialog, bank_check_text

        dlg = BankCheckDialog(self.ctx, self)
        dlg.accepted.connect(lambda: errors.show_info(self, bank_check_text(dlg.result_row)))
        dlg.open()
        return dlg

    def cash_count(self) -> QWidget:
        from app.ui.cash_count_dialog import CashCountDialog

        dlg = CashCountDialog(self.ctx, self)
        dlg.finished.connect(lambda _r: self._load())
        dlg.open()
        return dlg

    def month_close(self) -> QWidget:
        from app.ui.month_close_dialog import MonthCloseDialog

        ym = self.month_combo.currentData()
        dlg = MonthCloseDialog(self.ctx, *ym, parent=self)
        dlg.finished.connect(lambda _r: self.refresh())
        dlg.open()
        return dlg

    def cancel_and_reenter(self, reason: str | None = None) -> None:
        """ยกเลิกและบันทึกใหม่: reverse the selected entry (reason required), then open the
        form pre-filled with it."""
        row = self.selected()
        if row is None or row.cancelled or row.cancels:
            return
        if not isinstance(reason, str):
            reason, ok = QInputDialog.getText(self, _("Cancel and re-enter"),
                                              _("Reason for cancelling {voucher}:").format(
                                                  voucher=row.voucher_no))
            if not ok:
                return
        day = max(self.ctx.working_date(), row.date)
        write_op(self.ctx, self, lambda s, u: cancel_and_redraft(
            s, entry_id=row.entry_id, date=day, reason=reason, user=u),
            on_success=lambda result: (self._load(), self.new_entry(result[1])),
            on_failure=lambda exc: errors.show_error(self, exc), label=_("Cancelling…"))

    def print_selected(self) -> None:
        row = self.selected()
        if row is None or row.kind != "receipt":
            errors.show_info(self, _("Choose a receipt (RV) in the list to print it."))
            return
        print_receipt(self, self.ctx, row.voucher_no)
