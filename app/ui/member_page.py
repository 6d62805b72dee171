"""A member's page: details, household, shares, the savings passbook, welfare, history.

Every figure comes from the ledger through the services (shares and savings are the
member's sub-ledger sums; the passbook is their lines with a running balance). The
buttons post through the ops runner; Esc goes back to the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services import households, savings, shares, welfare
from app.services import members as member_service
from app.services.fund import working_date
from app.services.subledger import SAVINGS, SHARES, WELFARE, passbook
from app.thai import format_date
from app.ui.context import FundContext
from app.ui.members_view import _id_text, status_word
from app.ui.models import Column, RowTableModel
from app.ui.widgets.table import BigTable


def _book_columns(into: str, out: str) -> list[Column]:
    return [Column(_("Date"), lambda r: format_date(r.date)),
            Column(_("Voucher no."), lambda r: r.voucher_no),
            Column(_("Description"), lambda r: r.description),
            Column(into, lambda r: format_amount(r.deposit_satang, blank_zero=True), right=True),
            Column(out, lambda r: format_amount(r.withdrawal_satang, blank_zero=True), right=True),
            Column(_("Balance"), lambda r: format_amount(r.balance_satang), right=True, bold=True)]


class MemberPage(QWidget):
    """One member, everything the fund holds for them."""

    back = Signal()

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id: int | None = None
        self.member: member_service.MemberRow | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures = QLabel()
        self.figures.setObjectName("subheading")
        self.savings_model = RowTableModel(_book_columns(_("Deposit"), _("Withdrawal")), self,
                                           muted=lambda r: r.cancelled)
        self.shares_model = RowTableModel(_book_columns(_("Bought"), _("Refunded")), self)
        self.welfare_model = RowTableModel(_book_columns(_("Contribution"), _("Benefit")), self)
        self.history_model = RowTableModel([
            Column(_("Date"), lambda h: format_date(h.date)),
            Column(_("Change"), lambda h: f"{status_word(h.from_value)} → {status_word(h.to_value)}"
                   if h.field == "status" else _("Welfare rights: {state}").format(
                       state=_("suspended") if h.to_value == "suspended" else _("active"))),
            Column(_("Reason"), lambda h: h.reason),
            Column(_("By"), lambda h: h.changed_by)], self)
        self.tabs = QTabWidget()
        self.savings_table = self._add_tab(self.savings_model, _("Savings passbook"))
        self._add_tab(self.shares_model, _("Shares"))
        self._add_tab(self.welfare_model, _("Welfare"))
        self._add_tab(self.history_model, _("Status history"))
        actions = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, slot) in enumerate((
                ("back", _("Back to the list (Esc)"), self.back.emit),
                ("edit", _("Edit details"), self._edit),
                ("deposit", _("Deposit savings"), lambda: self._money("deposit")),
                ("withdraw", _("Withdraw savings"), lambda: self._money("withdraw")),
                ("buy", _("Buy shares"), lambda: self._money("buy")),
                ("refund", _("Refund shares"), lambda: self._money("refund")),
                ("welfare", _("Welfare contribution"), lambda: self._money("welfare")),
                ("benefit", _("Pay welfare benefit"), lambda: self._money("benefit")),
                ("status", _("Change status"), self._status),
                ("rights", _("Welfare rights"), self._rights),
                ("household", _("Household"), self._household),
                ("print", _("Print passbook"), self._print))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[key] = b
            actions.addWidget(b, i // 6, i % 6)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.figures)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.savings_table)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Esc (not used by the tables inside) goes back to the list."""
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)

    def _add_tab(self, model: RowTableModel, title: str) -> BigTable:
        table = BigTable()
        table.setModel(model)
        table.fit_columns(stretch=(2,))
        self.tabs.addTab(table, title)
        return table

    def show_member(self, member_id: int) -> None:
        self.member_id = member_id
        self.refresh()

    def refresh(self) -> None:
        if self.member_id is None:
            return
        with self.ctx.db.read() as s:
            day = working_date(s)
            m = member_service.get_member(s, self.member_id, as_of=day)
            rules = shares.share_rules(s)
            house = households.get_household(s, m.household_id) if m.household_id else None
            mates = [member_service.get_member(s, i) for i in house.member_ids] if house else []
            books = [passbook(s, member_id=m.id, code=c, as_of=day) for c in (SAVINGS, SHARES, WELFARE)]
            history = member_service.status_history(s, m.id)
            schemes = welfare.member_schemes(s, m.id)
        self.member = m
        self.heading.setText(f"{m.member_no}  {m.name}")
        head = next((x for x in mates if house and x.id == house.head_member_id), None)
        self.details.setText("\n".join((
            _("National ID {id} · born {birth} · phone {phone}").format(
                id=_id_text(m.national_id), birth=format_date(m.birth_date) if m.birth_date else "-",
                phone=m.phone or "-"),
            _("House no. {house}, moo {moo} · household: {mates} · head: {head}").format(
                house=m.house_no or "-", moo=m.moo or "-",
                mates=", ".join(x.name for x in mates if x.id != m.id) or "-",
                head=head.name if head else "-"),
            _("Joined {date} · status: {status} · welfare rights: {rights} · usual saving "
              "{saving} baht a month").format(
                date=format_date(m.join_date), status=status_word(m.status),
                rights=_("suspended") if m.welfare == "suspended" else _("active"),
                saving=format_amount(m.monthly_saving_satang)),
            _("Welfare schemes: {schemes}").format(schemes=", ".join(schemes) or "-"))))
        self.figures.setText(_("Shares {shares} baht ({count} shares) · savings {savings} baht · "
                               "welfare {welfare} baht, as of {date}").format(
            shares=format_amount(m.shares_satang),
            count=shares.share_count(m.shares_satang, rules.price_satang),
            savings=format_amount(m.savings_satang), welfare=format_amount(m.welfare_satang),
            date=format_date(day)))
        for model, rows in zip((self.savings_model, self.shares_model, self.welfare_model),
                               books, strict=True):
            model.set_rows(rows)
        self.history_model.set_rows(history)
        self.savings_table.scrollToBottom()  # the latest lines, as a passbook opens
        for key in ("deposit", "withdraw", "buy", "welfare"):
            self.buttons[key].setEnabled(m.active)

    # ---- actions

    def _money(self, what: str) -> None:
        from app.ui.member_dialog import MoneyDialog

        mid = self.member_id
        works = {
            "deposit": (_("Deposit savings"), False, lambda s, user, date, quantity, cash_account:
                        savings.deposit(s, member_id=mid, amount_satang=quantity, date=date,
                                        user=user, cash_account=cash_account)),
            "withdraw": (_("Withdraw savings"), False, lambda s, user, date, quantity, cash_account:
                         savings.withdraw(s, member_id=mid, amount_satang=quantity, date=date,
                                          user=user, cash_account=cash_account)),
            "buy": (_("Buy shares"), True,
                    lambda s, user, date, quantity, cash_account, with_entry_fee=False:
                    shares.buy_shares(s, member_id=mid, shares=quantity, date=date, user=user,
                                      cash_account=cash_account,
                                      with_entry_fee=with_entry_fee)),
            "refund": (_("Refund shares"), True, lambda s, user, date, quantity, cash_account:
                       shares.refund_shares(s, member_id=mid, shares=quantity, date=date,
                                            user=user, cash_account=cash_account)),
            "welfare": (_("Welfare contribution"), False,
                        lambda s, user, date, quantity, cash_account, scheme: welfare.contribute(
                            s, member_id=mid, amount_satang=quantity, date=date, user=user,
                            cash_account=cash_account, scheme=scheme)),
            "benefit": (_("Pay welfare benefit"), False,
                        lambda s, user, date, quantity, cash_account, reason: welfare.pay_benefit(
                            s, member_id=mid, amount_satang=quantity, date=date, user=user,
                            reason=reason, cash_account=cash_account)),
        }
        title, is_shares, work = works[what]
        extra: dict = {}
        with self.ctx.db.read() as s:
            if what == "buy":  # the entry fee, ticked for a member without shares yet
                extra = {"entry_fee": shares.share_rules(s).entry_fee_satang,
                         "fee_checked": bool(self.member and not self.member.shares_satang)}
            elif what == "welfare":  # the member's own schemes first
                mine = welfare.member_schemes(s, mid) if mid is not None else []
                extra = {"schemes": mine + [x for x in welfare.schemes(s) if x not in mine]}
        self.dialog = MoneyDialog(self.ctx, self, title=title, shares=is_shares, work=work,
                                  with_reason=what == "benefit", **extra)
        self.dialog.open()

    def _household(self) -> None:
        from app.ui.household_dialog import HouseholdDialog

        if self.member is None:
            return
        self.dialog = HouseholdDialog(self.ctx, self, household_id=self.member.household_id,
                                      member_id=self.member.id)
        self.dialog.open()

    def _edit(self) -> None:
        from app.ui.member_dialog import MemberDialog

        MemberDialog(self.ctx, self, member=self.member).open()

    def _status(self) -> None:
        from app.ui.member_dialog import StatusDialog

        mid = self.member_id
        choices = [(c, status_word(c)) for c in ("resigned", "deceased", "expelled", "active")
                   if self.member and c != self.member.status]
        StatusDialog(self.ctx, self, choices=choices, title=_("Change status"),
                     work=lambda s, state, date, reason, user: member_service.change_status(
                         s, mid, status=state, date=date, reason=reason, user=user)).open()

    def _rights(self) -> None:
        from app.ui.member_dialog import StatusDialog

        mid = self.member_id
        choices = [("suspended", _("suspended")), ("active", _("active"))]
        StatusDialog(self.ctx, self, choices=choices, title=_("Welfare rights"),
                     work=lambda s, state, date, reason, user: welfare.set_rights(
                         s, member_id=mid, state=state, date=date, reason=reason,
                         user=user)).open()

    def _print(self) -> None:
        """พิมพ์สมุดคู่ฝาก: the passbook page built on the ops runner, then the print dialog."""
        from app.ui.ops import run_op
        from app.ui.pdf_preview import PdfPages
        from app.ui.printing import print_with_dialog

        if self.member_id is None or self.member is None:
            return
        db, mid, stem = self.ctx.db, self.member_id, f"passbook-{self.member.member_no}"

        def job() -> PdfPages:
            from app.reports.members import passbook_pdf

            with db.read() as s:
                return PdfPages.from_bytes(passbook_pdf(s, mid))

        run_op(self, job, on_success=lambda pages: print_with_dialog(self, pages, stem),
               label=_("Preparing the passbook…"))
