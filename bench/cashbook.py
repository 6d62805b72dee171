"""Cash book screen benchmark: open a month in the screen's model, switch account, filter.

`run_cashbook_bench(fund_path)` returns rows (what, milliseconds) for the busiest month
of the fund (target: under 100 ms each on the 20-year, 2,000-member demo fund). Run:
`python -m bench.cashbook PATH`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from sqlalchemy import func, select


def _ms(fn) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t) * 1000)
    return best


def run_cashbook_bench(fund_path: Path | str) -> list[tuple[str, str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.db import open_fund
    from app.models.ledger import JournalEntry
    from app.ui.cashbook_view import CashbookView
    from app.ui.context import FundContext

    app = QApplication.instance() or QApplication([])  # noqa: F841 - widgets need it
    db = open_fund(fund_path)
    try:
        with db.read() as s:
            year, month = (int(x) for x in s.execute(
                select(func.strftime("%Y", JournalEntry.date), func.strftime("%m", JournalEntry.date))
                .group_by(func.strftime("%Y-%m", JournalEntry.date))
                .order_by(func.count().desc()).limit(1)).one())
            last = s.scalar(select(func.max(JournalEntry.date)))
        view = CashbookView(FundContext(db))
        view.refresh()
        rows: list[tuple[str, str]] = []

        def open_month(y: int, m: int) -> None:
            view.month_combo.setCurrentIndex(view.month_index((y, m)))
            view._load()  # noqa: SLF001 - what choosing a month does

        rows.append((f"open busiest month {year}-{month:02d} (ms)",
                     f"{_ms(lambda: open_month(year, month)):.1f}"))
        rows.append((f"open last month {last:%Y-%m} (ms)",
                     f"{_ms(lambda: open_month(last.year, last.month)):.1f}"))
        open_month(year, month)
        rows.append(("rows in that month (cash)", str(view.model.rowCount())))
        rows.append(("filter by text (ms)", f"{_ms(lambda: (view.filter_edit.setText('ค่า'), view.filter_edit.setText('')))/2:.1f}"))
        rows.append(("filter by kind (ms)", f"{_ms(lambda: (view.kind_combo.setCurrentIndex(2), view.kind_combo.setCurrentIndex(0)))/2:.1f}"))
        rows.append(("switch account (ms)", f"{_ms(lambda: (view.account_combo.setCurrentIndex(1), view.account_combo.setCurrentIndex(0)))/2:.1f}"))
        return rows
    finally:
        db.close()


if __name__ == "__main__":
    for what, value in run_cashbook_bench(sys.argv[1]):
        print(f"{what:45s} {value:>10s}")
