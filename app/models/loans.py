"""Loan types, loan contracts, their guarantors and the loan's event log.

What a loan owes is *not* stored here: its principal outstanding is the sum of its
journal lines (loan_id) on the loan-receivable account of its type (13010/13020/13030),
interest and fines paid are its lines on 41010/41020. The contract keeps only its
terms (amount, rate, term, method, pattern, dates) so the schedule can be rebuilt by
`app.services.schedule`. `LoanEvent` records each step (applied, approved,
disbursed, repaid, fine waived with its reason, closed) with who and when.

Follow-up of a late loan is `LoanLetter` (letters 1–3, each to the borrower with a copy
to every guarantor, and the opt-in listing on the defaulters' notice). A restructured,
renewed or consolidated loan is closed by a transfer into a new contract: the new one
has `origin` and `previous_loan_id`, each old one `replaced_by_id`. Debts a household
owes to other funds (กข.คจ., ออมทรัพย์ …) are typed in by hand as `ExternalDebt`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

LOAN_APPLIED = "applied"
LOAN_APPROVED = "approved"
LOAN_REJECTED = "rejected"
LOAN_ACTIVE = "active"
LOAN_CLOSED = "closed"
LOAN_STATES = (LOAN_APPLIED, LOAN_APPROVED, LOAN_REJECTED, LOAN_ACTIVE, LOAN_CLOSED)

#: How a contract came to be: a new loan, a renewal (ต่อสัญญา), a restructuring
#: (ประนอมหนี้) or a household consolidation (๑ ครัวเรือน ๑ สัญญา).
ORIGIN_NEW, ORIGIN_RENEWAL, ORIGIN_RESTRUCTURE, ORIGIN_CONSOLIDATION = (
    "new", "renewal", "restructure", "consolidation")
ORIGINS = (ORIGIN_NEW, ORIGIN_RENEWAL, ORIGIN_RESTRUCTURE, ORIGIN_CONSOLIDATION)

#: Follow-up steps: letters 1, 2, 3 and the listing on the defaulters' notice.
LETTER_KINDS = ("letter1", "letter2", "letter3", "notice")


class LoanType(Base):
    """A kind of loan in the fund's rules (ระเบียบ): ceiling, interest, term, guarantees."""

    __tablename__ = "loan_type"
    __table_args__ = (
        CheckConstraint("method IN ('flat', 'declining')", name="method"),
        CheckConstraint("pattern IN ('lump_sum', 'monthly', 'quarterly')", name="pattern"),
        CheckConstraint("rate_bp >= 0 AND term_months > 0 AND ceiling_satang > 0",
                        name="terms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_th: Mapped[str] = mapped_column(String(100))
    account_code: Mapped[str] = mapped_column(String(5))
    ceiling_satang: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(10))
    rate_bp: Mapped[int] = mapped_column(Integer)  # annual rate in basis points (600 = 6 %)
    term_months: Mapped[int] = mapped_column(Integer)
    pattern: Mapped[str] = mapped_column(String(10))
    #: "30000=0;*=2": no guarantor up to 30,000 baht, two above (baht, ascending bands)
    guarantor_bands: Mapped[str] = mapped_column(String(200))
    guarantee_cap_satang: Mapped[int] = mapped_column(BigInteger)
    fine_per_day_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    fine_cap_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Loan(Base):
    """A loan contract (สัญญาเงินกู้) from application to closing."""

    __tablename__ = "loan"
    __table_args__ = (
        CheckConstraint("status IN ('applied', 'approved', 'rejected', 'active', 'closed')",
                        name="status"),
        CheckConstraint("amount_satang > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_no: Mapped[str] = mapped_column(String(20), unique=True)
    loan_type_id: Mapped[int] = mapped_column(ForeignKey("loan_type.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    amount_satang: Mapped[int] = mapped_column(BigInteger)
    account_code: Mapped[str] = mapped_column(String(5))
    method: Mapped[str] = mapped_column(String(10))
    rate_bp: Mapped[int] = mapped_column(Integer)
    term_months: Mapped[int] = mapped_column(Integer)
    pattern: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default=LOAN_APPLIED)
    applied_on: Mapped[dt.date] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(String(100), default="")
    meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    meeting_no: Mapped[str] = mapped_column(String(40), default="")
    disbursed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    previous_loan_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"))
    origin: Mapped[str] = mapped_column(String(15), default=ORIGIN_NEW,
                                        server_default=ORIGIN_NEW)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("loan.id"))


class LoanGuarantor(Base):
    """A guarantor (ผู้ค้ำประกัน) of a loan and the share of it they guarantee."""

    __tablename__ = "loan_guarantor"
    __table_args__ = (UniqueConstraint("loan_id", "member_id", name="once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    amount_satang: Mapped[int] = mapped_column(BigInteger)


class LoanEvent(Base):
    """One step in a loan's life: what, when, how much, why, posted as which entry, by whom."""

    __tablename__ = "loan_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    amount_satang: Mapped[int] = mapped_column(BigInteger, default=0)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entry.id"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    by: Mapped[str] = mapped_column(String(60))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class LoanLetter(Base):
    """A follow-up step of a late loan: a dunning letter (1–3) or the defaulters' notice.

    `due_satang` and `days_past_due` are what the letter stated on `date`; `recipients`
    names the borrower and each guarantor who got a copy (one per line).
    """

    __tablename__ = "loan_letter"
    __table_args__ = (
        CheckConstraint("kind IN ('letter1', 'letter2', 'letter3', 'notice')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    date: Mapped[dt.date] = mapped_column(Date)
    due_satang: Mapped[int] = mapped_column(BigInteger)
    days_past_due: Mapped[int] = mapped_column(Integer)
    recipients: Mapped[str] = mapped_column(String(1000), default="")
    by: Mapped[str] = mapped_column(String(60))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class ExternalDebt(Base):
    """A member's debt to another fund or lender, typed in by hand (not in this ledger)."""

    __tablename__ = "external_debt"
    __table_args__ = (CheckConstraint("amount_satang > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    creditor: Mapped[str] = mapped_column(String(100))   # กข.คจ., กลุ่มออมทรัพย์, ธ.ก.ส. …
    amount_satang: Mapped[int] = mapped_column(BigInteger)
    as_of: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    cleared_on: Mapped[dt.date | None] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(60))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
