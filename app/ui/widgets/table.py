"""A table view for large text: rows as tall as the font needs, whole rows selected.

Row height follows the font (also after the user changes the size in ตั้งค่า); the
keyboard moves a row at a time; the last column stretches so nothing is cut short.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class BigTable(QTableView):
    """QTableView with Kongtun's defaults for readable, keyboard-driven tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self._fit_rows()

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 1.5))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def fit_columns(self, stretch: tuple[int, ...] = ()) -> None:
        """Columns as wide as their contents; the `stretch` columns (else the last) share
        the rest and are shortened with "…" when space runs out, so the figures stay in view.

        Set once after the model: Qt re-measures whenever the rows or the font change.
        """
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(not stretch)
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
