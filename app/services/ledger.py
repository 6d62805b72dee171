"""Posting to the ledger: balanced, dated in an open month, numbered, hash-chained.

Posting is one transaction (the caller's unit of work): either the entry, its lines,
its voucher number, its month totals and its audit record are all written, or none.
Voucher numbers are gap-free per fiscal year and kind (RV2568/0001, PV2568/0001 ...)
because they are allocated as max+1 inside the write lock and entries are never
deleted. Each entry's hash covers its content and the previous entry's hash, so a
change to any posted entry breaks the chain that the integrity check recomputes.
A posted entry is never edited: `reverse_entry` posts its mirror image.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, LedgerError, PeriodClosed, UnbalancedEntry
from app.models.fund import PERIOD_OPEN
from app.models.ledger import (
    ENTRY_KINDS,
    STATE_POSTED,
    STATE_REVERSED,
    Account,
    AccountMonthTotal,
    JournalEntry,
    JournalLine,
)
from app.money import ZERO, format_amount, round_money, to_satang
from app.services import audit
from app.services.periods import fiscal_year_of, period_of
from app.thai import format_month

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class LineInput:
    """One line to post: an account code and a debit or a credit in baht (Decimal)."""

    account_code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    member_id: int | None = None
    loan_id: int | None = None
    memo: str = ""


@dataclass(frozen=True)
class PostedLine:
    account_code: str
    account_name: str
    debit_satang: int
    credit_satang: int
    member_id: int | None
    loan_id: int | None
    memo: str


@dataclass(frozen=True)
class PostedEntry:
    id: int
    voucher_no: str
    kind: str
    date: dt.date
    description: str
    counterpart: str
    evidence_ref: str
    state: str
    reverses_id: int | None
    created_by: str
    created_at: dt.datetime
    hash: str
    lines: tuple[PostedLine, ...]

    @property
    def total_satang(self) -> int:
        return sum(line.debit_satang for line in self.lines)


def voucher_number(kind: str, fiscal_year_label: int, seq: int) -> str:
    return f"{ENTRY_KINDS[kind]}{fiscal_year_label}/{seq:04d}"


def entry_payload(entry: JournalEntry, lines: Sequence[tuple[str, JournalLine]]) -> bytes:
    """The canonical bytes an entry's hash covers (not its state, which reversal changes)."""
    body = {
        "voucher": entry.voucher_no,
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "description": entry.description,
        "counterpart": entry.counterpart,
        "evidence": entry.evidence_ref,
        "reverses": entry.reverses_id,
        "by": entry.created_by,
        "lines": [[code, ln.debit_satang, ln.credit_satang, ln.member_id, ln.loan_id, ln.memo]
                  for code, ln in lines],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, payload: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + payload).hexdigest()


def last_hash(session: Session) -> str:
    h = session.scalar(select(JournalEntry.hash).order_by(JournalEntry.id.desc()).limit(1))
    return h or GENESIS_HASH


def _check_lines(lines: Sequence[LineInput], accounts: dict[str, Account]) -> list[tuple[Account, int, int, LineInput]]:
    if len(lines) < 2:
        raise UnbalancedEntry("An entry needs at least one debit and one credit line.")
    resolved = []
    for ln in lines:
        acc = accounts.get(ln.account_code)
        if acc is None:
            raise InvalidInput("There is no account {code}.", code=ln.account_code)
        if not acc.active:
            raise InvalidInput("The account {code} is closed.", code=ln.account_code)
        for v in (ln.debit, ln.credit):
            if not isinstance(v, Decimal):
                raise TypeError("amounts must be Decimal")
            if v < 0:
                raise InvalidInput("An amount on an entry line cannot be negative.")
        debit, credit = to_satang(round_money(ln.debit)), to_satang(round_money(ln.credit))
        if (debit == 0) == (credit == 0):
            raise InvalidInput("Each line has either a debit or a credit, more than zero.")
        if acc.subledger == "member" and ln.member_id is None:
            raise InvalidInput("A line on {code} needs the member it belongs to.", code=acc.code)
        if acc.subledger == "loan" and ln.loan_id is None:
            raise InvalidInput("A line on {code} needs the loan it belongs to.", code=acc.code)
        resolved.append((acc, debit, credit, ln))
    total_d = sum(r[1] for r in resolved)
    total_c = sum(r[2] for r in resolved)
    if total_d != total_c:
        raise UnbalancedEntry(debit=format_amount(total_d), credit=format_amount(total_c))
    return resolved


def post_entry(session: Session, *, kind: str, date: dt.date, description: str,
               lines: Sequence[LineInput], user: str, counterpart: str = "",
               evidence_ref: str = "", reverses_id: int | None = None,
               _accounts: dict[str, Account] | None = None) -> PostedEntry:
    """Post one balanced entry dated in an open month; returns it with its voucher number."""
    if kind not in ENTRY_KINDS:
        raise InvalidInput("Unknown entry kind {kind}.", kind=kind)
    if not description.strip():
        raise InvalidInput("Please type a description of the entry.")
    accounts = _accounts if _accounts is not None else {
        a.code: a for a in session.scalars(select(Account))}
    resolved = _check_lines(lines, accounts)
    period = period_of(session, date)
    if period.state != PERIOD_OPEN:
        raise PeriodClosed(month=format_month(date.year, date.month))
    fy = fiscal_year_of(session, date)
    seq = (session.scalar(select(func.max(JournalEntry.seq)).where(
        JournalEntry.fiscal_year_id == fy.id, JournalEntry.kind == kind)) or 0) + 1
    entry = JournalEntry(
        fiscal_year_id=fy.id, kind=kind, seq=seq, voucher_no=voucher_number(kind, fy.label, seq),
        date=date, description=description.strip(), counterpart=counterpart.strip(),
        evidence_ref=evidence_ref.strip(), state=STATE_POSTED, reverses_id=reverses_id,
        created_by=user, created_at=audit.now(), prev_hash="", hash="",
    )
    line_rows = [JournalLine(account_id=acc.id, debit_satang=d, credit_satang=c,
                             member_id=ln.member_id, loan_id=ln.loan_id, memo=ln.memo.strip())
                 for acc, d, c, ln in resolved]
    entry.lines = line_rows
    entry.prev_hash = last_hash(session)
    entry.hash = chain_hash(entry.prev_hash, entry_payload(
        entry, [(acc.code, row) for (acc, _, _, _), row in zip(resolved, line_rows, strict=True)]))
    session.add(entry)
    _add_month_totals(session, date, resolved)
    session.flush()
    audit.record(session, user=user, action="post", target=entry.voucher_no)
    return _view(entry, accounts_by_id={a.id: a for a, *_ in resolved})


def _add_month_totals(session: Session, date: dt.date, resolved) -> None:  # noqa: ANN001
    for acc, debit, credit, _ in resolved:
        key = (acc.id, date.year, date.month)
        total = session.get(AccountMonthTotal, key)
        if total is None:
            total = AccountMonthTotal(account_id=acc.id, year=date.year, month=date.month,
                                      debit_satang=0, credit_satang=0)
            session.add(total)
        total.debit_satang += debit
        total.credit_satang += credit


def reverse_entry(session: Session, *, entry_id: int, date: dt.date, reason: str,
                  user: str) -> PostedEntry:
    """Cancel a posted entry by posting its mirror image (ยกเลิกรายการ), as paper books do."""
    if not reason.strip():
        raise InvalidInput("Please give the reason for the correction.")
    original = session.get(JournalEntry, entry_id)
    if original is None:
        raise InvalidInput("There is no entry number {id}.", id=entry_id)
    if original.state == STATE_REVERSED:
        raise LedgerError("The entry {voucher} has already been cancelled.",
                          voucher=original.voucher_no)
    if original.reverses_id is not None:
        raise LedgerError("{voucher} is itself a cancellation; post a new entry instead.",
                          voucher=original.voucher_no)
    mirror = [LineInput(account_code=ln.account.code,
                        debit=Decimal(ln.credit_satang) / 100, credit=Decimal(ln.debit_satang) / 100,
                        member_id=ln.member_id, loan_id=ln.loan_id, memo=ln.memo)
              for ln in original.lines]
    posted = post_entry(
        session, kind="adjustment", date=date, lines=mirror, user=user,
        description=f"ยกเลิก {original.voucher_no}: {reason.strip()}",
        counterpart=original.counterpart, evidence_ref=original.evidence_ref,
        reverses_id=original.id)
    original.state = STATE_REVERSED
    session.flush()
    return posted


def get_entry(session: Session, entry_id: int) -> PostedEntry:
    e = session.get(JournalEntry, entry_id)
    if e is None:
        raise InvalidInput("There is no entry number {id}.", id=entry_id)
    return _view(e)


def _view(e: JournalEntry, accounts_by_id: dict[int, Account] | None = None) -> PostedEntry:
    def account(line: JournalLine) -> Account:
        if accounts_by_id and line.account_id in accounts_by_id:
            return accounts_by_id[line.account_id]
        return line.account

    lines = tuple(PostedLine(account(ln).code, account(ln).name_th, ln.debit_satang,
                             ln.credit_satang, ln.member_id, ln.loan_id, ln.memo)
                  for ln in e.lines)
    return PostedEntry(e.id, e.voucher_no, e.kind, e.date, e.description, e.counterpart,
                       e.evidence_ref, e.state, e.reverses_id, e.created_by, e.created_at,
                       e.hash, lines)
