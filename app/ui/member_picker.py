"""Choosing a member by typing: part of the name or the member no., then Enter.

The loan dialogs pick the borrower and each guarantor this way. Every candidate is
written "0007  นายสมชาย ใจดี  · บ้านเลขที่ 12" (the house tells two people of the same
name apart); the list under the field shows those containing what was typed. Enter
takes the highlighted one, or the only one that matches; with several matches and none
highlighted, the list opens instead. Typing again forgets the member chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.i18n import _
from app.services.members import MemberRow


def member_text(m: MemberRow) -> str:
    house = _("House no. {house}").format(house=m.house_no) if m.house_no else ""
    return f"{m.member_no}  {m.name}" + (f"  · {house}" if house else "")


class MemberPicker(QLineEdit):
    """A search field over members; `member()` is the one chosen (or None)."""

    picked = Signal(object)  # the MemberRow chosen, or None when the choice is forgotten

    def __init__(self, members: Sequence[MemberRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._by_text = {member_text(m): m for m in members}
        self._members = list(members)
        self._chosen: MemberRow | None = None
        self.setPlaceholderText(_("Type a name or member no."))
        self.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel(list(self._by_text)), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(8)
        completer.activated.connect(self._take_text)
        self.setCompleter(completer)
        self.textEdited.connect(self._edited)

    def member(self) -> MemberRow | None:
        return self._chosen

    def set_member(self, m: MemberRow | None) -> None:
        self._chosen = m
        self.setText(member_text(m) if m else "")
        self.picked.emit(m)

    def matches(self, text: str | None = None) -> list[MemberRow]:
        """The members whose line contains every word typed."""
        words = (self.text() if text is None else text).casefold().split()
        return [m for t, m in self._by_text.items() if all(w in t.casefold() for w in words)]

    def _take_text(self, text: str) -> None:
        m = self._by_text.get(text)
        if m is not None:
            self.set_member(m)

    def _edited(self, _text: str) -> None:
        if self._chosen is not None:
            self._chosen = None
            self.picked.emit(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter picks the only match (the dialog's OK button is not pressed then)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._chosen is None \
                and self.text().strip():
            found = self.matches()
            if len(found) == 1:
                self.set_member(found[0])
            else:
                self.completer().setCompletionPrefix(self.text())
                self.completer().complete()
            event.accept()
            return
        super().keyPressEvent(event)
