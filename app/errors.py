"""Domain errors: one small tree of user errors with translatable messages.

Every error a bookkeeper can cause (bad input, a closed period, a wrong file) is a
`KongtunError` subclass. Code raises it with an English message id and parameters;
the UI and the CLI show `str(error)`, which is the message in the current language
(Thai by default). Nothing that raises one of these may have changed anything.
"""

from __future__ import annotations

from typing import Any


class KongtunError(Exception):
    """A problem the user can understand and fix; shown as one clear message."""

    #: English message id; translated through app.i18n when shown.
    message_id: str = "Something is wrong with the input."

    def __init__(self, message_id: str | None = None, /, **params: Any) -> None:
        if message_id is not None:
            self.message_id = message_id
        self.params = params
        super().__init__(self.message_id)

    def message(self) -> str:
        """The message in the current language, with its parameters filled in."""
        from app.i18n import gettext

        text = gettext(self.message_id)
        try:
            return text.format(**self.params) if self.params else text
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.message()


class InvalidInput(KongtunError):
    """A value typed by the user cannot be used (amount, date, ID, name...)."""


class InvalidAmount(InvalidInput):
    message_id = "The amount is not valid."


class InvalidDate(InvalidInput):
    message_id = "The date is not valid. Type it in the Buddhist era, e.g. 15/1/2568."


class InvalidNationalId(InvalidInput):
    message_id = "The national ID is not valid: it must be 13 digits with a correct check digit."


class LedgerError(KongtunError):
    """A posting or closing rule of the ledger refuses the operation."""


class PeriodClosed(LedgerError):
    message_id = "The month {month} is closed; entries dated in it cannot be posted or changed."


class NoFiscalYear(LedgerError):
    message_id = "The date {date} is outside every fiscal year of this fund."


class UnbalancedEntry(LedgerError):
    message_id = "The entry does not balance: debits {debit} and credits {credit} differ."


class FundFileError(KongtunError):
    """The fund file cannot be opened or used."""


class FundLocked(FundFileError):
    message_id = "This fund is already open in another Kongtun window ({holder}). Close it there first."


class NotAFundFile(FundFileError):
    message_id = "The file {path} is not a Kongtun fund file."


class FundTooNew(FundFileError):
    message_id = "The fund file {path} was made by a newer version of Kongtun. Please update the program."


class PermissionDenied(KongtunError):
    message_id = "Your role ({role}) may not do this."
