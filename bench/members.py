"""Registry benchmarks: search as you type on 20,000 members, importing 5,000 rows.

Search: the members of the benchmark fund, repeated with new numbers and IDs up to
20,000 rows, are loaded into the screen's table model; each keystroke of a name, a
member no. and a national ID is timed (filter + model reset), worst case reported.
Import: a 5,000-row CSV with shares and savings into a new fund (preview + import +
the opening entry, one unit of work).
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from app.db import open_fund
from app.services.fund import NewFund, create_fund, working_date
from app.services.member_import import import_members, preview
from app.services.members import list_members
from app.thai import national_id_check_digit

SEARCH_ROWS = 20_000
IMPORT_ROWS = 5_000


def _nid(n: int) -> str:
    first12 = f"15099{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def _search_rows(fund_path: Path | str) -> list:
    with open_fund(fund_path, lock=False, migrate=False) as db, db.read() as s:
        base = list_members(s, as_of=working_date(s))
    rows = []
    for i in range(SEARCH_ROWS):
        m = base[i % len(base)]
        rows.append(replace(m, id=i + 1, member_no=f"{i + 1:05d}", national_id=_nid(i)))
    return rows


def bench_search(fund_path: Path | str) -> tuple[float, float, float]:
    """(load seconds, median ms, worst ms) per keystroke on 20,000 members."""
    from PySide6.QtWidgets import QApplication

    from app.ui.members_view import MemberTableModel

    _app = QApplication.instance() or QApplication([])
    rows = _search_rows(fund_path)
    model = MemberTableModel()
    t = time.perf_counter()
    model.set_rows(rows)
    load = time.perf_counter() - t
    first = rows[123]
    words = (first.first_name + " " + first.last_name[:3], "01234", first.national_id[:9],
             first.house_no)
    times = []
    for word in words:
        for k in range(1, len(word) + 1):
            t = time.perf_counter()
            model.set_filter(word[:k])
            model.rowCount()
            times.append((time.perf_counter() - t) * 1000)
        model.set_filter("")
    return load, statistics.median(times), max(times)


def bench_import(fund_path: Path | str) -> tuple[float, int]:
    """Seconds to preview and import 5,000 rows into a new fund; rows imported."""
    with tempfile.TemporaryDirectory(prefix="kongtun-bench-") as folder:
        sheet = Path(folder) / "registry.csv"
        with open_fund(fund_path, lock=False, migrate=False) as db, db.read() as s:
            base = list_members(s)
        with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["ที่", "คำนำหน้า", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "วันเกิด",
                        "บ้านเลขที่", "หมู่ที่", "วันที่เข้าเป็นสมาชิก", "ค่าหุ้น", "เงินสัจจะ"])
            for i in range(IMPORT_ROWS):
                m = base[i % len(base)]
                w.writerow([i + 1, m.title, m.first_name, m.last_name, _nid(i),
                            f"{(i % 28) + 1}/{(i % 12) + 1}/25{10 + i % 20}", f"{i // 3 + 1}",
                            "3", "1/1/2560", (i % 10 + 1) * 100, f"{(i % 50) * 100}.50"])
        new = NewFund(name="กองทุนทดสอบ", code="B1", village_no="3", village="ทดสอบ",
                      tambon="ทดสอบ", amphoe="ทดสอบ", province="ทดสอบ")
        db = create_fund(Path(folder) / "import.kongtun", new, working_date=dt.date(2025, 1, 15))
        try:
            t = time.perf_counter()
            with db.write() as s:
                pre = preview(s, sheet, default_join=dt.date(2025, 1, 15))
                result = import_members(s, pre, user="bookkeeper",
                                        opening_date=dt.date(2025, 1, 15))
            seconds = time.perf_counter() - t
        finally:
            db.close()
    return seconds, result.added


def run_members_bench(fund_path: Path | str) -> list[tuple[str, str]]:
    load, median, worst = bench_search(fund_path)
    seconds, added = bench_import(fund_path)
    return [
        (f"members: load {SEARCH_ROWS:,} rows into the list's search index", f"{load:.2f} s"),
        (f"members: search as you type on {SEARCH_ROWS:,}, per keystroke (median / worst)",
         f"{median:.1f} / {worst:.1f} ms", "< 30 ms"),
        (f"members: import {IMPORT_ROWS:,} rows (preview + import, {added:,} added)",
         f"{seconds:.1f} s", "< 10 s"),
    ]
