"""Table models over service rows, and the instant filter in front of them.

`RowTableModel` shows a list of frozen dataclasses (journal rows, accounts, lines)
through a list of `Column`s, each a title and a function row -> text. It does no
arithmetic: the services computed the figures, the columns only format them.
A row can be *muted* (a cancelled entry): greyed and struck through, as a paper book
strikes through a cancelled line. `RowFilterProxy` filters the loaded rows as the
user types, on the text of every column, plus an optional predicate (e.g. the kind).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_MUTED = QColor("#8a8a8a")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: its header and how a row is written in it."""

    title: str
    text: Callable[[Any], str]
    right: bool = False  # figures are right-aligned
    bold: bool = False


class RowTableModel(QAbstractTableModel):
    """A read-only table of rows (frozen dataclasses) shown through `Column`s."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None, *,
                 muted: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._texts: list[list[str]] = []
        self._muted = muted

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [[c.text(r) for c in self.columns] for r in self._rows]
        self.endResetModel()

    def row(self, i: int) -> Any:
        return self._rows[i]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        col = self.columns[c]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[r][c] or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.right else _LEFT
        if role == ROW_ROLE:
            return self._rows[r]
        muted = self._muted is not None and self._muted(self._rows[r])
        if role == Qt.ItemDataRole.FontRole and (muted or col.bold):
            font = QFont()
            font.setStrikeOut(muted)
            font.setBold(col.bold)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and muted:
            return QBrush(_MUTED)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[section].right else _LEFT
        return None


class RowFilterProxy(QSortFilterProxyModel):
    """Instant filter over a RowTableModel: typed text (any column) and a predicate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._predicate: Callable[[Any], bool] | None = None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = " ".join(text.split()).casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def row_at(self, proxy_row: int) -> Any:
        return self.data(self.index(proxy_row, 0), ROW_ROLE)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return True
        if self._predicate is not None and not self._predicate(model.row(source_row)):
            return False
        if not self._needle:
            return True
        return any(self._needle in model.text(source_row, c).casefold()
                   for c in range(model.columnCount()))
