"""Buddhist-era date entry: accepts what a Thai bookkeeper types.

15/1/2568, 15-1-2568, 15/01/68, 15 ม.ค. 2568, 15 มกราคม 2568, Thai digits; a date
without a year ("15/1") takes the year of the pivot (the working date). Parsing is
`app.thai.parse_date`; once understood, the date is shown as "15 ม.ค. 2568".
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.thai import format_date, parse_date
from app.ui.widgets.checked_edit import CheckedEdit


class BeDateEdit(CheckedEdit):
    """A date field in the Buddhist era; `value()` is a `datetime.date` or None."""

    def __init__(self, parent: QWidget | None = None, *, pivot: dt.date | None = None,
                 allow_empty: bool = False) -> None:
        super().__init__(parent, placeholder=_("e.g. 15/1/2568"), allow_empty=allow_empty)
        self.pivot = pivot

    def parse(self, text: str) -> dt.date:
        return parse_date(text, pivot=self.pivot)

    def show_value(self, value: dt.date) -> str:
        return format_date(value)

    def date(self) -> dt.date | None:
        return self.value()

    def set_date(self, day: dt.date | None) -> None:
        self.set_value(day)
