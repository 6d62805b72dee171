"""ครัวเรือน: a household's members and its head; make another member head; move a member.

Opened from a member's page (on the member's household) or from the registry list (on
the first household). The household is picked by house no.; the table lists its
members with the head marked. "Make head" and "Move to another household" post through
`FundContext.run_write` (households.set_head / households.move_member: audited, the
move kept in the audit log), and the dialog then shows the result. "Debts of the
household" (F7) opens the household's debts here and to other funds, where its loans
can be joined into one contract (๑ ครัวเรือน ๑ สัญญา).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models.members import STATUS_ACTIVE
from app.services import households
from app.services import members as member_service
from app.thai import thai_sort_key
from app.ui.context import FundContext
from app.ui.members_view import status_word
from app.ui.models import Column, RowTableModel
from app.ui.widgets.table import BigTable

MEMBERS = "members"


def house_text(h: households.HouseholdRow) -> str:
    return _("House no. {house}, moo {moo}").format(house=h.house_no, moo=h.moo or "-")


class HouseholdDialog(QDialog):
    """One household at a time: its members, its head, and the moves between households."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None, *,
                 household_id: int | None = None, member_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Households"))
        self.head_id: int | None = None
        self.houses: list[households.HouseholdRow] = []
        self.house_combo = QComboBox()
        self.house_combo.setEditable(False)
        self.house_combo.setMinimumWidth(260)
        self.head_label = QLabel()
        self.head_label.setObjectName("subheading")
        self.model = RowTableModel([
            Column(_("Member no."), lambda m: m.member_no),
            Column(_("Name"), lambda m: m.name),
            Column(_("Status"), lambda m: status_word(m.status)),
            Column(_("Head of household"), lambda m: _("Head") if m.id == self.head_id else "")],
            self, muted=lambda m: m.status != STATUS_ACTIVE)
        self.table = BigTable()
        self.table.setModel(self.model)
        self.table.fit_columns(stretch=(1,))
        self.head_button = QPushButton(_("Make head of household"))
        self.move_button = QPushButton(_("Move to another household…"))
        self.debts_button = QPushButton(_("Debts of the household (F7)"))
        self.status = QLabel()
        self.status.setObjectName("hint")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Household")))
        top.addWidget(self.house_combo, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.head_button)
        actions.addWidget(self.move_button)
        actions.addWidget(self.debts_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.head_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(860, 460)
        self.house_combo.currentIndexChanged.connect(self._show_current)
        self.head_button.clicked.connect(self.make_head)
        self.move_button.clicked.connect(self.move_selected)
        self.debts_button.clicked.connect(self.show_debts)
        QShortcut(QKeySequence("F7"), self, self.show_debts)
        self.load(household_id, member_id)

    # ---- loading

    def load(self, household_id: int | None = None, member_id: int | None = None) -> None:
        with self.ctx.db.read() as s:
            self.houses = sorted(households.list_households(s),
                                 key=lambda h: (thai_sort_key(h.moo), _house_key(h.house_no)))
        self.house_combo.blockSignals(True)
        self.house_combo.clear()
        for h in self.houses:
            self.house_combo.addItem(f"{house_text(h)} ({len(h.member_ids)})", h.id)
        index = max(0, self.house_combo.findData(household_id)) if household_id else 0
        self.house_combo.setCurrentIndex(index)
        self.house_combo.blockSignals(False)
        self._show_current(select_member=member_id)

    def household(self) -> households.HouseholdRow | None:
        i = self.house_combo.currentIndex()
        return self.houses[i] if 0 <= i < len(self.houses) else None

    def _show_current(self, *_args: object, select_member: int | None = None) -> None:
        h = self.household()
        if h is None:
            self.model.set_rows([])
            self.head_label.setText(_("There are no households yet."))
            self.head_button.setEnabled(False)
            self.move_button.setEnabled(False)
            self.debts_button.setEnabled(False)
            return
        with self.ctx.db.read() as s:
            rows = sorted((member_service.get_member(s, i) for i in h.member_ids),
                          key=member_service.sort_key)
        self.head_id = h.head_member_id
        head = next((m for m in rows if m.id == h.head_member_id), None)
        self.head_label.setText(_("Head of household: {name}").format(
            name=f"{head.member_no} {head.name}" if head else _("none yet")))
        self.model.set_rows(rows)
        self.head_button.setEnabled(bool(rows))
        self.move_button.setEnabled(bool(rows))
        self.debts_button.setEnabled(bool(rows))
        if rows:
            pick = next((i for i, m in enumerate(rows) if m.id == select_member), 0)
            self.table.selectRow(pick)

    def selected(self) -> member_service.MemberRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(index.row())

    # ---- actions

    def make_head(self) -> None:
        h, m = self.household(), self.selected()
        if h is None or m is None:
            return
        hid, mid = h.id, m.id
        self._write(lambda s, user: households.set_head(s, household_id=hid, member_id=mid,
                                                        user=user),
                    _("{name} is now the head of the household.").format(name=m.name), hid, mid)

    def show_debts(self) -> None:
        """The household's debts here and to other funds (one household, one contract)."""
        from app.ui.household_debts_dialog import HouseholdDebtsDialog

        h = self.household()
        if h is None or not self.debts_button.isEnabled():
            return
        self.debts_dialog = HouseholdDebtsDialog(self.ctx, self, household_id=h.id)
        self.debts_dialog.open()

    def move_selected(self) -> None:
        m = self.selected()
        if m is None:
            return
        dialog = MoveDialog(self, m, [h for h in self.houses if h.id != m.household_id])
        dialog.accepted.connect(lambda: self.move(m.id, **dialog.target()))
        dialog.open()

    def move(self, member_id: int, *, household_id: int | None = None, house_no: str = "",
             moo: str = "", reason: str = "") -> None:
        """Move the member (to a household by id, or to the house no./moo given)."""
        def work(s, user):  # noqa: ANN001, ANN202
            return households.move_member(s, member_id=member_id, user=user, reason=reason,
                                          household_id=household_id, house_no=house_no, moo=moo)
        self._write(work, _("The member has moved."), None, member_id)

    def _write(self, work, done_text: str, household_id: int | None,  # noqa: ANN001
               member_id: int | None) -> None:
        def done(result: object) -> None:
            hid = household_id if household_id is not None else result
            self.load(hid if isinstance(hid, int) else None, member_id)
            self.status.setText(done_text)

        op = self.ctx.run_write(self, work, what=MEMBERS, label=_("Saving the household"),
                                on_success=done)
        op.setParent(self)


def _house_key(house_no: str) -> tuple:
    """12 before 12/1 before 14 before 100 (numbers as numbers)."""
    head, _sep, tail = house_no.partition("/")
    return (int(head) if head.isdigit() else 10**9, head, tail)


class MoveDialog(QDialog):
    """Where the member moves: an existing household, or a house no. and moo typed in."""

    def __init__(self, parent: QWidget, member: member_service.MemberRow,
                 houses: list[households.HouseholdRow]) -> None:
        super().__init__(parent)
        self.houses = houses
        self.setWindowTitle(_("Move {name} to another household").format(name=member.name))
        self.choice = QComboBox()
        self.choice.addItem(_("A new house no. (type it below)"), None)
        for h in houses:
            self.choice.addItem(house_text(h), h.id)
        if houses:
            self.choice.setCurrentIndex(1)
        self.house, self.moo, self.reason = QLineEdit(), QLineEdit(member.moo), QLineEdit()
        form = QFormLayout(self)
        form.addRow(_("Household"), self.choice)
        form.addRow(_("House no."), self.house)
        form.addRow(_("Moo"), self.moo)
        form.addRow(_("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Move"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.choice.currentIndexChanged.connect(self._typed_or_chosen)
        self._typed_or_chosen()

    def _typed_or_chosen(self, *_args: object) -> None:
        new = self.choice.currentData() is None
        self.house.setEnabled(new)
        self.moo.setEnabled(new)

    def target(self) -> dict:
        hid = self.choice.currentData()
        if hid is not None:
            return {"household_id": hid, "reason": self.reason.text()}
        return {"house_no": self.house.text(), "moo": self.moo.text(),
                "reason": self.reason.text()}
