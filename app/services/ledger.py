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
from types import SimpleNamespace

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from app.errors import InvalidAmount, InvalidInput, LedgerError, PeriodClosed, UnbalancedEntry
from app.models.fund import PERIOD_OPEN, FiscalYear, Period
from app.models.ledger import (
    ENTRY_KINDS,
    STATE_POSTED,
    STATE_REVERSED,
    Account,
    AccountMonthTotal,
    JournalEntry,
    JournalLine,
)
from app.models.users import AuditEvent
from app.money import MAX_AMOUNT, ZERO, format_amount, round_money, to_satang
from app.services import audit
from app.services.periods import fiscal_year_of, period_of
from app.thai import format_date, format_month

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
    return payload_bytes(
        entry.voucher_no, entry.kind, entry.date.isoformat(), entry.description,
        entry.counterpart, entry.evidence_ref, entry.reverses_id, entry.created_by,
        [[code, ln.debit_satang, ln.credit_satang, ln.member_id, ln.loan_id, ln.memo]
         for code, ln in lines])


def payload_bytes(voucher: str, kind: str, date_iso: str, description: str, counterpart: str,
                  evidence: str, reverses_id: int | None, by: str, lines: list[list]) -> bytes:
    """Canonical JSON of an entry's content (keys sorted, no spaces, UTF-8).

    Also used by the integrity check straight from database rows, so both sides
    hash exactly the same bytes.
    """
    body = {"by": by, "counterpart": counterpart, "date": date_iso, "description": description,
            "evidence": evidence, "kind": kind, "lines": lines, "reverses": reverses_id,
            "voucher": voucher}  # keys already in sorted order
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


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
            if not v.is_finite() or v > MAX_AMOUNT:
                raise InvalidAmount("The amount is too large: at most 999,999,999.99 baht.")
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


class _TxCache:
    """What posting learnt earlier in the same transaction, so it need not ask again.

    Valid only inside the transaction (or savepoint) it was made in: a commit, a
    rollback or a new savepoint starts a fresh one. Periods are the session's own
    objects, held strongly so the identity map keeps them and a month closed in the
    same session is seen at once. The last hash and the voucher sequences are exact
    because only `post_entry` adds entries, inside the write lock.
    """

    __slots__ = ("tx", "periods", "years", "seqs", "last_hash", "totals")

    def __init__(self, tx: object) -> None:
        self.tx = tx
        self.periods: dict[tuple[int, int], Period] = {}
        self.years: dict[tuple[int, int], FiscalYear] = {}
        self.seqs: dict[tuple[int, str], int] = {}
        self.last_hash: str | None = None
        self.totals: set[tuple[int, int, int]] = set()  # month-total rows known to exist


_CACHE_KEY = "kongtun.ledger.tx_cache"
_ENTRY = JournalEntry.__table__
_LINE = JournalLine.__table__
_TOTAL = AccountMonthTotal.__table__
_AUDIT = AuditEvent.__table__
_INSERT_ENTRY, _INSERT_LINE = insert(_ENTRY), insert(_LINE)
_INSERT_TOTAL, _INSERT_AUDIT = insert(_TOTAL), insert(_AUDIT)
_ADD_TO_TOTAL = (
    update(_TOTAL)
    .where(_TOTAL.c.account_id == bindparam("k_account"), _TOTAL.c.year == bindparam("k_year"),
           _TOTAL.c.month == bindparam("k_month"))
    .values(debit_satang=_TOTAL.c.debit_satang + bindparam("k_debit"),
            credit_satang=_TOTAL.c.credit_satang + bindparam("k_credit"))
)


def _tx_cache(session: Session) -> _TxCache:
    tx = session.get_nested_transaction() or session.get_transaction()
    cache = session.info.get(_CACHE_KEY)
    if cache is None or tx is None or cache.tx is not tx:
        cache = _TxCache(tx)
        if tx is not None:
            session.info[_CACHE_KEY] = cache
    return cache


def _period_and_year(session: Session, cache: _TxCache, date: dt.date) -> FiscalYear:
    month = (date.year, date.month)
    period = cache.periods.get(month)
    if period is None:
        period = cache.periods[month] = period_of(session, date)
    if period.state != PERIOD_OPEN:
        raise PeriodClosed(month=format_month(date.year, date.month))
    fy = cache.years.get(month)
    if fy is None:
        fy = cache.years[month] = fiscal_year_of(session, date)
    return fy


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
    cache = _tx_cache(session)
    fy = _period_and_year(session, cache, date)
    seq_key = (fy.id, kind)
    seq = cache.seqs.get(seq_key)
    if seq is None:
        seq = session.scalar(select(func.max(JournalEntry.seq)).where(
            JournalEntry.fiscal_year_id == fy.id, JournalEntry.kind == kind)) or 0
    seq += 1
    prev = cache.last_hash if cache.last_hash is not None else last_hash(session)
    values = dict(
        fiscal_year_id=fy.id, kind=kind, seq=seq, voucher_no=voucher_number(kind, fy.label, seq),
        date=date, description=description.strip(), counterpart=counterpart.strip(),
        evidence_ref=evidence_ref.strip(), state=STATE_POSTED, reverses_id=reverses_id,
        created_by=user, created_at=audit.now(), prev_hash=prev, hash="",
    )
    line_values = [dict(account_id=acc.id, debit_satang=d, credit_satang=c, member_id=ln.member_id,
                        loan_id=ln.loan_id, memo=ln.memo.strip()) for acc, d, c, ln in resolved]
    payload = entry_payload(SimpleNamespace(**values),  # type: ignore[arg-type]
                            [(acc.code, SimpleNamespace(**lv))  # type: ignore[misc]
                             for (acc, *_), lv in zip(resolved, line_values, strict=True)])
    values["hash"] = chain_hash(prev, payload)
    # Plain inserts instead of ORM objects: posting is the hot path (years of demo
    # data, imports), and the unit of work costs more than the SQL. The caller's
    # pending changes are flushed first so rows reach the database in order.
    session.flush()
    conn = session.connection()
    entry_id = conn.execute(_INSERT_ENTRY, values).inserted_primary_key[0]
    try:
        for lv in line_values:
            lv["entry_id"] = entry_id
        conn.execute(_INSERT_LINE, line_values)
        _add_month_totals(session, conn, date, resolved, cache)
        # The same row audit.record() would add for this posting.
        conn.execute(_INSERT_AUDIT, dict(at=audit.now(), username=user, action="post",
                                          target=values["voucher_no"], detail=""))
    except BaseException:
        # As a failed flush does, void the unit of work: half an entry is never committed.
        session.rollback()
        raise
    if cache.tx is not None:
        cache.seqs[seq_key] = seq
        cache.last_hash = values["hash"]
    return PostedEntry(
        entry_id, values["voucher_no"], kind, date, values["description"], values["counterpart"],
        values["evidence_ref"], STATE_POSTED, reverses_id, user, values["created_at"],
        values["hash"],
        tuple(PostedLine(acc.code, acc.name_th, d, c, ln.member_id, ln.loan_id, ln.memo.strip())
              for acc, d, c, ln in resolved))


def _add_month_totals(session: Session, conn: Connection, date: dt.date, resolved,  # noqa: ANN001
                      cache: _TxCache) -> None:
    """Add the entry's lines to the month-total cache rows, creating rows when new."""
    deltas: dict[tuple[int, int, int], list[int]] = {}
    for acc, debit, credit, _ in resolved:
        d = deltas.setdefault((acc.id, date.year, date.month), [0, 0])
        d[0] += debit
        d[1] += credit
    known = []
    for key, (debit, credit) in deltas.items():
        params = dict(k_account=key[0], k_year=key[1], k_month=key[2], k_debit=debit,
                      k_credit=credit)
        if key in cache.totals:
            known.append(params)
        elif conn.execute(_ADD_TO_TOTAL, params).rowcount == 0:
            conn.execute(_INSERT_TOTAL, dict(account_id=key[0], year=key[1], month=key[2],
                                              debit_satang=debit, credit_satang=credit))
        if cache.tx is not None:
            cache.totals.add(key)
        # A month total loaded as an object in this session must not show the old sums.
        loaded = session.identity_map.get(identity_key(AccountMonthTotal, key))
        if loaded is not None:
            session.expire(loaded, ["debit_satang", "credit_satang"])
    if known:
        conn.execute(_ADD_TO_TOTAL, known)


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
    if date < original.date:
        raise LedgerError("A cancellation cannot be dated before the entry it cancels ({date}).",
                          date=format_date(original.date))
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
