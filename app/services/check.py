"""The integrity check (ตรวจสอบความถูกต้อง): every problem at once, never just the first.

Each validator is a plain function returning a list of `Problem`s (Beancount's way),
so the auditor sees everything wrong in one run: unbalanced entries, a trial balance
that does not balance, voucher gaps, a broken hash chain, a month-total cache that
disagrees with the lines, inconsistent reversals, sub-ledger lines without their
dimension.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import extract, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.i18n import gettext
from app.models.fund import FiscalYear, Period
from app.models.ledger import (
    STATE_REVERSED,
    Account,
    AccountMonthTotal,
    JournalEntry,
    JournalLine,
)
from app.services.ledger import GENESIS_HASH, chain_hash, payload_bytes, voucher_number


@dataclass(frozen=True)
class Problem:
    code: str
    message_id: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        return gettext(self.message_id).format(**dict(self.params))


def _p(code: str, message_id: str, /, **params: object) -> Problem:
    return Problem(code, message_id, tuple((k, str(v)) for k, v in params.items()))


def check_balanced(session: Session) -> list[Problem]:
    q = (select(JournalEntry.voucher_no, func.count(JournalLine.id),
                func.sum(JournalLine.debit_satang), func.sum(JournalLine.credit_satang))
         .join(JournalLine, JournalLine.entry_id == JournalEntry.id, isouter=True)
         .group_by(JournalEntry.id))
    out = []
    for voucher, n, d, c in session.execute(q):
        if n < 2 or not d or d != c:
            out.append(_p("unbalanced", "Entry {voucher} does not balance (debit {debit}, credit {credit}).",
                          voucher=voucher, debit=d or 0, credit=c or 0))
    total_d, total_c = session.execute(
        select(func.sum(JournalLine.debit_satang), func.sum(JournalLine.credit_satang))).one()
    if (total_d or 0) != (total_c or 0):
        out.append(_p("trial_balance", "The trial balance does not balance: debits {debit}, credits {credit}.",
                      debit=total_d or 0, credit=total_c or 0))
    return out


def check_vouchers(session: Session) -> list[Problem]:
    labels = {fy.id: fy for fy in session.scalars(select(FiscalYear))}
    seqs: dict[tuple[int, str], list[int]] = defaultdict(list)
    out = []
    q = select(JournalEntry.id, JournalEntry.fiscal_year_id, JournalEntry.kind, JournalEntry.seq,
               JournalEntry.voucher_no, JournalEntry.date)
    for _id, fy_id, kind, seq, voucher, date in session.execute(q):
        fy = labels[fy_id]
        seqs[(fy_id, kind)].append(seq)
        if voucher != voucher_number(kind, fy.label, seq):
            out.append(_p("voucher_number", "Voucher {voucher} has a wrong number.", voucher=voucher))
        if not fy.start_date <= date <= fy.end_date:
            out.append(_p("voucher_year", "Voucher {voucher} is dated outside its fiscal year.",
                          voucher=voucher))
    for (fy_id, kind), found in seqs.items():
        found.sort()
        missing = sorted(set(range(1, found[-1] + 1)) - set(found))
        for seq in missing[:20]:
            out.append(_p("voucher_gap", "Voucher {voucher} is missing: the numbering has a gap.",
                          voucher=voucher_number(kind, labels[fy_id].label, seq)))
    return out


def check_hash_chain(session: Session) -> list[Problem]:
    """Recompute every entry's hash from its content and the previous hash.

    Plain tuples straight from the database driver: this is the slowest validator
    on a big fund (it reads every line), so it avoids ORM objects altogether.
    """
    conn = session.connection()
    codes = dict(session.execute(select(Account.id, Account.code)).all())
    lines: dict[int, list[list]] = defaultdict(list)
    for entry_id, acc, d, c, member, loan, memo in conn.execute(select(
            JournalLine.entry_id, JournalLine.account_id, JournalLine.debit_satang,
            JournalLine.credit_satang, JournalLine.member_id, JournalLine.loan_id,
            JournalLine.memo).order_by(JournalLine.id)):
        lines[entry_id].append([codes[acc], d, c, member, loan, memo])
    prev = GENESIS_HASH
    out: list[Problem] = []
    q = select(JournalEntry.id, JournalEntry.voucher_no, JournalEntry.kind, JournalEntry.date,
               JournalEntry.description, JournalEntry.counterpart, JournalEntry.evidence_ref,
               JournalEntry.reverses_id, JournalEntry.created_by, JournalEntry.prev_hash,
               JournalEntry.hash).order_by(JournalEntry.id)
    for (entry_id, voucher, kind, date, desc, counterpart, evidence, reverses, by, prev_hash,
         hash_) in conn.execute(q):
        payload = payload_bytes(voucher, kind, date.isoformat(), desc, counterpart, evidence,
                                reverses, by, lines.get(entry_id, []))
        if prev_hash != prev or hash_ != chain_hash(prev, payload):
            out.append(_p("hash_chain", "Entry {voucher} was changed after posting (hash chain broken).",
                          voucher=voucher))
        prev = hash_
        if len(out) >= 20:
            break
    return out


def check_month_totals(session: Session) -> list[Problem]:
    year = extract("year", JournalEntry.date)
    month = extract("month", JournalEntry.date)
    actual = {}
    q = (select(JournalLine.account_id, year, month, func.sum(JournalLine.debit_satang),
                func.sum(JournalLine.credit_satang))
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .group_by(JournalLine.account_id, year, month))
    for acc, y, m, d, c in session.execute(q):
        actual[(acc, int(y), int(m))] = (int(d), int(c))
    cached = {(t.account_id, t.year, t.month): (t.debit_satang, t.credit_satang)
              for t in session.scalars(select(AccountMonthTotal))}
    codes = dict(session.execute(select(Account.id, Account.code)).all())
    out = []
    for key in sorted(set(actual) | set(cached)):
        if actual.get(key, (0, 0)) != cached.get(key, (0, 0)):
            out.append(_p("month_totals", "The monthly totals of account {code} for {month} disagree with its entries.",
                          code=codes.get(key[0], key[0]), month=f"{key[1]:04d}-{key[2]:02d}"))
    return out


def check_reversals(session: Session) -> list[Problem]:
    cols = (JournalEntry.id, JournalEntry.voucher_no, JournalEntry.state, JournalEntry.reverses_id)
    entries = {e.id: e for e in session.execute(select(*cols))}
    reversed_by = {e.reverses_id: e for e in entries.values() if e.reverses_id is not None}
    out = []
    for e in entries.values():
        if (e.state == STATE_REVERSED) != (e.id in reversed_by):
            out.append(_p("reversal", "Entry {voucher} is marked cancelled but has no cancelling entry, or the reverse.",
                          voucher=e.voucher_no))
    involved = set(reversed_by) | {r.id for r in reversed_by.values()}
    lines: dict[int, list] = defaultdict(list)
    ids = sorted(involved)
    for i in range(0, len(ids), 900):
        q = select(JournalLine.__table__).where(JournalLine.entry_id.in_(ids[i:i + 900]))
        for ln in session.execute(q):
            lines[ln.entry_id].append(ln)
    for orig_id, rev in reversed_by.items():
        if orig_id not in entries:
            continue
        a = sorted((ln.account_id, ln.debit_satang, ln.credit_satang, ln.member_id, ln.loan_id)
                   for ln in lines[orig_id])
        b = sorted((ln.account_id, ln.credit_satang, ln.debit_satang, ln.member_id, ln.loan_id)
                   for ln in lines[rev.id])
        if a != b:
            out.append(_p("reversal", "Cancelling entry {voucher} is not the mirror of the entry it cancels.",
                          voucher=rev.voucher_no))
    return out


def check_subledgers(session: Session) -> list[Problem]:
    q = (select(Account.code, func.count(JournalLine.id)).join(Account)
         .where(((Account.subledger == "member") & JournalLine.member_id.is_(None))
                | ((Account.subledger == "loan") & JournalLine.loan_id.is_(None)))
         .group_by(Account.code))
    return [_p("subledger", "{count} lines on account {code} lack their member or loan.",
               count=n, code=code) for code, n in session.execute(q)]


def check_member_ids(session: Session) -> list[Problem]:
    """Every member on a line exists in the registry (the sub-ledgers hang on it)."""
    from app.models.members import Member

    q = (select(JournalLine.member_id, func.count(JournalLine.id))
         .where(JournalLine.member_id.is_not(None),
                JournalLine.member_id.not_in(select(Member.id)))
         .group_by(JournalLine.member_id))
    return [_p("subledger", "{count} lines name member id {id}, who is not in the registry.",
               count=n, id=mid) for mid, n in session.execute(q)]


def check_loan_ids(session: Session) -> list[Problem]:
    """Every loan on a line exists in the loan register (the loan balances hang on it)."""
    from app.models.loans import Loan

    q = (select(JournalLine.loan_id, func.count(JournalLine.id))
         .where(JournalLine.loan_id.is_not(None), JournalLine.loan_id.not_in(select(Loan.id)))
         .group_by(JournalLine.loan_id))
    return [_p("subledger", "{count} lines name loan id {id}, which is not in the loan register.",
               count=n, id=lid) for lid, n in session.execute(q)]


def check_periods(session: Session) -> list[Problem]:
    months = {(p.year, p.month) for p in session.scalars(select(Period))}
    dates = session.scalars(select(JournalEntry.date).distinct())
    return [_p("period", "Entries dated {date} lie in no month of any fiscal year.", date=d.isoformat())
            for d in dates if (d.year, d.month) not in months]


VALIDATORS: tuple[Callable[[Session], list[Problem]], ...] = (
    check_balanced, check_vouchers, check_hash_chain, check_month_totals, check_reversals,
    check_subledgers, check_member_ids, check_loan_ids, check_periods,
)


def check_ledger(session: Session) -> list[Problem]:
    """Run every validator and return all the problems found ([] when all is well)."""
    problems: list[Problem] = []
    for validate in VALIDATORS:
        try:
            problems.extend(validate(session))
        except DBAPIError as exc:
            # Rows SQLite cannot even decode (damaged text): report it and run the other
            # validators, rather than stopping at the first problem. A failed SELECT
            # leaves SQLite's read transaction usable.
            problem = _p("database", "The database file is damaged: {detail}",
                         detail=getattr(exc, "orig", None) or exc)
            if problem not in problems:
                problems.append(problem)
    return problems


def check_fund(db) -> list[Problem]:  # noqa: ANN001 - FundDb, kept loose to avoid a cycle
    """The database's own integrity check, then the ledger's."""
    from app.db import integrity_check

    problems = [_p("database", "The database file is damaged: {detail}", detail=d)
                for d in integrity_check(db.engine)]
    with db.read() as s:
        problems.extend(check_ledger(s))
    return problems
