"""The backup file (สำรองข้อมูล): create one, verify one, read what it says it holds.

`create_backup` takes a consistent snapshot of the open fund through SQLite's backup
API (so it works while the program is open), computes the manifest and the summary
from the snapshot, writes the zip to a temporary file beside the target, renames it
into place and verifies the result. `verify_backup` trusts nothing: the whole-file
checksum, the zip's shape, each member's checksum, the decryption, SQLite's own check,
the schema revision, every ledger check, and the manifest's figures against the
snapshot's. The container itself is in `backup_format`, the figures in `backup_facts`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import __version__
from app.db import FundDb, open_fund, safety_copy
from app.errors import FundFileError, InvalidInput, KongtunError
from app.services import backup_format as fmt
from app.services.backup_facts import (
    FundFacts,
    facts_from_manifest,
    facts_to_json,
    fund_facts,
    identity,
    summary,
)
from app.services.fund import fund_info, working_date
from app.thai import to_be_year

ProgressFn = fmt.ProgressFn
_UNSAFE = '<>:"/\\|?*'


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, as read from (and checked against) its manifest."""

    path: Path
    facts: FundFacts
    fund: dict[str, str]
    created_at: dt.datetime
    app_version: str
    schema_revision: str
    encrypted: bool
    summary: dict[str, Any] | None = None


def default_file_name(db: FundDb) -> str:
    """`<fund name>_<working date, BE>.kongtun-backup`, safe on Windows and USB sticks."""
    with db.read() as s:
        name, day = fund_info(s).name, working_date(s)
    safe = "".join("_" if ch in _UNSAFE or ord(ch) < 32 else ch for ch in name).strip(" .")
    return f"{safe or 'kongtun'}_{to_be_year(day.year):04d}-{day.month:02d}-{day.day:02d}{fmt.SUFFIX}"


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def create_backup(db: FundDb, out: Path | str, *, passphrase: str | None = None,
                  verify: bool = True, progress: ProgressFn | None = None) -> BackupInfo:
    """Write the backup file `out` (a folder: the default name inside it) and verify it."""
    out = Path(out)
    if out.is_dir():
        out = out / default_file_name(db)
    if passphrase is not None and not passphrase:
        raise InvalidInput("The passphrase is empty.")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with tempfile.TemporaryDirectory(prefix="kongtun-backup-") as work:
            snapshot = Path(work) / "snapshot.kongtun"
            safety_copy(db.engine, snapshot)
            if progress:
                progress(0.05)
            with open_fund(snapshot, lock=False, migrate=False) as snap, snap.read() as s:
                from app.migrate import current_revision

                facts, ident = fund_facts(s), identity(s)
                indicators = summary(s)
                revision = current_revision(snap.engine)
            with zipfile.ZipFile(tmp, "w", allowZip64=False) as zf:
                data = fmt.write_data(zf, snapshot, passphrase=passphrase, fund_code=ident["code"],
                                      progress=progress)
                files = {data["database"]["name"]: data["file"],
                         fmt.SUMMARY: fmt.write_json(zf, fmt.SUMMARY, indicators)}
                manifest = {"format": fmt.FORMAT, "format_version": fmt.FORMAT_VERSION,
                            "app": {"name": "Kongtun", "version": __version__},
                            "schema_revision": revision, "created_at": _now().isoformat(),
                            "fund": ident, **facts_to_json(facts), "files": files,
                            "database": data["database"], "encryption": data["encryption"],
                            "encrypted": passphrase is not None}
                fmt.write_json(zf, fmt.MANIFEST, manifest)
            fmt.seal(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise fmt.BackupWriteError(path=str(out), detail=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(0.6)
    if verify:
        return verify_backup(out, passphrase=passphrase, progress=_scaled(progress, 0.6))
    return read_manifest(out)


def _scaled(progress: ProgressFn | None, start: float) -> ProgressFn | None:
    if progress is None:
        return None
    return lambda f: progress(start + (1 - start) * f)


def read_manifest(path: Path | str, *, check_seal: bool = False) -> BackupInfo:
    """The manifest only (quick: for lists and for saying which fund a file is)."""
    path = Path(path)
    if check_seal:
        fmt.check_seal(path)
    elif not path.is_file():
        raise FundFileError("The file {path} does not exist.", path=str(path))
    with fmt.open_zip(path) as zf:
        manifest, _sha = fmt.read_json(zf, fmt.MANIFEST, path)
        return _info(path, manifest, zf.namelist()[0])


def _info(path: Path, m: dict[str, Any], data_name: str) -> BackupInfo:
    """A checked view of the manifest; BackupDamaged/NotABackup/BackupTooNew when it is not sane."""
    if m.get("format") != fmt.FORMAT:
        raise fmt.NotABackup(path=str(path))
    if not isinstance(m.get("format_version"), int) or m["format_version"] > fmt.FORMAT_VERSION:
        raise fmt.BackupTooNew(path=str(path))
    try:
        facts = facts_from_manifest(m)
        created = dt.datetime.fromisoformat(m["created_at"])
        db, files, enc = m["database"], m["files"], m["encryption"]
        fund = {k: str(v) for k, v in m["fund"].items()}
        ok = (db["name"] == data_name and set(files) == {data_name, fmt.SUMMARY}
              and isinstance(db["size"], int) and 0 < db["size"] <= fmt.MAX_DATABASE
              and isinstance(db["sha256"], str) and db.get("compression") == "zlib"
              and all(isinstance(f["sha256"], str) for f in files.values())
              and m["encrypted"] is (data_name == fmt.DATA_ENCRYPTED) and (enc is None) != m["encrypted"]
              and isinstance(m["schema_revision"], str))
        if ok and enc is not None:
            ok = (enc.get("cipher") == "AES-256-GCM" and enc.get("kdf") == "scrypt"
                  and all(isinstance(enc.get(k), int) for k in ("n", "r", "p"))
                  and 2 <= enc["n"] <= 1 << 20 and (enc["n"] & (enc["n"] - 1)) == 0
                  and 1 <= enc["r"] <= 16 and 1 <= enc["p"] <= 4
                  and len(bytes.fromhex(enc["salt"])) == 16 and len(bytes.fromhex(enc["nonce"])) == 12
                  and len(bytes.fromhex(enc["tag"])) == 16)
        version = str(m["app"]["version"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise fmt.BackupDamaged(path=str(path)) from None
    if not ok:
        raise fmt.BackupDamaged(path=str(path))
    return BackupInfo(path, facts, fund, created, version, m["schema_revision"], m["encrypted"])


def verify_backup(path: Path | str, *, passphrase: str | None = None,
                  extract_to: Path | None = None, deep: bool = True,
                  progress: ProgressFn | None = None) -> BackupInfo:
    """Check everything (see the module docstring); raises a KongtunError when anything fails.

    `extract_to`: leave the verified database there (restore uses it). `deep=False`
    skips the ledger checks (the automatic backups on close).
    """
    from app import migrate as mig

    path = Path(path)
    fmt.check_seal(path)
    with fmt.open_zip(path) as zf:
        manifest, _ = fmt.read_json(zf, fmt.MANIFEST, path)
        info = _info(path, manifest, zf.namelist()[0])
        indicators, summary_sha = fmt.read_json(zf, fmt.SUMMARY, path)
        if summary_sha != manifest["files"][fmt.SUMMARY]["sha256"]:
            raise fmt.BackupDamaged(path=str(path))
        if not mig.is_known(info.schema_revision):
            raise fmt.BackupTooNew(path=str(path))
        with tempfile.TemporaryDirectory(prefix="kongtun-verify-") as work:
            target = extract_to or Path(work) / "snapshot.kongtun"
            try:
                fmt.extract_database(zf, manifest, path, target, passphrase=passphrase,
                                     progress=progress)
                _check_snapshot(path, target, info, indicators, deep=deep)
            except BaseException:
                if extract_to is not None:
                    _remove_db(extract_to)
                raise
            if progress:
                progress(1.0)
    return BackupInfo(**{**info.__dict__, "summary": indicators})


def _problems(snap: FundDb) -> list:  # noqa: ANN401 - check.Problem
    """`check_fund`, with SQLite's integrity check on a second thread (it releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    from app.db import integrity_check
    from app.services.check import Problem, check_ledger

    with ThreadPoolExecutor(1) as pool:
        database = pool.submit(integrity_check, snap.engine)
        with snap.read() as s:
            ledger = check_ledger(s)
        damaged = [Problem("database", "The database file is damaged: {detail}", (("detail", d),))
                   for d in database.result()]
    return damaged + ledger


def _check_snapshot(path: Path, target: Path, info: BackupInfo, indicators: dict[str, Any], *,
                    deep: bool) -> None:
    try:
        snap = open_fund(target, lock=False, migrate=False)
    except fmt.BackupInvalid:
        raise
    except KongtunError:
        raise fmt.BackupDamaged(path=str(path)) from None
    with snap:
        if deep:
            problems = _problems(snap)
            if problems:
                raise fmt.BackupFailsChecks(path=str(path), problem=problems[0].message)
        with snap.read() as s:
            same = fund_facts(s) == info.facts and identity(s) == info.fund
            same = same and (not deep or summary(s) == indicators)
    if not same:
        raise fmt.BackupDamaged(path=str(path))


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            p.unlink()
