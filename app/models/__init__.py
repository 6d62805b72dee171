"""SQLAlchemy models of a fund file. Importing this package registers every table."""

from app.models.base import Base
from app.models.cashbook import BankBalanceCheck, CashCount
from app.models.fund import FiscalYear, Fund, Period, Setting
from app.models.ledger import Account, AccountMonthTotal, JournalEntry, JournalLine
from app.models.loans import (  # noqa: F401
    ExternalDebt,
    Loan,
    LoanEvent,
    LoanGuarantor,
    LoanLetter,
    LoanType,
)
from app.models.members import Household, Member, MemberStatusChange  # noqa: F401
from app.models.users import AuditEvent, User

__all__ = [
    "Account",
    "AccountMonthTotal",
    "AuditEvent",
    "BankBalanceCheck",
    "Base",
    "CashCount",
    "FiscalYear",
    "Fund",
    "JournalEntry",
    "JournalLine",
    "Period",
    "Setting",
    "User",
]
