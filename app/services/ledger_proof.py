"""The ledger proof a backup carries (พิสูจน์บัญชี): chain, balance, trial balance, fast.

`prove_ledger` answers three questions about a fund file in one pass each, straight from
the database rows (no ORM objects), so that a backup of a 20-year fund can be proven in
about a second:

- the hash chain: every entry's hash is recomputed from its content and the previous
  entry's hash (the same bytes `app.services.ledger.payload_bytes` defines; SQLite
  renders them, and any entry whose hash does not match is rebuilt in Python before it
  is called broken, so a rendering difference can never hide nor invent a problem);
- every entry balances (at least two lines, Σdebit = Σcredit > 0);
- the trial balance recomputed from the journal lines: its debit and credit columns
  (each account's net, as `trial_balance` puts it), equal to each other.

The problems use the integrity check's own messages (app.services.check), so a backup
refused for a broken chain says what `kongtun check` would say.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, exists, func, or_, select, true
from sqlalchemy.exc import DBAPIError

from app.db import entry_payloads
from app.models.ledger import Account, JournalEntry, JournalLine
from app.services.check import Problem
from app.services.ledger import GENESIS_HASH, chain_hash, payload_bytes

MAX_PROBLEMS = 20
#: More suspects than this and SQLite's rendering is taken to differ from Python's
#: (another SQLite version): every entry is then rebuilt in Python.
MAX_SUSPECTS = 50
MSG_CHAIN = "Entry {voucher} was changed after posting (hash chain broken)."
MSG_UNBALANCED = "Entry {voucher} does not balance (debit {debit}, credit {credit})."
MSG_TB = "The trial balance does not balance: debits {debit}, credits {credit}."
MSG_DAMAGED = "The database file is damaged: {detail}"


@dataclass(frozen=True)
class ChainProof:
    entry_count: int
    chain_head: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class BalanceProof:
    total_debit_satang: int    # the trial balance's debit column, from the lines
    total_credit_satang: int   # its credit column
    problems: tuple[Problem, ...]


# The integrity check's codes for the same findings (app.services.check).
_CODES = {MSG_CHAIN: "hash_chain", MSG_UNBALANCED: "unbalanced", MSG_TB: "trial_balance",
          MSG_DAMAGED: "database"}


def _problem(message_id: str, **params: object) -> Problem:
    return Problem(_CODES[message_id], message_id, tuple((k, str(v)) for k, v in params.items()))


def _damaged(exc: Exception) -> Problem:
    return _problem(MSG_DAMAGED, detail=getattr(exc, "orig", None) or exc)


def prove_chain(engine: Engine) -> ChainProof:
    """Recompute the hash chain (see the module docstring); problems: the first 20 breaks."""
    sha = hashlib.sha256
    prev = GENESIS_HASH
    suspects: list[tuple[int, str, str]] = []  # (id, voucher, the previous entry's hash)
    count = 0
    try:
        for entry_id, voucher, prev_hash, hash_, payload in entry_payloads(engine):
            count += 1
            if prev_hash != prev or hash_ != sha(prev.encode() + (payload or b"")).hexdigest():
                suspects.append((entry_id, voucher, prev))
                if len(suspects) > MAX_SUSPECTS:
                    break
            prev = hash_ if isinstance(hash_, str) else ""  # a crafted file may hold anything
    except DBAPIError as exc:
        return ChainProof(count, prev, (_damaged(exc),))
    if len(suspects) > MAX_SUSPECTS:
        return _prove_chain_in_python(engine)
    broken = [voucher for entry_id, voucher, before in suspects
              if not _python_hash_matches(engine, entry_id, before)]
    problems = tuple(_problem(MSG_CHAIN, voucher=v) for v in broken[:MAX_PROBLEMS])
    return ChainProof(count, prev if count else GENESIS_HASH, problems)


def _entry_rows(conn, where) -> list:  # noqa: ANN001 - a Connection and a clause
    return list(conn.execute(
        select(JournalEntry.id, JournalEntry.voucher_no, JournalEntry.kind, JournalEntry.date,
               JournalEntry.description, JournalEntry.counterpart, JournalEntry.evidence_ref,
               JournalEntry.reverses_id, JournalEntry.created_by, JournalEntry.prev_hash,
               JournalEntry.hash).where(where).order_by(JournalEntry.id)))


def _lines(conn, where) -> dict[int, list[list]]:  # noqa: ANN001
    out: dict[int, list[list]] = defaultdict(list)
    q = (select(JournalLine.entry_id, Account.code, JournalLine.debit_satang,
                JournalLine.credit_satang, JournalLine.member_id, JournalLine.loan_id,
                JournalLine.memo).join(Account, Account.id == JournalLine.account_id)
         .where(where).order_by(JournalLine.id))
    for entry_id, *line in conn.execute(q):
        out[entry_id].append(line)
    return out


def _payload(row, lines: list[list]) -> bytes:  # noqa: ANN001 - a Row
    return payload_bytes(row.voucher_no, row.kind, row.date.isoformat(), row.description,
                         row.counterpart, row.evidence_ref, row.reverses_id, row.created_by,
                         lines)


def _python_hash_matches(engine: Engine, entry_id: int, before: str) -> bool:
    """The entry's link and hash, rebuilt exactly as posting built them."""
    try:
        with engine.connect() as conn:
            rows = _entry_rows(conn, JournalEntry.id == entry_id)
            lines = _lines(conn, JournalLine.entry_id == entry_id)
    except (DBAPIError, ValueError):
        return False
    if not rows:
        return False
    row = rows[0]
    return row.prev_hash == before and row.hash == chain_hash(before, _payload(row, lines[entry_id]))


def _prove_chain_in_python(engine: Engine) -> ChainProof:
    """The same proof with every payload built by `payload_bytes` (slower, same answer)."""
    prev, count, problems = GENESIS_HASH, 0, []
    try:
        with engine.connect() as conn:
            lines = _lines(conn, true())
            for row in _entry_rows(conn, true()):
                count += 1
                if row.prev_hash != prev or row.hash != chain_hash(
                        prev, _payload(row, lines.get(row.id, []))):
                    problems.append(_problem(MSG_CHAIN, voucher=row.voucher_no))
                    if len(problems) >= MAX_PROBLEMS:
                        break
                prev = row.hash if isinstance(row.hash, str) else ""
    except (DBAPIError, ValueError) as exc:
        return ChainProof(count, prev, (_damaged(exc),))
    return ChainProof(count, prev, tuple(problems))


def prove_balances(engine: Engine, *, entries: bool = True) -> BalanceProof:
    """Every entry balanced, and the trial balance's columns from the lines (module docstring).

    `entries=False` leaves out the entry-by-entry sums (a third of the time): for books
    whose chain is proven at the same time, as posting refuses an unbalanced entry and
    the chain covers every amount, so only a changed program could have made one.
    """
    d, c = func.coalesce(func.sum(JournalLine.debit_satang), 0), \
        func.coalesce(func.sum(JournalLine.credit_satang), 0)
    # Grouped over the lines alone (their entry_id index), then the entries with no line.
    unbalanced = (select(JournalLine.entry_id, d, c).group_by(JournalLine.entry_id)
                  .having(or_(func.count() < 2, d == 0, d != c))
                  .order_by(JournalLine.entry_id).limit(MAX_PROBLEMS))
    empty = (select(JournalEntry.id, JournalEntry.voucher_no)
             .where(~exists().where(JournalLine.entry_id == JournalEntry.id))
             .order_by(JournalEntry.id).limit(MAX_PROBLEMS))
    nets = select(JournalLine.account_id, d - c).group_by(JournalLine.account_id)
    try:
        with engine.connect() as conn:
            found = {i: (dv, cv) for i, dv, cv in conn.execute(unbalanced)} if entries else {}
            if entries:
                found.update({i: (0, 0) for i, _v in conn.execute(empty)})
            ids = sorted(found)[:MAX_PROBLEMS]
            vouchers = dict(conn.execute(select(JournalEntry.id, JournalEntry.voucher_no)
                                         .where(JournalEntry.id.in_(ids))).all()) if ids else {}
            columns = [int(net) for _acc, net in conn.execute(nets)]
    except DBAPIError as exc:
        return BalanceProof(0, 0, (_damaged(exc),))
    problems = [_problem(MSG_UNBALANCED, voucher=vouchers.get(i, i), debit=found[i][0],
                         credit=found[i][1]) for i in ids]
    debit = sum(n for n in columns if n > 0)
    credit = -sum(n for n in columns if n < 0)
    if debit != credit:
        problems.append(_problem(MSG_TB, debit=debit, credit=credit))
    return BalanceProof(debit, credit, tuple(problems))
