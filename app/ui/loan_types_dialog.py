"""ประเภทเงินกู้: the loan types of the fund's rules (ระเบียบเงินกู้), listed and edited.

Opened from ตั้งค่า. The list shows each type as the committee reads its rules:
ceiling, interest, term, repayment, the guarantors each amount band needs (in words,
"ไม่ต้องมีผู้ค้ำถึง 30,000 บาท เกินนั้น 2 คน"), the guarantee cap and the late fine.
Below it one form adds a new type or changes the one chosen in the list. The
guarantor bands are typed as rows ("up to X baht: N people", then "above that: N")
and written into the service's band text ("30000=0;*=2"; `app.ui.guarantor_bands`).

Enter saves through `app.services.loan_rules.save_loan_type` on the ops runner (one
writer); Esc closes. Every rule is the service's: a refusal comes back as its Thai
message in red and nothing changes. A rate above 15 % a year (`RateWarning`) is
asked as ใช่ / ไม่ใช่, and only ใช่ saves, with the service's confirmation flag. A
change applies to new applications only: a contract keeps the terms it was made on.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import _
from app.money import from_satang, to_satang
from app.services.chart import list_accounts
from app.services.loan_rules import (
    LOAN_ACCOUNTS,
    LoanTypeRow,
    RateWarning,
    list_loan_types,
    save_loan_type,
)
from app.services.schedule import FLAT, LUMP_SUM, METHODS, PATTERNS
from app.ui import errors, labels
from app.ui.context import FundContext
from app.ui.guarantor_bands import BandsEditor, baht_text, bands_words
from app.ui.loan_dialogs import LOANS, ask_yes_no
from app.ui.loan_words import method_word, pattern_word
from app.ui.models import Column, RowTableModel
from app.ui.ops import Op, run_op
from app.ui.restructure_dialog import RateEdit
from app.ui.widgets.money_edit import MoneyEdit
from app.ui.widgets.table import BigTable

#: What a new type starts from: the village norm of the default ordinary loan.
NEW_TYPE = LoanTypeRow(0, "", "", "13010", 0, FLAT, Decimal(6), 12, LUMP_SUM, "*=0",
                       50_000_00, 5_00, 1_000_00, True)


def type_columns() -> tuple[Column, ...]:
    return (
        Column(_("Loan type"), lambda t: t.name_th),
        Column(_("Account"), lambda t: t.account_code),
        Column(_("Ceiling"), lambda t: baht_text(t.ceiling_satang), right=True),
        Column(_("Interest a year"), lambda t: _("{rate} %, {method}").format(
            rate=f"{t.rate_percent.normalize():f}", method=method_word(t.method))),
        Column(_("Term and repayment"), lambda t: _("{months} months, {pattern}").format(
            months=t.term_months, pattern=pattern_word(t.pattern))),
        Column(_("Guarantors"), lambda t: bands_words(t.guarantor_bands)),
        Column(_("Guarantee cap"), lambda t: baht_text(t.guarantee_cap_satang), right=True),
        Column(_("Late fine"), lambda t: _("{fine} a day, at most {cap}").format(
            fine=baht_text(t.fine_per_day_satang), cap=baht_text(t.fine_cap_satang))),
        Column(_("Status"), lambda t: _("In use") if t.active else _("Not in use")),
    )


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setVerticalSpacing(8)  # not the 24 between the two forms it would inherit
    return form


class TypeTable(BigTable):
    """The list; Enter moves to the form (`chosen`) instead of saving it unchanged."""

    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.chosen.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class LoanTypesDialog(QDialog):
    """The fund's loan types: the list, and a form to add one or change the chosen one."""

    #: How a question is asked: (parent, text, default_yes=False) -> yes? Tests replace it.
    confirm = staticmethod(ask_yes_no)

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.types: list[LoanTypeRow] = []
        self.editing = NEW_TYPE
        self.op: Op | None = None
        with ctx.db.read() as s:
            accounts = {a.code: labels.account_name(a.name_th, a.name_en)
                        for a in list_accounts(s) if a.code in LOAN_ACCOUNTS}
        self.setWindowTitle(_("Loan types of the fund"))
        self._build(accounts)
        self.reload()

    # ---- building

    def _build(self, accounts: dict[str, str]) -> None:
        heading = QLabel(_("Loan types of the fund"))
        heading.setObjectName("heading")
        self.model = RowTableModel(type_columns(), self,
                                   muted=lambda t: not t.active)
        self.table = TypeTable()
        self.table.setModel(self.model)
        self.table.fit_columns(stretch=(5,))
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows * 3 + 6)  # the header and two types at least
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.chosen.connect(lambda: self.name.setFocus())
        self.new_button = QPushButton(_("Add a loan type (Ctrl+N)"))
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_type)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_type)
        self.form_heading = QLabel()
        self.form_heading.setObjectName("subheading")
        note = QLabel(_("Changes apply to new applications only: contracts already made keep "
                        "the terms they were made on."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.hide()
        self.save_button = QPushButton(_("Save the loan type (Enter)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button = QPushButton(_("Close (Esc)"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.new_button)
        form_row = QHBoxLayout()
        form_row.setSpacing(24)
        form_row.addLayout(self._terms_form(accounts), 1)
        form_row.addLayout(self._guarantee_form(), 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_heading)
        layout.addWidget(note)
        layout.addLayout(form_row)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(1340, 720)  # fits a 1366 x 768 laptop screen

    def _terms_form(self, accounts: dict[str, str]) -> QFormLayout:
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. farm loan"))
        self.code = QLineEdit()
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(_("e.g. farm"))
        self.account = QComboBox()
        for code in LOAN_ACCOUNTS:
            self.account.addItem(f"{code} {accounts.get(code, '')}".strip(), code)
        self.ceiling = MoneyEdit(allow_zero=True)  # zero: the service says why not
        self.method, self.pattern = QComboBox(), QComboBox()
        for code in METHODS:
            self.method.addItem(method_word(code), code)
        for code in PATTERNS:
            self.pattern.addItem(pattern_word(code), code)
        self.rate = RateEdit()
        self.term = QSpinBox()
        self.term.setRange(1, 360)
        self.term.setSuffix(_(" months"))
        form = _form()
        for label, w in ((_("Name of the loan type"), self.name), (_("Code"), self.code),
                         (_("Loan-receivable account"), self.account),
                         (_("Ceiling (baht)"), self.ceiling),
                         (_("How interest is counted"), self.method),
                         (_("Interest rate, % a year"), self.rate),
                         (_("Term"), self.term), (_("How it is repaid"), self.pattern)):
            form.addRow(label, w)
        return form

    def _guarantee_form(self) -> QFormLayout:
        self.bands = BandsEditor()
        self.bands.laid_out.connect(self._set_tab_order)
        self.guarantee_cap = MoneyEdit(allow_zero=True)
        self.fine_per_day = MoneyEdit(allow_zero=True)
        self.fine_cap = MoneyEdit(allow_zero=True)
        self.active = QCheckBox(_("In use for new applications"))
        form = _form()
        form.addRow(_("Guarantors needed"), self.bands)
        form.addRow(_("Each guarantor at most (baht)"), self.guarantee_cap)
        form.addRow(_("Late fine a day (baht)"), self.fine_per_day)
        form.addRow(_("Fine at most, a loan (baht)"), self.fine_cap)
        form.addRow("", self.active)
        return form

    def _set_tab_order(self) -> None:
        order: list[QWidget] = [self.table, self.name, self.code, self.account, self.ceiling,
                                self.method, self.rate, self.term, self.pattern,
                                self.bands.first_field()]
        tail: list[QWidget] = [self.bands.last_field(), self.guarantee_cap, self.fine_per_day,
                               self.fine_cap, self.active, self.save_button, self.close_button,
                               self.new_button]
        for seq in (order, tail):
            for before, after in zip(seq, seq[1:], strict=False):
                QWidget.setTabOrder(before, after)

    # ---- the list and the form

    def reload(self, select_id: int | None = None) -> None:
        """Read the types again; choose `select_id` (else the first) and show it."""
        with self.ctx.db.read() as s:
            self.types = list_loan_types(s)
        self.model.set_rows(self.types)
        ids = [t.id for t in self.types]
        row = ids.index(select_id) if select_id in ids else 0
        if self.types:
            self.table.selectRow(row)
            self.show_type(self.types[row])
        else:
            self.new_type()

    def _row_changed(self, current, _previous) -> None:  # noqa: ANN001 - Qt's indexes
        if 0 <= current.row() < len(self.types):
            self.show_type(self.types[current.row()])

    def new_type(self) -> None:
        """An empty form for a new type (the village norm filled in)."""
        self.table.clearSelection()
        self.show_type(NEW_TYPE)
        self.name.setFocus()

    def show_type(self, t: LoanTypeRow) -> None:
        self.editing = t
        self.form_heading.setText(_("Changing the loan type: {name}").format(name=t.name_th)
                                  if t.id else _("Adding a new loan type"))
        self.name.setText(t.name_th)
        self.code.setText(t.code)
        self.account.setCurrentIndex(max(self.account.findData(t.account_code), 0))
        self.ceiling.set_amount(from_satang(t.ceiling_satang) if t.ceiling_satang else None)
        self.method.setCurrentIndex(max(self.method.findData(t.method), 0))
        self.rate.set_value(t.rate_percent)
        self.term.setValue(t.term_months)
        self.pattern.setCurrentIndex(max(self.pattern.findData(t.pattern), 0))
        self.bands.set_bands(t.guarantor_bands)
        self.guarantee_cap.set_amount(from_satang(t.guarantee_cap_satang))
        self.fine_per_day.set_amount(from_satang(t.fine_per_day_satang))
        self.fine_cap.set_amount(from_satang(t.fine_cap_satang))
        self.active.setChecked(t.active)
        self.show_error("")

    def form_row(self) -> LoanTypeRow | None:
        """The form as the service's row; None when a field cannot be read (it says why)."""
        edits = (self.ceiling, self.rate, self.guarantee_cap, self.fine_per_day, self.fine_cap)
        if not all([e.check() for e in edits]):  # a list: every field shows its problem
            return None
        bands = self.bands.bands_text()
        if bands is None:
            return None
        return LoanTypeRow(
            self.editing.id, self.code.text(), self.name.text(), self.account.currentData(),
            to_satang(self.ceiling.amount() or 0), self.method.currentData(), self.rate.value(),
            self.term.value(), self.pattern.currentData(), bands,
            to_satang(self.guarantee_cap.amount() or 0), to_satang(self.fine_per_day.amount() or 0),
            to_satang(self.fine_cap.amount() or 0), self.active.isChecked())

    # ---- saving

    def save(self, *, confirmed: bool = False) -> None:
        """Enter: save through the service (a refusal is shown, nothing changes)."""
        if self.op is not None and not self.op.is_finished:
            return
        self.show_error("")
        self.status.hide()
        row = self.form_row()
        if row is None:
            return
        db, user = self.ctx.db, self.ctx.username

        def job() -> LoanTypeRow:
            with db.write() as s:
                return _save(s, row, user=user, confirmed=confirmed)

        self.save_button.setEnabled(False)
        self.op = run_op(self, job, on_success=self._saved,
                         on_failure=lambda exc: self._refused(exc, confirmed),
                         label=_("Saving the loan type…"))

    def _saved(self, row: LoanTypeRow) -> None:
        self.save_button.setEnabled(True)
        self.reload(select_id=row.id)
        self.status.setText(_("Saved: {name}. New applications use it from now on.").format(
            name=row.name_th))
        self.status.show()
        self.ctx.changed.emit(LOANS)
        self.table.setFocus()

    def _refused(self, exc: BaseException, confirmed: bool) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, RateWarning) and not confirmed:
            if self.confirm(self, str(exc)):
                self.save(confirmed=True)
            else:
                self.show_error(_("Not saved: the rate was not confirmed."))
            return
        self.show_error(errors.error_text(exc))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            QApplication.beep()

    def error_text(self) -> str:
        """The refusal shown now ('' when none)."""
        return self.error.text() if not self.error.isHidden() else ""

    def reject(self) -> None:
        """Esc closes, except while a save is being written (it finishes in a moment)."""
        if self.op is not None and not self.op.is_finished:
            return
        super().reject()


def _save(s: Session, row: LoanTypeRow, *, user: str, confirmed: bool) -> LoanTypeRow:
    return save_loan_type(s, row, user=user, confirm_high_rate=confirmed)
