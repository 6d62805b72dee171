"""Money entry: "1,234.50", "1234.-", "๑,๒๓๔", "1,234 บาท" ... read by `app.money.parse_amount`.

The amount is right-aligned like a column of figures and re-written as "1,234.50"
once understood; `value()` is an exact `Decimal`, never a float.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.money import format_amount, parse_amount
from app.ui.widgets.checked_edit import CheckedEdit


class MoneyEdit(CheckedEdit):
    """An amount field in baht; `value()` is a Decimal or None."""

    def __init__(self, parent: QWidget | None = None, *, allow_zero: bool = False,
                 allow_negative: bool = False, allow_empty: bool = False) -> None:
        super().__init__(parent, placeholder="0.00", allow_empty=allow_empty)
        self.allow_zero = allow_zero
        self.allow_negative = allow_negative
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def parse(self, text: str) -> Decimal:
        return parse_amount(text, allow_zero=self.allow_zero, allow_negative=self.allow_negative)

    def show_value(self, value: Decimal) -> str:
        return format_amount(value)

    def amount(self) -> Decimal | None:
        return self.value()

    def set_amount(self, value: Decimal | None) -> None:
        self.set_value(value)
