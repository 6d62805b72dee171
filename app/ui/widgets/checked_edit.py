"""A line edit that checks what was typed and shows the problem right under the field.

The base of the BE date edit and the money edit. The check runs when the user leaves
the field or presses Enter; a valid value is re-written in the standard form (so the
bookkeeper sees how it was understood), an invalid one keeps the typed text and shows
the Thai message under it, in red, until it is corrected.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import KongtunError


class CheckedEdit(QWidget):
    """A QLineEdit plus its error line. Subclasses define `parse` and `show_value`."""

    #: Emitted with the new value after a valid entry (None when cleared, if allowed).
    valueChanged = Signal(object)  # noqa: N815 - Qt naming
    #: Emitted when Enter is pressed and the value is valid.
    accepted = Signal()

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "",
                 allow_empty: bool = False) -> None:
        super().__init__(parent)
        self._value: Any = None
        self._allow_empty = allow_empty
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(placeholder)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.error_label)
        self.setFocusProxy(self.line_edit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.line_edit.editingFinished.connect(self.check)
        self.line_edit.returnPressed.connect(self._on_return)

    # ---- to be defined by subclasses

    def parse(self, text: str) -> Any:
        """The value of `text`; raises a KongtunError with the message to show."""
        raise NotImplementedError

    def show_value(self, value: Any) -> str:
        """The standard way to write `value` in the field."""
        raise NotImplementedError

    # ---- public

    def value(self) -> Any:
        """The last valid value (None if nothing valid was entered)."""
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self.line_edit.setText("" if value is None else self.show_value(value))
        self._set_error("")

    def error(self) -> str:
        """The message shown under the field ('' when the value is fine)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def check(self) -> bool:
        """Read the text now; True when it holds a valid value."""
        text = self.line_edit.text()
        if not text.strip() and self._allow_empty:
            self._accept(None, "")
            return True
        try:
            value = self.parse(text)
        except KongtunError as exc:
            self._set_error(str(exc))
            return False
        self._accept(value, self.show_value(value))
        return True

    # ---- internals

    def _accept(self, value: Any, text: str) -> None:
        self._set_error("")
        if self.line_edit.text() != text:
            self.line_edit.setText(text)
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def _set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.line_edit.setToolTip(message)

    def _on_return(self) -> None:
        if self.check():
            self.accepted.emit()
