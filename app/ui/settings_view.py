"""ตั้งค่า: the fund's identity, the working date, the fund's rules, text size and language.

The fund's rules (กฎของกองทุน) are the share price and the entry fee, fund settings
saved through `shares.set_share_rules` (validated there: a price above zero, a fee not
negative, no price that would leave members holding part of a share), and the loan
types (ceilings, interest, terms, guarantors, fines), kept in their own dialog
(`app.ui.loan_types_dialog`) opened from the same box.

The identity is shown read-only (from `fund.fund_info`). The working date is
changed through `fund.set_working_date` on the ops runner, and every screen is told.
Text size applies at once; the language applies when the program is next opened
(the screen says so). Both are app settings (`app.config`), not the fund's.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import config
from app.i18n import _
from app.money import format_amount, from_satang
from app.services.fund import FundInfo, fund_info, set_working_date
from app.services.shares import set_share_rules, share_rules
from app.thai import MONTHS_TH, format_date
from app.ui.context import WORKING_DATE, FundContext
from app.ui.fonts import apply_font
from app.ui.loan_types_dialog import LoanTypesDialog
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit

RULES = "members"  # what changes with the rules: share counts on the member screens
LANGUAGE_NAMES = (("th", "ไทย"), ("en", "English"))


class SettingsView(QScrollArea):
    """Settings of this computer and the fund's identity."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(18)
        heading = QLabel(_("Settings"))
        heading.setObjectName("heading")
        layout.addWidget(heading)
        layout.addWidget(self._working_date_box())
        layout.addWidget(self._rules_box())
        layout.addWidget(self._display_box())
        self.identity_form = QFormLayout()
        identity = QGroupBox(_("The fund"))
        identity.setLayout(self.identity_form)
        layout.addWidget(identity)
        layout.addStretch(1)
        self.setWidget(body)
        self.setFocusProxy(self.date_edit)

    def _working_date_box(self) -> QGroupBox:
        box = QGroupBox(_("Working date"))
        self.date_edit = BeDateEdit()
        self.date_edit.line_edit.setMinimumWidth(240)
        self.save_date_button = QPushButton(_("Change the working date"))
        self.date_status = QLabel()
        self.date_status.setObjectName("hint")
        self.date_status.hide()
        hint = QLabel(_("The date new entries are recorded on. It is kept apart from the "
                        "computer's clock, so last week's vouchers can be entered on their "
                        "own dates."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addWidget(self.save_date_button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.date_status)
        layout.addWidget(hint)
        self.save_date_button.clicked.connect(self.save_working_date)
        self.date_edit.accepted.connect(self.save_working_date)
        return box

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox(_("Fund rules"))
        self.price_edit = MoneyEdit()
        self.fee_edit = MoneyEdit(allow_zero=True)
        for edit in (self.price_edit, self.fee_edit):
            edit.line_edit.setMinimumWidth(160)
            edit.accepted.connect(self.save_rules)
        self.save_rules_button = QPushButton(_("Save the fund rules"))
        self.rules_status = QLabel()
        self.rules_status.setObjectName("hint")
        self.rules_status.hide()
        hint = QLabel(_("Shares are bought and refunded at the share price; the entry fee is "
                        "paid once, when a member joins, on the same receipt as the shares."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(_("Share price (baht a share)"), self.price_edit)
        form.addRow(_("Entry fee (baht)"), self.fee_edit)
        form.addRow("", self.save_rules_button)
        self.loan_types_button = QPushButton(_("Loan types…"))
        self.loan_types_button.clicked.connect(self.open_loan_types)
        loan_hint = QLabel(_("The ceiling, interest, term, guarantors and late fine of each "
                             "kind of loan."))
        loan_hint.setObjectName("hint")
        loan_hint.setWordWrap(True)
        loan_row = QHBoxLayout()
        loan_row.addWidget(self.loan_types_button)
        loan_row.addWidget(loan_hint, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.rules_status)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addLayout(loan_row)
        self.save_rules_button.clicked.connect(self.save_rules)
        return box

    def _display_box(self) -> QGroupBox:
        box = QGroupBox(_("Display"))
        self.font_spin = QSpinBox()
        self.font_spin.setRange(config.MIN_FONT_SIZE, config.MAX_FONT_SIZE)
        self.font_spin.setValue(self.ctx.config.font_size)
        self.font_spin.setSuffix(" pt")
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self.ctx.config.language)))
        self.language_note = QLabel(_("A new language is used when the program is next opened."))
        self.language_note.setObjectName("hint")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(_("Text size"), self.font_spin)
        form.addRow(_("Language"), self.language_combo)
        form.addRow("", self.language_note)
        self.font_spin.valueChanged.connect(self.set_font_size)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        return box

    # ---- loading

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            info = fund_info(s)
            rules = share_rules(s)
        self.price_edit.set_amount(from_satang(rules.price_satang))
        self.fee_edit.set_amount(from_satang(rules.entry_fee_satang))
        day = self.ctx.working_date()
        self.date_edit.pivot = day
        self.date_edit.set_date(day)
        self._show_identity(info)

    def _show_identity(self, info: FundInfo) -> None:
        while self.identity_form.rowCount():
            self.identity_form.removeRow(0)
        for label, value in ((_("Fund name"), info.name), (_("Fund code"), info.code),
                             (_("Village no."), info.village_no), (_("Village"), info.village),
                             (_("Tambon"), info.tambon), (_("Amphoe"), info.amphoe),
                             (_("Province"), info.province),
                             (_("Fiscal year starts in"), MONTHS_TH[info.fiscal_start_month - 1])):
            self.identity_form.addRow(label, QLabel(value))

    # ---- actions

    def save_working_date(self) -> None:
        if not self.date_edit.check():
            return
        day = self.date_edit.date()
        if day is None:
            return

        def done(_result: object) -> None:
            self.date_status.setText(_("The working date is now {date}.").format(
                date=format_date(day)))
            self.date_status.show()

        self.ctx.run_write(self, lambda s, user: set_working_date(s, day=day, user=user),
                           what=WORKING_DATE, label=_("Saving the working date…"),
                           on_success=done)

    def save_rules(self) -> None:
        if not (self.price_edit.check() and self.fee_edit.check()):
            return
        price, fee = self.price_edit.amount(), self.fee_edit.amount()
        if price is None or fee is None:
            return

        def done(_result: object) -> None:
            self.rules_status.setText(_("Saved: {price} baht a share, entry fee {fee} baht.")
                                      .format(price=format_amount(price), fee=format_amount(fee)))
            self.rules_status.show()

        self.ctx.run_write(self, lambda s, user: set_share_rules(s, price=price, entry_fee=fee,
                                                                 user=user),
                           what=RULES, label=_("Saving the fund rules…"), on_success=done)

    def open_loan_types(self) -> None:
        self.loan_types_dialog = LoanTypesDialog(self.ctx, self)
        self.loan_types_dialog.open()

    def set_font_size(self, size: int) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_font(app, size)
        self.ctx.config.font_size = size
        config.save_config(self.ctx.config)

    def _language_chosen(self, _index: int) -> None:
        self.ctx.config.language = self.language_combo.currentData()
        config.save_config(self.ctx.config)
