"""Loan types from the fund's rules (ระเบียบเงินกู้): ceiling, interest, term, guarantees, fines.

A new fund gets two types (migration 0004): เงินกู้สามัญ (ordinary: up to 50,000 baht,
flat 6 % a year, 12 months, principal and interest at the end of the term, no guarantor
up to 30,000 baht and two above) and เงินกู้ฉุกเฉิน (emergency: up to 10,000 baht, flat
6 %, 6 monthly instalments, no guarantor). Late fines: 5 baht per day past due, capped
per loan (1,000 / 500 baht). Each guarantor's share of the loans they guarantee is capped
(50,000 baht). A rate above 15 % a year (the civil-code cap) is a warning to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, KongtunError
from app.models.loans import LoanType
from app.money import format_amount
from app.services import audit
from app.services.schedule import METHODS, PATTERNS, period_months

#: Above this annual rate (percent) the program asks for confirmation.
RATE_WARNING_PERCENT = Decimal(15)
LOAN_ACCOUNTS = ("13010", "13020", "13030")


class RateWarning(KongtunError):
    """A warning the user may acknowledge (confirm) rather than an error that blocks."""

    message_id = ("The interest rate {rate} % a year is above 15 %, the civil-code cap. "
                  "Confirm to go on.")


@dataclass(frozen=True)
class LoanTypeRow:
    id: int
    code: str
    name_th: str
    account_code: str
    ceiling_satang: int
    method: str
    rate_percent: Decimal
    term_months: int
    pattern: str
    guarantor_bands: str
    guarantee_cap_satang: int
    fine_per_day_satang: int
    fine_cap_satang: int
    active: bool


def parse_bands(text: str) -> list[tuple[int | None, int]]:
    """"30000=0;*=2" -> [(3_000_000 satang, 0), (None, 2)]: guarantors per amount band."""
    bands: list[tuple[int | None, int]] = []
    try:
        for part in filter(None, (p.strip() for p in text.split(";"))):
            upto, count = (x.strip() for x in part.split("="))
            bands.append((None if upto == "*" else int(Decimal(upto) * 100), int(count)))
    except (ValueError, ArithmeticError):
        raise InvalidInput('The guarantor rule "{text}" is not valid (e.g. 30000=0;*=2).',
                           text=text) from None
    limits = [u for u, _ in bands if u is not None]
    if not bands or bands[-1][0] is not None or any(c < 0 for _, c in bands):
        raise InvalidInput('The guarantor rule "{text}" is not valid (e.g. 30000=0;*=2).',
                           text=text)
    if any(a >= b for a, b in zip(limits, limits[1:], strict=False)):
        # a band after an equal or higher one could never apply
        raise InvalidInput("The amounts of the guarantor bands must rise from band to band.")
    return bands


def guarantors_required(bands: str, amount_satang: int) -> int:
    """How many guarantors a loan of this amount needs under the type's bands."""
    for upto, count in parse_bands(bands):
        if upto is None or amount_satang <= upto:
            return count
    return 0  # unreachable: the last band is open-ended


def check_rate(rate_percent: Decimal, *, confirmed: bool) -> None:
    """Refuse a negative rate; warn (RateWarning) above 15 % unless confirmed."""
    if rate_percent < 0:
        raise InvalidInput("The interest rate cannot be negative.")
    if rate_percent > RATE_WARNING_PERCENT and not confirmed:
        raise RateWarning(rate=f"{rate_percent:.2f}")


def _row(t: LoanType) -> LoanTypeRow:
    return LoanTypeRow(t.id, t.code, t.name_th, t.account_code, t.ceiling_satang, t.method,
                       Decimal(t.rate_bp).scaleb(-2), t.term_months, t.pattern,
                       t.guarantor_bands, t.guarantee_cap_satang, t.fine_per_day_satang,
                       t.fine_cap_satang, t.active)


def list_loan_types(session: Session, *, active_only: bool = False) -> list[LoanTypeRow]:
    q = select(LoanType).order_by(LoanType.id)
    if active_only:
        q = q.where(LoanType.active.is_(True))
    return [_row(t) for t in session.scalars(q)]


def get_loan_type(session: Session, type_id: int) -> LoanTypeRow:
    t = session.get(LoanType, type_id)
    if t is None:
        raise InvalidInput("There is no loan type {id}.", id=type_id)
    return _row(t)


def save_loan_type(session: Session, row: LoanTypeRow, *, user: str,
                   confirm_high_rate: bool = False) -> LoanTypeRow:
    """Add (id 0) or change a loan type after checking every rule."""
    if not row.code.strip() or not row.name_th.strip():
        raise InvalidInput("Please type the loan type's code and name.")
    if row.account_code not in LOAN_ACCOUNTS:
        raise InvalidInput("A loan type is kept on account 13010, 13020 or 13030.")
    if row.method not in METHODS or row.pattern not in PATTERNS:
        raise InvalidInput("Unknown interest method or repayment pattern.")
    if row.ceiling_satang <= 0 or row.term_months < 1:
        raise InvalidInput("The ceiling and the term must be more than zero.")
    if row.term_months % period_months(row.pattern, row.term_months):
        raise InvalidInput("The term must be a whole number of instalments.")
    if min(row.guarantee_cap_satang, row.fine_per_day_satang, row.fine_cap_satang) < 0:
        raise InvalidInput("An amount in the loan rules cannot be negative.")
    parse_bands(row.guarantor_bands)
    check_rate(row.rate_percent, confirmed=confirm_high_rate)
    clash = session.scalar(select(LoanType.id).where(LoanType.code == row.code.strip(),
                                                     LoanType.id != (row.id or 0)))
    if clash is not None:
        raise InvalidInput("Another loan type already has the code {code}.",
                           code=row.code.strip())
    t = session.get(LoanType, row.id) if row.id else LoanType()
    if t is None:
        raise InvalidInput("There is no loan type {id}.", id=row.id)
    for field in ("code", "name_th", "account_code", "ceiling_satang", "method", "term_months",
                  "pattern", "guarantor_bands", "guarantee_cap_satang", "fine_per_day_satang",
                  "fine_cap_satang", "active"):
        value = getattr(row, field)
        setattr(t, field, value.strip() if isinstance(value, str) else value)
    t.rate_bp = int(row.rate_percent * 100)
    session.add(t)
    session.flush()
    audit.record(session, user=user, action="save_loan_type", target=t.code,
                 detail=f"{format_amount(t.ceiling_satang)} {row.rate_percent}%")
    return _row(t)
