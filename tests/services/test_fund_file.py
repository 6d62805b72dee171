"""The fund file: what open_fund refuses, the one-writer lock, pragmas, units of work.

Also the fund itself (app/services/fund.py): identity, working date, users.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import app
import app.db as app_db
from app.db import FundDb, InstanceLock, create_fund_file, open_fund
from app.errors import (
    FundFileError,
    FundLocked,
    FundTooNew,
    InvalidInput,
    NotAFundFile,
    PermissionDenied,
)
from app.models import JournalEntry, Setting
from app.services.audit import recent
from app.services.check import check_fund
from app.services.fund import (
    NewFund,
    add_user,
    create_fund,
    fund_info,
    get_user,
    list_users,
    set_working_date,
    working_date,
)

PROJECT = Path(app.__file__).resolve().parent.parent


def is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def siblings(path: Path) -> set[str]:
    """The fund file's companions left in its folder (lock, WAL, shared memory)."""
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + ".")
            or p.name.startswith(path.name + "-")}


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


# ---------------------------------------------------------------- pragmas and sessions


@pytest.mark.parametrize("unit", ["read", "write"])
def test_pragmas_on_a_session_connection(fund: FundDb, unit: str) -> None:
    with getattr(fund, unit)() as s:
        def pragma(name: str) -> object:
            return s.execute(text(f"PRAGMA {name}")).scalar()

        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 5000


def test_a_unit_of_work_commits_or_rolls_back(fund: FundDb) -> None:
    with fund.write() as s:
        s.add(Setting(key="font_size", value="14"))
    with pytest.raises(RuntimeError), fund.write() as s:
        s.add(Setting(key="theme", value="dark"))
        s.flush()
        raise RuntimeError("the bookkeeper pressed cancel")
    with fund.read() as s:
        s.add(Setting(key="scratch", value="x"))
        s.flush()
    with fund.read() as s:
        keys = set(s.scalars(select(Setting.key)))
    assert "font_size" in keys
    assert not keys & {"theme", "scratch"}


def test_foreign_keys_are_enforced(fund: FundDb) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), fund.write() as s:
        s.execute(text("INSERT INTO account_month_total VALUES (9999, 2025, 1, 0, 0)"))


def test_a_fresh_fund_is_sound(fund: FundDb) -> None:
    assert check_fund(fund) == []
    assert app_db.quick_check(fund.engine) == []
    assert app_db.integrity_check(fund.engine) == []


# ---------------------------------------------------------------- refused files


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _text_file(tmp: Path) -> Path:
    return _write(tmp / "notes.kongtun", "บันทึกการประชุม\nnot a database\n".encode())


def _random_bytes(tmp: Path) -> Path:
    return _write(tmp / "noise.kongtun", random.Random(7).randbytes(16384))


def _empty_file(tmp: Path) -> Path:
    return _write(tmp / "empty.kongtun", b"")


def _sqlite_header_then_noise(tmp: Path) -> Path:
    return _write(tmp / "half.kongtun", b"SQLite format 3\x00" + random.Random(8).randbytes(8192))


def _foreign_sqlite(tmp: Path) -> Path:
    path = tmp / "contacts.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contact (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contact VALUES ('สมชาย', '081')")
    conn.commit()
    conn.close()
    return path


def _foreign_sqlite_in_wal_mode(tmp: Path) -> Path:
    path = tmp / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


REFUSED: dict[str, tuple[Callable[[Path], Path], type[FundFileError]]] = {
    "text file": (_text_file, NotAFundFile),
    "random bytes": (_random_bytes, NotAFundFile),
    "empty file": (_empty_file, NotAFundFile),
    "sqlite header then noise": (_sqlite_header_then_noise, FundFileError),
    "another program's database": (_foreign_sqlite, NotAFundFile),
    "another program's WAL database": (_foreign_sqlite_in_wal_mode, NotAFundFile),
}


@pytest.mark.parametrize("make", REFUSED.values(), ids=REFUSED.keys())
def test_open_refuses_what_is_not_a_fund(tmp_path: Path, make: tuple) -> None:
    maker, error = make
    path = maker(tmp_path)
    with pytest.raises(error) as caught:
        open_fund(path)
    assert is_thai(str(caught.value))
    assert str(path) in str(caught.value)
    assert siblings(path) == set()  # no lock, WAL or shared-memory file left behind


def test_another_programs_database_is_left_untouched(tmp_path: Path) -> None:
    path = _foreign_sqlite(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NotAFundFile):
        open_fund(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()


def test_open_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.kongtun"
    with pytest.raises(FundFileError) as caught:
        open_fund(path)
    assert is_thai(str(caught.value)) and str(path) in str(caught.value)
    assert not path.exists() and siblings(path) == set()


def test_open_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder.kongtun"
    folder.mkdir()
    with pytest.raises(FundFileError) as caught:
        open_fund(folder)
    assert is_thai(str(caught.value))


def test_open_refuses_a_file_from_a_newer_program(fund_path: Path) -> None:
    conn = sqlite3.connect(fund_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.close()
    with pytest.raises(FundTooNew) as caught:
        open_fund(fund_path)
    assert is_thai(str(caught.value)) and str(fund_path) in str(caught.value)
    assert not lock_path(fund_path).exists()
    with pytest.raises(FundTooNew):  # the refused open released its lock
        open_fund(fund_path)
    assert not list(fund_path.parent.glob("*before-upgrade*"))


def test_create_refuses_an_existing_file(fund_path: Path) -> None:
    before = fund_path.read_bytes()
    with pytest.raises(FundFileError) as caught:
        create_fund_file(fund_path)
    assert is_thai(str(caught.value))
    assert fund_path.read_bytes() == before


# ---------------------------------------------------------------- the instance lock


def test_a_second_open_is_refused_while_the_first_is_open(fund_path: Path) -> None:
    first = open_fund(fund_path)
    try:
        with pytest.raises(FundLocked) as caught:
            open_fund(fund_path)
        assert is_thai(str(caught.value))
        assert f"pid {os.getpid()}" in str(caught.value)  # who holds it
        with first.read() as s:  # the refused open did not disturb the first
            assert s.scalar(select(func.count(JournalEntry.id))) == 0
    finally:
        first.close()
    assert not lock_path(fund_path).exists()
    again = open_fund(fund_path)
    again.close()


def test_open_without_the_lock_leaves_no_lock_file(fund_path: Path) -> None:
    with open_fund(fund_path, lock=False) as db:
        assert not lock_path(fund_path).exists()
        with db.read() as s:
            assert fund_info(s).code == "33-0301"


def test_a_stale_lock_file_does_not_block(fund_path: Path) -> None:
    lock_path(fund_path).write_text("บัญชีเครื่องเก่า pid 424242 2025-01-15 09:30")
    with open_fund(fund_path):
        assert f"pid {os.getpid()}" in lock_path(fund_path).read_text()
    assert not lock_path(fund_path).exists()


HOLDER = """
import sys
from app.db import open_fund
db = open_fund(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
"""


def test_a_lock_held_by_another_process_blocks_until_it_dies(fund_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(fund_path)], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(FundLocked) as caught:
            open_fund(fund_path)
        assert f"pid {proc.pid}" in str(caught.value)
        proc.kill()  # SIGKILL: no chance to release anything
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert lock_path(fund_path).exists()  # left behind by the crash...
    with open_fund(fund_path) as db:  # ...and taken over
        assert check_fund(db) == []


def test_a_lock_released_between_open_and_lock_is_not_shared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fund = tmp_path / "race.kongtun"
    holder = InstanceLock(fund)
    holder.acquire()
    real_lock = app_db._lock_file
    quit_once: list[bool] = []

    def holder_quits_first(fh) -> None:  # noqa: ANN001
        if not quit_once:
            quit_once.append(True)
            holder.release()  # after the newcomer opened the lock file, before it locks
        real_lock(fh)

    monkeypatch.setattr(app_db, "_lock_file", holder_quits_first)
    newcomer = InstanceLock(fund)
    newcomer.acquire()
    monkeypatch.setattr(app_db, "_lock_file", real_lock)
    try:
        with pytest.raises(FundLocked):
            InstanceLock(fund).acquire()
    finally:
        newcomer.release()


def test_a_lock_taken_while_the_holder_releases_is_not_shared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fund = tmp_path / "race.kongtun"
    holder, newcomer = InstanceLock(fund), InstanceLock(fund)
    holder.acquire()
    real_unlock = app_db._unlock_file

    def newcomer_jumps_in(fh) -> None:  # noqa: ANN001
        real_unlock(fh)
        monkeypatch.setattr(app_db, "_unlock_file", real_unlock)
        newcomer.acquire()  # right after the holder unlocked, before it finished releasing

    monkeypatch.setattr(app_db, "_unlock_file", newcomer_jumps_in)
    holder.release()
    try:
        with pytest.raises(FundLocked):
            InstanceLock(fund).acquire()
    finally:
        newcomer.release()


# ---------------------------------------------------------------- the fund itself


NEW = NewFund(name="กองทุนหมู่บ้านโนนสูง", code="34-0102", village_no="2", village="โนนสูง",
              tambon="โนนสูง", amphoe="เมือง", province="อุบลราชธานี", fiscal_start_month=10)


def test_create_fund(tmp_path: Path) -> None:
    path = tmp_path / "nonsung.kongtun"
    with create_fund(path, NEW, working_date=dt.date(2025, 3, 2)) as db, db.read() as s:
        info = fund_info(s)
        assert (info.name, info.code, info.fiscal_start_month) == (NEW.name, NEW.code, 10)
        assert working_date(s) == dt.date(2025, 3, 2)
        assert [(u.username, u.role) for u in list_users(s)] == [
            ("bookkeeper", "bookkeeper"), ("chair", "chair")]
    with open_fund(path) as db:
        with db.read() as s:
            rows = s.execute(text("SELECT label, start_date, end_date FROM fiscal_year")).all()
        assert rows == [(2568, "2024-10-01", "2025-09-30")]
        assert check_fund(db) == []


@pytest.mark.parametrize("field", ["name", "code", "village_no", "village", "tambon", "amphoe",
                                   "province"])
def test_create_fund_needs_every_field(tmp_path: Path, field: str) -> None:
    path = tmp_path / "x.kongtun"
    with pytest.raises(InvalidInput) as caught:
        create_fund(path, NewFund(**{**NEW.__dict__, field: "  "}))
    assert is_thai(str(caught.value))
    assert not path.exists()


@pytest.mark.parametrize("month", [0, 13])
def test_create_fund_needs_a_real_start_month(tmp_path: Path, month: int) -> None:
    with pytest.raises(InvalidInput):
        create_fund(tmp_path / "x.kongtun", NewFund(**{**NEW.__dict__,
                                                       "fiscal_start_month": month}))


def test_the_working_date(fund: FundDb) -> None:
    with fund.read() as s:
        assert working_date(s) == dt.date(2025, 1, 15)
    with fund.write() as s:
        set_working_date(s, day=dt.date(2025, 2, 3), user="bookkeeper")
    with fund.read() as s:
        assert working_date(s) == dt.date(2025, 2, 3)
        event = recent(s)[0]
    assert (event.action, event.target, event.user) == ("set_working_date", "2025-02-03",
                                                        "bookkeeper")


def test_users(fund: FundDb) -> None:
    with fund.write() as s:
        added = add_user(s, username=" auditor1 ", display_name="นางผู้ตรวจ", role="auditor",
                         user="chair")
    assert (added.username, added.role, added.active) == ("auditor1", "auditor", True)
    with fund.read() as s:
        assert get_user(s, "auditor1") == added
        with pytest.raises(PermissionDenied):
            get_user(s, "nobody")
    for kw in ({"username": "auditor1"}, {"role": "treasurer"}, {"display_name": " "}):
        with fund.write() as s, pytest.raises(InvalidInput) as caught:
            add_user(s, **{"username": "x", "display_name": "ก", "role": "auditor",
                           "user": "chair", **kw})
        assert is_thai(str(caught.value))
