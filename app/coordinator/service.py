"""Importing funds' backup files into the network book (นำเข้าไฟล์สำรองข้อมูล).

Each file is verified in full by `app.services.backup.verify_backup` (checksums, the
zip's shape, the decryption, SQLite's check, every ledger check — hash chain and trial
balance included — and the manifest's figures against the snapshot). Then:

- a file already imported (the same bytes), or a submission with the same chain head
  as one the fund sent before, is refused: nothing new;
- a fund's history must extend its previous submission: the previous chain head must be
  one of the new snapshot's entry hashes (each hash covers the one before it, so the
  whole earlier history is then identical). When it is not, the submission is kept but
  FLAGGED with the reason: a rewritten history is shown, never silently accepted.

A refused file changes nothing in the book; each accepted one is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from app.coordinator.db import NetworkBook
from app.coordinator.models import STATUS_FLAGGED, STATUS_OK, CoordFund, MonthFigure, Submission
from app.errors import FundFileError, KongtunError
from app.i18n import gettext as _

ProgressFn = Callable[[int, int], None]
_CHUNK = 1 << 20


class AlreadyImported(FundFileError):
    message_id = ("The backup file {path} was already imported ({fund}, entries up to "
                  "{date}); nothing new was added.")


class BackupMissingFile(FundFileError):
    message_id = "The file {path} does not exist."


@dataclass(frozen=True)
class ImportResult:
    """What became of one file: "ok", "flagged" (kept, with the reason) or "refused"."""

    path: Path
    status: str
    message: str
    fund_code: str = ""
    fund_name: str = ""
    submission_id: int | None = None

    @property
    def accepted(self) -> bool:
        return self.status != "refused"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def import_backups(book: NetworkBook, files: Sequence[Path | str], *,
                   passphrase: str | None = None,
                   passphrases: Mapping[Path, str] | None = None,
                   progress: ProgressFn | None = None) -> list[ImportResult]:
    """Import each file in turn; one result per file (a bad file never stops the others).

    `passphrases`: each encrypted file's own passphrase (every village sets its own);
    `passphrase` serves the files not in it.
    """
    results = []
    for i, f in enumerate(files):
        path = Path(f)
        phrase = (passphrases or {}).get(path, passphrase)
        try:
            results.append(import_backup(book, path, passphrase=phrase))
        except KongtunError as e:
            results.append(ImportResult(path, "refused", str(e)))
        if progress:
            progress(i + 1, len(files))
    return results


def import_backup(book: NetworkBook, path: Path, *, passphrase: str | None = None) -> ImportResult:
    """Verify and import one backup file; raises a KongtunError when it is refused."""
    from app.services.backup import verify_backup

    if not path.is_file():
        raise BackupMissingFile(path=str(path))
    try:
        sha = file_sha256(path)
    except OSError:
        raise BackupMissingFile(path=str(path)) from None
    with book.session() as s:
        _refuse_same_file(s, path, sha)
    with tempfile.TemporaryDirectory(prefix="kongtun-coord-") as work:
        snapshot = Path(work) / "snapshot.kongtun"
        info = verify_backup(path, passphrase=passphrase, extract_to=snapshot)
        facts, fund = info.facts, info.fund
        with book.session() as s:
            previous = _previous(s, fund["code"])
            if previous is not None and previous.chain_head == facts.chain_head:
                raise AlreadyImported(path=str(path), fund=fund["name"], date=_date(facts.last_entry_date))
        reason = "" if previous is None else _history_problem(snapshot, previous)
    status = STATUS_FLAGGED if reason else STATUS_OK
    try:
        with book.session() as s:
            sub = _store(s, path, sha, info, status, reason)
    except IntegrityError:  # another import of the same file won the race
        raise AlreadyImported(path=str(path), fund=fund["name"],
                              date=_date(facts.last_entry_date)) from None
    message = (_("Imported {fund}: entries up to {date}.") if status == STATUS_OK
               else _("Imported but FLAGGED {fund}: {reason}")).format(
        fund=fund["name"], date=_date(facts.last_entry_date), reason=reason)
    return ImportResult(path, status, message, fund["code"], fund["name"], sub)


def _date(day: dt.date | None) -> str:
    from app.thai import format_date

    return format_date(day) if day else "-"


def _refuse_same_file(s: Any, path: Path, sha: str) -> None:  # noqa: ANN401 - Session
    row = s.execute(select(CoordFund.name, Submission.last_entry_date)
                    .join(Submission, Submission.fund_id == CoordFund.id)
                    .where(Submission.file_sha256 == sha)).first()
    if row is not None:
        raise AlreadyImported(path=str(path), fund=row[0], date=_date(row[1]))


def _previous(s: Any, code: str) -> Submission | None:  # noqa: ANN401 - Session
    return s.scalars(select(Submission).join(CoordFund, Submission.fund_id == CoordFund.id)
                     .where(CoordFund.code == code).order_by(Submission.id.desc()).limit(1)).first()


def _history_problem(snapshot: Path, previous: Submission) -> str:
    """"" when the snapshot's chain contains the previous head, else the reason (Thai)."""
    from app.db import open_fund
    from app.models.ledger import JournalEntry
    from app.services.ledger import GENESIS_HASH

    if previous.chain_head == GENESIS_HASH:
        return ""
    with open_fund(snapshot, lock=False, migrate=False) as snap, snap.read() as s:
        found = s.scalar(select(exists().where(JournalEntry.hash == previous.chain_head)))
    if found:
        return ""
    return _("its history differs from the previous submission (imported {date}, {entries} "
             "entries up to voucher {voucher}): entries were changed, removed or the file is "
             "older.").format(date=_date(previous.imported_at.date()), entries=previous.entry_count,
                              voucher=previous.last_voucher or "-")


def _store(s: Any, path: Path, sha: str, info: Any, status: str, reason: str) -> int:  # noqa: ANN401
    """Insert (or update) the fund, the submission and its months; returns the submission id."""
    fund, facts, sm = info.fund, info.facts, info.summary
    row = s.scalars(select(CoordFund).where(CoordFund.code == fund["code"])).first()
    if row is None:
        row = CoordFund(code=fund["code"])
        s.add(row)
    for key in ("name", "village_no", "village", "tambon", "amphoe", "province"):
        setattr(row, key, fund.get(key, ""))
    s.flush()
    members = sm.get("members") or {}
    capital = sm["capital"]
    sub = Submission(
        fund_id=row.id, file_name=path.name[:255], file_sha256=sha, chain_head=facts.chain_head,
        entry_count=facts.entry_count, last_voucher=facts.last_voucher,
        first_entry_date=facts.first_entry_date, last_entry_date=facts.last_entry_date,
        as_of=dt.date.fromisoformat(sm["as_of"]), backup_created_at=info.created_at,
        app_version=info.app_version[:40], imported_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        status=status, reason=reason, total_debit=facts.total_debit_satang,
        total_credit=facts.total_credit_satang, members_total=members.get("total"),
        members_active=members.get("active"), capital_government=capital.get("31010", 0),
        capital_top_up=capital.get("31020", 0), capital_shares=capital.get("32010", 0),
        loans_outstanding=sm["loans_outstanding"]["total"], overdue=overdue_amount(sm.get("overdue")),
        cash_and_bank=sm["cash_and_bank"]["total"], savings_total=sm["savings_total"],
        income_ytd=sm["income_ytd"], expense_ytd=sm["expense_ytd"])
    s.add(sub)
    s.flush()
    s.add_all(MonthFigure(submission_id=sub.id, month=m["month"], cash_and_bank=m["cash_and_bank"],
                          loans_outstanding=m["loans_outstanding"], savings_total=m["savings_total"],
                          capital=m["capital"], income=m["income"], expense=m["expense"])
              for m in sm.get("months", []))
    return sub.id


def overdue_amount(value: object) -> int | None:
    """The overdue amount in satang: the summary's `overdue.amount_satang` (an integer).

    None when the fund did not report it (its summary's `overdue` is null: no loan
    register, or a backup from before the loans module), shown as "-", never as 0.
    """
    if isinstance(value, dict):
        amount = value.get("amount_satang")
        if isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0:
            return amount
    return None
