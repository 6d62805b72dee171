"""ผู้ค้ำประกันตามวงเงิน: a loan type's guarantor bands, typed as rows and read in words.

The service keeps the bands as text ("30000=0;*=2": no guarantor up to 30,000 baht,
two above; `app.services.loan_rules.parse_bands`). The bookkeeper never types that:
`BandsEditor` shows one row per band ("up to X baht: N people", then "above that:
N") and writes the text back; `bands_words` says a rule as the committee would
("ไม่ต้องมีผู้ค้ำถึง 30,000 บาท เกินนั้น 2 คน"). Whether the bands make sense (amounts
rising row by row) is the service's to judge when the type is saved.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import KongtunError
from app.i18n import _
from app.money import format_amount, from_satang
from app.services.loan_rules import parse_bands
from app.ui.widgets.money_edit import MoneyEdit

MAX_GUARANTORS = 10


def _discard(w: QWidget) -> None:
    """Hide at once (deleteLater waits for the event loop) and delete."""
    w.hide()
    w.deleteLater()


def baht_text(satang: int) -> str:
    """30,000 for whole baht, 5.50 otherwise: the rules are written in round sums."""
    return format_amount(satang, satang=satang % 100 != 0)


def bands_words(bands: str) -> str:
    """"30000=0;*=2" -> "ไม่ต้องมีผู้ค้ำถึง 30,000 บาท เกินนั้น 2 คน"."""
    try:
        parsed = parse_bands(bands)
    except KongtunError:
        return bands
    if len(parsed) == 1:
        count = parsed[0][1]
        return _("No guarantor") if count == 0 else _("{count} guarantors").format(count=count)
    parts = []
    for upto, count in parsed:
        if upto is None:
            parts.append(_("above that none") if count == 0
                         else _("above that {count}").format(count=count))
        elif count == 0:
            parts.append(_("no guarantor up to {amount} baht,").format(amount=baht_text(upto)))
        else:
            parts.append(_("{count} guarantors up to {amount} baht,").format(
                count=count, amount=baht_text(upto)))
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


class BandsEditor(QWidget):
    """Guarantors per amount band: rows "up to X baht: N", then "above that: N"."""

    laid_out = Signal()  # rows added or removed: the dialog's Tab order follows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[MoneyEdit, QSpinBox]] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.above_label = QLabel()
        self.above = self._count_spin()
        self.add_button = QPushButton(_("Add a band"))
        self.add_button.setAutoDefault(False)  # Enter saves the form, Space adds
        self.add_button.clicked.connect(lambda: self.add_band(None, 0, focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        self._lay_out()

    @staticmethod
    def _count_spin() -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, MAX_GUARANTORS)
        spin.setSuffix(_(" people"))
        return spin

    def set_bands(self, text: str) -> None:
        for edit, spin in self.rows:
            _discard(edit)
            _discard(spin)
        self.rows = []
        try:
            parsed = parse_bands(text)
        except KongtunError:  # a stored rule is always valid; start clean if not
            parsed = [(None, 0)]
        for upto, count in parsed[:-1]:
            self.add_band(from_satang(upto or 0), count)
        self.above.setValue(parsed[-1][1])
        self._lay_out()

    def add_band(self, upto: Decimal | None, count: int, *, focus: bool = False) -> None:
        edit = MoneyEdit()
        edit.line_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("000,000.00") + 24)
        if upto is not None:
            edit.set_amount(upto)
        spin = self._count_spin()
        spin.setValue(count)
        self.rows.append((edit, spin))
        self._lay_out()
        if focus:
            edit.setFocus()

    def remove_band(self, edit: MoneyEdit) -> None:
        for i, (e, spin) in enumerate(self.rows):
            if e is edit:
                del self.rows[i]
                _discard(e)
                _discard(spin)
        self._lay_out()
        self.add_button.setFocus()

    def _lay_out(self) -> None:
        """Rebuild the grid: one row per band, the open-ended band last."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None and w is not self.above and w is not self.above_label \
                    and not any(w in row for row in self.rows):
                _discard(w)
        top = Qt.AlignmentFlag.AlignTop
        for r, (edit, spin) in enumerate(self.rows):
            remove = QPushButton(_("Remove"))
            remove.setAutoDefault(False)
            remove.clicked.connect(lambda _checked=False, e=edit: self.remove_band(e))
            self.grid.addWidget(self._beside(_("Up to"), edit), r, 0, top)
            self.grid.addWidget(edit, r, 1, top)
            self.grid.addWidget(self._beside(_("baht:"), edit), r, 2, top)
            self.grid.addWidget(spin, r, 3, top)
            self.grid.addWidget(remove, r, 4, top)
        self.above_label.setText(_("Above that:") if self.rows else _("Any amount:"))
        n = len(self.rows)
        self.grid.addWidget(self.above_label, n, 0, 1, 3, Qt.AlignmentFlag.AlignRight)
        self.grid.addWidget(self.above, n, 3)
        self.grid.setColumnStretch(5, 1)
        order: list[QWidget] = []
        for r in range(n):
            order += [self.rows[r][0], self.rows[r][1],
                      self.grid.itemAtPosition(r, 4).widget()]
        order += [self.above, self.add_button]
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.laid_out.emit()

    @staticmethod
    def _beside(text: str, edit: MoneyEdit) -> QLabel:
        """A label level with the amount's line (its error, when shown, goes below)."""
        label = QLabel(text)
        label.setMinimumHeight(edit.line_edit.sizeHint().height())
        return label

    def first_field(self) -> QWidget:
        return self.rows[0][0] if self.rows else self.above

    def last_field(self) -> QWidget:
        return self.add_button

    def bands_text(self) -> str | None:
        """The service's band text ("30000=0;*=2"); None when an amount cannot be read
        (the field says why)."""
        parts = []
        for edit, spin in self.rows:
            if not edit.check():
                return None
            amount = edit.amount()
            assert amount is not None
            parts.append(f"{amount.normalize():f}={spin.value()}")
        parts.append(f"*={self.above.value()}")
        return ";".join(parts)
