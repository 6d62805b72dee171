"""Benchmarks: `python -m bench.run [--members 2000 --years 20] [--quick]` prints a table.

Builds (or reuses) a demo fund under bench/out/, then measures what a bookkeeper and a
coordinator wait for: building the demo, posting, the trial balance as of any date, the
integrity check, the hledger cross-check (export, `hledger -f FILE bal`, do the balances
agree exactly?) and the cold start of the desktop program up to its main window.

Figures are printed, never asserted (machines differ). The exit code is 1 only when a
result is wrong: the integrity check finds problems or hledger disagrees.
`--quick` uses a small fund (200 members, 2 years) so CI can run it as a smoke test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.db import open_fund
from app.services import chart, demo
from app.services.balances import trial_balance
from app.services.check import check_fund
from app.services.journal import date_range, entry_count
from app.services.ledger import LineInput, post_entry

OUT = Path(__file__).resolve().parent / "out"
UNTIL = dt.date(2025, 6, 30)
SEED = 7
POSTINGS = 1_000


@dataclass
class Row:
    what: str
    value: str
    target: str = ""


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def _copy(src: Path, folder: Path, name: str) -> Path:
    dst = folder / name
    shutil.copyfile(src, dst)
    return dst


# ---------------------------------------------------------------- the fund

def bench_fund(members: int, years: int, rebuild: bool) -> tuple[Path, dict]:
    """The benchmark fund and its build record, built unless one with these parameters exists."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"bench-{members}-{years}.kongtun"
    meta_path = path.with_suffix(".json")
    # The generator's own source is part of the parameters: a changed demo means a new fund.
    # Any demo module (demo.py, demo_members.py, demo_loans.py …) changes the fund built.
    sources = sorted(Path(demo.__file__).parent.glob("demo*.py"))
    generator = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]
    params = {"members": members, "years": years, "seed": SEED, "until": UNTIL.isoformat(),
              "generator": generator}
    if not rebuild and path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("params") == params:
            meta["reused"] = True
            return path, meta
    for p in (path, meta_path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    step = {"next": 0.0}

    def progress(done: int, total: int) -> None:
        if done / total >= step["next"]:
            print(f"  building the demo fund: {done}/{total} months", file=sys.stderr)
            step["next"] += 0.1

    seconds, summary = _timed(lambda: demo.build_demo(path, members=members, years=years,
                                                      seed=SEED, until=UNTIL, progress=progress))
    meta = {"params": params, "build_seconds": round(seconds, 2), "entries": summary.entries,
            "reused": False}
    meta_path.write_text(json.dumps(meta, indent=1))
    return path, meta


# ---------------------------------------------------------------- measures

def bench_posting(path: Path, tmp: Path) -> list[Row]:
    """Post POSTINGS entries in one fresh write transaction on a copy of the fund."""
    copy = _copy(path, tmp, "posting.kongtun")
    rows = []
    with open_fund(copy, lock=False, migrate=False) as db:
        with db.read() as s:
            _, last = date_range(s)
        day = last or UNTIL
        for label, shared in (("posting (post_entry as the UI calls it)", False),
                              ("posting (accounts passed in, as imports do)", True)):
            with db.write() as s:
                accounts = chart.accounts_by_code(s) if shared else None
                t = time.perf_counter()
                for i in range(POSTINGS):
                    amount = Decimal(20 + i % 480) + Decimal(i % 4 * 25) / 100
                    post_entry(s, kind="receipt", date=day, user="bookkeeper",
                               description=f"รับค่าธรรมเนียมและค่าบริการ รายการทดสอบที่ {i + 1}",
                               lines=[LineInput("11010", debit=amount),
                                      LineInput("42020", credit=amount)],
                               _accounts=accounts)
                seconds = time.perf_counter() - t
            rows.append(Row(label, f"{POSTINGS / seconds:,.0f} entries/s "
                                   f"({seconds * 1000 / POSTINGS:.2f} ms each)"))
    return rows


def bench_trial_balance(db, first: dt.date, last: dt.date) -> tuple[list[Row], float]:  # noqa: ANN001
    """The trial balance as of 5 dates spread over the fund's life (mid-month ones too)."""
    span = (last - first).days
    dates = [first + dt.timedelta(days=span * k // 4) for k in range(5)]
    times = []
    with db.read() as s:
        trial_balance(s, as_of=dates[0])  # warm the statement cache, as a running app has
        for d in dates:
            seconds, tb = _timed(lambda d=d: trial_balance(s, as_of=d))
            times.append(seconds * 1000)
            if not tb.balanced:  # type: ignore[union-attr]
                raise SystemExit(f"trial balance as of {d} does not balance")
    median = statistics.median(times)
    return [Row("trial balance, 5 dates: median", f"{median:.1f} ms", "< 200 ms"),
            Row("trial balance, 5 dates: max", f"{max(times):.1f} ms", "< 200 ms")], median


def bench_check(db) -> tuple[list[Row], bool]:  # noqa: ANN001
    seconds, problems = _timed(lambda: check_fund(db))
    ok = not problems
    detail = "no problems" if ok else f"{len(problems)} PROBLEMS"  # type: ignore[arg-type]
    return [Row("integrity check (database + ledger)", f"{seconds:.2f} s ({detail})")], ok


def _hledger_balances(journal: Path) -> dict[str, int]:
    """account code -> net satang (debit positive) from `hledger bal` at depth 1."""
    out = subprocess.run(["hledger", "-f", str(journal), "bal", "--flat", "--depth", "1",
                          "-O", "csv"], capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines()[1:]:
        account, _, amount = line.partition('","')
        account, amount = account.strip('"'), amount.strip('"')
        if not account[:5].isdigit():
            continue  # the total row
        number = amount.replace("THB", "").replace(",", "").strip() or "0"
        result[account[:5]] = int(Decimal(number) * 100)
    return result


def bench_hledger(db, tmp: Path, tb_ms: float) -> tuple[list[Row], bool]:  # noqa: ANN001
    try:
        from app.services.export import export_ledger
    except ImportError:
        return [Row("export / hledger", "export: not available")], True
    journal = tmp / "fund.journal"
    with db.read() as s:
        seconds, count = _timed(lambda: export_ledger(s, journal))
        _, last = date_range(s)
        ours = {r.code: r.debit_satang - r.credit_satang
                for r in trial_balance(s, as_of=last or UNTIL).rows}
    rows = [Row("export to hledger journal", f"{seconds:.2f} s ({count:,} entries)")]
    if shutil.which("hledger") is None:
        return rows + [Row("hledger -f FILE bal", "not available (hledger not installed)")], True
    hl_seconds, _ = _timed(lambda: subprocess.run(["hledger", "-f", str(journal), "bal"],
                                                  capture_output=True, check=True))
    theirs = {code: v for code, v in _hledger_balances(journal).items() if v}
    agree = theirs == ours
    rows += [Row("hledger -f FILE bal", f"{hl_seconds * 1000:,.0f} ms"),
             Row("our trial balance (median)", f"{tb_ms:.1f} ms"),
             Row("ratio hledger / ours", f"{hl_seconds * 1000 / tb_ms:,.0f}x", ">= 20x"),
             Row("balances agree exactly", "yes" if agree else f"NO: ours {ours} hledger {theirs}")]
    return rows, agree


_COLD_START = """
import importlib.abc, importlib.util, sys, time
from pathlib import Path


def patch(window_class):
    shown = window_class.show
    def show(self):
        shown(self)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        def done():
            print("SHOWN", time.time(), flush=True)
            QApplication.quit()
        QTimer.singleShot(0, done)
    window_class.show = show


class Hook(importlib.abc.MetaPathFinder):
    # Wrap MainWindow.show when its module is first imported: the program is started
    # exactly as `kongtun --fund F` starts (early check included), nothing imported ahead.
    def find_spec(self, name, path, target=None):
        if name != "app.ui.main_window":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            patch(module.MainWindow)
        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Hook())
from app.cli import main
main(["--fund", sys.argv[1], "--lang", "th"])
"""


def bench_cold_start(path: Path, tmp: Path) -> list[Row]:
    """Seconds from starting Python to the main window shown on the fund (offscreen)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("app.ui.main")
    except ImportError:
        spec = None
    if spec is None or "def run_gui(" not in Path(spec.origin or "").read_text():
        return [Row("cold start to main window shown", "not available")]
    copy = _copy(path, tmp, "gui.kongtun")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KONGTUN_CONFIG_DIR=str(tmp / "config"))
    started = time.time()
    try:
        proc = subprocess.run([sys.executable, "-c", _COLD_START, str(copy)], env=env,
                              capture_output=True, text=True, timeout=120,
                              cwd=Path(__file__).resolve().parent.parent)
    except subprocess.TimeoutExpired:
        return [Row("cold start to main window shown", "did not show within 120 s")]
    if "SHOWN" not in proc.stdout:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return [Row("cold start to main window shown", f"not shown ({last})")]
    # Until the window is shown, not until the process ends (closing makes a backup).
    shown_at = float(proc.stdout.split("SHOWN", 1)[1].split()[0])
    seconds = shown_at - started
    return [Row("cold start to main window shown", f"{seconds:.2f} s", "< 1.5 s")]


# ---------------------------------------------------------------- main

def print_table(title: str, rows: list[Row]) -> None:
    w1 = max(len(r.what) for r in rows)
    w2 = max(len(r.value) for r in rows)
    print(title)
    print(f"{'measure':<{w1}}  {'figure':<{w2}}  target")
    print(f"{'-' * w1}  {'-' * w2}  ------")
    for r in rows:
        print(f"{r.what:<{w1}}  {r.value:<{w2}}  {r.target}".rstrip())


# Benchmarks of later screens and reports, each in its own module:
# (module, function(fund_path) -> [(what, figure) or (what, figure, target)]).
EXTRA_BENCHES = (
    ("bench.reports", "run_report_bench"),
    ("bench.cashbook", "run_cashbook_bench"),
    ("bench.members", "run_members_bench"),
    ("bench.backup", "run_backup_bench"),
    ("bench.coordinator", "run_coordinator_bench"),
    ("bench.loans", "run_loans_bench"),
)


def bench_extras(path: Path) -> list[Row]:
    import importlib

    rows: list[Row] = []
    for module_name, function in EXTRA_BENCHES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        rows += [Row(*map(str, r)) for r in getattr(module, function)(path)]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=2000)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="a small fund (200 members, 2 years)")
    ap.add_argument("--rebuild", action="store_true", help="build the fund even if present")
    args = ap.parse_args(argv)
    members, years = (200, 2) if args.quick else (args.members, args.years)
    path, meta = bench_fund(members, years, args.rebuild)
    how = "reused; time recorded when built" if meta["reused"] else "built now"
    rows = [Row("demo build", f"{meta['build_seconds']:.1f} s, {meta['entries']:,} entries ({how})",
                "< 180 s for 2000 members, 20 years")]
    with tempfile.TemporaryDirectory(prefix="kongtun-bench-") as tmp_name:
        tmp = Path(tmp_name)
        rows += bench_posting(path, tmp)
        with open_fund(path, lock=False, migrate=False) as db:
            with db.read() as s:
                first, last = date_range(s)
                n = entry_count(s)
            tb_rows, tb_ms = bench_trial_balance(db, first or UNTIL, last or UNTIL)
            check_rows, check_ok = bench_check(db)
            hl_rows, agree = bench_hledger(db, tmp, tb_ms)
        rows += tb_rows + check_rows + hl_rows + bench_cold_start(path, tmp)
        rows += bench_extras(_copy(path, tmp, "extras.kongtun"))
    print_table(f"Kongtun benchmarks: {members} members, {years} years, {n:,} entries "
                f"({path.name})", rows)
    return 0 if check_ok and agree else 1


if __name__ == "__main__":
    sys.exit(main())
