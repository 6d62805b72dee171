"""What a backup says about its fund: the manifest's figures and the coordinator's summary.

Both are computed from the database snapshot itself (never from the live file), so
`verify` can recompute them from the unpacked snapshot and compare. The summary is what
the tambon coordinator imports: indicators only, no names and no national IDs. Amounts
are integers in satang; dates are ISO (Gregorian); percentages are decimal strings.

The summary's `overdue` (from the loan register, app.services.loans, on the as-of date):

    amount_satang                  principal and interest due and not paid, all open loans
    rate_percent                   amount_satang / loans outstanding (accounts 13010-13030)
                                   x 100, 2 decimals ("1.25"); null when nothing is lent.
                                   This is the coordinator's "overdue rate" (its totals
                                   row is the same ratio of the totals)
    loans_past_due                 how many open loans are at least a day past due
    par30_percent, par30_satang    PAR 30 (app.services.arrears): the whole principal of
                                   the loans more than 30 days past due, and its share of
                                   all outstanding principal, for the record

`overdue` is null when the fund keeps no loan register (a file from before it, or loans
on the books that were never entered in the register): "not reported", never 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.models.fund import FiscalYear
from app.models.ledger import Account, AccountMonthTotal, JournalEntry
from app.services.balances import account_balances, trial_balance
from app.services.fund import fund_info, working_date
from app.services.journal import date_range, entry_count
from app.services.ledger import last_hash

SUMMARY_FORMAT = "kongtun-summary"
SUMMARY_VERSION = 1
CAPITAL = ("31010", "31020", "32010")
LOANS = ("13010", "13020", "13030")
SAVINGS = "21010"


@dataclass(frozen=True)
class FundFacts:
    """A fund's identity and figures, as a backup's manifest records them."""

    name: str
    code: str
    first_entry_date: dt.date | None
    last_entry_date: dt.date | None
    entry_count: int
    last_voucher: str | None
    chain_head: str
    total_debit_satang: int
    total_credit_satang: int
    working_date: dt.date


def as_of_date(session: Session) -> dt.date:
    """The date the figures are taken at: the working date, or the last entry if later."""
    last = date_range(session)[1]
    day = working_date(session)
    return max(day, last) if last else day


def fund_facts(session: Session) -> FundFacts:
    info = fund_info(session)
    first, last = date_range(session)
    tb = trial_balance(session, as_of=as_of_date(session))
    voucher = session.scalar(select(JournalEntry.voucher_no).order_by(JournalEntry.id.desc()).limit(1))
    return FundFacts(info.name, info.code, first, last, entry_count(session), voucher,
                     last_hash(session), tb.total_debit_satang, tb.total_credit_satang,
                     working_date(session))


def facts_to_json(f: FundFacts) -> dict[str, Any]:
    return {"period": {"first_entry_date": _iso(f.first_entry_date),
                       "last_entry_date": _iso(f.last_entry_date)},
            "entry_count": f.entry_count, "last_voucher": f.last_voucher,
            "chain_head": f.chain_head, "working_date": f.working_date.isoformat(),
            "trial_balance": {"total_debit_satang": f.total_debit_satang,
                              "total_credit_satang": f.total_credit_satang}}


def facts_from_manifest(m: dict[str, Any]) -> FundFacts:
    """The facts a manifest states (raises KeyError/TypeError/ValueError when malformed)."""
    tb, period = m["trial_balance"], m["period"]
    voucher = m["last_voucher"]
    return FundFacts(str(m["fund"]["name"]), str(m["fund"]["code"]),
                     _date(period["first_entry_date"]), _date(period["last_entry_date"]),
                     _int(m["entry_count"]), None if voucher is None else str(voucher),
                     str(m["chain_head"]), _int(tb["total_debit_satang"]),
                     _int(tb["total_credit_satang"]), dt.date.fromisoformat(m["working_date"]))


def identity(session: Session) -> dict[str, str]:
    i = fund_info(session)
    return {"name": i.name, "code": i.code, "village_no": i.village_no, "village": i.village,
            "tambon": i.tambon, "amphoe": i.amphoe, "province": i.province}


def summary(session: Session) -> dict[str, Any]:
    """The coordinator's indicators as of the fund's working date (no personal data)."""
    as_of = as_of_date(session)
    bal = {b.code: b for b in account_balances(session, as_of=as_of, include_empty=True)}

    def amount(code: str) -> int:
        return bal[code].balance_satang if code in bal else 0

    cash = {c: b.balance_satang for c, b in bal.items() if b.kind in ("cash", "bank")}
    fy = session.scalars(select(FiscalYear).where(FiscalYear.start_date <= as_of,
                                                  FiscalYear.end_date >= as_of)).first()
    ytd = account_balances(session, as_of=as_of, start=fy.start_date) if fy else []
    first, last = date_range(session)
    return {
        "format": SUMMARY_FORMAT, "version": SUMMARY_VERSION, "amounts_in": "satang",
        "fund": identity(session), "as_of": as_of.isoformat(),
        "first_entry_date": _iso(first), "last_entry_date": _iso(last),
        "entry_count": entry_count(session),
        "members": _members(session),
        "capital": {c: amount(c) for c in CAPITAL},
        "loans_outstanding": {**{c: amount(c) for c in LOANS},
                              "total": sum(amount(c) for c in LOANS)},
        "overdue": _overdue(session, as_of, sum(amount(c) for c in LOANS)),
        "cash_and_bank": {**cash, "total": sum(cash.values())},
        "savings_total": amount(SAVINGS),
        "fiscal_year": {"label": fy.label, "start": fy.start_date.isoformat(),
                        "end": fy.end_date.isoformat()} if fy else None,
        "income_ytd": sum(b.balance_satang for b in ytd if b.group == 4),
        "expense_ytd": sum(b.balance_satang for b in ytd if b.group == 5),
        "months": _months(session),
    }


def overdue_rate(overdue: int | None, outstanding: int) -> Decimal | None:
    """Overdue as a percentage of loans outstanding, 2 decimals (None: not known or no loans)."""
    if overdue is None or outstanding <= 0:
        return None
    return (Decimal(overdue) * 100 / Decimal(outstanding)).quantize(Decimal("0.01"),
                                                                      ROUND_HALF_UP)


def _overdue(session: Session, as_of: dt.date, outstanding: int) -> dict[str, Any] | None:
    """The overdue figures of the module docstring, or None when there is no register."""
    if not inspect(session.connection()).has_table("loan"):
        return None
    from app.models.loans import Loan
    from app.services.arrears import ageing
    from app.services.loans import list_loans

    try:
        if not session.scalar(select(func.count(Loan.id))) and outstanding:
            return None  # loans on the books, none in the register: not known
        rows = list_loans(session, as_of=as_of, open_only=True)
    except DBAPIError:  # a register of an older schema (columns added since)
        return None
    positions = [(r.days_past_due, r.principal_satang) for r in rows if r.principal_satang > 0]
    amount = sum(r.overdue_satang for r in rows)
    rate = overdue_rate(amount, outstanding)
    return {"amount_satang": amount,
            "rate_percent": None if rate is None else str(rate),
            "loans_past_due": sum(1 for r in rows if r.days_past_due > 0),
            "par30_percent": f"{ageing(positions).par30:.2f}",
            "par30_satang": sum(p for d, p in positions if d > 30)}


def _members(session: Session) -> dict[str, int] | None:
    if not inspect(session.connection()).has_table("member"):
        return None
    from app.models.members import STATUS_ACTIVE, Member

    rows = dict(session.execute(select(Member.status, func.count(Member.id))
                                .group_by(Member.status)).all())
    return {"total": sum(rows.values()), "active": rows.get(STATUS_ACTIVE, 0)}


def _months(session: Session) -> list[dict[str, Any]]:
    """Month-end indicators over the fund's whole history (the coordinator's chart)."""
    groups = {a.id: (a.code, a.account_group, a.kind) for a in session.scalars(select(Account))}
    moves: dict[tuple[int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    q = select(AccountMonthTotal.year, AccountMonthTotal.month, AccountMonthTotal.account_id,
               AccountMonthTotal.debit_satang, AccountMonthTotal.credit_satang)
    for y, m, acc, d, c in session.execute(q):
        moves[(y, m)][acc] += d - c
    running: dict[int, int] = defaultdict(int)
    out = []
    for (y, m) in sorted(moves):
        for acc, net in moves[(y, m)].items():
            running[acc] += net

        def total(pred, src=running) -> int:  # noqa: ANN001 - a small local filter
            return sum(v for a, v in src.items() if pred(*groups[a]))

        out.append({
            "month": f"{y:04d}-{m:02d}",
            "cash_and_bank": total(lambda c, g, k: k in ("cash", "bank")),
            "loans_outstanding": total(lambda c, g, k: c in LOANS),
            "savings_total": -total(lambda c, g, k: c == SAVINGS),
            "capital": -total(lambda c, g, k: c in CAPITAL),
            "income": -total(lambda c, g, k: g == 4, moves[(y, m)]),
            "expense": total(lambda c, g, k: g == 5, moves[(y, m)]),
        })
    return out


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _date(v: object) -> dt.date | None:
    return None if v is None else dt.date.fromisoformat(str(v))


def _int(v: object) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError("not an integer")
    return v
