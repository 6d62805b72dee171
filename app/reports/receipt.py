"""The receipt (ใบเสร็จรับเงิน) for money received: the original for the payer and a copy
for the fund, on the two halves of one A4 sheet (cut along the dotted line).

Each half: fund, receipt number (the voucher number) and date, who paid, what for, the
amount in figures and in Thai words, and the receiver's signature. Only a receipt
voucher (RV) has one; a cancelled receipt is printed with its cancellation shown.

A loan repayment reads as the borrower thinks of it: one row each for the fine, the
interest and the principal of the contract, and under the table the principal still
owed on that contract after this receipt (from the ledger, as of the receipt's date).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import gettext as _
from app.models.ledger import JournalEntry, JournalLine
from app.models.loans import Loan
from app.reports.layout import BODY, Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.thai_text import BOLD, TextStyle, ThaiText
from app.reports.voucher import Voucher, VoucherLine, build_voucher
from app.services.arrears import FINE_INCOME, INTEREST_INCOME, LedgerSums, ledger_sums
from app.thai import baht_text, format_date

SMALL = TextStyle(size=13, leading=17)
TITLE = TextStyle(font=BOLD, size=17, leading=22, align=TA_CENTER)


@dataclass(frozen=True)
class Receipt:
    """A receipt voucher, with the loan contracts its lines pay (if any)."""

    voucher: Voucher
    line_loans: tuple[str, ...]              # per voucher line: the loan no. or ""
    loan_balances: tuple[tuple[str, int], ...]  # (loan no., principal owed after) satang


def build_receipt(session: Session, voucher_no: str) -> Receipt:
    """The receipt voucher with this number (InvalidInput for a payment or other kind)."""
    v = build_voucher(session, voucher_no)
    if v.kind != "receipt":
        raise InvalidInput("{voucher} is not a receipt: only money received has a receipt.",
                           voucher=v.voucher_no)
    entry_id = session.scalar(select(JournalEntry.id).where(
        JournalEntry.voucher_no == v.voucher_no))
    loan_ids = list(session.scalars(select(JournalLine.loan_id).where(
        JournalLine.entry_id == entry_id).order_by(JournalLine.id)))
    numbers = dict(session.execute(select(Loan.id, Loan.loan_no).where(
        Loan.id.in_([x for x in loan_ids if x is not None]))).all())
    line_loans = tuple(numbers.get(x, "") if x is not None else "" for x in loan_ids)
    if len(line_loans) != len(v.lines):  # lines not in posting order: show them plainly
        line_loans = ("",) * len(v.lines)
    sums = ledger_sums(session, loan_ids=list(numbers), as_of=v.date) if numbers else {}
    balances = tuple((numbers[i], sums.get(i, LedgerSums()).principal_satang)
                     for i in sorted(numbers, key=numbers.get))
    return Receipt(v, line_loans, balances)


def _row_text(v: Voucher, line: VoucherLine, loan_no: str) -> str:
    if not loan_no:
        return v.description + (f" ({line.name})" if line.name not in v.description else "")
    part = {FINE_INCOME: _("Late fine"), INTEREST_INCOME: _("Interest")}.get(
        line.code, _("Principal"))
    return _("{part}, loan contract {loan}").format(part=part, loan=loan_no)


def _half(doc: Doc, r: Receipt, copy: str) -> None:
    v = r.voucher
    w = page_width()
    doc.text(copy, TextStyle(size=11, leading=14, align=TA_RIGHT))
    doc.text(_("Receipt form"), TITLE)
    doc.text(v.fund.name, TextStyle(font=BOLD, size=13, leading=17, align=TA_CENTER))
    doc.text(_("No. {voucher}").format(voucher=v.voucher_no) + "    "
             + _("Date {date}").format(date=format_date(v.date, "long")),
             TextStyle(size=13, leading=18, align=TA_RIGHT))
    if v.cancelled_by:
        doc.banner(_("Cancelled by {voucher}").format(voucher=v.cancelled_by))
    doc.text(f"{_('Received from')}: {v.counterpart or '-'}", BODY)
    money = [x for x in v.lines if x.debit_satang]
    income = [x for x in v.lines if x.credit_satang]
    rows = [Row((_row_text(v, x, r.line_loans[v.lines.index(x)]), doc.money(x.credit_satang)))
            for x in income]
    rows.append(Row((_("Total"), doc.money(v.total_satang)), bold=True, shade=True,
                    double=True))
    doc.add(doc.grid((_("Description"), _("Amount (baht)")), rows, (w - 120, 120), "LR",
                     size=12.5))
    doc.space(4)
    doc.text(f"({baht_text(v.total_satang)})", TextStyle(font=BOLD, size=14, leading=19,
                                                         align=TA_CENTER))
    for loan_no, left in r.loan_balances:
        doc.text(_("Principal still owed on loan {loan} after this receipt: {amount} baht")
                 .format(loan=loan_no, amount=doc.money(left)) if left else
                 _("Loan {loan} is paid off.").format(loan=loan_no), SMALL)
    paid = ", ".join(x.name for x in money)
    if v.evidence_ref or paid:
        doc.text("  ".join(p for p in (f"{_('Paid into')}: {paid}" if paid else "",
                                       f"{_('Evidence')}: {v.evidence_ref}"
                                       if v.evidence_ref else "") if p), SMALL)
    doc.signatures((_("Receiver (treasurer)"),), columns=2)


def render_receipt(r: Receipt, options: PrintOptions) -> Doc:
    v = r.voucher
    doc = new_doc(v.fund, f"{_('Receipt form')} {v.voucher_no}", options)
    _half(doc, r, _("Original (for the payer)"))
    doc.space(14)
    cut = Table([[ThaiText(doc.t(_("cut here")), TextStyle(size=10, leading=12,
                                                           align=TA_CENTER))]],
                colWidths=[page_width()])
    cut.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.6, (0.5, 0.5, 0.5), None,
                              (3, 3))]))
    doc.add(cut)
    doc.space(10)
    _half(doc, r, _("Copy (for the fund)"))
    return doc
