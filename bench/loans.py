"""Loan book benchmarks: the arrears screen, the loan register and a repayment preview.

`run_loans_bench(fund_path)` returns rows (what, figure[, target]) for the fund's working
date (the demo's last day): the arrears list as the service gives it
(app.services.loan_book.arrears), the arrears screen (app.ui.arrears_view, offscreen:
the list, its table model and the ageing table filled, first opening and again), the
loan register, and the split of a payment shown before posting (repayments.preview) for
the riskiest loan. Target from issue 6: the arrears screen of the 20-year demo fund in
under 0.3 s. Each figure is the best of a few runs after a first (cold) one, which is
reported as well for the screen. Run alone: `python -m bench.loans PATH`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 5


def _best_ms(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t) * 1000)
    return best


def _first_ms(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def _screen_rows(db) -> list[tuple[str, str, str]]:  # noqa: ANN001 - FundDb
    """The arrears screen offscreen, if its module is there and imports."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication

        from app.ui.arrears_view import ArrearsView
        from app.ui.context import FundContext
    except ImportError as exc:
        return [("arrears screen", f"not available ({exc})", "")]
    app = QApplication.instance() or QApplication([])  # noqa: F841 - widgets need it
    ctx = FundContext(db)
    holder: dict[str, ArrearsView] = {}

    def open_screen() -> None:
        holder["view"] = ArrearsView(ctx)
        holder["view"].refresh()

    first = _first_ms(open_screen)
    again = _best_ms(lambda: holder["view"].refresh())
    rows = holder["view"].list.model.rowCount()
    return [("arrears screen: first opening (ms)", f"{first:.1f}", "< 300 ms"),
            ("arrears screen: refresh (ms)", f"{again:.1f}", "< 300 ms"),
            ("arrears screen: rows in the list", str(rows), "")]


def run_loans_bench(fund_path: Path | str) -> list[tuple[str, str] | tuple[str, str, str]]:
    from app.db import open_fund
    from app.services import loan_book, repayments
    from app.services.balances import account_balances
    from app.services.fund import working_date
    from app.services.loan_rules import LOAN_ACCOUNTS

    db = open_fund(fund_path, lock=False, migrate=False)
    try:
        with db.read() as s:
            day = working_date(s)
            first = _first_ms(lambda: loan_book.arrears(s, as_of=day))
            arrears_ms = _best_ms(lambda: loan_book.arrears(s, as_of=day))
            register_ms = _best_ms(lambda: loan_book.loan_register(s, as_of=day))
            late = loan_book.arrears(s, as_of=day)
            register = loan_book.loan_register(s, as_of=day)
            ledger = sum(b.net_satang for b in account_balances(s, as_of=day)
                         if b.code in LOAN_ACCOUNTS)
            target = late.rows[0] if late.rows else (register.rows[0] if register.rows else None)
            preview_ms = None
            if target is not None:
                owed = repayments.payoff_satang(s, loan_id=target.loan_id, day=day)
                preview_ms = _best_ms(lambda: repayments.preview(
                    s, loan_id=target.loan_id, day=day, amount_satang=max(owed // 2, 1)))
        buckets = " · ".join(f"{label}: {count}" for label, count, _ in late.ageing.buckets)
        rows: list[tuple[str, str] | tuple[str, str, str]] = [
            ("loans open on the working date", f"{len(register.rows):,}"),
            ("loans past due (by days past due)", f"{len(late.rows):,} ({buckets})"),
            ("PAR 30", f"{late.ageing.par30} %"),
            ("loan register principal = ledger 13010-13030",
             "yes" if register.principal_satang == ledger else
             f"NO: {register.principal_satang} vs {ledger}"),
            ("arrears list, service: first (ms)", f"{first:.1f}", "< 300 ms"),
            ("arrears list, service (ms)", f"{arrears_ms:.1f}", "< 300 ms"),
        ]
        rows += _screen_rows(db)
        rows.append(("loan register (ms)", f"{register_ms:.1f}"))
        rows.append(("repayment preview, riskiest loan (ms)",
                     "no loan" if preview_ms is None else f"{preview_ms:.1f}"))
        return rows
    finally:
        db.close()


if __name__ == "__main__":
    for row in run_loans_bench(sys.argv[1]):
        print(f"{row[0]:45s} {row[1]:>30s}  {row[2] if len(row) > 2 else ''}")
