"""Backup benchmarks: `python -m bench.backup [FUND]` prints a table.

What the bookkeeper waits for on the Backup screen, on the demo fund that bench.run
builds (bench/out/bench-2000-20.kongtun: 2,000 members, 20 years): writing the backup
file (snapshot, manifest, summary, zip), verifying it (every check, the ledger's
included), the two together as the screen does them (target < 3 s), the same with a
passphrase, and the quick verification the automatic backups use.

`run_backup_bench(fund_path)` returns the rows, for bench.run to add to its table.
Figures are printed, never asserted (machines differ).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from app.db import open_fund
from app.services.backup import create_backup, verify_backup


def _timed(fn) -> tuple[float, object]:  # noqa: ANN001
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run_backup_bench(fund_path: Path | str) -> list[tuple[str, str]]:
    """(label, figure[, target]) rows: create, verify, both, with a passphrase, quick verify."""
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="kongtun-bench-") as work, \
            open_fund(fund_path, lock=False, migrate=False) as db:
        out = Path(work) / "b.kongtun-backup"
        made, _ = _timed(lambda: create_backup(db, out, verify=False))
        size = out.stat().st_size / 1e6
        checked, _ = _timed(lambda: verify_backup(out))
        quick, _ = _timed(lambda: verify_backup(out, deep=False))
        rows.append((f"backup: file written ({size:.1f} MB; database "
                     f"{Path(fund_path).stat().st_size / 1e6:.1f} MB)", f"{made:.2f} s"))
        rows.append(("backup: verified (every check, the ledger's included)", f"{checked:.2f} s"))
        rows.append(("backup: create + verify, as the Backup screen does", f"{made + checked:.2f} s",
                     "< 3 s"))
        enc = Path(work) / "e.kongtun-backup"
        both, _ = _timed(lambda: create_backup(db, enc, passphrase="bench passphrase"))
        rows.append(("backup: create + verify with a passphrase (AES-GCM, scrypt)", f"{both:.2f} s"))
        rows.append(("backup: quick verify (automatic backups: no ledger checks)", f"{quick:.2f} s"))
    return rows  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    fund = Path(argv[0]) if argv else Path(__file__).resolve().parent / "out" / "bench-2000-20.kongtun"
    for row in run_backup_bench(fund):
        print("  ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
