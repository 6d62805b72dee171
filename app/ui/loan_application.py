"""คำขอกู้เงิน: the new application dialog.

The borrower and each guarantor are picked by typing part of a name or the member no.
(app.ui.member_picker). As the bookkeeper fills the form they see what the committee
will ask: the borrower's house and savings; the loan type's rate, method, term and
ceiling; how many guarantors this amount needs; and for each guarantor what they
already guarantee, their share of this loan and the type's cap, with a warning when
the cap would be passed. A rate above 15 % a year (app.services.loan_rules.RateWarning)
is asked as ใช่ / ไม่ใช่: ไม่ใช่ saves nothing. The rules themselves are checked by
app.services.loans.apply; its refusal is shown in Thai and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from app.i18n import _
from app.money import format_amount
from app.services import loan_facts
from app.services.loan_rules import RATE_WARNING_PERCENT, LoanTypeRow, RateWarning
from app.services.loan_rules import guarantors_required as required_count
from app.services.members import MemberRow
from app.ui.context import FundContext
from app.ui.loan_dialogs import StepDialog, hint_label, money_or_none
from app.ui.loan_words import terms_text
from app.ui.member_picker import MemberPicker
from app.ui.models import Column, RowTableModel
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit
from app.ui.widgets.table import BigTable


@dataclass(frozen=True)
class GuarantorChoice:
    """A guarantor named on the form, with what they guarantee already (satang)."""

    member: MemberRow
    held_satang: int
    share_satang: int
    cap_satang: int

    @property
    def after_satang(self) -> int:
        return self.held_satang + self.share_satang

    @property
    def over_cap(self) -> bool:
        return self.after_satang > self.cap_satang


def _guarantor_columns() -> list[Column]:
    return [
        Column(_("Guarantor"), lambda g: f"{g.member.name} ({g.member.member_no})"),
        Column(_("Guarantees now"), lambda g: format_amount(g.held_satang), right=True),
        Column(_("Share of this loan"), lambda g: format_amount(g.share_satang), right=True),
        Column(_("Total after"), lambda g: format_amount(g.after_satang), right=True, bold=True),
        Column("", lambda g: _("Over the cap") if g.over_cap else ""),
    ]


class ApplicationDialog(StepDialog):
    """New loan application: borrower, type, amount, purpose, guarantors, date."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, *,
                 members: Sequence[MemberRow], types: Sequence[LoanTypeRow],
                 day: dt.date) -> None:
        super().__init__(ctx, parent, _("New loan application"), _("Save the application"))
        self.setMinimumWidth(940)
        self.types = list(types)
        self.borrower = MemberPicker(members)
        self.borrower_info = hint_label(wrap=False)
        self.type_combo = QComboBox()
        for t in self.types:
            self.type_combo.addItem(t.name_th, t.id)
        self.terms = hint_label(wrap=False)
        self.amount = MoneyEdit()
        self.amount_note = hint_label(wrap=False)
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText(_("e.g. buy fertiliser for the rice field"))
        self.guarantor_pick = MemberPicker(members)
        self.guarantor_pick.setPlaceholderText(_("Type a name or member no., then Enter"))
        self.remove_button = QPushButton(_("Remove guarantor (Del)"))
        self.guarantors: list[GuarantorChoice] = []
        self.model = RowTableModel(_guarantor_columns(), self)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.table.fit_columns(stretch=(0,))
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(rows * 4 + 6)  # the header and three guarantors
        self.guarantor_note = hint_label()
        self.date = BeDateEdit(pivot=day)
        self.date.set_date(day)
        self._build()
        self.borrower.picked.connect(self._borrower_picked)
        self.type_combo.currentIndexChanged.connect(self.update_notes)
        self.amount.line_edit.textChanged.connect(self.update_notes)
        self.guarantor_pick.picked.connect(self._guarantor_picked)
        self.remove_button.clicked.connect(self.remove_guarantor)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_guarantor,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.update_notes()
        self.borrower.setFocus()

    def _build(self) -> None:
        f = self.form
        f.addRow(_("Date of application"), self.date)
        f.addRow(_("Borrower"), self.borrower)
        f.addRow("", self.borrower_info)
        f.addRow(_("Type of loan"), self.type_combo)
        f.addRow("", self.terms)
        f.addRow(_("Amount (baht)"), self.amount)
        f.addRow("", self.amount_note)
        f.addRow(_("Purpose"), self.purpose)
        pick = QHBoxLayout()
        pick.addWidget(self.guarantor_pick, 1)
        pick.addWidget(self.remove_button)
        f.addRow(_("Guarantors"), pick)
        # The table and its note under the form, full width: a form row would squeeze them.
        self.extra.addWidget(self.table)
        self.extra.addWidget(self.guarantor_note)
        order = (self.date, self.borrower, self.type_combo, self.amount, self.purpose,
                 self.guarantor_pick, self.remove_button, self.table, *self.buttons.buttons())
        for before, after in zip(order, order[1:], strict=False):  # Tab: down the form
            QWidget.setTabOrder(before, after)

    # ---- what is chosen

    def loan_type(self) -> LoanTypeRow | None:
        i = self.type_combo.currentIndex()
        return self.types[i] if 0 <= i < len(self.types) else None

    def _borrower_picked(self, m: MemberRow | None) -> None:
        if m is None:
            self.borrower_info.setText("")
            return
        self.borrower_info.setText(_(
            "House no. {house}, moo {moo} · savings {savings} baht · shares {shares} baht").format(
            house=m.house_no or "-", moo=m.moo or "-",
            savings=format_amount(m.savings_satang), shares=format_amount(m.shares_satang)))
        self.type_combo.setFocus()

    def _guarantor_picked(self, m: MemberRow | None) -> None:
        if m is None:
            return
        if any(g.member.id == m.id for g in self.guarantors):
            self.show_error(_("{name} is already a guarantor of this loan.").format(name=m.name))
        else:
            with self.ctx.db.read() as s:
                held = loan_facts.exposures(s, [m.id])[m.id]
            self.guarantors.append(GuarantorChoice(m, held, 0, 0))
            self.show_error("")
        self.guarantor_pick.set_member(None)
        self.guarantor_pick.setFocus()
        self.update_notes()

    def remove_guarantor(self) -> None:
        i = self.table.currentIndex().row()
        if not self.guarantors:
            return
        del self.guarantors[i if 0 <= i < len(self.guarantors) else -1]
        self.update_notes()

    # ---- what the form says as it is filled

    def update_notes(self) -> None:
        t = self.loan_type()
        amount = money_or_none(self.amount.line_edit.text())
        if t is None:
            self.terms.setText(_("There is no active loan type: add one in the loan rules."))
            return
        terms = terms_text(t.rate_percent, t.method, t.term_months, t.pattern)
        terms += "\n" + _("at most {amount} baht").format(amount=format_amount(t.ceiling_satang))
        if t.rate_percent > RATE_WARNING_PERCENT:
            terms += "\n" + _("The rate is above 15 % a year: you will be asked to confirm it.")
        self.terms.setText(terms)
        count = len(self.guarantors)
        share = loan_facts.guarantee_share(amount or 0, count)
        self.guarantors = [GuarantorChoice(g.member, g.held_satang, share,
                                           t.guarantee_cap_satang) for g in self.guarantors]
        self.model.set_rows(self.guarantors)
        if amount is None:
            self.amount_note.setText("")
            self.guarantor_note.setText(_("Each guarantor may guarantee at most {cap} baht in "
                                          "all.").format(cap=format_amount(t.guarantee_cap_satang)))
            return
        needed = required_count(t.guarantor_bands, amount)
        note = (_("No guarantor is needed for this amount.") if needed == 0 else
                _("This amount needs {count} guarantors.").format(count=needed))
        if amount > t.ceiling_satang:
            note = _("Over the ceiling of this type: at most {amount} baht.").format(
                amount=format_amount(t.ceiling_satang))
        self.amount_note.setText(note)
        self.guarantor_note.setText(_("{named} of {needed} guarantors named · each may "
                                      "guarantee at most {cap} baht in all.").format(
            named=count, needed=needed, cap=format_amount(t.guarantee_cap_satang)))

    # ---- saving

    def save(self, *, confirmed: bool = False) -> None:
        from app.services import loans

        borrower, t = self.borrower.member(), self.loan_type()
        if borrower is None:
            self.show_error(_("Please choose the borrower."))
            self.borrower.setFocus()
            return
        if t is None or not (self.amount.check() and self.date.check()):
            return
        amount = money_or_none(self.amount.line_edit.text())
        assert amount is not None  # checked just above
        ids = [g.member.id for g in self.guarantors]
        day, purpose, type_id = self.date.date(), self.purpose.text(), t.id
        self.confirmed = confirmed
        self.write(lambda s, user: loans.apply(
            s, member_id=borrower.id, loan_type_id=type_id, amount_satang=amount, day=day,
            user=user, purpose=purpose, guarantor_ids=ids, confirm_high_rate=confirmed),
            _("Saving…"))

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, RateWarning) and not self.confirmed:
            if self.confirm(self, str(exc)):
                self.save(confirmed=True)
            else:
                self.show_error(_("Not saved: the rate was not confirmed."))
            return
        super().failed(exc)
