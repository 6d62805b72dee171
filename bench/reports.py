"""Report benchmarks: `python -m bench.reports [FUND]` prints a table.

What a bookkeeper waits for on the Reports screen, on the demo fund that bench.run
builds (bench/out/bench-2000-20.kongtun: 2,000 members, 20 years): the monthly statement
built (data only, target < 0.5 s), the same statement printed to PDF, and the cash book
of the last twelve months printed to PDF (target < 3 s). The Thai word dictionary is
loaded once per process (the app does it at start-up); its time is shown on its own.

`run_report_bench(fund_path)` returns the rows, for bench.run to add to its table.
Figures are printed, never asserted (machines differ).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.db import open_fund
from app.reports.catalog import make_report
from app.reports.monthly import build_monthly
from app.reports.pdf import PrintOptions
from app.reports.thai_text import register_fonts, warm_up
from app.services.fund import working_date
from app.services.journal import date_range
from app.services.periods import month_end

DEFAULT_FUND = Path(__file__).resolve().parent / "out" / "bench-2000-20.kongtun"


def _seconds(fn: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """(first run, median of all runs) in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times[0], statistics.median(times)


def run_report_bench(fund_path: Path | str) -> list[tuple[str, str]]:
    """(label, figure) rows: monthly statement data and PDF, 12-month cash book PDF."""
    rows: list[tuple[str, str]] = []
    first, _ = _seconds(lambda: (warm_up(), register_fonts()))
    rows.append(("reports: Thai dictionary and fonts loaded (once per process)", f"{first:.2f} s"))
    with open_fund(fund_path, lock=False, migrate=False) as db, db.read() as s, \
            tempfile.TemporaryDirectory(prefix="kongtun-bench-") as tmp:
        _, last = date_range(s)
        last = last or working_date(s)
        month = (last.year, last.month)
        start = (month[0] - 1, month[1] + 1) if month[1] < 12 else (month[0], 1)
        options = PrintOptions(printed_on=working_date(s))
        first, median = _seconds(lambda: build_monthly(
            s, start=last.replace(day=1), end=month_end(*month)), repeat=5)
        rows.append(("monthly statement built (data only), first / median of 5",
                     f"{first * 1000:.0f} / {median * 1000:.0f} ms (target < 500 ms)"))
        first, _ = _seconds(lambda: make_report(s, "monthly", fmt="pdf", month=month,
                                                out=Path(tmp) / "m.pdf", options=options))
        rows.append(("monthly statement printed (PDF, one page)", f"{first:.2f} s"))
        rows_count = {}

        def cash_book() -> None:
            out = make_report(s, "cashbook", fmt="pdf", month=start, to_month=month,
                              out=Path(tmp) / "cb.pdf", options=options)
            rows_count["pages"] = Path(out).read_bytes().count(b"/Type /Page\n")

        first, _ = _seconds(cash_book)
        rows.append((f"cash book of 12 months printed (PDF, {rows_count['pages']} pages)",
                     f"{first:.2f} s (target < 3 s)"))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    fund = Path(args[0]) if args else DEFAULT_FUND
    if not fund.exists():
        print(f"no fund at {fund}: run `python -m bench.run` first, or give a fund file")
        return 2
    rows = run_report_bench(fund)
    width = max(len(label) for label, _ in rows)
    print(f"Kongtun report benchmarks ({fund.name})")
    for label, figure in rows:
        print(f"{label:<{width}}  {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
