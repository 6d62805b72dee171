"""The receipt/payment form (บันทึกรับ-จ่าย): typed from the keyboard, Enter posts.

Fields in the order a bookkeeper reads a paper voucher: date (BE, the working date by
default), kind, category (income or expense account, type-ahead on code or Thai name),
amount, money account (cash or a bank), counterpart, description, evidence. Enter posts
through the services; the voucher number shows at once and the form is ready for the
next one (date, kind and money account are kept). A problem is shown in Thai under its
field and nothing is posted. Ctrl+P prints the receipt of the last receipt posted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services import cashbook as svc
from app.services.chart import cash_and_bank_accounts
from app.ui import errors, labels
from app.ui.context import LEDGER, FundContext
from app.ui.ops import Op, run_op
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit


def write_op(ctx: FundContext, parent: QWidget, work: Callable[[Any, str], Any], *,
             on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None],
             label: str) -> Op:
    """Like FundContext.run_write, with the form's own failure path (errors at fields)."""
    db, user = ctx.db, ctx.username

    def job() -> Any:
        with db.write() as s:
            return work(s, user)

    def done(result: Any) -> None:
        on_success(result)
        ctx.changed.emit(LEDGER)

    return run_op(parent, job, on_success=done, on_failure=on_failure, label=label)


def field_error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def ask_confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, _("Kongtun"), text)
    return answer == QMessageBox.StandardButton.Yes


class CashEntryDialog(QDialog):
    """Enter receipts and payments one after another; Esc closes."""

    #: How a warning is confirmed (tests replace it).
    confirm: Callable[[QWidget, str], bool] = staticmethod(ask_confirm)

    def __init__(self, ctx: FundContext, parent: QWidget | None = None, *,
                 draft: svc.CashEntryDraft | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Record a receipt or payment"))
        self.setMinimumWidth(640)
        self.posted: list[Any] = []
        with ctx.db.read() as s:
            day = svc.working_date_of(s)
            self._cats = {k: svc.categories(s, kind=k) for k in ("receipt", "payment")}
            money = cash_and_bank_accounts(s)
        self.date_edit = BeDateEdit(pivot=day)
        self.date_edit.set_date(day)
        self.kind_combo = QComboBox()
        for code in ("receipt", "payment"):
            self.kind_combo.addItem(labels.entry_kind(code), code)
        self.category_combo = QComboBox()
        self.category_combo.setEditable(True)
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.category_combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.amount_edit = MoneyEdit()
        self.money_combo = QComboBox()
        for a in money:
            self.money_combo.addItem(f"{a.code} {a.name_th}", a.code)
        self.counterpart_edit = QLineEdit()
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText(_("(the category's name when left empty)"))
        self.evidence_edit = QLineEdit()
        self.errors = {k: field_error_label() for k in ("kind", "category", "money", "form")}
        self.result_label = QLabel(_("Enter posts the entry; Esc closes."))
        self.result_label.setObjectName("subheading")
        self._build()
        self.kind_combo.currentIndexChanged.connect(self._fill_categories)
        self._fill_categories()
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_receipt)
        if draft is not None:
            self.load_draft(draft)
        self.kind_combo.setFocus()  # the date is the working date: start at the kind

    def _build(self) -> None:
        form = QFormLayout()
        rows = ((_("Date"), self.date_edit, None), (_("Kind"), self.kind_combo, "kind"),
                (_("Category"), self.category_combo, "category"),
                (_("Amount"), self.amount_edit, None),
                (_("Cash or bank"), self.money_combo, "money"),
                (_("Counterpart"), self.counterpart_edit, None),
                (_("Description"), self.description_edit, None),
                (_("Evidence"), self.evidence_edit, None))
        for text, widget, err in rows:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            if err:
                box.addWidget(self.errors[err])
            form.addRow(text, box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.result_label)

    def _fill_categories(self) -> None:
        kind = self.kind_combo.currentData()
        self.category_combo.clear()
        for c in self._cats[kind]:
            self.category_combo.addItem(f"{c.code} {c.name_th}", c.code)
        self.category_combo.setCurrentIndex(-1)
        self.category_combo.setEditText("")

    # ---- reading and filling

    def category_code(self) -> str:
        text = self.category_combo.currentText().strip()
        for i in range(self.category_combo.count()):
            if self.category_combo.itemText(i) == text:
                return self.category_combo.itemData(i)
        head = text.split(" ", 1)[0]
        if head.isdigit():
            return head
        matches = [self.category_combo.itemData(i) for i in range(self.category_combo.count())
                   if text and text in self.category_combo.itemText(i)]
        return matches[0] if len(matches) == 1 else text

    def draft(self) -> svc.CashEntryDraft:
        return svc.CashEntryDraft(
            kind=self.kind_combo.currentData(), date=self.date_edit.date(),
            category_code=self.category_code(), amount=self.amount_edit.amount(),
            money_code=self.money_combo.currentData(), counterpart=self.counterpart_edit.text(),
            description=self.description_edit.text(), evidence_ref=self.evidence_edit.text())

    def load_draft(self, d: svc.CashEntryDraft) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(d.kind))
        self.date_edit.set_date(d.date)
        i = self.category_combo.findData(d.category_code)
        self.category_combo.setCurrentIndex(i)
        self.amount_edit.set_amount(d.amount)
        self.money_combo.setCurrentIndex(max(0, self.money_combo.findData(d.money_code)))
        self.counterpart_edit.setText(d.counterpart)
        self.description_edit.setText(d.description)
        self.evidence_edit.setText(d.evidence_ref)

    def show_error(self, field: str, text: str) -> None:
        if field == "date":
            self.date_edit._set_error(text)  # noqa: SLF001 - the field's own error line
        elif field == "amount":
            self.amount_edit._set_error(text)  # noqa: SLF001
        else:
            label = self.errors.get(field, self.errors["form"])
            label.setText(text)
            label.show()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.setText("")

    def field_errors(self) -> dict[str, str]:
        """Every message shown at a field now (for tests and a quick look)."""
        out = {k: v.text() for k, v in self.errors.items() if v.text()}
        for k, w in (("date", self.date_edit), ("amount", self.amount_edit)):
            if w.error():
                out[k] = w.error()
        return out

    # ---- posting

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self, *, confirmed: bool = False) -> None:
        """Check the fields, then post on the worker; errors land under their fields."""
        self.clear_errors()
        ok_date, ok_amount = self.date_edit.check(), self.amount_edit.check()
        if not (ok_date and ok_amount):
            return
        draft = self.draft()
        run = write_op(self.ctx, self, lambda s, u: svc.post_cash_entry(
            s, draft=draft, user=u, confirmed=confirmed), on_success=self._posted,
            on_failure=lambda exc: self._failed(exc), label=_("Posting…"))
        self._op = run

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, svc.NeedsConfirmation):
            if self.confirm(self, str(exc)):
                self.submit(confirmed=True)
            else:
                self.show_error("amount", str(exc))
            return
        field = getattr(exc, "field", None)
        if field is not None:
            self.show_error(field, str(exc))
            return
        self.show_error("form", errors.error_text(exc))

    def _posted(self, entry: Any) -> None:
        self.posted.append(entry)
        self.result_label.setText(_("Posted {voucher}: {amount} baht").format(
            voucher=entry.voucher_no, amount=format_amount(entry.total_satang)))
        for w in (self.counterpart_edit, self.description_edit, self.evidence_edit):
            w.clear()
        self.amount_edit.set_amount(None)
        self.category_combo.setCurrentIndex(-1)
        self.category_combo.setEditText("")
        self.kind_combo.setFocus()

    def print_receipt(self) -> None:
        """Ctrl+P: the receipt (original and copy) of the last receipt posted here."""
        receipts = [e for e in self.posted if e.kind == "receipt"]
        if receipts:
            print_receipt(self, self.ctx, receipts[-1].voucher_no)


def print_receipt(parent: QWidget, ctx: FundContext, voucher_no: str) -> Op:
    from app.reports import catalog
    from app.reports.pdf import PrintOptions
    from app.ui import printing

    request = printing.ReportRequest(catalog.report_spec("receipt"), entry=voucher_no,
                                     options=PrintOptions(printed_on=ctx.working_date()))
    return run_op(parent, lambda progress: printing.build_pages(ctx.db, request, progress),
                  on_success=lambda pages: printing.print_with_dialog(
                      parent, pages, request.file_stem()),
                  label=_("Preparing {title}…").format(title=request.title()))
