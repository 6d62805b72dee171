"""Dialogs of the registry: add/edit a member, a money movement, a change of status.

Every dialog validates in the service (through `FundContext.run_write`); a refused
input shows one Thai message and changes nothing, and the dialog stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import _
from app.money import format_amount, from_satang, to_satang
from app.services.chart import cash_and_bank_accounts
from app.services.members import MemberInput, MemberRow, add_member, update_member
from app.ui import errors
from app.ui.context import FundContext
from app.ui.widgets.be_date_edit import BeDateEdit
from app.ui.widgets.money_edit import MoneyEdit

MEMBERS = "members"


class _Dialog(QDialog):
    def __init__(self, ctx: FundContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.day = BeDateEdit(pivot=ctx.working_date())
        self.day.set_date(ctx.working_date())

    def finish(self) -> None:
        self.form.addRow(self.buttons)

    def write(self, work: Callable[[Session, str], Any], label: str) -> None:
        def done(_result: Any) -> None:
            self.accept()

        op = self.ctx.run_write(self, work, what=MEMBERS, label=label, on_success=done)
        op.setParent(self)

    def save(self) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError


class MemberDialog(_Dialog):
    """Add a member, or correct one's details."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, *,
                 member: MemberRow | None) -> None:
        super().__init__(ctx, parent, _("Edit member") if member else _("Add member"))
        self.member = member
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems(["นาย", "นาง", "นางสาว"])
        self.first, self.last, self.nid = QLineEdit(), QLineEdit(), QLineEdit()
        self.nid.setPlaceholderText("1-2345-67890-12-1")
        self.birth = BeDateEdit(allow_empty=True)
        self.house, self.moo, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        self.saving = MoneyEdit(allow_zero=True, allow_empty=True)
        self.day.set_date(member.join_date if member else ctx.working_date())
        for label, w in ((_("Title"), self.title), (_("First name"), self.first),
                         (_("Last name"), self.last), (_("National ID"), self.nid),
                         (_("Birth date"), self.birth), (_("House no."), self.house),
                         (_("Moo"), self.moo), (_("Phone"), self.phone),
                         (_("Join date"), self.day), (_("Usual monthly saving"), self.saving)):
            self.form.addRow(label, w)
        if member:
            self.title.setCurrentText(member.title)
            self.first.setText(member.first_name)
            self.last.setText(member.last_name)
            self.nid.setText(member.national_id)
            self.birth.set_date(member.birth_date)
            self.house.setText(member.house_no)
            self.moo.setText(member.moo)
            self.phone.setText(member.phone)
            if member.monthly_saving_satang:
                self.saving.set_amount(from_satang(member.monthly_saving_satang))
        self.finish()

    def value(self) -> MemberInput | None:
        if not (self.day.check() and self.birth.check() and self.saving.check()):
            return None
        saving = self.saving.amount()
        return MemberInput(
            first_name=self.first.text(), last_name=self.last.text(),
            national_id=self.nid.text(), join_date=self.day.date() or self.ctx.working_date(),
            title=self.title.currentText(), birth_date=self.birth.date(),
            house_no=self.house.text(), moo=self.moo.text(), phone=self.phone.text(),
            monthly_saving_satang=to_satang(saving) if saving is not None else 0,
            household_id=self.member.household_id if self.member else None,
            member_no=self.member.member_no if self.member else "")

    def save(self) -> None:
        new = self.value()
        if new is None:
            return
        member = self.member
        if member is None:
            self.write(lambda s, user: _with_household(s, add_member(s, new, user=user), user),
                       _("Saving the member"))
        else:
            move = self.ask_move(member, new)
            if move is None:
                return
            self.write(lambda s, user: _update(s, member.id, new, user, move=move),
                       _("Saving the member"))

    def ask_move(self, member: MemberRow, new: MemberInput) -> bool | None:
        """A new house no. or moo: move the member to that house's household too?
        True: move; False: keep the household; None: the user cancelled."""
        if (new.house_no.strip(), new.moo.strip()) == (member.house_no, member.moo) \
                or not new.house_no.strip():
            return False
        answer = ask(self, _("Move household?"), _(
            "The house no. is now {house}, moo {moo}. Move {name} to the household of that "
            "house too? (No: keep the household, change only the address.)").format(
            house=new.house_no.strip(), moo=new.moo.strip() or "-", name=member.name))
        return {QMessageBox.StandardButton.Yes: True, QMessageBox.StandardButton.No: False}.get(
            answer)


def ask(parent: QWidget, title: str, text: str) -> QMessageBox.StandardButton:
    """Yes / No / Cancel (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Yes"))
    box.button(QMessageBox.StandardButton.No).setText(_("No"))
    box.button(QMessageBox.StandardButton.Cancel).setText(_("Cancel"))
    return QMessageBox.StandardButton(box.exec())


def _update(session: Session, member_id: int, new: MemberInput, user: str, *,
            move: bool) -> MemberRow:
    """Save the details; with `move`, the member also moves to the household of the new
    house no. (created when new; the move audited)."""
    from app.services import households

    row = update_member(session, member_id, new, user=user)
    if move:
        households.move_member(session, member_id=member_id, user=user,
                               house_no=new.house_no, moo=new.moo,
                               reason="แก้ไขบ้านเลขที่")
    return row


def _with_household(session: Session, row: MemberRow, user: str) -> MemberRow:
    """A new member with a house no. joins (or founds) that house's household."""
    from app.models.members import Household, Member
    from app.services import households

    if not row.house_no:
        return row
    hid = households.find_or_create(session, house_no=row.house_no, moo=row.moo, user=user)
    session.get(Member, row.id).household_id = hid  # type: ignore[union-attr]
    h = session.get(Household, hid)
    if h is not None and h.head_member_id is None:
        h.head_member_id = row.id
    return row


class MoneyDialog(_Dialog):
    """One money movement of a member: shares (a count) or an amount; date; cash account."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, *, title: str,
                 shares: bool, work: Callable[..., Any], note: str = "",
                 with_reason: bool = False, entry_fee: int | None = None,
                 fee_checked: bool = False, schemes: list[str] | None = None) -> None:
        super().__init__(ctx, parent, title)
        self.work, self.shares = work, shares
        self.reason = QLineEdit() if with_reason else None
        self.fee: QCheckBox | None = None
        if entry_fee is not None:  # buying shares: the entry fee on the same receipt
            self.fee = QCheckBox(_("Include the entry fee ({amount} baht)").format(
                amount=format_amount(entry_fee)))
            self.fee.setChecked(fee_checked)
        self.scheme: QComboBox | None = None
        if schemes is not None:  # a welfare contribution: to which scheme
            self.scheme = QComboBox()
            self.scheme.addItems(schemes)
        self.count = QSpinBox()
        self.count.setRange(1, 100_000)
        self.amount = MoneyEdit()
        self.account = QComboBox()
        with ctx.db.read() as s:
            self.accounts = cash_and_bank_accounts(s)
        for a in self.accounts:
            self.account.addItem(f"{a.code} {a.name_th}")
        if note:
            self.form.addRow(QLabel(note))
        self.form.addRow(_("Date"), self.day)
        self.form.addRow(_("Number of shares") if shares else _("Amount (baht)"),
                         self.count if shares else self.amount)
        if self.fee is not None:
            self.form.addRow("", self.fee)
        if self.scheme is not None:
            self.form.addRow(_("Welfare scheme"), self.scheme)
        self.form.addRow(_("Cash or bank account"), self.account)
        if self.reason is not None:
            self.form.addRow(_("Reason"), self.reason)
        self.finish()

    def save(self) -> None:
        if not self.day.check() or (not self.shares and not self.amount.check()):
            return
        day: dt.date = self.day.date()  # type: ignore[assignment]
        account = self.accounts[self.account.currentIndex()].code
        quantity = self.count.value() if self.shares else to_satang(self.amount.amount())  # type: ignore[arg-type]
        work = self.work
        extra: dict[str, Any] = {"reason": self.reason.text()} if self.reason is not None else {}
        if self.fee is not None:
            extra["with_entry_fee"] = self.fee.isChecked()
        if self.scheme is not None:
            extra["scheme"] = self.scheme.currentText()
        self.write(lambda s, user: work(s, user=user, date=day, quantity=quantity,
                                        cash_account=account, **extra), _("Posting"))


class StatusDialog(_Dialog):
    """Resign, record a death, expel, reinstate; or suspend/reinstate welfare rights."""

    def __init__(self, ctx: FundContext, parent: QWidget | None, *, choices: list[tuple[str, str]],
                 work: Callable[..., Any], title: str) -> None:
        super().__init__(ctx, parent, title)
        self.choices, self.work = choices, work
        self.state = QComboBox()
        for _code, word in choices:
            self.state.addItem(word)
        self.reason = QLineEdit()
        self.form.addRow(_("New status"), self.state)
        self.form.addRow(_("Date"), self.day)
        self.form.addRow(_("Reason"), self.reason)
        self.finish()

    def save(self) -> None:
        if not self.day.check():
            return
        state = self.choices[self.state.currentIndex()][0]
        day, reason, work = self.day.date(), self.reason.text(), self.work
        self.write(lambda s, user: work(s, state=state, date=day, reason=reason, user=user),
                   _("Saving the member"))


def amount_text(satang: int) -> str:
    return format_amount(satang)


__all__ = ["MemberDialog", "MoneyDialog", "StatusDialog", "errors"]
