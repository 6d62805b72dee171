"""The backup file (สำรองข้อมูล): create one, verify one, read what it says it holds.

`create_backup` takes a consistent snapshot of the open fund through SQLite's backup
API (so it works while the program is open), then, at the same time (zlib, hashlib and
SQLite let the threads run side by side): compresses (and encrypts) the snapshot into
the zip on one worker, runs SQLite's quick check and adds up the journal lines on
another, and here works out the manifest's figures, the summary and the hash chain.
It writes the zip to a temporary file beside the target, checks it and only then
renames it into place. The container is in `backup_format`, the figures in
`backup_facts`, the ledger proof in `ledger_proof`.

What the check right after writing (`create_backup(verify=True)`, the Backup screen and
`kongtun backup create`) proves, without unpacking the file again:

1. the snapshot is sound to SQLite (`PRAGMA quick_check`);
2. its ledger holds: every entry's hash recomputed from its content and the previous
   hash (the whole chain, up to the head the manifest records: no amount, account or
   text of any entry was changed after posting, and posting refuses an unbalanced
   entry), and the trial balance recomputed from the journal lines balanced and equal
   to the manifest's (which `trial_balance` took from the month totals);
3. the file on the disk is what was written: read back, its whole-file checksum, its
   zip layout, the manifest and the summary (as written) and the SHA-256 of the stored
   database (the zlib stream, encrypted with a passphrase, of that very snapshot, whose
   own SHA-256 the manifest records) all match.

So the file holds the compressed snapshot of a database that is sound and whose chain
and trial balance were proven. It is not unpacked again here (that would cost a second
pass over the whole database); unpacking it (`verify_backup`, a restore, a
coordinator's import) checks the snapshot's SHA-256 before anything else. With
`prove=False` (the automatic backups on closing, before a restore or an upgrade) step 2
is left out. When a step fails the file is not put in place.

`verify_backup` trusts nothing in the file and proves everything again: the whole-file
checksum, the zip's shape, each member's checksum, the decryption, the unpacked
database's SHA-256, SQLite's full integrity and foreign-key check, the schema revision,
the hash chain recomputed entry by entry, every entry balanced, the trial balance from
the lines (balanced, equal to the manifest's), the other ledger checks of `kongtun
check` (voucher numbers, month totals, reversals, sub-ledgers, periods), and the
manifest's figures and the summary recomputed from the unpacked database. `deep=False`
(listing, quick looks) stops after the unpacked database's checksum and its figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from app import __version__
from app.db import FundDb, open_fund, safety_copy
from app.errors import FundFileError, InvalidInput, KongtunError
from app.money import format_amount
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
# What reading a database that is not what the services wrote can raise (never a crash).
_UNREADABLE = (SQLAlchemyError, ValueError, TypeError, KeyError, ArithmeticError)
MSG_HEAD = "The chain of entries does not end at the head the backup records."
MSG_TB_DIFFERS = ("The trial balance from the journal lines ({lines}) differs from the one "
                  "from the monthly totals ({totals}).")


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
                  verify: bool = True, prove: bool = True,
                  progress: ProgressFn | None = None) -> BackupInfo:
    """Write the backup file `out` (a folder: the default name inside it) and check it.

    `verify`: check it as the module docstring says (steps 1-3; `prove=False`: 1 and 3).
    """
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
            _report(progress, 0.05)
            # SQLite's quick check of the snapshot runs beside the other work (in _write).
            with open_fund(snapshot, lock=False, migrate=False, checked=not verify) as snap:
                try:
                    manifest, indicators, problems = _write(snap, tmp, passphrase, verify,
                                                            prove, progress)
                except SQLAlchemyError as exc:  # rows SQLite cannot read: a damaged fund
                    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                    raise fmt.BackupFailsChecks(path=str(out),
                                                problem=_damaged(detail).message) from None
            if verify:
                try:
                    info = _check_written(tmp, manifest)
                except fmt.BackupInvalid:
                    raise fmt.BackupDamaged(path=str(out)) from None
                _report(progress, 0.95)
                if problems:
                    raise fmt.BackupFailsChecks(path=str(out), problem=problems[0].message)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise fmt.BackupWriteError(path=str(out), detail=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _report(progress, 1.0)
    if verify:
        return BackupInfo(**{**info.__dict__, "path": out, "summary": indicators})
    return read_manifest(out)


def _report(progress: ProgressFn | None, fraction: float) -> None:
    if progress:
        progress(fraction)


def _write(snap: FundDb, tmp: Path, passphrase: str | None, verify: bool, prove: bool,
           progress: ProgressFn | None) -> tuple[dict[str, Any], dict[str, Any], list]:
    """Write and seal the zip at `tmp`; returns the manifest, the summary and the problems
    the checks found ([] when sound or when not asked)."""
    from concurrent.futures import ThreadPoolExecutor

    from app.db import quick_check
    from app.migrate import current_revision
    from app.services.ledger_proof import prove_balances, prove_chain

    with snap.read() as s:
        ident = identity(s)
    chain = sums = sound = None
    with zipfile.ZipFile(tmp, "w", allowZip64=False) as zf:
        # The compression runs on one worker, SQLite's checks on the other (zlib, hashlib
        # and SQLite let go of the GIL); the figures and the chain are worked out here.
        # The pool is left (all its work done) before the zip is closed, even on error.
        with ThreadPoolExecutor(2, thread_name_prefix="kongtun-backup") as pool:
            writing = pool.submit(fmt.write_data, zf, snap.path, passphrase=passphrase,
                                  fund_code=ident["code"])
            if verify:
                sound = pool.submit(quick_check, snap.engine)
            if verify and prove:
                sums = pool.submit(prove_balances, snap.engine, entries=False)
            with snap.read() as s:
                facts, indicators = fund_facts(s), summary(s)
            revision = current_revision(snap.engine)
            _report(progress, 0.2)
            if verify and prove:
                chain = prove_chain(snap.engine)
            _report(progress, 0.5)
            data = writing.result()
        _report(progress, 0.8)
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
    problems: list = []
    if verify:
        problems += [_damaged(d) for d in sound.result()]  # type: ignore[union-attr]
    if chain is not None and sums is not None:
        problems += _ledger_problems(chain, sums.result(), facts)
    return manifest, indicators, problems


def _damaged(detail: str):  # noqa: ANN202 - a check.Problem
    from app.services.check import Problem

    return Problem("database", "The database file is damaged: {detail}", (("detail", detail),))


def _ledger_problems(chain, sums, facts: FundFacts) -> list:  # noqa: ANN001
    """The proof's problems, and any way its figures differ from the manifest's."""
    from app.services.check import Problem

    problems = [*chain.problems, *sums.problems]
    if not problems and (chain.chain_head, chain.entry_count) != (facts.chain_head,
                                                                  facts.entry_count):
        problems.append(Problem("hash_chain", MSG_HEAD))
    lines = (sums.total_debit_satang, sums.total_credit_satang)
    if not problems and lines != (facts.total_debit_satang, facts.total_credit_satang):
        problems.append(Problem("trial_balance", MSG_TB_DIFFERS, (
            ("lines", format_amount(sums.total_debit_satang)),
            ("totals", format_amount(facts.total_debit_satang)))))
    return problems


def _check_written(path: Path, manifest: dict[str, Any]) -> BackupInfo:
    """Read the file back (module docstring, step 3); BackupDamaged when anything differs."""
    import json

    fmt.check_seal(path)
    with fmt.open_zip(path) as zf:
        on_disk, _ = fmt.read_json(zf, fmt.MANIFEST, path)
        if on_disk != json.loads(json.dumps(manifest)):
            raise fmt.BackupDamaged(path=str(path))
        info = _info(path, on_disk, zf.namelist()[0])
        _indicators, summary_sha = fmt.read_json(zf, fmt.SUMMARY, path)
        name = manifest["database"]["name"]
        stored = hashlib.sha256()
        for chunk in fmt.stored_chunks(zf, name, path):
            stored.update(chunk)
        if summary_sha != manifest["files"][fmt.SUMMARY]["sha256"] or \
                stored.hexdigest() != manifest["files"][name]["sha256"]:
            raise fmt.BackupDamaged(path=str(path))
    return info


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


def _problems(snap: FundDb, facts: FundFacts) -> list:  # noqa: ANN401 - check.Problem
    """SQLite's full check (on a second thread: it lets go of the GIL), the ledger proof,
    the other checks of `kongtun check`, and the proof's figures against the manifest's."""
    from concurrent.futures import ThreadPoolExecutor

    from app.db import integrity_check
    from app.services import check
    from app.services.ledger_proof import prove_balances, prove_chain

    proven = (check.check_hash_chain, check.check_balanced)  # the proof does both, faster
    with ThreadPoolExecutor(1, thread_name_prefix="kongtun-verify") as pool:
        database = pool.submit(integrity_check, snap.engine)
        chain, sums = prove_chain(snap.engine), prove_balances(snap.engine)
        problems = _ledger_problems(chain, sums, facts)
        with snap.read() as s:
            for validate in check.VALIDATORS:
                if validate not in proven:
                    problems += _run(validate, s)
        damaged = [_damaged(d) for d in database.result()]
    return damaged + problems


def _run(validate, session) -> list:  # noqa: ANN001
    """One validator; rows SQLite cannot decode are a damaged file (as check_ledger says)."""
    from sqlalchemy.exc import DBAPIError

    try:
        return validate(session)
    except DBAPIError as exc:
        return [_damaged(str(getattr(exc, "orig", None) or exc))]


def _check_snapshot(path: Path, target: Path, info: BackupInfo, indicators: dict[str, Any], *,
                    deep: bool) -> None:
    try:
        snap = open_fund(target, lock=False, migrate=False)
    except fmt.BackupInvalid:
        raise
    except KongtunError:
        raise fmt.BackupDamaged(path=str(path)) from None
    with snap:
        try:
            with snap.read() as s:
                same = fund_facts(s) == info.facts and identity(s) == info.fund
                same = same and (not deep or summary(s) == indicators)
            problems = _problems(snap, info.facts) if same and deep else []
        except _UNREADABLE:  # a crafted database whose rows the services cannot read
            raise fmt.BackupDamaged(path=str(path)) from None
        if not same:
            raise fmt.BackupDamaged(path=str(path))
        if problems:
            raise fmt.BackupFailsChecks(path=str(path), problem=problems[0].message)


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            p.unlink()
