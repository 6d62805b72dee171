"""Coordinator benchmarks: `python -m bench.coordinator` prints a table.

What the tambon coordinator waits for: importing 50 village backups into a new network
book (each verified in full: checksums, hash chain, trial balance; target < 20 s) and
writing the consolidated report (target < 1 s). The 50 backups are made once into
bench/out/coordinator-50/ from small demo funds (60 members, 2 years; five seeds, each
copy given its own fund code and name) and reused while the demo generator is unchanged.

`run_coordinator_bench(fund_path)` returns the rows, for bench.run to add to its table
(the fund itself is not used). Figures are printed, never asserted.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from app.coordinator.db import open_network
from app.coordinator.report import write_consolidated
from app.coordinator.service import import_backups
from app.db import open_fund
from app.reports.pdf import PrintOptions
from app.services import demo
from app.services.backup import create_backup

OUT = Path(__file__).resolve().parent / "out" / "coordinator-50"
VILLAGES, SEEDS, MEMBERS, YEARS = 50, 5, 60, 2


def village_backups() -> list[Path]:
    """The 50 backup files, built unless a matching set exists."""
    generator = hashlib.sha256(Path(demo.__file__).read_bytes()).hexdigest()[:16]
    params = {"villages": VILLAGES, "seeds": SEEDS, "members": MEMBERS, "years": YEARS,
              "generator": generator}
    meta = OUT / "params.json"
    files = [OUT / f"village-{i:02d}.kongtun-backup" for i in range(1, VILLAGES + 1)]
    if meta.exists() and json.loads(meta.read_text()) == params and all(f.exists() for f in files):
        return files
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="kongtun-bench-coord-") as work:
        bases = []
        for seed in range(1, SEEDS + 1):
            bases.append(Path(work) / f"base{seed}.kongtun")
            demo.build_demo(bases[-1], members=MEMBERS, years=YEARS, seed=seed)
        for i, out in enumerate(files, start=1):
            fund = Path(work) / f"v{i}.kongtun"
            shutil.copyfile(bases[i % SEEDS], fund)
            with sqlite3.connect(fund) as con:  # its own identity: another village
                con.execute("UPDATE fund SET code = ?, name = ?, village_no = ?",
                            (f"3315{i:04d}", f"กองทุนหมู่บ้านทดสอบ หมู่ที่ {i}", str(i)))
            con.close()
            with open_fund(fund, lock=False) as db:
                create_backup(db, out, verify=False)
    meta.write_text(json.dumps(params))
    return files


def run_coordinator_bench(fund_path: Path | str | None = None) -> list[tuple[str, ...]]:
    """(label, figure, target) rows: 50 imports, the consolidated report (PDF)."""
    files = village_backups()
    with tempfile.TemporaryDirectory(prefix="kongtun-bench-net-") as work, \
            open_network(Path(work) / "tambon.kongtun-network") as book:
        start = time.perf_counter()
        results = import_backups(book, files)
        imported = time.perf_counter() - start
        ok = sum(r.status == "ok" for r in results)
        start = time.perf_counter()
        write_consolidated(book, Path(work) / "tambon.pdf", options=PrintOptions())
        report = time.perf_counter() - start
    return [(f"coordinator: import {len(files)} village backups ({ok} ok, each fully verified)",
             f"{imported:.2f} s", "< 20 s"),
            ("coordinator: consolidated report, 50 villages (PDF)", f"{report:.2f} s", "< 1 s")]


def main() -> int:
    for row in run_coordinator_bench():
        print("  ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
