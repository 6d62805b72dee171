"""The loan register (ทะเบียนคุมลูกหนี้เงินกู้) and the arrears report (รายงานลูกหนี้ค้างชำระ)
on a date, printed (A4 landscape) and as tables (CSV/XLSX).

Both come from app.services.loan_book, which reads every figure from the ledger. The
register ends with its proof: the principal outstanding of each loan-receivable account
(13010–13030) by the register beside the same account's balance in the general ledger
(app.services.balances) on that date, and a line that says whether they agree. The
arrears report lists the late loans riskiest first, then the ageing of the whole book
and PAR 1 / PAR 30 with the definition printed under them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.i18n import gettext as _
from app.money import format_amount, from_satang
from app.reports.layout import BODY, Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.tables import Column, TableReport
from app.reports.thai_text import BOLD, TextStyle, ThaiText
from app.services import loan_book
from app.services.balances import account_balances
from app.services.fund import FundInfo, fund_info
from app.services.loan_book import BookRow, LoanBook
from app.services.loan_rules import LOAN_ACCOUNTS
from app.thai import format_date

SMALL = TextStyle(size=12, leading=16)
PROOF = TextStyle(font=BOLD, size=13, leading=18)


def letter_word(kind: str) -> str:
    """A follow-up step in a narrow column: หนังสือ 1 … ประกาศ."""
    return {"letter1": _("Letter 1"), "letter2": _("Letter 2"), "letter3": _("Letter 3"),
            "notice": _("Defaulters' notice")}.get(kind, "")


@dataclass(frozen=True)
class LedgerProof:
    """One loan account: the register's principal beside the ledger's balance (satang)."""

    code: str
    name: str
    register_satang: int
    ledger_satang: int

    @property
    def difference_satang(self) -> int:
        return self.register_satang - self.ledger_satang


@dataclass(frozen=True)
class RegisterReport:
    fund: FundInfo
    book: LoanBook
    proof: tuple[LedgerProof, ...]

    @property
    def ledger_satang(self) -> int:
        return sum(p.ledger_satang for p in self.proof)

    @property
    def agrees(self) -> bool:
        return all(p.difference_satang == 0 for p in self.proof)

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.book.rows) // 22


def _proof(session: Session, book: LoanBook) -> tuple[LedgerProof, ...]:
    balances = {b.code: b for b in account_balances(session, as_of=book.as_of,
                                                    include_empty=True)}
    out = []
    for code in LOAN_ACCOUNTS:
        b = balances.get(code)
        ours = sum(r.principal_satang for r in book.rows if r.account_code == code)
        ledger = b.net_satang if b else 0
        if b is not None and (ours or ledger or code == LOAN_ACCOUNTS[0]):
            out.append(LedgerProof(code, b.name_th, ours, ledger))
    return tuple(out)


def build_loan_register(session: Session, *, as_of: dt.date) -> RegisterReport:
    book = loan_book.loan_register(session, as_of=as_of)
    return RegisterReport(fund_info(session), book, _proof(session, book))


def _rate(row: BookRow) -> str:
    return f"{loan_book.rate_percent(row):.2f}"


def _as_of(day: dt.date) -> str:
    return _("As of {date}").format(date=format_date(day, "long"))


def proof_text(data: RegisterReport) -> str:
    """The register's last line: does its principal equal the ledger's 13010–13030?"""
    day = format_date(data.book.as_of, "long")
    ours, ledger = format_amount(data.book.principal_satang), format_amount(data.ledger_satang)
    if data.agrees:
        return _("The principal outstanding in this register, {amount} baht, equals the "
                 "balance of the loan accounts 13010–13030 in the general ledger on {date} "
                 "({ledger} baht).").format(amount=ours, date=day, ledger=ledger)
    return _("The principal outstanding in this register, {amount} baht, does NOT equal the "
             "balance of the loan accounts 13010–13030 in the general ledger on {date} "
             "({ledger} baht). Lines on these accounts without their loan, or loans missing "
             "from the register, make the difference: run the integrity check.").format(
        amount=ours, date=day, ledger=ledger)


# ------------------------------------------------------------------ the register

def register_table(data: RegisterReport) -> TableReport:
    """The register for CSV/XLSX: ISO dates, amounts in baht, one row per loan."""
    b = data.book
    rows = tuple((r.loan_no, r.member_no, r.borrower, r.house_no, r.type_name, r.account_code,
                  r.disbursed_on.isoformat(), r.amount_satang, loan_book.rate_percent(r),
                  r.term_end.isoformat(), r.principal_satang, r.interest_accrued_satang,
                  r.overdue_satang, r.fine_satang, r.days_past_due, ", ".join(r.guarantors))
                 for r in b.rows)
    return TableReport(
        title=_("Loan register"), subtitle=_as_of(b.as_of),
        columns=(Column(_("Loan no.")), Column(_("Member no.")), Column(_("Borrower")),
                 Column(_("House no.")), Column(_("Loan type")), Column(_("Account code")),
                 Column(_("Paid out on")), Column(_("Amount lent (baht)"), "money"),
                 Column(_("Interest (% a year)")), Column(_("Term ends")),
                 Column(_("Principal outstanding (baht)"), "money"),
                 Column(_("Interest accrued unpaid (baht)"), "money"),
                 Column(_("Overdue instalments (baht)"), "money"),
                 Column(_("Fine (baht)"), "money"), Column(_("Days past due")),
                 Column(_("Guarantors"))),
        rows=rows,
        totals=("", "", _("Total"), "", "", "", "", sum(r.amount_satang for r in b.rows), "",
                "", b.principal_satang, b.accrued_satang, b.overdue_satang, b.fine_satang, "",
                ""),
        notes=(proof_text(data),))


def render_loan_register(data: RegisterReport, options: PrintOptions) -> Doc:
    b, title = data.book, _("Loan register")
    doc = new_doc(data.fund, title, options, landscape_page=True)
    doc.heading(title, data.fund, _as_of(b.as_of))
    rows = [Row((str(i), r.loan_no, r.borrower, r.house_no, r.type_name,
                 f"{format_date(r.disbursed_on)}\n{format_date(r.term_end)}",
                 doc.money(r.amount_satang), _rate(r), doc.money(r.principal_satang),
                 doc.money(r.interest_accrued_satang, dash_zero=True),
                 str(r.days_past_due) if r.days_past_due else "-",
                 "\n".join(r.guarantors) or "-"))
            for i, r in enumerate(b.rows, 1)]
    rows.append(Row(("", "", _("Total {count} loans").format(count=len(b.rows)), "", "", "",
                     doc.money(sum(r.amount_satang for r in b.rows)), "",
                     doc.money(b.principal_satang), doc.money(b.accrued_satang), "", ""),
                    bold=True, shade=True, rule=True, double=True))
    widths = [20, 64, 0, 50, 68, 72, 64, 44, 66, 60, 44, 102]
    widths[2] = page_width(True) - sum(widths)
    doc.add(doc.grid((_("No."), _("Loan no."), _("Borrower"), _("House no."), _("Loan type"),
                      _("Paid out on / term ends"), _("Amount lent"), _("Rate (%)"),
                      _("Principal outstanding"), _("Interest accrued unpaid"),
                      _("Days past due"), _("Guarantors")),
                     rows, widths, "RLLLLLRRRRRL", size=11))
    doc.space(10)
    part = Doc(doc.options, doc.frame)
    _render_proof(part, data)
    doc.add(KeepTogether(part.flowables))
    return doc


def _signed(doc: Doc, text: str, style: TextStyle) -> None:
    """The report's last lines, then the signatures, kept on one page: the signatures
    never stand alone on the last page."""
    part = Doc(doc.options, doc.frame)
    part.text(text, style)
    part.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
    doc.add(KeepTogether(part.flowables))


def _render_proof(doc: Doc, data: RegisterReport) -> None:
    doc.section(_("Agreement with the general ledger"))
    rows = [Row((p.code, p.name, doc.money(p.register_satang), doc.money(p.ledger_satang),
                 doc.money(p.difference_satang, dash_zero=True)),
                strong=(4,) if p.difference_satang else ()) for p in data.proof]
    rows.append(Row(("", _("Total"), doc.money(data.book.principal_satang),
                     doc.money(data.ledger_satang),
                     doc.money(data.book.principal_satang - data.ledger_satang,
                               dash_zero=True)), bold=True, shade=True, rule=True))
    doc.add(doc.grid((_("Account code"), _("Account name"), _("By the register"),
                      _("By the general ledger"), _("Difference")), rows,
                     (64, 200, 124, 124, 90), "LLRRR", size=12))
    doc.space(4)
    style = PROOF if data.agrees else TextStyle(font=BOLD, size=13, leading=18,
                                                color=(0.7, 0.05, 0.05))
    _signed(doc, proof_text(data), style)


# ------------------------------------------------------------------ arrears

@dataclass(frozen=True)
class ArrearsReport:
    fund: FundInfo
    book: LoanBook             # the late loans, riskiest first; ageing over the whole book
    open_loans: int            # loans open on the date (late or not)

    @property
    def page_estimate(self) -> int:
        return 2 + len(self.book.rows) // 24


def build_arrears(session: Session, *, as_of: dt.date) -> ArrearsReport:
    late = loan_book.arrears(session, as_of=as_of)
    every = loan_book.loan_register(session, as_of=as_of)
    return ArrearsReport(fund_info(session), late, len(every.rows))


def _letter(r: BookRow) -> str:
    if not r.last_letter or r.last_letter_on is None:
        return "-"
    return f"{letter_word(r.last_letter)}\n{format_date(r.last_letter_on)}"


def _share(satang: int, total: int) -> Decimal:
    return (from_satang(satang) * 100 / from_satang(total)).quantize(Decimal("0.01")) \
        if total else Decimal(0)


def ageing_rows(data: ArrearsReport) -> list[tuple[str, int, int, Decimal]]:
    """(bucket, loans, principal satang, % of all principal): current first, then late."""
    a = data.book.ageing
    late_count = sum(n for _label, n, _p in a.buckets)
    out = [(_("Not past due"), data.open_loans - late_count, a.current_satang,
            _share(a.current_satang, a.total_satang))]
    out += [(_("{days} days").format(days=label), n, p, _share(p, a.total_satang))
            for label, n, p in a.buckets]
    return out


def par_lines(data: ArrearsReport) -> tuple[str, str, str]:
    """PAR 1 and PAR 30, then their definition."""
    a = data.book.ageing
    return (_("PAR 1 (1 day or more past due): {par} %").format(par=f"{a.par1:.2f}"),
            _("PAR 30 (more than 30 days past due): {par} %").format(par=f"{a.par30:.2f}"),
            data.book.par_definition + " " + _("(PAR 1 likewise, with the loans 1 day or more "
                                               "past due.)"))


def arrears_table(data: ArrearsReport) -> TableReport:
    b = data.book
    rows = tuple((r.loan_no, r.member_no, r.borrower, r.house_no, r.days_past_due, r.bucket,
                  r.overdue_satang, r.fine_satang, r.due_now_satang, r.principal_satang,
                  letter_word(r.last_letter),
                  r.last_letter_on.isoformat() if r.last_letter_on else "")
                 for r in b.rows)
    ageing = tuple(f"{label}: {n} · {format_amount(p)} ({pct} %)"
                   for label, n, p, pct in ageing_rows(data))
    return TableReport(
        title=_("Loans in arrears"), subtitle=_as_of(b.as_of),
        columns=(Column(_("Loan no.")), Column(_("Member no.")), Column(_("Borrower")),
                 Column(_("House no.")), Column(_("Days past due")), Column(_("Ageing bucket")),
                 Column(_("Overdue instalments (baht)"), "money"),
                 Column(_("Fine (baht)"), "money"), Column(_("Due now (baht)"), "money"),
                 Column(_("Principal outstanding (baht)"), "money"),
                 Column(_("Last letter")), Column(_("Letter date"))),
        rows=rows,
        totals=("", "", _("Total"), "", "", "", b.overdue_satang, b.fine_satang,
                b.overdue_satang + b.fine_satang, b.principal_satang, "", ""),
        notes=(*ageing, *par_lines(data)))


def render_arrears(data: ArrearsReport, options: PrintOptions) -> Doc:
    b, title = data.book, _("Loans in arrears")
    doc = new_doc(data.fund, title, options, landscape_page=True)
    doc.heading(title, data.fund, _as_of(b.as_of))
    doc.text(_("{late} of {count} open loans are past due; riskiest first (most days past "
               "due, then the largest principal).").format(late=len(b.rows),
                                                           count=data.open_loans), SMALL)
    doc.space(4)
    if b.rows:
        rows = [Row((str(i), r.loan_no, r.borrower, r.house_no, str(r.days_past_due), r.bucket,
                     doc.money(r.overdue_satang), doc.money(r.fine_satang, dash_zero=True),
                     doc.money(r.due_now_satang), doc.money(r.principal_satang), _letter(r)),
                    strong=(4,) if r.days_past_due > 90 else ())
                for i, r in enumerate(b.rows, 1)]
        rows.append(Row(("", "", _("Total"), "", "", "", doc.money(b.overdue_satang),
                         doc.money(b.fine_satang), doc.money(b.overdue_satang + b.fine_satang),
                         doc.money(b.principal_satang), ""),
                        bold=True, shade=True, rule=True, double=True))
        widths = [22, 64, 0, 50, 56, 52, 74, 60, 74, 74, 88]
        widths[2] = page_width(True) - sum(widths)
        doc.add(doc.grid((_("No."), _("Loan no."), _("Borrower"), _("House no."),
                          _("Days past due"), _("Ageing bucket"), _("Overdue instalments"),
                          _("Fine"), _("Due now"), _("Principal outstanding"),
                          _("Last letter")), rows, widths, "RLLLRCRRRRL", size=11.5))
    else:
        doc.text(_("No loan is past due on this date."), BODY)
    doc.space(10)
    part = Doc(doc.options, doc.frame)
    _render_ageing(part, data)
    doc.add(KeepTogether(part.flowables))
    return doc


def _render_ageing(doc: Doc, data: ArrearsReport) -> None:
    """The ageing table on the left, PAR 1 / PAR 30 and their definition on the right."""
    a = data.book.ageing
    doc.section(_("Ageing of the principal outstanding"))
    rows = [Row((label, str(n), doc.money(p), f"{pct:.2f}")) for label, n, p, pct
            in ageing_rows(data)]
    rows.append(Row((_("Total"), str(data.open_loans), doc.money(a.total_satang),
                     "100.00" if a.total_satang else "0.00"),
                    bold=True, shade=True, rule=True, double=True))
    grid = doc.grid((_("Days past due"), _("Number of loans"), _("Principal outstanding (baht)"),
                     _("Share of the principal (%)")), rows, (110, 70, 120, 120), "LRRR", size=11.5)
    par1, par30, definition = par_lines(data)
    side = [ThaiText(doc.t(par1), PROOF), ThaiText(doc.t(par30), PROOF), Spacer(1, 4),
            ThaiText(doc.t(definition), SMALL)]
    w = page_width(True)
    table = Table([[grid, side]], colWidths=[430, w - 430])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("LEFTPADDING", (1, 0), (1, 0), 14)]))
    doc.add(table)
    doc.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
