"""A calm page for a screen that is not built yet: what it will do, in plain Thai.

The sidebar shows every screen from the start so the bookkeeper learns where things
will be; a page that is still coming says so instead of being hidden or broken.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _


class PlaceholderView(QWidget):
    """Title, what the screen will hold, and a note that it is coming."""

    def __init__(self, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("heading")
        body = QLabel(coming)
        body.setWordWrap(True)
        note = QLabel(_("This screen is coming in a later version of the program. "
                        "Your records are safe; nothing here is needed today."))
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(note)
        layout.addStretch(1)
        for label in (heading, body, note):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab goes on from here
        self.note = note
        self.body = body

    def refresh(self) -> None:
        """Nothing to reload."""
