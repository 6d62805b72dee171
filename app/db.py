"""The fund file: engine, pragmas, sessions, the instance lock, migrations on open.

One SQLite file per fund (`*.kongtun`). Every connection gets foreign keys, WAL,
synchronous=FULL and a busy timeout. Write transactions start with
`BEGIN IMMEDIATE` so two writers never deadlock halfway; read transactions are
deferred. This is the only module allowed SQLite-specific SQL.

Opening a fund: header check (is it SQLite at all?), quick integrity check, is it
a Kongtun file, is it newer than this program; then, if the schema is behind, a
safety copy through SQLite's backup API (`<name>.before-upgrade-<rev>.kongtun`), a
rotating backup file in `backups/` beside the fund (as on closing and before a restore)
and `alembic upgrade head`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import FundFileError, FundLocked, FundTooNew, NotAFundFile

FUND_SUFFIX = ".kongtun"
SQLITE_HEADER = b"SQLite format 3\x00"
SQLITE_CORRUPT = 11  # sqlite3 error code: "database disk image is malformed"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


# ---------------------------------------------------------------- engine

def make_engine(path: Path | str) -> Engine:
    """An engine on the fund file with Kongtun's pragmas on every connection."""
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        mode = conn.get_execution_options().get("kongtun_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


# ---------------------------------------------------------------- lock

@dataclass
class InstanceLock:
    """One writer per fund: an OS lock on `<fund>.lock`.

    The operating system releases the lock when the process dies, so a lock file
    left behind by a crash is stale and simply taken over. The file's text says who
    holds it, for the message shown to a second instance.
    """

    fund_path: Path
    _fh: object | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.fund_path.with_name(self.fund_path.name + ".lock")

    def acquire(self) -> None:
        for _attempt in range(20):
            fh = open(self.path, "a+")  # noqa: SIM115 - held open for the lock's lifetime
            try:
                _lock_file(fh)
            except OSError:
                holder = _read_holder(fh)
                fh.close()
                raise FundLocked(holder=holder) from None
            if _is_current(fh, self.path):
                break
            # The holder released and removed the file between our open() and our lock:
            # we locked a file nobody else can find. Lock the one at the path instead.
            with contextlib.suppress(OSError):
                _unlock_file(fh)
            fh.close()
        else:  # pragma: no cover - twenty lost races in a row
            raise FundLocked(holder="?")
        fh.seek(0)
        fh.truncate()
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        fh.write(f"{socket.gethostname()} pid {os.getpid()} {stamp}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        # Remove the file while still holding it, so nobody can lock a file that then
        # vanishes (acquire() retries when its file was removed under it). Windows cannot
        # delete an open file; there it is removed after closing, if no one has opened it.
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            _unlock_file(fh)
        fh.close()
        if os.name == "nt":  # pragma: no cover - exercised on the Windows build
            with contextlib.suppress(OSError):
                self.path.unlink()


def _read_holder(fh) -> str:  # noqa: ANN001
    try:
        fh.seek(0)
        return fh.read().strip() or "?"
    except OSError:  # Windows refuses to read a locked byte range
        return "?"


def _is_current(fh, path: Path) -> bool:  # noqa: ANN001
    """Is the open file still the one at `path` (not unlinked by a holder that quit)?"""
    if os.name == "nt":  # an open file cannot be deleted there
        return True
    try:
        here, there = os.fstat(fh.fileno()), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


if os.name == "nt":  # pragma: no cover - exercised on the Windows build
    import msvcrt

    def _lock_file(fh) -> None:  # noqa: ANN001
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_file(fh) -> None:  # noqa: ANN001
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_file(fh) -> None:  # noqa: ANN001
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(fh) -> None:  # noqa: ANN001
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# ---------------------------------------------------------------- the open fund

class FundDb:
    """An open fund file: its engine and the sessions to read and write it."""

    def __init__(self, path: Path, engine: Engine, lock: InstanceLock | None) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(kongtun_begin="IMMEDIATE"), expire_on_commit=False
        )

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, else rolls back."""
        with self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only view; anything written inside is rolled back."""
        with self._read() as session, session.begin():
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> FundDb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise FundFileError("The fund file {path} does not exist.", path=str(path)) from None
    except OSError:
        raise FundFileError("The fund file {path} cannot be read.", path=str(path)) from None
    if head[:16] != SQLITE_HEADER:
        raise NotAFundFile(path=str(path))
    # A rollback-journal file (header bytes 18-19 = 1) cannot be a fund we made, unless it
    # was copied oddly: look for our version table read-only first, because our own
    # connections switch the file to WAL, a change to a file that may not be ours.
    if head[18:20] == b"\x01\x01" and not _has_version_table(path):
        raise NotAFundFile(path=str(path))


def _has_version_table(path: Path) -> bool:
    """Read-only look for alembic_version; True when unsure (the full checks follow)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return True
    try:
        row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = 'alembic_version'").fetchone()
    except sqlite3.Error:
        return True
    finally:
        conn.close()
    return row is not None


def quick_check(engine: Engine) -> list[str]:
    """SQLite's own quick check; [] when the file is sound."""
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


def integrity_check(engine: Engine) -> list[str]:
    """SQLite's full integrity and foreign-key checks; [] when sound."""
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        fks = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        problems += [f"foreign key: {tuple(r)}" for r in fks]
    return problems


def open_fund(path: Path | str, *, lock: bool = True, migrate: bool = True,
              checked: bool = True) -> FundDb:
    """Open an existing fund file, refusing anything that is not a sound Kongtun file.

    `checked=False` leaves out SQLite's quick check, for a caller that runs it itself
    (a backup checks its snapshot while compressing it); the other checks still run.
    """
    from app import migrate as mig

    path = Path(path)
    _check_header(path)
    instance_lock = InstanceLock(path) if lock else None
    if instance_lock:
        instance_lock.acquire()
    engine = make_engine(path)
    try:
        try:
            problems = quick_check(engine) if checked else []
        except Exception as exc:
            # A fund damaged on its disk is not "someone else's file": say so, so the
            # bookkeeper restores a backup instead of looking for another file.
            orig = getattr(exc, "orig", exc)
            if (getattr(orig, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_CORRUPT:
                raise FundFileError("The fund file {path} is damaged: {problem}",
                                    path=str(path), problem=str(orig)) from None
            raise NotAFundFile(path=str(path)) from None
        if problems:
            raise FundFileError(
                "The fund file {path} is damaged: {problem}", path=str(path), problem=problems[0]
            )
        current = mig.current_revision(engine)
        if current is None:
            raise NotAFundFile(path=str(path))
        if not mig.is_known(current):
            raise FundTooNew(path=str(path))
        if migrate and not mig.is_head(current):
            safety_copy(engine, path.with_name(f"{path.stem}.before-upgrade-{current}{path.suffix}"))
            _backup_before_upgrade(path, engine, current)
            engine.dispose()
            mig.upgrade(engine)
    except BaseException:
        engine.dispose()
        if instance_lock:
            instance_lock.release()
        raise
    return FundDb(path, engine, instance_lock)


def _backup_before_upgrade(path: Path, engine: Engine, revision: str) -> None:
    """A rotating backup file in `backups/` beside the fund, as on closing and restoring.

    The `.before-upgrade-<rev>` copy above is the one the upgrade relies on (a failure there
    stops the upgrade); this one only adds a verified `.kongtun-backup` to the fund's
    rotation, so it never stops the upgrade: reading the figures of an old schema may fail.
    """
    from app.errors import KongtunError
    from app.services.restore import auto_backup

    log = logging.getLogger(__name__)
    try:
        auto_backup(FundDb(path, engine, None), reason=f"upgrade-{revision}")
    except (KongtunError, OSError, SQLAlchemyError, sqlite3.Error) as exc:
        log.warning("no automatic backup before upgrading %s: %s", path, exc)


def create_fund_file(path: Path | str, *, lock: bool = True) -> FundDb:
    """Make a new, empty fund file at the newest schema (the caller seeds it)."""
    from app import migrate as mig

    path = Path(path)
    if path.exists():
        raise FundFileError("The file {path} already exists.", path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    instance_lock = InstanceLock(path) if lock else None
    if instance_lock:
        instance_lock.acquire()
    engine = make_engine(path)
    try:
        mig.upgrade(engine)
    except BaseException:
        engine.dispose()
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        if instance_lock:
            instance_lock.release()
        raise
    return FundDb(path, engine, instance_lock)


def safety_copy(engine: Engine, target: Path) -> Path:
    """A consistent copy of the live database through SQLite's backup API."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        dst = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(dst)  # type: ignore[union-attr]
        finally:
            dst.close()
    finally:
        raw.close()
    os.replace(tmp, target)
    return target


# Each entry's canonical payload (app.services.ledger.payload_bytes), built by SQLite's JSON
# functions: compact, keys in sorted order, strings escaped as Python's json.dumps does with
# ensure_ascii=False. The lines come through the index on entry_id, so in id order.
_LINES = """(SELECT json_group_array(json_array(a.code, l.debit_satang, l.credit_satang,
                                           l.member_id, l.loan_id, l.memo))
           FROM journal_line l JOIN account a ON a.id = l.account_id WHERE l.entry_id = e.id)"""
_PAYLOADS = """
SELECT e.id, e.voucher_no, e.prev_hash, e.hash, CAST(json_object(
    'by', e.created_by, 'counterpart', e.counterpart, 'date', e.date,
    'description', e.description, 'evidence', e.evidence_ref, 'kind', e.kind,
    'lines', {lines}, 'reverses', e.reverses_id, 'voucher', e.voucher_no) AS BLOB)
FROM journal_entry e ORDER BY e.id
"""
# Does a JSON value keep its JSON subtype out of a subquery (SQLite 3.40 does)? If not,
# json() must parse the lines again, about a tenth slower.
_SUBTYPE_PROBE = "SELECT json_object('a', (SELECT json_group_array(1)))"


def entry_payloads(engine: Engine) -> Iterator[tuple[int, str, str, str, bytes]]:
    """(id, voucher, prev_hash, hash, payload) of every entry in id order, at C speed.

    The hash-chain proof of a backup hashes these instead of rebuilding each payload in
    Python (a quarter of the time on a 20-year fund). SQLite's rendering is not the
    definition of the payload: the caller rebuilds any entry whose hash does not match
    with `payload_bytes` before calling it broken.
    """
    with engine.connect() as conn:
        keeps = conn.exec_driver_sql(_SUBTYPE_PROBE).scalar() == '{"a":[1]}'
        sql = _PAYLOADS.format(lines=_LINES if keeps else f"json({_LINES})")
        yield from conn.exec_driver_sql(sql)


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        return {r[0] for r in rows}
