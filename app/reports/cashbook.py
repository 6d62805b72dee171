"""The cash book print (สมุดเงินสด): one book per cash or bank account, for a month or a
range of months, with voucher numbers and the running balance; A4 landscape.

Each book opens with the balance brought forward and ends with the totals and the
balance carried forward. Cancelled entries stay, greyed and marked; their cancellations
(ยกเลิก ...) appear on their own dates, as in a paper book.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import CondPageBreak
from sqlalchemy.orm import Session

from app.i18n import get_language
from app.i18n import gettext as _
from app.reports.layout import Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.tables import Column, TableReport
from app.services.cashbook import AccountBook, CashBook, CashBookRow, cash_book
from app.services.fund import FundInfo, fund_info
from app.thai import format_date, format_month

ROWS_PER_PAGE = 24


@dataclass(frozen=True)
class CashBookReport:
    fund: FundInfo
    book: CashBook

    @property
    def page_estimate(self) -> int:
        return 1 + self.book.row_count // ROWS_PER_PAGE


def build_cash_book(session: Session, *, start: dt.date, end: dt.date,
                    account_code: str | None = None) -> CashBookReport:
    return CashBookReport(fund_info(session), cash_book(session, start=start, end=end,
                                                        account_code=account_code))


def _period(book: CashBook) -> str:
    s, e = book.start, book.end
    if (s.year, s.month) == (e.year, e.month) and s.day == 1:
        return _("Month of {month}").format(month=format_month(e.year, e.month))
    return _("From {start} to {end}").format(start=format_date(s, "long"),
                                           end=format_date(e, "long"))


def _account_name(a: AccountBook) -> str:
    return a.name_en if get_language() == "en" and a.name_en else a.name_th


def _description(r: CashBookRow) -> str:
    """The description, then who paid or was paid unless the description names them
    already; cancelled entries say so first."""
    text = r.description
    who = r.counterpart.split()
    if who and who[0] not in text:
        text = f"{text} — {r.counterpart}"
    if r.cancelled:
        text = _("[cancelled] {text}").format(text=text)
    return text


def cash_book_title() -> str:
    return _("Cash book")


def render_cash_book(data: CashBookReport, options: PrintOptions) -> Doc:
    """Each money account's book as a long table whose header repeats on every page.

    The date column shows the day; a shaded row names each month, as paper books do.
    """
    book = data.book
    doc = new_doc(data.fund, cash_book_title(), options, landscape_page=True)
    doc.heading(cash_book_title(), data.fund, _period(book))
    w = page_width(landscape_page=True)
    widths = (38, 84, w - 38 - 84 - 3 * 88, 88, 88, 88)
    header = (_("Date"), _("Voucher no."), _("Description"), _("Received"), _("Paid"),
              _("Balance"))
    shown = [a for a in book.accounts if a.rows or a.opening_satang]
    for i, a in enumerate(shown):
        if i:
            doc.space(10)
        doc.add(CondPageBreak(120))
        doc.section(f"{a.code} {_account_name(a)}")
        month = (book.start.year, book.start.month)
        rows = [Row((format_month(*month),), span=True, shade=True),
                Row((str(book.start.day), "", _("Brought forward"), "", "",
                     doc.money(a.opening_satang)), bold=True)]
        for r in a.rows:
            if (r.date.year, r.date.month) != month:
                month = (r.date.year, r.date.month)
                rows.append(Row((format_month(*month),), span=True, shade=True))
            rows.append(Row((str(r.date.day), r.voucher_no, _description(r),
                             doc.money(r.in_satang) if r.in_satang else "",
                             doc.money(r.out_satang) if r.out_satang else "",
                             doc.money(r.balance_satang)), muted=r.cancelled))
        if not a.rows:
            rows.append(Row(("", "", _("No entries"), "", "", "")))
        rows.append(Row(("", "", _("Total"), doc.money(a.total_in_satang),
                         doc.money(a.total_out_satang), ""), bold=True, rule=True))
        rows.append(Row((str(book.end.day), "", _("Carried forward"), "", "",
                         doc.money(a.closing_satang)), bold=True, shade=True, double=True))
        doc.add(doc.grid(header, rows, widths, "CLLRRR", size=11.5))
    if not shown:
        doc.text(_("No entries"))
    return doc


def cash_book_table(data: CashBookReport) -> TableReport:
    """The book as rows for CSV/XLSX: ISO dates, amounts in satang columns."""
    book = data.book
    rows: list[tuple[object, ...]] = []
    for a in book.accounts:
        rows.append((a.code, book.start.isoformat(), "", _("Brought forward"), "", None, None,
                     a.opening_satang, ""))
        for r in a.rows:
            rows.append((a.code, r.date.isoformat(), r.voucher_no, r.description, r.counterpart,
                         r.in_satang, r.out_satang, r.balance_satang,
                         _("cancelled") if r.cancelled else ""))
        rows.append((a.code, book.end.isoformat(), "", _("Carried forward"), "",
                     a.total_in_satang, a.total_out_satang, a.closing_satang, ""))
    return TableReport(
        title=cash_book_title(), subtitle=_period(book),
        columns=(Column(_("Account code")), Column(_("Date")), Column(_("Voucher no.")),
                 Column(_("Description")), Column(_("Counterpart")),
                 Column(_("Received"), "money"), Column(_("Paid"), "money"),
                 Column(_("Balance"), "money"), Column(_("Note"))),
        rows=tuple(rows))
