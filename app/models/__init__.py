"""SQLAlchemy models of a fund file. Importing this package registers every table."""

from app.models.base import Base
from app.models.fund import FiscalYear, Fund, Period, Setting
from app.models.ledger import Account, AccountMonthTotal, JournalEntry, JournalLine
from app.models.users import AuditEvent, User

__all__ = [
    "Account",
    "AccountMonthTotal",
    "AuditEvent",
    "Base",
    "FiscalYear",
    "Fund",
    "JournalEntry",
    "JournalLine",
    "Period",
    "Setting",
    "User",
]
