"""Backup benchmarks: `python -m bench.backup [FUND]` prints a table.

What the bookkeeper waits for on the Backup screen, on the demo fund that bench.run
builds (bench/out/bench-2000-20.kongtun: 2,000 members, 20 years): the backup file
written and checked right after writing, as the screen and `kongtun backup create` do
(snapshot, zip, SQLite's quick check, the hash chain and the trial balance proven;
target < 3 s); the same with a passphrase; the automatic backup (no ledger proof); the
file only (no check); and `kongtun backup verify` of a file from elsewhere, which
unpacks it and proves everything again. Each figure is the best of `REPEAT` runs (the
machine is shared; the best run is the one least disturbed), with the process's CPU
seconds beside it (the work done, whatever the other processes do).

`run_backup_bench(fund_path)` returns the rows, for bench.run to add to its table.
Figures are printed, never asserted (machines differ).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.db import open_fund
from app.services.backup import create_backup, verify_backup

REPEAT = 3


def _timed(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """(best wall seconds, CPU seconds of that run) over `repeat` runs."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
    return best


def _fig(t: tuple[float, float]) -> str:
    return f"{t[0]:.2f} s (CPU {t[1]:.2f} s)"


def run_backup_bench(fund_path: Path | str) -> list[tuple[str, ...]]:
    """(label, figure[, target]) rows: see the module docstring."""
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="kongtun-bench-") as work, \
            open_fund(fund_path, lock=False, migrate=False) as db:
        out = Path(work) / "b.kongtun-backup"
        checked = _timed(lambda: create_backup(db, out))
        size = out.stat().st_size / 1e6
        rows.append((f"backup: create + check, as the Backup screen does ({size:.1f} MB file; "
                     f"database {Path(fund_path).stat().st_size / 1e6:.1f} MB)", _fig(checked),
                     "< 3 s"))
        enc = Path(work) / "e.kongtun-backup"
        rows.append(("backup: the same with a passphrase (AES-GCM, scrypt)",
                     _fig(_timed(lambda: create_backup(db, enc, passphrase="bench passphrase")))))
        auto = Path(work) / "a.kongtun-backup"
        rows.append(("backup: automatic backup (checked, no ledger proof)",
                     _fig(_timed(lambda: create_backup(db, auto, prove=False)))))
        raw = Path(work) / "r.kongtun-backup"
        rows.append(("backup: file written, no check",
                     _fig(_timed(lambda: create_backup(db, raw, verify=False)))))
        rows.append(("backup: `backup verify` of a file from elsewhere (unpacked, all proven)",
                     _fig(_timed(lambda: verify_backup(out), repeat=1))))
        rows.append(("backup: quick verify (unpacked, figures only)",
                     _fig(_timed(lambda: verify_backup(out, deep=False), repeat=1))))
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    fund = Path(argv[0]) if argv else Path(__file__).resolve().parent / "out" / "bench-2000-20.kongtun"
    for row in run_backup_bench(fund):
        print("  ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
