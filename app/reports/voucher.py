"""The voucher print: ใบสำคัญรับ (receipt), ใบสำคัญจ่าย (payment), ใบสำคัญทั่วไป (others).

One posted entry as its paper voucher: number and date, who paid or was paid, what for,
the evidence, the account lines (debit and credit), the amount in figures and in Thai
words, and the signature lines. A cancelled entry, or a cancellation, says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import get_language
from app.i18n import gettext as _
from app.models.ledger import STATE_REVERSED, Account, JournalEntry
from app.models.users import User
from app.reports.layout import BODY, GREY, Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.thai_text import BOLD, TextStyle, ThaiText
from app.services.fund import FundInfo, fund_info
from app.services.ledger import get_entry
from app.thai import baht_text, format_date


@dataclass(frozen=True)
class VoucherLine:
    code: str
    name: str
    debit_satang: int
    credit_satang: int
    memo: str


@dataclass(frozen=True)
class Voucher:
    fund: FundInfo
    voucher_no: str
    kind: str
    date: dt.date
    description: str
    counterpart: str
    evidence_ref: str
    cancelled_by: str | None   # the voucher that cancelled this one
    cancels: str | None        # the voucher this one cancels
    lines: tuple[VoucherLine, ...]
    created_by: str

    @property
    def total_satang(self) -> int:
        return sum(x.debit_satang for x in self.lines)


def build_voucher(session: Session, voucher_no: str) -> Voucher:
    """The voucher with this number (RV2568/0001; case and spaces do not matter)."""
    wanted = voucher_no.strip().upper()
    entry_id = session.scalar(select(JournalEntry.id).where(
        func.upper(JournalEntry.voucher_no) == wanted))
    if entry_id is None:
        raise InvalidInput("There is no voucher {voucher}.", voucher=voucher_no.strip())
    e = get_entry(session, entry_id)
    english = get_language() == "en"
    names_en = dict(session.execute(select(Account.code, Account.name_en)).all())
    cancelled_by = None
    if e.state == STATE_REVERSED:
        cancelled_by = session.scalar(select(JournalEntry.voucher_no).where(
            JournalEntry.reverses_id == e.id))
    cancels = None
    if e.reverses_id is not None:
        cancels = session.scalar(select(JournalEntry.voucher_no).where(
            JournalEntry.id == e.reverses_id))
    lines = tuple(VoucherLine(x.account_code,
                              names_en.get(x.account_code) if english and names_en.get(
                                  x.account_code) else x.account_name,
                              x.debit_satang, x.credit_satang, x.memo) for x in e.lines)
    # The person's name, as they would sign it, rather than the login name.
    recorded_by = session.scalar(select(User.display_name).where(
        User.username == e.created_by)) or e.created_by
    return Voucher(fund_info(session), e.voucher_no, e.kind, e.date, e.description,
                   e.counterpart, e.evidence_ref, cancelled_by, cancels, lines, recorded_by)


def voucher_title(v: Voucher) -> str:
    return {"receipt": _("Receipt voucher"),
            "payment": _("Payment voucher")}.get(v.kind, _("Journal voucher"))


def _signers(v: Voucher) -> tuple[str, ...]:
    if v.kind == "receipt":
        return _("Payer"), _("Receiver (treasurer)"), _("Approver")
    if v.kind == "payment":
        return _("Receiver"), _("Payer (treasurer)"), _("Approver")
    return _("Preparer"), _("Checker"), _("Approver")


def render_voucher(v: Voucher, options: PrintOptions) -> Doc:
    doc = new_doc(v.fund, f"{voucher_title(v)} {v.voucher_no}", options)
    doc.heading(voucher_title(v), v.fund)
    w = page_width()
    right = TextStyle(size=14, leading=19, align=TA_RIGHT)
    doc.add(ThaiText(doc.t(_("No. {voucher}").format(voucher=v.voucher_no)),
                     TextStyle(font=BOLD, size=15, leading=20, align=TA_RIGHT)))
    doc.add(ThaiText(doc.t(_("Date {date}").format(date=format_date(v.date, "long"))), right))
    if v.cancelled_by or v.cancels:
        text = (_("Cancelled by {voucher}").format(voucher=v.cancelled_by) if v.cancelled_by
                else _("This voucher cancels {voucher}").format(voucher=v.cancels))
        doc.banner(text)
    if v.counterpart:
        label = {"receipt": _("Received from"), "payment": _("Paid to")}.get(
            v.kind, _("Counterpart"))
        doc.text(f"{label}: {v.counterpart}", BODY)
    doc.text(f"{_('Description')}: {v.description}", BODY)
    if v.evidence_ref:
        doc.text(f"{_('Evidence')}: {v.evidence_ref}", BODY)
    doc.space(6)
    rows = [Row((x.code, x.name + (f" ({x.memo})" if x.memo else ""),
                 doc.money(x.debit_satang) if x.debit_satang else "",
                 doc.money(x.credit_satang) if x.credit_satang else "")) for x in v.lines]
    rows.append(Row(("", _("Total"), doc.money(v.total_satang), doc.money(v.total_satang)),
                    bold=True, shade=True, rule=True, double=True))
    doc.add(doc.grid((_("Account code"), _("Account name"), _("Debit"), _("Credit")), rows,
                     (70, w - 70 - 2 * 100, 100, 100), "LLRR"))
    doc.space(8)
    doc.text(_("Amount: {amount} baht ({words})").format(
        amount=doc.money(v.total_satang), words=baht_text(v.total_satang)),
        TextStyle(font=BOLD, size=14, leading=20))
    doc.space(10)
    doc.signatures(_signers(v))
    doc.text(_("Recorded by {user}").format(user=v.created_by),
             TextStyle(size=11, leading=15, align=TA_CENTER, color=GREY, space_before=14))
    return doc
