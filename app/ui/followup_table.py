"""The late-loan list of the follow-up screen (ติดตามหนี้): its words, its columns, and the
next step standing out when it can be taken today (greyed, with its date, when it must
wait). The rows are app.services.followup.FollowUpRow; nothing is computed here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.members import Member
from app.money import format_amount
from app.services.followup import LETTERS, NOTICE, FollowUpRow
from app.services.loans import guarantor_ids
from app.services.members import get_member
from app.thai import format_date
from app.ui.models import Column, RowTableModel

NEXT_COLUMN, WELFARE_COLUMN = 6, 7
_READY_BACK, _READY_TEXT = QColor("#ffe08a"), QColor("#3d2c00")
WAITING, _SUSPENDED = QColor("#7a7a7a"), QColor("#b00020")
Index = QModelIndex | QPersistentModelIndex


def step_word(kind: str) -> str:
    """A step as the list says it, short: ฉบับที่ 2, ประกาศ (the list is narrow)."""
    if kind == NOTICE:
        return _("Public notice")
    return _("Letter {n}").format(n=LETTERS.index(kind) + 1)


def letters_text(row: FollowUpRow) -> str:
    """The steps of this lateness in one short cell: ฉบับที่ 1–2 (16 มี.ค. 2568), the date
    of the last.

    The ladder goes in order, so the last step names those before it."""
    if not row.letters:
        return ""
    kind, last = row.letters[-1]
    if kind == NOTICE:
        return _("Notice posted ({date})").format(date=format_date(last))
    if kind == LETTERS[0]:
        return _("Letter 1 ({date})").format(date=format_date(last))
    return _("Letters 1–{n} ({date})").format(n=LETTERS.index(kind) + 1,
                                             date=format_date(last))


def next_text(row: FollowUpRow) -> str:
    if row.next_step is None:
        return _("Every step taken")
    if row.ready:
        return _("{step}: can be done now").format(step=step_word(row.next_step))
    assert row.next_step_on is not None
    return _("{step} from {date}").format(step=step_word(row.next_step),
                                          date=format_date(row.next_step_on))


class FollowUpModel(RowTableModel):
    """The late loans; the next step stands out when it is allowed today, else is greyed."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() in (NEXT_COLUMN, WELFARE_COLUMN):
            row: FollowUpRow = self.row(index.row())
            ready = row.ready and index.column() == NEXT_COLUMN
            if role == Qt.ItemDataRole.BackgroundRole and ready:
                return QBrush(_READY_BACK)
            if role == Qt.ItemDataRole.ForegroundRole:
                if index.column() == WELFARE_COLUMN:
                    return QBrush(_SUSPENDED) if row.welfare_suspended else None
                return QBrush(_READY_TEXT if ready else WAITING)
            if role == Qt.ItemDataRole.FontRole and (ready or (
                    index.column() == WELFARE_COLUMN and row.welfare_suspended)):
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


def houses(session: Session, member_ids: list[int]) -> dict[int, str]:
    """The house no. of each borrower (the list shows it; FollowUpRow does not carry it)."""
    q = select(Member.id, Member.house_no).where(Member.id.in_(member_ids))
    return {member_id: house for member_id, house in session.execute(q)}


def people(session: Session, loan_id: int, borrower_id: int) -> list[tuple[str, str, bool]]:
    """(name, name with the role, rights suspended) of the borrower, then each guarantor."""
    out = []
    for i, member_id in enumerate([borrower_id, *guarantor_ids(session, loan_id)]):
        m = get_member(session, member_id)
        out.append((m.name, (_("{name} (borrower)") if i == 0 else _("{name} (guarantor)"))
                    .format(name=m.name), m.welfare == "suspended"))
    return out


def rights_word(suspended: bool) -> str:
    return _("suspended") if suspended else _("active")


def columns(house_of: Any) -> list[Column]:
    """The list's columns; `house_of(member_id)` gives the house no."""
    return [Column(_("Loan no."), lambda r: r.loan_no),
            Column(_("Borrower"), lambda r: r.borrower),
            Column(_("House no."), lambda r: house_of(r.member_id)),
            Column(_("Days past due"), lambda r: f"{r.days_past_due:,}", right=True),
            Column(_("Due (baht)"), lambda r: format_amount(r.owed.total_satang),
                   right=True, bold=True),
            Column(_("Letters sent"), letters_text),
            Column(_("Next step"), next_text),
            Column(_("Welfare"), lambda r: rights_word(r.welfare_suspended))]


