"""Follow-up prints: the dunning letters (หนังสือขอให้ชำระหนี้ 1, 2, 3) and the defaulters'
notice (ประกาศรายชื่อผู้ค้างชำระ).

A letter is laid out as a Thai external letter (หนังสือภายนอก): its number (ที่ …) on the
left and the fund's address on the right, the date from the middle of the page, เรื่อง /
เรียน / อ้างถึง, indented paragraphs, a small table of what is owed with the total in
Thai words, the date to pay by, and the chair's signature block on the right. The first
page goes to the borrower, then one page to each guarantor, marked as a copy to the
guarantor and addressed to them, with the same figures. Each page is one letter, so
pages carry no running header, page number or print date. The figures are those of the
letter's date (app.services.followup.owed_on), so a letter reprints the same later.

The notice lists the loans on the board on a date, up to `NOTICE_ROWS` a page, each page
complete (heading, date, table, signature) so it can be posted alone. It prints the loan
no., the name, the amount overdue and the days past due: never a national ID.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import KeepInFrame, PageBreak, Table, TableStyle
from reportlab.platypus.flowables import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import gettext as _
from app.models.loans import Loan, LoanGuarantor, LoanLetter, LoanType
from app.models.members import Member
from app.money import format_amount
from app.reports.forms import Clause
from app.reports.layout import BODY, Doc, Row, new_doc, page_width
from app.reports.pdf import PageFrame, PrintOptions, write_pdf
from app.reports.thai_text import (
    BOLD,
    TextStyle,
    ThaiText,
    register_fonts,
    text_width,
)
from app.services.followup import LETTERS, WAIT_DAYS, NoticeRow, Owed, notice_rows, owed_on
from app.services.fund import FundInfo, fund_info
from app.services.loans import _name
from app.thai import baht_text, format_date

NOTICE_ROWS = 25          # rows of the defaulters' notice on one page
INDENT = 72.0             # first-line indent of a paragraph (2.5 cm, as official letters)
LETTER = TextStyle(size=14, leading=19)
LETTER_BOLD = TextStyle(font=BOLD, size=14, leading=19)
SMALL = TextStyle(size=12, leading=16)
DOTS = "." * 36


@dataclass(frozen=True)
class LetterPrint:
    """One follow-up letter with everything it prints."""

    fund: FundInfo
    kind: str
    number: str                      # ที่ กทบ.33-0301/12: the letter's number in its year
    date: dt.date
    pay_by: dt.date
    loan_no: str
    contract_date: dt.date
    loan_amount_satang: int
    borrower: str
    guarantors: tuple[tuple[str, int], ...]    # name, amount guaranteed (satang)
    owed: Owed
    days_past_due: int
    earlier: tuple[tuple[str, dt.date], ...]   # (number, date) of the letters before it
    fine_per_day_satang: int
    fine_cap_satang: int

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.guarantors)


@dataclass(frozen=True)
class NoticePrint:
    fund: FundInfo
    as_of: dt.date
    rows: tuple[NoticeRow, ...]

    @property
    def page_estimate(self) -> int:
        return max(1, -(-len(self.rows) // NOTICE_ROWS))


# ------------------------------------------------------------------ data

def _number(session: Session, x: LoanLetter, info: FundInfo) -> str:
    """กทบ.<fund code>/<n>: letters are numbered from 1 in each year, as letters sent are."""
    same_year = session.scalars(select(LoanLetter).where(
        LoanLetter.kind.in_(LETTERS), LoanLetter.date >= dt.date(x.date.year, 1, 1),
        LoanLetter.date <= x.date))
    n = sum(1 for y in same_year if (y.date, y.id) <= (x.date, x.id))
    return f"กทบ.{info.code}/{n}" if info.code else str(n)


def build_letter(session: Session, letter_id: int | str) -> LetterPrint:
    """The letter logged as `letter_id` (letters 1–3; the notice is printed as a list).

    The id may come as typed text (the catalog's `entry`)."""
    try:
        x = session.get(LoanLetter, int(str(letter_id).strip()))
    except ValueError:
        x = None
    if x is None or x.kind not in LETTERS:
        raise InvalidInput("There is no follow-up letter with id {id}.", id=letter_id)
    loan = session.get(Loan, x.loan_id)
    assert loan is not None and loan.disbursed_on is not None
    t = session.get(LoanType, loan.loan_type_id)
    borrower = session.get(Member, loan.member_id)
    assert t is not None and borrower is not None
    guarantors = tuple((_name(m), amount) for m, amount in session.execute(
        select(Member, LoanGuarantor.amount_satang)
        .join(LoanGuarantor, LoanGuarantor.member_id == Member.id)
        .where(LoanGuarantor.loan_id == loan.id).order_by(LoanGuarantor.id)))
    info = fund_info(session)
    before = [y for y in session.scalars(select(LoanLetter).where(
        LoanLetter.loan_id == loan.id, LoanLetter.kind.in_(LETTERS), LoanLetter.date <= x.date)
        .order_by(LoanLetter.date, LoanLetter.id)) if (y.date, y.id) < (x.date, x.id)]
    earlier: list[tuple[str, dt.date]] = []
    for kind in reversed(LETTERS[:LETTERS.index(x.kind)]):  # letter 2 then letter 1
        while before and before[-1].kind != kind:
            before.pop()
        if before:
            y = before.pop()
            earlier.insert(0, (_number(session, y, info), y.date))
    return LetterPrint(info, x.kind, _number(session, x, info), x.date,
                       x.date + dt.timedelta(days=WAIT_DAYS), loan.loan_no, loan.disbursed_on,
                       loan.amount_satang, _name(borrower), guarantors,
                       owed_on(session, loan.id, x.date), x.days_past_due, tuple(earlier),
                       t.fine_per_day_satang, t.fine_cap_satang)


def build_notice(session: Session, *, as_of: dt.date) -> NoticePrint:
    return NoticePrint(fund_info(session), as_of, tuple(notice_rows(session, as_of=as_of)))


# ------------------------------------------------------------------ layout helpers

def _columns(cells: Sequence[object], widths: Sequence[float], *, valign: str = "TOP",
             h_align: str = "LEFT") -> Table:
    """Cells side by side without rules or padding (header, labels, signature)."""
    table = Table([list(cells)], colWidths=list(widths), hAlign=h_align)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), valign),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _sign_block(doc: Doc, lines: Sequence[str], *, space: float = 34) -> None:
    """The signature on the right half: the closing line, room to sign, (name), role."""
    w = page_width()
    style = TextStyle(size=14, leading=20, align=TA_CENTER)
    head, *tail = lines
    cell = [ThaiText(doc.t(head), style), _Gap(space),
            ThaiText(doc.t("\n".join(tail)), style)]
    doc.add(_columns(["", cell], [w * 0.42, w * 0.58]))


class _Gap(Flowable):
    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return availWidth, self.height

    def draw(self) -> None:
        pass


def _chair(info: FundInfo) -> str:
    return _("Chair of {fund}").format(fund=info.name)


# ------------------------------------------------------------------ the letter

def _subject(kind: str) -> str:
    return {"letter1": _("Request to pay a loan debt (1st time)"),
            "letter2": _("Request to pay a loan debt (2nd time)"),
            "letter3": _("Final warning to pay a loan debt")}[kind]


def _head(doc: Doc, data: LetterPrint, to: str, copy: bool) -> None:
    info, w = data.fund, page_width()
    number: list[object] = [ThaiText(doc.t(_("Letter no. {ref}").format(ref=data.number)),
                                     LETTER)]
    if copy:  # the copy's mark under the number, beside the fund's address
        mark = Table([[ThaiText(doc.t(_("Copy to the guarantor")),
                                TextStyle(font=BOLD, size=13, leading=17, align=TA_CENTER))]],
                     colWidths=[150], hAlign="LEFT")
        mark.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, (0, 0, 0))]))
        number += [_Gap(8), mark]
    address = "\n".join((
        _("Village no. {no}, Ban {village}").format(
            no=info.village_no, village=info.village.removeprefix("บ้าน").strip()),
        _("Tambon {tambon}, Amphoe {amphoe}").format(tambon=info.tambon, amphoe=info.amphoe),
        _("{province} Province").format(province=info.province)))
    sender = [ThaiText(doc.t(info.name), LETTER_BOLD), ThaiText(doc.t(address), LETTER)]
    doc.add(_columns([number, sender], [w * 0.5, w * 0.5]))
    doc.space(6)
    doc.add(_columns(["", ThaiText(doc.t(format_date(data.date, "long")), LETTER)],
                     [w * 0.42, w * 0.58]))
    doc.space(8)
    lines = ((_("Subject"), _subject(data.kind)), (_("Dear"), to),
             (_("Reference"), _("Loan contract no. {loan} of {date}").format(
                 loan=data.loan_no, date=format_date(data.contract_date, "long"))))
    label = max(text_width(doc.t(k), BOLD, LETTER.size) for k, _v in lines) + 12
    for key, value in lines:
        doc.add(_columns([ThaiText(doc.t(key), LETTER_BOLD), ThaiText(doc.t(value), LETTER)],
                         [label, w - label]))
        doc.space(2)
    doc.space(6)


def _figures(doc: Doc, data: LetterPrint) -> None:
    o = data.owed
    rows = [Row((_("Principal due and unpaid"), doc.money(o.principal_overdue_satang))),
            Row((_("Interest to the date of this letter"), doc.money(o.interest_satang))),
            Row((_("Late fine ({days} days)").format(days=o.days_past_due),
                 doc.money(o.fine_satang))),
            Row((_("Total to pay"), doc.money(o.total_satang)), bold=True, shade=True,
                double=True)]
    grid = doc.grid((_("Item"), _("Amount (baht)")), rows, (270, 120), "LR", size=13.5)
    grid.hAlign = "CENTER"
    doc.space(2)
    doc.add(grid)
    doc.space(5)
    doc.text(f"({baht_text(o.total_satang)})", TextStyle(font=BOLD, size=14, leading=20,
                                                         align=TA_CENTER))
    doc.space(4)


def _note(doc: Doc, data: LetterPrint) -> None:
    text = _("The amounts are those of the date of this letter; the principal outstanding on "
             "the whole contract is {principal} baht.").format(
        principal=format_amount(data.owed.principal_outstanding_satang))
    if data.fine_per_day_satang:
        text += " " + _("A late fine of {fine} baht a day runs until the arrears are paid (at "
                        "most {cap} baht on this contract).").format(
            fine=format_amount(data.fine_per_day_satang),
            cap=format_amount(data.fine_cap_satang))
    doc.add(Clause(doc.t(text), SMALL, indent=INDENT))
    doc.space(6)


def _intro(data: LetterPrint, fund: str, due: str) -> str:
    days, e = data.days_past_due, data.earlier
    if data.kind == "letter3" and len(e) >= 2:
        return _("{fund} has asked you twice, by its letters of {date1} and {date2}, to pay the "
                 "loan debt under the contract referred to above. You have still not paid: the "
                 "instalment due on {due} is {days} days overdue, and as of the date of this "
                 "letter you owe the following:").format(
            fund=fund, date1=format_date(e[-2][1], "long"), date2=format_date(e[-1][1], "long"),
            due=due, days=days)
    if data.kind != "letter1" and e:
        return _("{fund} asked you by its letter no. {ref} of {date} to pay the loan debt under "
                 "the contract referred to above. You have not yet paid: the instalment due on "
                 "{due} is {days} days overdue, and as of the date of this letter you owe the "
                 "following:").format(fund=fund, ref=e[-1][0],
                                      date=format_date(e[-1][1], "long"), due=due, days=days)
    return _("You borrowed {amount} baht from {fund} under the contract referred to above. "
             "The instalment due on {due} has not been paid and is {days} days overdue; as "
             "of the date of this letter you owe the following:").format(
        amount=format_amount(data.loan_amount_satang), fund=fund, due=due, days=days)


def _request(data: LetterPrint, fund: str) -> str:
    pay_by = format_date(data.pay_by, "long")
    if data.kind == "letter3":
        text = _("This is the final warning: please pay this amount at {fund} by {date}.").format(
            fund=fund, date=pay_by)
        if data.guarantors:
            return text + " " + _(
                "If you do not pay by then, your guarantors become liable to pay the debt in "
                "your place under their guarantee contracts, and the committee may take "
                "further steps under the fund's rules, such as suspending welfare rights, "
                "listing the debt on the defaulters' notice or legal action.")
        return text + " " + _(
            "If you do not pay by then, the committee may take further steps under the "
            "fund's rules, such as suspending welfare rights, listing the debt on the "
            "defaulters' notice or legal action.")
    text = _("Please pay this amount at {fund} by {date}.").format(fund=fund, date=pay_by)
    if data.guarantors:
        text += " " + _("A copy of this letter goes to each of your guarantors.")
    if data.kind == "letter1":
        text += " " + _("If you have paid before receiving this letter, please accept our "
                        "apologies.")
    return text


def _guarantor_text(data: LetterPrint, guarantee: int, due: str) -> tuple[str, str]:
    fund = data.fund.name
    intro = _("You guarantee the loan of {borrower} under the contract referred to above "
              "({amount} baht; your guarantee: {guarantee} baht). The borrower has not paid "
              "the instalment due on {due}, now {days} days overdue; as of the date of this "
              "letter the borrower owes the following:").format(
        borrower=data.borrower, amount=format_amount(data.loan_amount_satang),
        guarantee=format_amount(guarantee), due=due, days=data.days_past_due)
    request = _("{fund} has sent the borrower the letter {subject}, asking for payment by "
                "{date}; this is your copy.").format(
        fund=fund, subject=_subject(data.kind), date=format_date(data.pay_by, "long"))
    if data.kind == "letter3":
        request += " " + _("If the borrower does not pay by then, you are liable as guarantor "
                           "to pay the debt, up to your guarantee of {guarantee} baht, and the "
                           "committee may take further steps under the fund's rules.").format(
            guarantee=format_amount(guarantee))
    return intro, request


def _page(doc: Doc, data: LetterPrint, guarantor: tuple[str, int] | None) -> list[Flowable]:
    page = Doc(doc.options, doc.frame)
    due = format_date(data.owed.oldest_unpaid_due, "long") if data.owed.oldest_unpaid_due \
        else "-"
    if guarantor is None:
        _head(page, data, data.borrower, copy=False)
        intro, request = _intro(data, data.fund.name, due), _request(data, data.fund.name)
        closing = _("Please act accordingly.")
    else:
        _head(page, data, _("{name}, guarantor").format(name=guarantor[0]), copy=True)
        intro, request = _guarantor_text(data, guarantor[1], due)
        closing = _("For your information; please help to see that the debt is paid.")
    page.add(Clause(page.t(intro), LETTER, indent=INDENT))
    _figures(page, data)
    page.add(Clause(page.t(request), LETTER, indent=INDENT))
    page.space(4)
    _note(page, data)
    page.add(Clause(page.t(closing), LETTER, indent=INDENT))
    page.space(6)
    _sign_block(page, [_("Yours sincerely"), f"({DOTS})", _chair(data.fund)], space=28)
    page.space(10)
    if guarantor is None and data.guarantors:
        names = "  ".join(f"{i}. {name}" for i, (name, _g) in enumerate(data.guarantors, 1))
        page.text(_("Copies to the guarantors: {names}").format(names=names), SMALL)
        page.space(4)
    page.text(f"{data.fund.name}  {_('Tel.')} {DOTS}", SMALL)
    return page.flowables


def render_letter(data: LetterPrint, options: PrintOptions) -> Doc:
    """The borrower's letter, then a copy for each guarantor, one page each."""
    register_fonts()  # the labels' column is measured before the pages are laid out
    options = dataclasses.replace(options, page_numbers=False, printed_on=None)
    doc = Doc(options, PageFrame(fund_line="", title="", options=options))
    for i, who in enumerate([None, *data.guarantors]):
        if i:
            doc.add(PageBreak())
        # Each letter keeps to its page: a long name or many guarantors shrink it a little.
        doc.add(KeepInFrame(0, 0, _page(doc, data, who), mode="shrink"))
    return doc


def build_letter_pdf(session: Session, *, letter_id: int | str, out: Path | str,
                     options: PrintOptions = PrintOptions()) -> Path:
    doc = render_letter(build_letter(session, letter_id), options)
    return write_pdf(doc.flowables, doc.frame, out)


# ------------------------------------------------------------------ the notice

def render_notice(data: NoticePrint, options: PrintOptions) -> Doc:
    """The defaulters' notice, `NOTICE_ROWS` lines a page, each page complete."""
    title = _("Notice of members behind with their loan repayments")
    doc = new_doc(data.fund, title, options)
    chunks = [data.rows[i:i + NOTICE_ROWS] for i in range(0, len(data.rows), NOTICE_ROWS)] \
        or [()]
    w = page_width()
    widths = (34, 80, w - 34 - 80 - 130 - 84, 130, 84)
    on = format_date(data.as_of, "long")
    for k, chunk in enumerate(chunks):
        if k:
            doc.add(PageBreak())
        doc.heading(title, data.fund, _("As of {date}").format(date=on))
        doc.add(Clause(doc.t(_(
            "By resolution of the committee of {fund} at its meeting no. {no} of {date}, the "
            "members below, who have had three letters asking them to pay their loan, are "
            "listed as behind with their repayments:").format(
            fund=data.fund.name, no="." * 12, date="." * 28)), BODY, indent=INDENT))
        doc.space(6)
        if not chunk:
            doc.text(_("No loan is listed on the defaulters' notice."), BODY)
        else:
            start = k * NOTICE_ROWS
            rows = [Row((str(start + i), r.loan_no, r.name, doc.money(r.due_satang),
                         str(r.days_past_due)))
                    for i, r in enumerate(chunk, 1)]
            doc.add(doc.grid((_("No."), _("Loan no."), _("Name"), _("Amount overdue (baht)"),
                              _("Days past due")), rows, widths, "CLLRR", size=13))
        doc.space(8)
        doc.text(_("Anyone listed who has paid, please tell the fund so that the name is "
                   "taken off the notice."), BODY)
        doc.space(6)
        _sign_block(doc, [_("Announced on {date}").format(date=on), f"({DOTS})",
                          _chair(data.fund)], space=30)
    return doc


def build_notice_pdf(session: Session, *, as_of: dt.date, out: Path | str,
                     options: PrintOptions = PrintOptions()) -> Path:
    doc = render_notice(build_notice(session, as_of=as_of), options)
    return write_pdf(doc.flowables, doc.frame, out)


__all__ = ["NOTICE_ROWS", "LetterPrint", "NoticePrint", "build_letter", "build_letter_pdf",
           "build_notice", "build_notice_pdf", "render_letter", "render_notice"]

