"""The pre-filled Thai loan forms: the loan contract (สัญญากู้ยืมเงินกองทุนหมู่บ้าน) and the
guarantee contract (สัญญาค้ำประกัน), one per guarantor. A4, each at most two pages.

Everything known is printed in: the place and the Buddhist-era date, the borrower's name,
age (when the birth date is known; dots to fill in otherwise), address and member no.,
the amount in figures and in Thai words, the purpose, the rate and how interest is
counted, the term, the repayment pattern with its first and last due dates and a
summary of the schedule (app.services.schedule), the late-fine rule and its cap, the
committee's approval (approver, meeting no. and date), the borrower's promises in
numbered clauses, and the signature lines with the names under them. What only the
people can supply (the spouse's consent, the witnesses) is left as dotted lines.

The guarantee follows the Civil and Commercial Code as amended in 2557 (B.E.): the
guarantor is liable up to a stated amount and is told of a default within 60 days; a
guarantor is not made a co-debtor. A contract not yet paid out is dated and scheduled
from the report's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.platypus import KeepTogether, PageBreak
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import gettext as _
from app.models.loans import ORIGIN_NEW, Loan, LoanGuarantor, LoanType
from app.money import format_amount
from app.reports.forms import BODY, BODY_BOLD, INDENT, clauses, form_top, para, signature_rows
from app.reports.layout import Doc, Row, new_doc, page_width
from app.reports.loan_statement import method_words, open_loans, printable_loan
from app.reports.pdf import PrintOptions
from app.services.fund import FundInfo, fund_info
from app.services.loans import LoanRow
from app.services.members import MemberRow, get_member
from app.services.schedule import Instalment, build_schedule
from app.thai import baht_text, format_date

DOTS = "." * 30
SUMMARY_GROUPS = 5   # a longer schedule is summarised: first groups, "…", the last


@dataclass(frozen=True)
class ContractPrint:
    """One loan contract with everything its forms print."""

    fund: FundInfo
    loan: LoanRow
    date: dt.date                   # the contract's date: the pay-out, else the report's
    paid_out: bool
    borrower: MemberRow
    purpose: str
    schedule: tuple[Instalment, ...]
    approved_by: str
    meeting_no: str
    meeting_date: dt.date | None
    fine_per_day_satang: int
    fine_cap_satang: int
    guarantors: tuple[tuple[MemberRow, int], ...]   # member, amount guaranteed (satang)
    origin: str
    replaces: tuple[str, ...]       # loan nos. this contract took over (restructuring …)

    @property
    def interest_satang(self) -> int:
        return int(sum((x.interest for x in self.schedule), Decimal(0)) * 100)

    @property
    def total_satang(self) -> int:
        return self.loan.amount_satang + self.interest_satang


@dataclass(frozen=True)
class ContractBatch:
    fund: FundInfo
    as_of: dt.date
    contracts: tuple[ContractPrint, ...]

    @property
    def page_estimate(self) -> int:
        return max(1, 2 * len(self.contracts))


def _contract(session: Session, row: LoanRow, as_of: dt.date) -> ContractPrint:
    loan = session.get(Loan, row.id)
    t = session.get(LoanType, loan.loan_type_id) if loan else None
    assert loan is not None and t is not None
    day = row.disbursed_on or as_of
    schedule = build_schedule(principal=Decimal(row.amount_satang).scaleb(-2),
                              rate_percent=row.rate_percent, term_months=row.term_months,
                              method=row.method, pattern=row.pattern, start=day)
    guarantors = tuple((get_member(session, mid), amount) for mid, amount in session.execute(
        select(LoanGuarantor.member_id, LoanGuarantor.amount_satang)
        .where(LoanGuarantor.loan_id == row.id).order_by(LoanGuarantor.id)))
    replaces = tuple(session.scalars(select(Loan.loan_no).where(Loan.replaced_by_id == row.id)
                                     .order_by(Loan.loan_no)))
    return ContractPrint(fund_info(session), row, day, row.disbursed_on is not None,
                         get_member(session, row.member_id), loan.purpose, schedule,
                         loan.approved_by, loan.meeting_no, loan.meeting_date,
                         t.fine_per_day_satang, t.fine_cap_satang, guarantors, loan.origin,
                         replaces)


def build_contracts(session: Session, *, as_of: dt.date, loan_no: str | None,
                    guarantee: bool = False) -> ContractBatch:
    """The contract of loan `loan_no`, or of every loan open on `as_of` when None.

    guarantee: for the guarantee contracts, a loan without guarantors is refused.
    """
    if loan_no:
        row = printable_loan(session, loan_no, as_of=as_of)
        data = _contract(session, row, as_of)
        if guarantee and not data.guarantors:
            raise InvalidInput("Loan {loan} has no guarantors: there is no guarantee contract "
                               "to print.", loan=row.loan_no)
        contracts = (data,)
    else:
        contracts = tuple(_contract(session, row, as_of)
                          for row in open_loans(session, as_of=as_of))
    return ContractBatch(fund_info(session), as_of, contracts)


# ------------------------------------------------------------------ words

def age_on(born: dt.date | None, day: dt.date) -> str:
    """Whole years on `day`, or dots to fill in when the birth date is not known."""
    if born is None:
        return "." * 10
    return str(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))


def address(m: MemberRow, fund: FundInfo) -> str:
    return _("house no. {house}, village no. {moo}, tambon {tambon}, amphoe {amphoe}, "
             "{province} province").format(house=m.house_no or "." * 10,
                                           moo=m.moo or fund.village_no, tambon=fund.tambon,
                                           amphoe=fund.amphoe, province=fund.province)


def _baht(satang: int) -> str:
    return _("{amount} baht ({words})").format(amount=format_amount(satang),
                                               words=baht_text(satang))


def _date(day: dt.date | None) -> str:
    return format_date(day, "long") if day else DOTS


def _chair(data: ContractPrint) -> str:
    return data.approved_by or DOTS


# ------------------------------------------------------------------ the loan contract

def _groups(schedule: Sequence[Instalment]) -> list[list[Instalment]]:
    """Runs of instalments with the same principal and interest (งวดที่ 1–5 งวดละ …)."""
    out: list[list[Instalment]] = []
    for x in schedule:
        if out and (out[-1][-1].principal, out[-1][-1].interest) == (x.principal, x.interest):
            out[-1].append(x)
        else:
            out.append([x])
    return out


def _summary(doc: Doc, data: ContractPrint) -> None:
    """The schedule in a few lines: runs of equal instalments, then the totals."""
    groups = _groups(data.schedule)
    if len(groups) > SUMMARY_GROUPS:
        groups = [*groups[:SUMMARY_GROUPS - 2], [], groups[-1]]
    rows = []
    for g in groups:
        if not g:
            rows.append(Row(("…", _("see the repayment schedule"), "", "", "")))
            continue
        no = str(g[0].no) if len(g) == 1 else f"{g[0].no}–{g[-1].no}"
        due = format_date(g[0].due) if len(g) == 1 else \
            f"{format_date(g[0].due)} –\n{format_date(g[-1].due)}"  # a date is never split
        x = g[0]
        rows.append(Row((no, due, doc.money(int(x.principal * 100)),
                         doc.money(int(x.interest * 100)), doc.money(int(x.total * 100)))))
    rows.append(Row((_("Total"), _("{count} instalments").format(count=len(data.schedule)),
                     doc.money(data.loan.amount_satang), doc.money(data.interest_satang),
                     doc.money(data.total_satang)), bold=True, shade=True, rule=True,
                    double=True))
    w = page_width() - INDENT
    grid = doc.grid((_("Instalment"), _("Due date"), _("Principal each"), _("Interest each"),
                     _("To pay each")), rows, (52, w - 52 - 3 * 86, 86, 86, 86), "CLRRR",
                    size=12.5)
    grid.hAlign = "RIGHT"
    doc.add(KeepTogether([grid]))
    doc.space(6)


def _repayment_clause(data: ContractPrint) -> str:
    s, total = data.schedule, format_amount(data.total_satang)
    if data.loan.pattern == "lump_sum":
        text = _("The borrower shall repay the principal with the interest, {total} baht in all, "
                 "in one payment when the term ends on {due}.").format(total=total,
                                                                      due=_date(s[-1].due))
    elif data.loan.pattern == "quarterly":
        text = _("The borrower shall repay the principal with the interest in {count} "
                 "instalments every three months, the first on {first} and the last on {last}, "
                 "{total} baht in all, as summarised below.").format(
            count=len(s), first=_date(s[0].due), last=_date(s[-1].due), total=total)
    else:
        text = _("The borrower shall repay the principal with the interest in {count} monthly "
                 "instalments, the first on {first} and the last on {last}, {total} baht in "
                 "all, as summarised below.").format(
            count=len(s), first=_date(s[0].due), last=_date(s[-1].due), total=total)
    return text + " " + _("Each payment goes first to any fine, then to interest, then to "
                          "principal; the borrower may pay early, in part or in full, and then "
                          "pays interest only for the months begun.")


def _loan_clauses(data: ContractPrint) -> list[str]:
    row = data.loan
    received = _("The borrower has received this money in full on the day of this contract.") \
        if data.paid_out else _("The borrower will receive this money on the day the loan is "
                                "paid out and sign for it.")
    out = [
        _("The borrower borrows {amount} from the lender, for {purpose}.").format(
            amount=_baht(row.amount_satang), purpose=data.purpose or DOTS) + " " + received,
        _("The borrower shall pay interest at {rate} % a year, {method}: {interest} baht over "
          "the whole term of {months} months.").format(
            rate=f"{row.rate_percent:.2f}", method=method_words(row.method),
            interest=format_amount(data.interest_satang), months=row.term_months),
        _repayment_clause(data)]
    if data.fine_per_day_satang:
        out.append(_("If the borrower does not pay an instalment when due, the borrower "
                         "shall pay a fine of {fine} baht for each day late until it is paid, "
                         "but not more than {cap} baht on this contract in all.").format(
            fine=format_amount(data.fine_per_day_satang),
            cap=format_amount(data.fine_cap_satang)))
    else:
        out.append(_("If the borrower does not pay an instalment when due, the fund's rules "
                         "on late payment apply."))
    if data.guarantors:
        names = ", ".join(f"{m.name} ({format_amount(amount)} {_('baht')})"
                          for m, amount in data.guarantors)
        out.append(_("This loan is guaranteed by {count} guarantors under separate "
                         "guarantee contracts: {names}. If the borrower defaults, the lender "
                         "tells each guarantor in writing within 60 days, and each guarantor is "
                         "liable up to the amount guaranteed.").format(
            count=len(data.guarantors), names=names))
    else:
        out.append(_("Under the fund's rules a loan of this amount needs no guarantor."))
    out += [
        _("The borrower shall use the money only for the purpose in clause 1. If the committee "
          "finds it used otherwise, the lender may call the whole debt due at once."),
        _("If the borrower is late, the lender sends letters asking for payment to the borrower "
          "with copies to every guarantor; the borrower agrees that the committee may suspend "
          "the borrower's welfare rights and lend nothing more until the arrears are paid. "
          "After three letters unanswered, the lender may call the whole debt due."),
        _("The borrower shall tell the lender in writing of any change of address, and agrees "
          "to follow the fund's rules in force now and as amended.")]
    return out


def _render_contract(doc: Doc, data: ContractPrint) -> None:
    row, m, fund = data.loan, data.borrower, data.fund
    form_top(doc, _("Village fund loan contract"), (
        _("Contract no. {loan}").format(loan=row.loan_no),
        _("Loan type: {type}").format(type=row.type_name),
        _("Made at {fund}").format(fund=fund.name),
        _("Date {date}").format(date=_date(data.date))))
    para(doc, _('I, {name}, aged {age} years, member no. {no}, living at {address}, hereafter '
                'called "the borrower", make this loan contract with {fund}, represented by '
                '{chair}, chair of its committee, hereafter called "the lender", on the '
                'following terms:').format(name=m.name, age=age_on(m.birth_date, data.date),
                                           no=m.member_no, address=address(m, fund),
                                           fund=fund.name, chair=_chair(data)))
    if data.origin != ORIGIN_NEW and data.replaces:
        para(doc, _("This contract takes over the debt of contract(s) {loans}: its amount is "
                    "their principal and unpaid interest, and they are closed by it.").format(
            loans=", ".join(data.replaces)))
    terms = _loan_clauses(data)
    clauses(doc, terms[:3])
    _summary(doc, data)
    for i, text in enumerate(terms[3:], 4):
        para(doc, _("Clause {no}. {text}").format(no=i, text=text))
    approval = _("The committee approved this loan at its meeting no. {no} on {date}; approved "
                 "by {approver}.").format(no=data.meeting_no or DOTS,
                                          date=_date(data.meeting_date), approver=_chair(data))
    para(doc, approval, BODY_BOLD)
    signers = [(_("borrower"), m.name), (_("borrower's spouse (consenting)"), "")]
    signers += [(_("guarantor"), g.name) for g, _a in data.guarantors]
    signers += [(_("chair, for the lender"), data.approved_by), (_("witness"), ""),
                (_("witness"), "")]
    closing = _("The borrower has read and understood this contract, which is made in two "
                "copies of the same text, one kept by each party, and signs it below before the "
                "witnesses.")
    signature_rows(doc, closing, signers)


# ------------------------------------------------------------------ the guarantee contract

def _render_guarantee(doc: Doc, data: ContractPrint, g: MemberRow, amount: int) -> None:
    row, b, fund = data.loan, data.borrower, data.fund
    form_top(doc, _("Loan guarantee contract"), (
        _("Guaranteeing loan contract no. {loan}").format(loan=row.loan_no),
        _("Made at {fund}").format(fund=fund.name),
        _("Date {date}").format(date=_date(data.date))))
    para(doc, _('I, {name}, aged {age} years, member no. {no}, living at {address}, hereafter '
                'called "the guarantor", make this guarantee contract with {fund}, hereafter '
                'called "the lender", on the following terms:').format(
        name=g.name, age=age_on(g.birth_date, data.date), no=g.member_no,
        address=address(g, fund), fund=fund.name))
    clauses(doc, [
        _('{borrower}, member no. {no}, hereafter called "the borrower", borrows {amount} from '
          'the lender under loan contract no. {loan} of {date}, at {rate} % a year, to be '
          'repaid by {last}. The guarantor guarantees the repayment of that debt up to '
          '{guarantee} at most.').format(
            borrower=b.name, no=b.member_no, amount=_baht(row.amount_satang), loan=row.loan_no,
            date=_date(data.date), rate=f"{row.rate_percent:.2f}",
            last=_date(data.schedule[-1].due), guarantee=_baht(amount)),
        _("If the borrower defaults, the lender tells the guarantor in writing within 60 days of "
          "the default; the guarantor then pays in the borrower's place what is due, up to the "
          "amount in clause 1."),
        _("If the lender gives the borrower more time to pay or makes a compromise with the "
          "borrower, it tells the guarantor and asks for the guarantor's consent in writing."),
        _("While the borrower owes on the loan and is late, the committee may suspend the "
          "guarantor's welfare rights under the fund's rules; the guarantor may not resign from "
          "the fund unless another guarantor approved by the committee takes this guarantee "
          "over."),
        _("Whatever the guarantor pays in the borrower's place, the guarantor may claim back "
          "from the borrower as the law allows.")])
    closing = _("The guarantor has read and understood this contract and signs it below "
                "before the witnesses.")
    signature_rows(doc, closing, [
        (_("guarantor"), g.name), (_("guarantor's spouse (consenting)"), ""),
        (_("borrower"), b.name), (_("chair, for the lender"), data.approved_by),
        (_("witness"), ""), (_("witness"), "")])


def _empty(doc: Doc, data: ContractBatch, title: str, text: str) -> Doc:
    doc.heading(title, data.fund, _("As of {date}").format(date=_date(data.as_of)))
    doc.text(text, BODY)
    return doc


def render_contracts(data: ContractBatch, options: PrintOptions) -> Doc:
    """Each loan contract from a new page."""
    title = _("Village fund loan contract")
    doc = new_doc(data.fund, title, options)
    if not data.contracts:
        return _empty(doc, data, title, _("No loan is open on this date."))
    for k, c in enumerate(data.contracts):
        if k:
            doc.add(PageBreak())
        _render_contract(doc, c)
    return doc


def render_guarantees(data: ContractBatch, options: PrintOptions) -> Doc:
    """One guarantee contract per guarantor, each from a new page."""
    title = _("Loan guarantee contract")
    doc = new_doc(data.fund, title, options)
    pages = [(c, g, a) for c in data.contracts for g, a in c.guarantors]
    if not pages:
        return _empty(doc, data, title, _("No open loan has a guarantor on this date."))
    for k, (c, g, amount) in enumerate(pages):
        if k:
            doc.add(PageBreak())
        _render_guarantee(doc, c, g, amount)
    return doc
