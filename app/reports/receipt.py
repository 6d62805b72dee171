"""The receipt (ใบเสร็จรับเงิน) for money received: the original for the payer and a copy
for the fund, on the two halves of one A4 sheet (cut along the dotted line).

Each half: fund, receipt number (the voucher number) and date, who paid, what for, the
amount in figures and in Thai words, and the receiver's signature. Only a receipt
voucher (RV) has one; a cancelled receipt is printed with its cancellation shown.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Table, TableStyle
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import gettext as _
from app.reports.layout import BODY, Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.thai_text import BOLD, TextStyle, ThaiText
from app.reports.voucher import Voucher, build_voucher
from app.thai import baht_text, format_date

SMALL = TextStyle(size=13, leading=17)
TITLE = TextStyle(font=BOLD, size=17, leading=22, align=TA_CENTER)


def build_receipt(session: Session, voucher_no: str) -> Voucher:
    """The receipt voucher with this number (InvalidInput for a payment or other kind)."""
    v = build_voucher(session, voucher_no)
    if v.kind != "receipt":
        raise InvalidInput("{voucher} is not a receipt: only money received has a receipt.",
                           voucher=v.voucher_no)
    return v


def _half(doc: Doc, v: Voucher, copy: str) -> None:
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
    rows = [Row((v.description + (f" ({x.name})" if x.name not in v.description else ""),
                 doc.money(x.credit_satang))) for x in income]
    rows.append(Row((_("Total"), doc.money(v.total_satang)), bold=True, shade=True,
                    double=True))
    doc.add(doc.grid((_("Description"), _("Amount (baht)")), rows, (w - 120, 120), "LR",
                     size=12.5))
    doc.space(4)
    doc.text(f"({baht_text(v.total_satang)})", TextStyle(font=BOLD, size=14, leading=19,
                                                         align=TA_CENTER))
    paid = ", ".join(x.name for x in money)
    if v.evidence_ref or paid:
        doc.text("  ".join(p for p in (f"{_('Paid into')}: {paid}" if paid else "",
                                       f"{_('Evidence')}: {v.evidence_ref}"
                                       if v.evidence_ref else "") if p), SMALL)
    doc.signatures((_("Receiver (treasurer)"),), columns=2)


def render_receipt(v: Voucher, options: PrintOptions) -> Doc:
    doc = new_doc(v.fund, f"{_('Receipt form')} {v.voucher_no}", options)
    _half(doc, v, _("Original (for the payer)"))
    doc.space(14)
    cut = Table([[ThaiText(doc.t(_("cut here")), TextStyle(size=10, leading=12,
                                                           align=TA_CENTER))]],
                colWidths=[page_width()])
    cut.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.6, (0.5, 0.5, 0.5), None,
                              (3, 3))]))
    doc.add(cut)
    doc.space(10)
    _half(doc, v, _("Copy (for the fund)"))
    return doc
