"""สมาชิก: the member registry list, searched as you type, and a member's page.

The service returns every member once (Thai dictionary order, with shares and savings
from the ledger); the table model keeps them in memory with one search text per
member (member no., name, national ID with and without dashes, house no.), so each
keystroke is a substring scan of plain strings — instant on 20,000 members. Enter
(or a double click) opens the member's page; Esc comes back to the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.money import format_amount
from app.services.fund import working_date
from app.services.members import MemberRow, list_members
from app.thai import format_national_id, from_thai_digits
from app.ui.context import FundContext
from app.ui.widgets.table import BigTable

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


def status_word(status: str) -> str:
    return {"active": _("Member"), "resigned": _("Resigned"), "deceased": _("Deceased"),
            "expelled": _("Expelled")}.get(status, status)


def _id_text(nid: str) -> str:
    try:
        return format_national_id(nid)
    except Exception:  # noqa: BLE001 - stored data is shown as it is
        return nid


COLUMNS = (
    (lambda: _("Member no."), lambda m: m.member_no, False),
    (lambda: _("Name"), lambda m: m.name, False),
    (lambda: _("National ID"), lambda m: _id_text(m.national_id), False),
    (lambda: _("House no."), lambda m: m.house_no, False),
    (lambda: _("Moo"), lambda m: m.moo, False),
    (lambda: _("Status"), lambda m: status_word(m.status), False),
    (lambda: _("Shares (baht)"), lambda m: format_amount(m.shares_satang), True),
    (lambda: _("Savings (baht)"), lambda m: format_amount(m.savings_satang), True),
)


def search_text(m: MemberRow) -> str:
    return " ".join((m.member_no, m.title + m.first_name, m.last_name, m.national_id,
                     _id_text(m.national_id), m.house_no)).casefold()


class MemberTableModel(QAbstractTableModel):
    """All members in memory; `set_filter` shows those matching the typed text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[MemberRow] = []
        self._hay: list[str] = []
        self._texts: list[tuple[str, ...]] = []
        self._shown: list[int] = []
        self._needle, self._status = "", None
        self._applied: tuple[str | None, str | None] = (None, None)  # what _shown is for
        self._headers = [c[0]() for c in COLUMNS]

    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        self._all = list(rows)
        self._hay = [search_text(m) for m in self._all]
        self._texts = [tuple(c[1](m) for c in COLUMNS) for m in self._all]
        self._applied = (None, None)
        self._apply()

    def set_filter(self, text: str, status: str | None = None) -> None:
        self._needle = " ".join(from_thai_digits(text).split()).casefold()
        self._status = status
        self._apply()

    def _apply(self) -> None:
        """Filter by status, then by each typed word (all must appear).

        Typing one more letter only narrows the list, so the search then scans the rows
        shown already instead of all of them.
        """
        needle, status = self._needle, self._status
        narrowing = (status == self._applied[1] and self._applied[0] is not None
                     and needle.startswith(self._applied[0]))
        if narrowing:
            candidates = self._shown
        elif status is None:
            candidates = range(len(self._all))
        else:
            candidates = [i for i, m in enumerate(self._all) if m.status == status]
        hay = self._hay
        for word in needle.split():
            candidates = [i for i in candidates if word in hay[i]]
        self.beginResetModel()
        self._shown = list(candidates)
        self._applied = (needle, status)
        self.endResetModel()

    def member(self, row: int) -> MemberRow:
        return self._all[self._shown[row]]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[self._shown[index.row()]][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()][2]:
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


STATUS_FILTERS = ((None, lambda: _("All statuses")), ("active", lambda: _("Members")),
                  ("resigned", lambda: _("Resigned")), ("deceased", lambda: _("Deceased")),
                  ("expelled", lambda: _("Expelled")))


class MemberListView(QWidget):
    """Search box, status filter, the table and the registry's actions."""

    def __init__(self, owner: MembersView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search: name, member no., national ID or house no."))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for _code, word in STATUS_FILTERS:
            self.status.addItem(word())
        self.status.setCurrentIndex(1)
        self.count = QLabel()
        self.add_button = QPushButton(_("Add member (Ins)"))
        self.collect_button = QPushButton(_("Savings collection day"))
        self.import_button = QPushButton(_("Import from Excel/CSV"))
        self.households_button = QPushButton(_("Households"))
        self.model = MemberTableModel(self)
        self.table = BigTable()
        self.table.setModel(self.model)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.status, 1)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.collect_button, self.import_button,
                  self.households_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search)
        self.search.textChanged.connect(self._filter)
        self.status.currentIndexChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_current)
        self.table.activated.connect(lambda index: owner.open_member(self.model.member(index.row())))
        self.add_button.clicked.connect(owner.add_member)
        self.collect_button.clicked.connect(owner.collection_day)
        self.import_button.clicked.connect(owner.import_members)
        self.households_button.clicked.connect(owner.show_households)
        QShortcut(QKeySequence("Ins"), self, owner.add_member,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search.installEventFilter(self)

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        """Down arrow from the search box goes into the list."""
        from PySide6.QtCore import QEvent

        if obj is self.search and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
            return True
        return super().eventFilter(obj, event)

    def _filter(self) -> None:
        code = STATUS_FILTERS[self.status.currentIndex()][0]
        self.model.set_filter(self.search.text(), code)
        self.count.setText(_("{count} members").format(count=f"{self.model.rowCount():,}"))
        if self.model.rowCount():
            self.table.selectRow(0)

    def _open_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        if self.model.rowCount():
            self.owner.open_member(self.model.member(row))

    def set_rows(self, rows: list[MemberRow]) -> None:
        self.model.set_rows(rows)
        self.table.fit_columns(stretch=(1,))
        self._filter()


class MembersView(QStackedWidget):
    """The registry list, and a member's page in front of it."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.ui.member_page import MemberPage

        self.ctx = ctx
        self.list = MemberListView(self)
        self.page = MemberPage(ctx, self)
        self.addWidget(self.list)
        self.addWidget(self.page)
        self.setFocusProxy(self.list)
        self.page.back.connect(self.show_list)
        ctx.changed.connect(self._changed)

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            rows = list_members(s, as_of=working_date(s))
        self.list.set_rows(rows)
        if self.currentWidget() is self.page:
            self.page.refresh()

    def _changed(self, what: str) -> None:
        if self.isVisible():
            self.refresh()

    def show_list(self) -> None:
        self.setCurrentWidget(self.list)
        self.setFocusProxy(self.list)
        self.list.search.setFocus()
        self.list.search.selectAll()

    def open_member(self, member: MemberRow) -> None:
        self.page.show_member(member.id)
        self.setCurrentWidget(self.page)
        self.setFocusProxy(self.page)
        self.page.setFocus()

    def add_member(self) -> None:
        from app.ui.member_dialog import MemberDialog

        MemberDialog(self.ctx, self, member=None).open()

    def collection_day(self) -> None:
        from app.ui.collection_grid import CollectionDialog

        dialog = CollectionDialog(self.ctx, self)
        dialog.open()

    def show_households(self) -> None:
        """The households, starting with the selected member's."""
        from app.ui.household_dialog import HouseholdDialog

        index = self.list.table.currentIndex()
        m = self.list.model.member(index.row()) if index.isValid() else None
        self.households = HouseholdDialog(self.ctx, self, household_id=m.household_id if m else None,
                                          member_id=m.id if m else None)
        self.households.open()

    def import_members(self) -> None:
        from app.ui.member_import_dialog import MemberImportDialog

        MemberImportDialog(self.ctx, self).open()
