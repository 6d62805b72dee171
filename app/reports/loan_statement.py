"""A member's loan statement (ใบแจ้งยอดเงินกู้ของสมาชิก) and a loan's repayment schedule
(ตารางผ่อนชำระ), printed on A4 and as tables (CSV/XLSX).

The statement shows each loan of the member open on the date (and any closed in that
month): its terms, every voucher with the loan's lines (paid out; each repayment split
fine / interest / principal; the principal after), and what is owed on the date, both
to be up to date and to pay the loan off. The schedule shows each instalment (due date
in the Buddhist era, principal, interest, total, principal after) and what has been paid
against it, with the rounding rule (app.services.schedule.RULES_TH) printed once.
A loan not yet paid out has its schedule counted from the report's date, and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import PageBreak
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import gettext as _
from app.models.loans import LOAN_REJECTED
from app.money import from_satang
from app.reports.layout import BODY, Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.tables import Column, TableReport
from app.reports.thai_text import BOLD, TextStyle
from app.services import loan_book
from app.services.fund import FundInfo, fund_info
from app.services.loan_book import BookRow
from app.services.loan_history import (
    InstalmentPaid,
    LoanMovement,
    find_loan,
    instalments_paid,
    loan_movements,
    loan_sums,
)
from app.services.loans import LoanRow, get_loan, list_loans, loan_schedule
from app.services.members import MemberRow, find_member, get_member
from app.services.schedule import RULES_TH, build_schedule
from app.thai import baht_text, format_date

SMALL = TextStyle(size=12, leading=16)
INFO = TextStyle(size=13, leading=18)
LOAN_HEAD = TextStyle(font=BOLD, size=14, leading=19, space_before=6, space_after=2)


def method_words(method: str) -> str:
    return {"flat": _("flat interest on the whole principal"),
            "declining": _("interest on the declining balance")}.get(method, method)


def pattern_words(pattern: str, count: int) -> str:
    if pattern == "lump_sum":
        return _("principal and interest in one payment at the end of the term")
    if pattern == "quarterly":
        return _("{count} quarterly instalments").format(count=count)
    return _("{count} monthly instalments").format(count=count)


def terms_line(row: LoanRow, count: int) -> str:
    """เงินกู้ 6,000.00 บาท ดอกเบี้ยร้อยละ 6.00 ต่อปี แบบ… ระยะเวลา 6 เดือน ผ่อน 6 งวดรายเดือน"""
    return _("Amount {amount} baht; interest {rate} % a year, {method}; term {months} months, "
             "{pattern}").format(amount=f"{from_satang(row.amount_satang):,.2f}",
                                 rate=f"{row.rate_percent:.2f}", method=method_words(row.method),
                                 months=row.term_months, pattern=pattern_words(row.pattern, count))


# ------------------------------------------------------------------ the statement

@dataclass(frozen=True)
class StatementLoan:
    loan: LoanRow
    instalments: int
    term_end: dt.date | None
    movements: tuple[LoanMovement, ...]
    book: BookRow | None       # None when the loan was closed by the date


@dataclass(frozen=True)
class MemberStatement:
    member: MemberRow
    loans: tuple[StatementLoan, ...]

    @property
    def page_estimate(self) -> int:
        return 1 + sum(len(x.movements) for x in self.loans) // 30


@dataclass(frozen=True)
class StatementBatch:
    """The statements of one member (member no. given) or of every member with a loan."""

    fund: FundInfo
    start: dt.date
    as_of: dt.date
    statements: tuple[MemberStatement, ...]

    @property
    def page_estimate(self) -> int:
        return max(1, sum(x.page_estimate for x in self.statements))


def _statement(session: Session, member_id: int, rows: list[LoanRow],
               books: dict[int, BookRow], start: dt.date, as_of: dt.date) -> MemberStatement:
    """The member's loans open on `as_of` (in `books`) or closed in [start, as_of]."""
    loans = []
    for row in sorted(rows, key=lambda x: x.loan_no):
        closed_here = row.closed_on is not None and start <= row.closed_on <= as_of \
            and row.disbursed_on is not None
        if row.id not in books and not closed_here:
            continue
        sched = loan_schedule(session, row.id)
        loans.append(StatementLoan(row, len(sched), sched[-1].due if sched else None,
                                   tuple(loan_movements(session, loan_id=row.id, as_of=as_of)),
                                   books.get(row.id)))
    return MemberStatement(get_member(session, member_id, as_of=as_of), tuple(loans))


def build_loan_statements(session: Session, *, start: dt.date, as_of: dt.date,
                          member_no: str | None) -> StatementBatch:
    """The statement of member `member_no`, or of every member with a loan open on
    `as_of` (or closed since `start`) when None.

    The loans and the register are read once for the whole batch (not per member), so
    every borrower's statement of a large fund prints in one pass.
    """
    books = {r.loan_id: r for r in loan_book.loan_register(session, as_of=as_of).rows}
    if member_no:
        ids = [find_member(session, member_no).id]
        rows = list_loans(session, as_of=as_of, member_id=ids[0])
    else:
        rows = list_loans(session, as_of=as_of)
        numbers = {r.member_id: r.member_no for r in rows}
        ids = sorted({r.member_id for r in rows if r.id in books
                      or (r.closed_on is not None and start <= r.closed_on <= as_of
                          and r.disbursed_on is not None)}, key=lambda i: numbers[i])
    by_member: dict[int, list[LoanRow]] = {}
    for r in rows:
        by_member.setdefault(r.member_id, []).append(r)
    return StatementBatch(fund_info(session), start, as_of, tuple(
        _statement(session, i, by_member.get(i, []), books, start, as_of) for i in ids))


def _movement_text(m: LoanMovement, loan_no: str) -> str:
    """The voucher's description without the contract number the section already shows."""
    text = m.description
    for said in (f"สัญญาเลขที่ {loan_no}", f"สัญญา {loan_no}"):
        text = text.replace(said, "")
    text = " ".join(text.split()) or m.description
    return _("[cancelled] {text}").format(text=text) if m.cancelled else text


def _owed_rows(doc: Doc, r: BookRow) -> list[Row]:
    payoff = r.principal_satang + r.interest_accrued_satang + r.fine_satang
    rows = [Row((_("Instalments due and unpaid (principal and interest)"),
                 doc.money(r.overdue_satang, dash_zero=True))),
            Row((_("Late fine ({days} days past due)").format(days=r.days_past_due),
                 doc.money(r.fine_satang, dash_zero=True))),
            Row((_("To pay now to be up to date"), doc.money(r.due_now_satang)), bold=True,
                shade=True, rule=True),
            Row((f"({baht_text(r.due_now_satang)})",), span=True),
            Row((_("Principal outstanding"), doc.money(r.principal_satang))),
            Row((_("Interest accrued to this date, unpaid"),
                 doc.money(r.interest_accrued_satang, dash_zero=True))),
            Row((_("Late fine"), doc.money(r.fine_satang, dash_zero=True))),
            Row((_("To pay the loan off on this date"), doc.money(payoff)), bold=True,
                shade=True, rule=True, double=True)]
    return rows


def _render_statement_loan(doc: Doc, x: StatementLoan, as_of: dt.date) -> None:
    row, w = x.loan, page_width()
    doc.text(_("Loan contract no. {loan} · {type}").format(loan=row.loan_no,
                                                           type=row.type_name), LOAN_HEAD)
    doc.text(terms_line(row, x.instalments), INFO)
    dates = _("Paid out on {date}").format(date=format_date(row.disbursed_on, "long")) \
        if row.disbursed_on else ""
    if x.term_end:
        dates += "; " + _("term ends on {date}").format(date=format_date(x.term_end, "long"))
    if row.guarantors:
        dates += "; " + _("guarantors: {names}").format(names=", ".join(row.guarantors))
    doc.text(dates, INFO)
    doc.space(3)
    rows = [Row((f"{format_date(m.date)}\n{m.voucher_no}", _movement_text(m, row.loan_no),
                 doc.money(m.lent_satang, dash_zero=True, brackets=True),
                 doc.money(m.fine_satang, dash_zero=True, brackets=True),
                 doc.money(m.interest_satang, dash_zero=True, brackets=True),
                 doc.money(m.principal_satang, dash_zero=True, brackets=True),
                 doc.money(m.balance_satang)), muted=m.cancelled or m.cancellation)
            for m in x.movements]
    paid = [sum(getattr(m, f) for m in x.movements) for f in
            ("lent_satang", "fine_satang", "interest_satang", "principal_satang")]
    rows.append(Row(("", _("Total"), *(doc.money(v, brackets=True) for v in paid),
                     doc.money(x.movements[-1].balance_satang if x.movements else 0)),
                    bold=True, shade=True, rule=True, double=True))
    money = (62, 52, 58, 64, 66)
    doc.add(doc.grid((_("Date / voucher no."), _("Description"), _("Paid out"), _("Fine"),
                      _("Interest"), _("Principal repaid"), _("Principal after")), rows,
                     (74, w - 74 - sum(money), *money), "LLRRRRR", size=11))
    doc.space(4)
    if x.book is None:
        doc.text(_("The loan was paid off and closed on {date}.").format(
            date=format_date(x.loan.closed_on, "long")), TextStyle(font=BOLD, size=13,
                                                                  leading=18))
        return
    doc.space(4)
    doc.text(_("Owed on {date}").format(date=format_date(as_of, "long")),
             TextStyle(font=BOLD, size=13, leading=18))
    grid = doc.grid(None, _owed_rows(doc, x.book), (300, 110), "LR", size=12)
    grid.hAlign = "LEFT"
    doc.add(grid)


def render_loan_statements(data: StatementBatch, options: PrintOptions) -> Doc:
    title = _("Member loan statement")
    as_of = _("As of {date}").format(date=format_date(data.as_of, "long"))
    doc = new_doc(data.fund, title, options)
    if not data.statements:
        doc.heading(title, data.fund, as_of)
        doc.text(_("No member has a loan open on this date."), BODY)
        return doc
    for k, st in enumerate(data.statements):
        if k:
            doc.add(PageBreak())
        m = st.member
        doc.heading(title, data.fund, as_of)
        doc.text(_("Member no. {no} {name}").format(no=m.member_no, name=m.name) + "   "
                 + _("House no. {house}, village no. {moo}").format(
                     house=m.house_no or "-", moo=m.moo or data.fund.village_no),
                 TextStyle(font=BOLD, size=14, leading=19))
        if not st.loans:
            doc.text(_("No loan open on this date."), BODY)
        for x in st.loans:
            _render_statement_loan(doc, x, data.as_of)
        doc.space(6)
        doc.text(_("Please check these figures; tell the fund's committee within 15 days if "
                   "anything is wrong."), SMALL)
        doc.signatures((_("Preparer / treasurer"), _("Member")), columns=2)
    return doc


def loan_statement_table(data: StatementBatch) -> TableReport:
    rows = tuple((st.member.member_no, st.member.name, x.loan.loan_no, m.date.isoformat(),
                  m.voucher_no, m.description, m.lent_satang, m.fine_satang, m.interest_satang,
                  m.principal_satang, m.balance_satang, _("cancelled") if m.cancelled else "")
                 for st in data.statements for x in st.loans for m in x.movements)
    return TableReport(
        title=_("Member loan statement"),
        subtitle=_("As of {date}").format(date=format_date(data.as_of, "long")),
        columns=(Column(_("Member no.")), Column(_("Name")), Column(_("Loan no.")),
                 Column(_("Date")), Column(_("Voucher no.")), Column(_("Description")),
                 Column(_("Paid out"), "money"), Column(_("Fine"), "money"),
                 Column(_("Interest"), "money"), Column(_("Principal"), "money"),
                 Column(_("Principal after"), "money"), Column(_("Note"))),
        rows=rows)


# ------------------------------------------------------------------ the schedule

@dataclass(frozen=True)
class SchedulePrint:
    loan: LoanRow
    start: dt.date             # the day the schedule counts from (the pay-out)
    paid_out: bool             # False: counted from the report's date, not yet paid out
    rows: tuple[InstalmentPaid, ...]
    principal_satang: int      # outstanding on the date


@dataclass(frozen=True)
class ScheduleBatch:
    fund: FundInfo
    as_of: dt.date
    schedules: tuple[SchedulePrint, ...]

    @property
    def page_estimate(self) -> int:
        return max(1, sum(1 + len(x.rows) // 36 for x in self.schedules))


def printable_loan(session: Session, loan_no: str, *, as_of: dt.date) -> LoanRow:
    """The loan numbered `loan_no`, refused when it has no contract to print (rejected)."""
    row = get_loan(session, find_loan(session, loan_no), as_of=as_of)
    if row.status == LOAN_REJECTED:
        raise InvalidInput("Loan {loan} was not approved: it has no contract or schedule.",
                           loan=row.loan_no)
    if row.disbursed_on is not None and row.disbursed_on > as_of:
        raise InvalidInput("Loan {loan} was paid out on {date}, after the date asked for.",
                           loan=row.loan_no, date=format_date(row.disbursed_on, "long"))
    return row


def open_loans(session: Session, *, as_of: dt.date) -> list[LoanRow]:
    """Loans open on `as_of` (paid out, not closed), in loan-number order (one pass)."""
    rows = {r.id: r for r in list_loans(session, as_of=as_of)}
    return [rows[r.loan_id] for r in loan_book.loan_register(session, as_of=as_of).rows]


def schedule_print(session: Session, row: LoanRow, as_of: dt.date) -> SchedulePrint:
    start = row.disbursed_on or as_of
    sched = build_schedule(principal=from_satang(row.amount_satang),
                           rate_percent=row.rate_percent, term_months=row.term_months,
                           method=row.method, pattern=row.pattern, start=start)
    sums = loan_sums(session, row.id, as_of)
    return SchedulePrint(row, start, row.disbursed_on is not None,
                         tuple(instalments_paid(sched, amount_satang=row.amount_satang,
                                                sums=sums, as_of=as_of)),
                         sums.principal_satang)


def build_loan_schedules(session: Session, *, as_of: dt.date,
                         loan_no: str | None) -> ScheduleBatch:
    """The schedule of loan `loan_no`, or of every loan open on `as_of` when None."""
    if loan_no:
        rows = [printable_loan(session, loan_no, as_of=as_of)]
    else:
        rows = open_loans(session, as_of=as_of)
    return ScheduleBatch(fund_info(session), as_of,
                         tuple(schedule_print(session, r, as_of) for r in rows))


def _state(x: InstalmentPaid) -> str:
    return {"paid": _("Paid in full"), "late": _("Past due"), "part": _("Partly paid"),
            "closed": _("Not charged (paid off early)")}.get(x.state, "")


def _render_schedule(doc: Doc, data: ScheduleBatch, s: SchedulePrint) -> None:
    row, w = s.loan, page_width()
    title = _("Repayment schedule")
    doc.heading(title, data.fund, _("Loan contract no. {loan}").format(loan=row.loan_no),
                _("As of {date}").format(date=format_date(data.as_of, "long")))
    doc.text(_("Borrower: {name} (member no. {no})").format(name=row.borrower, no=row.member_no)
             + "   " + _("Loan type: {type}").format(type=row.type_name), INFO)
    doc.text(terms_line(row, len(s.rows)), INFO)
    if s.paid_out:
        doc.text(_("Paid out on {date}").format(date=format_date(s.start, "long")), INFO)
    else:
        doc.text(_("Not yet paid out: the dates are counted as if paid out on {date}.").format(
            date=format_date(s.start, "long")), TextStyle(font=BOLD, size=13, leading=18))
    doc.space(4)
    rows = [Row((str(x.no), format_date(x.due), doc.money(x.principal_satang),
                 doc.money(x.interest_satang), doc.money(x.total_satang),
                 doc.money(x.balance_after_satang), doc.money(x.paid_satang, dash_zero=True),
                 _state(x)), strong=(7,) if x.state == "late" else ())
            for x in s.rows]
    principal = sum(x.principal_satang for x in s.rows)
    interest = sum(x.interest_satang for x in s.rows)
    rows.append(Row(("", _("Total"), doc.money(principal), doc.money(interest),
                     doc.money(principal + interest), "",
                     doc.money(sum(x.paid_satang for x in s.rows)), ""),
                    bold=True, shade=True, rule=True, double=True))
    doc.add(doc.grid((_("Instalment"), _("Due date"), _("Principal"), _("Interest"), _("Total"),
                      _("Principal after"), _("Paid so far"), _("Status")), rows,
                     (38, 80, 60, 52, 60, 58, 58, w - 38 - 80 - 60 - 52 - 60 - 58 - 58),
                     "CLRRRRRL", size=11.5))
    doc.space(4)
    if s.paid_out:
        doc.text(_("Principal outstanding on {date}: {amount} baht").format(
            date=format_date(data.as_of, "long"),
            amount=doc.money(s.principal_satang)), TextStyle(font=BOLD, size=13, leading=18))
    doc.text(_("How the schedule is counted: {rules}").format(rules=RULES_TH), SMALL)
    doc.signatures((_("Borrower"), _("Preparer / treasurer")), columns=2)


def render_loan_schedules(data: ScheduleBatch, options: PrintOptions) -> Doc:
    title = _("Repayment schedule")
    doc = new_doc(data.fund, title, options)
    if not data.schedules:
        doc.heading(title, data.fund, _("As of {date}").format(
            date=format_date(data.as_of, "long")))
        doc.text(_("No loan is open on this date."), BODY)
        return doc
    for k, s in enumerate(data.schedules):
        if k:
            doc.add(PageBreak())
        _render_schedule(doc, data, s)
    return doc


def loan_schedule_table(data: ScheduleBatch) -> TableReport:
    rows = tuple((s.loan.loan_no, s.loan.borrower, x.no, x.due.isoformat(), x.principal_satang,
                  x.interest_satang, x.total_satang, x.balance_after_satang, x.paid_satang,
                  _state(x)) for s in data.schedules for x in s.rows)
    return TableReport(
        title=_("Repayment schedule"),
        subtitle=_("As of {date}").format(date=format_date(data.as_of, "long")),
        columns=(Column(_("Loan no.")), Column(_("Borrower")), Column(_("Instalment")),
                 Column(_("Due date")), Column(_("Principal"), "money"),
                 Column(_("Interest"), "money"), Column(_("Total"), "money"),
                 Column(_("Principal after"), "money"), Column(_("Paid so far"), "money"),
                 Column(_("Status"))),
        rows=rows, notes=(RULES_TH,))

