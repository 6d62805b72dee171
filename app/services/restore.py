"""Restore (กู้คืนข้อมูล), the automatic local backups, and the list of past backups.

Restoring never loses the current file: the backup is verified and unpacked into a
temporary file beside the fund, the current fund is copied to
`<name>.before-restore-<time>.kongtun` (and into the rotating `backups/` folder), and
only then is the new file renamed over the old one, atomically. A second Kongtun
window on the fund is refused through the instance lock. The preview puts the backup
beside the current file and says when restoring would lose entries.

Automatic backups go to `backups/` beside the fund, on closing the program, before a
restore and before a schema upgrade (app.db.open_fund, reason `upgrade-<revision>`); the
last N are kept (fund setting `backup_keep`, default 10).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.db import FundDb, InstanceLock, open_fund, safety_copy
from app.errors import KongtunError
from app.models.ledger import JournalEntry
from app.services import backup_format as fmt
from app.services.backup import BackupInfo, create_backup, read_manifest, verify_backup
from app.services.backup_facts import FundFacts, fund_facts
from app.services.fund import fund_info, get_setting

AUTO_FOLDER = "backups"
KEEP_SETTING, KEEP_DEFAULT = "backup_keep", 10
REMIND_SETTING, REMIND_DEFAULT = "backup_reminder_days", 7
FOLDER_SETTING = "backup_folder"

# Why a restore would lose data (RestorePreview.warnings): message ids, shown translated.
MSG_FEWER = "The backup has fewer entries than the current file: restoring loses {count} entries."
MSG_EARLIER = "The backup ends on {backup}, before the current file's last entry ({current})."
MSG_ANCESTOR = "The current file continues the backup's history: its newer entries would be lost."
MSG_DIVERGED = "The backup's history differs from the current file's (entries were changed or made elsewhere)."
MSG_OTHER_FUND = "The backup is of another fund ({backup}) than the current file ({current})."


@dataclass(frozen=True)
class RestorePreview:
    backup: BackupInfo
    current: FundFacts | None  # None: no fund file there yet (or it cannot be read)
    warnings: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    @property
    def loses_data(self) -> bool:
        return bool(self.warnings)

    def warning_texts(self) -> list[str]:
        from app.i18n import gettext

        return [gettext(m).format(**dict(p)) for m, p in self.warnings]


@dataclass(frozen=True)
class RestoreResult:
    preview: RestorePreview
    kept: Path | None  # the previous fund file, kept beside the restored one


def _current_facts(target: Path) -> tuple[FundFacts | None, list[str]]:
    """The current file's facts and its chain of hashes (oldest first), if it can be read."""
    if not target.exists():
        return None, []
    try:
        with open_fund(target, lock=False, migrate=False) as db, db.read() as s:
            hashes = list(s.scalars(select(JournalEntry.hash).order_by(JournalEntry.id)))
            return fund_facts(s), hashes
    except KongtunError:
        return None, []


def compare(backup: BackupInfo, target: Path) -> RestorePreview:
    """The backup beside the current file, with a warning for each way data would be lost."""
    current, chain = _current_facts(target)
    warnings: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    b = backup.facts
    if current is not None:
        if b.code != current.code:
            warnings.append((MSG_OTHER_FUND, (("backup", b.name), ("current", current.name))))
        if b.entry_count < current.entry_count:
            warnings.append((MSG_FEWER, (("count", str(current.entry_count - b.entry_count)),)))
        if current.last_entry_date and (b.last_entry_date is None
                                        or b.last_entry_date < current.last_entry_date):
            from app.thai import format_date

            warnings.append((MSG_EARLIER, (
                ("backup", format_date(b.last_entry_date) if b.last_entry_date else "-"),
                ("current", format_date(current.last_entry_date)))))
        if chain and b.chain_head != current.chain_head:
            if b.chain_head in chain or b.entry_count == 0:
                warnings.append((MSG_ANCESTOR, ()))
            elif b.entry_count <= len(chain):
                warnings.append((MSG_DIVERGED, ()))
    return RestorePreview(backup, current, tuple(warnings))


def preview_restore(file: Path | str, target: Path | str, *,
                    passphrase: str | None = None) -> RestorePreview:
    """Verify the backup fully and compare it with the fund file at `target`."""
    return compare(verify_backup(Path(file), passphrase=passphrase), Path(target))


def restore_backup(file: Path | str, target: Path | str, *, passphrase: str | None = None,
                   lock_held: bool = False, progress: fmt.ProgressFn | None = None) -> RestoreResult:
    """Replace the fund file at `target` with the backup's database (see the module docstring).

    `lock_held`: this program already holds the fund's lock (the open fund's own screen);
    its engine must have been disposed by the caller.
    """
    file, target = Path(file), Path(target)
    lock = None if lock_held else InstanceLock(target)
    if lock is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    tmp = target.with_name(f".{target.name}.restore-tmp")
    try:
        info = verify_backup(file, passphrase=passphrase, extract_to=tmp, progress=progress)
        preview = compare(info, target)
        kept = _keep_current(target) if target.exists() else None
        _move_aside_journal(target, kept)
        os.replace(tmp, target)
    finally:
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(OSError):
                p.unlink()
        if lock is not None:
            lock.release()
    return RestoreResult(preview, kept)


def _keep_current(target: Path) -> Path:
    """Copy the current fund aside (and into backups/); a damaged one is copied byte for byte."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    try:
        with open_fund(target, lock=False, migrate=False) as db:
            safety_copy(db.engine, kept)
            with contextlib.suppress(KongtunError, OSError):
                auto_backup(db, reason="restore", verify=False)
    except KongtunError:
        shutil.copy2(target, kept)
    return kept


def _move_aside_journal(target: Path, kept: Path | None) -> None:
    """A -wal/-shm left by the old file must never be applied to the restored one."""
    for suffix in ("-wal", "-shm"):
        old = Path(f"{target}{suffix}")
        if old.exists():
            if kept is not None and suffix == "-wal":
                os.replace(old, Path(f"{kept}.old{suffix}"))
            else:
                old.unlink()


def restore_open_fund(db: FundDb, file: Path | str, *, passphrase: str | None = None,
                      progress: fmt.ProgressFn | None = None) -> RestoreResult:
    """Restore over the fund this program has open (it holds the lock); reconnects after."""
    db.engine.dispose()
    try:
        return restore_backup(file, db.path, passphrase=passphrase, lock_held=True,
                              progress=progress)
    finally:
        db.engine.dispose()


# ---------------------------------------------------------------- automatic backups

def auto_folder(fund_path: Path) -> Path:
    return fund_path.parent / AUTO_FOLDER


def auto_backup(db: FundDb, *, reason: str, verify: bool = True) -> Path:
    """A local backup in `backups/` beside the fund; only the newest N are kept."""
    folder = auto_folder(db.path)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = folder / f"{db.path.stem}_auto_{stamp}_{reason}{fmt.SUFFIX}"
    # Checked as it is written (SQLite's check, read back), without the ledger proof:
    # an automatic backup must be quick, and is taken even of a fund whose ledger is not.
    create_backup(db, out, verify=verify, prove=False)
    with db.read() as s:
        keep = _int_setting(get_setting(s, KEEP_SETTING), KEEP_DEFAULT)
    old = sorted(folder.glob(f"{db.path.stem}_auto_*{fmt.SUFFIX}"))
    for p in old[:max(len(old) - keep, 0)]:
        with contextlib.suppress(OSError):
            p.unlink()
    return out


def _int_setting(value: str | None, default: int) -> int:
    try:
        return max(int(value), 1) if value else default
    except ValueError:
        return default


# ---------------------------------------------------------------- past backups

@dataclass(frozen=True)
class BackupStatus:
    backups: tuple[BackupInfo, ...]   # newest first
    last_manual: dt.datetime | None   # the newest backup not made automatically
    remind_after_days: int
    overdue: bool


def list_backups(db: FundDb, extra_folders: tuple[Path, ...] = (),
                 now: dt.datetime | None = None) -> BackupStatus:
    """This fund's backups in backups/, the last folder used and any folder given."""
    with db.read() as s:
        code = fund_info(s).code
        folder = get_setting(s, FOLDER_SETTING)
        days = _int_setting(get_setting(s, REMIND_SETTING), REMIND_DEFAULT)
    folders = {auto_folder(db.path), *extra_folders}
    if folder:
        folders.add(Path(folder))
    found: dict[Path, BackupInfo] = {}
    for f in folders:
        with contextlib.suppress(OSError):
            for p in f.glob(f"*{fmt.SUFFIX}"):
                with contextlib.suppress(KongtunError):
                    info = read_manifest(p)
                    if info.fund.get("code") == code:
                        found[p.resolve()] = info
    rows = tuple(sorted(found.values(), key=lambda i: i.created_at, reverse=True))
    manual = [i.created_at for i in rows if not is_auto(i.path)]
    last = manual[0] if manual else None
    now = now or dt.datetime.now().astimezone()
    overdue = last is None or now - last > dt.timedelta(days=days)
    return BackupStatus(rows, last, days, overdue)


def is_auto(path: Path) -> bool:
    return path.parent.name == AUTO_FOLDER and "_auto_" in path.name


def backup_on_close(db: FundDb) -> Path | None:
    """The automatic backup made when the program closes; never stops the closing."""
    try:
        return auto_backup(db, reason="close")
    except (KongtunError, OSError):
        return None
