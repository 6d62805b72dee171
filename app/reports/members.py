"""Registry prints: the member list (ทะเบียนสมาชิก), the share register (ทะเบียนหุ้น) and a
member's passbook page (สมุดคู่ฝากเงินสัจจะ) with its running balance.

Every figure comes from the services: shares and savings are the member sub-ledgers
(sums of the ledger's lines), so the prints equal the ledger, as the screens do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import PageBreak
from sqlalchemy.orm import Session

from app.i18n import gettext as _
from app.reports.layout import Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.tables import Column, TableReport
from app.services.fund import FundInfo, fund_info
from app.services.members import MemberRow, get_member, list_members
from app.services.shares import share_count, share_rules
from app.services.subledger import SAVINGS, PassbookLine, passbook
from app.thai import format_date, format_national_id

STATUS = {"active": "Member", "resigned": "Resigned", "deceased": "Deceased",
          "expelled": "Expelled"}


@dataclass(frozen=True)
class MemberListReport:
    fund: FundInfo
    as_of: dt.date
    members: tuple[MemberRow, ...]
    share_price_satang: int

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.members) // 30


def build_member_list(session: Session, *, as_of: dt.date) -> MemberListReport:
    return MemberListReport(fund_info(session), as_of, tuple(list_members(session, as_of=as_of)),
                            share_rules(session).price_satang)


def _nid(m: MemberRow) -> str:
    try:
        return format_national_id(m.national_id)
    except Exception:  # noqa: BLE001 - stored data printed as it is
        return m.national_id


def member_list_table(data: MemberListReport) -> TableReport:
    rows = tuple((m.member_no, m.name, _nid(m), m.house_no, m.moo, _(STATUS[m.status]),
                  m.shares_satang, m.savings_satang) for m in data.members)
    return TableReport(
        title=_("Member register"),
        subtitle=_("As of {date}").format(date=format_date(data.as_of, "long")),
        columns=(Column(_("Member no.")), Column(_("Name")), Column(_("National ID")),
                 Column(_("House no.")), Column(_("Moo")), Column(_("Status")),
                 Column(_("Shares (baht)"), "money"), Column(_("Savings (baht)"), "money")),
        rows=rows,
        totals=("", _("Total"), "", "", "", "", sum(m.shares_satang for m in data.members),
                sum(m.savings_satang for m in data.members)))


def share_register_table(data: MemberListReport) -> TableReport:
    held = [m for m in data.members if m.shares_satang]
    rows = tuple((m.member_no, m.name, share_count(m.shares_satang, data.share_price_satang),
                  m.shares_satang) for m in held)
    return TableReport(
        title=_("Share register"),
        subtitle=_("As of {date}").format(date=format_date(data.as_of, "long")),
        columns=(Column(_("Member no.")), Column(_("Name")), Column(_("Shares")),
                 Column(_("Amount (baht)"), "money")),
        rows=rows,
        totals=("", _("Total"), sum(r[2] for r in rows), sum(m.shares_satang for m in held)))


def _render_table(data: MemberListReport, options: PrintOptions, table: TableReport,
                  widths: tuple[float, ...], aligns: str, landscape: bool) -> Doc:
    doc = new_doc(data.fund, table.title, options, landscape_page=landscape)
    doc.heading(table.title, data.fund, table.subtitle)
    money = {i for i, c in enumerate(table.columns) if c.kind == "money"}

    def cell(i: int, v: object) -> str:
        if i in money and isinstance(v, int):
            return doc.money(v)
        return f"{v:,}" if isinstance(v, int) else str(v)

    rows = [Row(tuple(cell(i, v) for i, v in enumerate(r))) for r in table.rows]
    if table.totals:
        rows.append(Row(tuple(cell(i, v) for i, v in enumerate(table.totals)), bold=True,
                        shade=True, rule=True, double=True))
    w = page_width(landscape)
    rest = w - sum(widths)
    full = tuple(rest if x == 0 else x for x in widths)
    doc.add(doc.grid([c.header for c in table.columns], rows, full, aligns, size=12))
    doc.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
    return doc


def render_member_list(data: MemberListReport, options: PrintOptions) -> Doc:
    return _render_table(data, options, member_list_table(data),
                         (55, 0, 130, 60, 40, 70, 90, 90), "LLLLCLRR", True)


def render_share_register(data: MemberListReport, options: PrintOptions) -> Doc:
    return _render_table(data, options, share_register_table(data), (70, 0, 70, 110), "LLRR",
                         False)


@dataclass(frozen=True)
class PassbookReport:
    fund: FundInfo
    member: MemberRow
    lines: tuple[PassbookLine, ...]

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.lines) // 35


def build_passbook(session: Session, member_id: int, *, as_of: dt.date | None = None) -> PassbookReport:
    return PassbookReport(fund_info(session), get_member(session, member_id, as_of=as_of),
                          tuple(passbook(session, member_id=member_id, code=SAVINGS, as_of=as_of)))


def render_passbook(data: PassbookReport, options: PrintOptions, *, as_of: str = "") -> Doc:
    m, title = data.member, _("Savings passbook")
    doc = new_doc(data.fund, title, options)
    lines = [_("Member no. {no} {name}").format(no=m.member_no, name=m.name)]
    doc.heading(title, data.fund, *lines, *([as_of] if as_of else []))
    rows = [Row((format_date(x.date, "numeric"), x.voucher_no, x.description,
                 doc.money(x.deposit_satang, dash_zero=True),
                 doc.money(x.withdrawal_satang, dash_zero=True), doc.money(x.balance_satang)),
                muted=x.cancelled) for x in data.lines]
    rows.append(Row(("", "", _("Balance"), "", "", doc.money(m.savings_satang)), bold=True,
                    shade=True, rule=True, double=True))
    w = page_width()
    doc.add(doc.grid((_("Date"), _("Voucher no."), _("Description"), _("Deposit"),
                      _("Withdrawal"), _("Balance")), rows,
                     (62, 78, w - 62 - 78 - 3 * 66, 66, 66, 66), "LLLRRR", size=12))
    doc.signatures((_("Preparer / treasurer"), _("Member")), columns=2)
    return doc


@dataclass(frozen=True)
class PassbookBatch:
    """The passbook pages of one member (member no. given) or of every active member."""

    fund: FundInfo
    as_of: dt.date
    books: tuple[PassbookReport, ...]

    @property
    def page_estimate(self) -> int:
        return max(1, sum(b.page_estimate for b in self.books))


def build_passbooks(session: Session, *, as_of: dt.date, member_no: str | None) -> PassbookBatch:
    """The passbook of member `member_no`, or of every active member when None."""
    from app.services.members import find_member

    if member_no:
        ids = [find_member(session, member_no).id]
    else:
        ids = [m.id for m in list_members(session, as_of=as_of, status="active")]
    return PassbookBatch(fund_info(session), as_of,
                         tuple(build_passbook(session, i, as_of=as_of) for i in ids))


def render_passbooks(data: PassbookBatch, options: PrintOptions) -> Doc:
    """Each member's passbook from a new page; the date it is printed as of under the name."""
    as_of = _("As of {date}").format(date=format_date(data.as_of, "long"))
    if not data.books:
        doc = new_doc(data.fund, _("Savings passbook"), options)
        doc.heading(_("Savings passbook"), data.fund, as_of)
        doc.text(_("There are no active members."))
        return doc
    doc: Doc | None = None
    for book in data.books:
        part = render_passbook(book, options, as_of=as_of)
        if doc is None:
            doc = part
        else:
            doc.add(PageBreak(), *part.flowables)
    return doc  # type: ignore[return-value]


def passbook_table(data: PassbookBatch) -> TableReport:
    rows = tuple((b.member.member_no, b.member.name, format_date(x.date, "numeric"), x.voucher_no,
                  x.description, x.deposit_satang, x.withdrawal_satang, x.balance_satang)
                 for b in data.books for x in b.lines)
    return TableReport(
        title=_("Savings passbook"),
        subtitle=_("As of {date}").format(date=format_date(data.as_of, "long")),
        columns=(Column(_("Member no.")), Column(_("Name")), Column(_("Date")),
                 Column(_("Voucher no.")), Column(_("Description")),
                 Column(_("Deposit"), "money"), Column(_("Withdrawal"), "money"),
                 Column(_("Balance"), "money")),
        rows=rows)


@dataclass(frozen=True)
class CollectionSheetReport:
    """ใบรายชื่อเก็บเงินสัจจะ: every active member, their usual saving, blanks to fill in."""

    fund: FundInfo
    month: tuple[int, int]
    rows: tuple  # of app.services.savings.CollectionRow

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.rows) // 28


def build_collection_sheet(session: Session, *, start: dt.date, end: dt.date) -> CollectionSheetReport:
    from app.services.savings import collection_sheet

    return CollectionSheetReport(fund_info(session), (start.year, start.month),
                                 tuple(collection_sheet(session, as_of=end)))


def _sheet_subtitle(data: CollectionSheetReport) -> str:
    from app.thai import format_month

    return _("Month of {month} · collection date ....................").format(
        month=format_month(*data.month))


def collection_sheet_table(data: CollectionSheetReport) -> TableReport:
    rows = tuple((i, r.member_no, r.name, r.house_no, r.usual_satang, "", "")
                 for i, r in enumerate(data.rows, 1))
    return TableReport(
        title=_("Savings collection sheet"), subtitle=_sheet_subtitle(data),
        columns=(Column(_("No.")), Column(_("Member no.")), Column(_("Name")),
                 Column(_("House no.")), Column(_("Usual saving (baht)"), "money"),
                 Column(_("Amount paid (baht)")), Column(_("Signature"))),
        rows=rows,
        totals=("", "", _("Total"), "", sum(r.usual_satang for r in data.rows), "", ""))


def render_collection_sheet(data: CollectionSheetReport, options: PrintOptions) -> Doc:
    title = _("Savings collection sheet")
    doc = new_doc(data.fund, title, options)
    doc.heading(title, data.fund, _sheet_subtitle(data))
    # The signature cell is two lines high, so every row has room to sign in.
    rows = [Row((doc.t(str(i)), r.member_no, r.name, r.house_no,
                 doc.money(r.usual_satang, dash_zero=True), "", " \n "))
            for i, r in enumerate(data.rows, 1)]
    rows.append(Row(("", "", _("Total"), "", doc.money(sum(r.usual_satang for r in data.rows)),
                     "", ""), bold=True, shade=True, rule=True, double=True))
    w = page_width()
    doc.add(doc.grid((_("No."), _("Member no."), _("Name"), _("House no."),
                      _("Usual saving (baht)"), _("Amount paid (baht)"), _("Signature")), rows,
                     (26, 50, w - 26 - 50 - 50 - 62 - 76 - 90, 50, 62, 76, 90), "RLLLRRL",
                     size=13))
    doc.signatures((_("Collected by"), _("Counted by"), _("Chair of the committee")))
    return doc


def passbook_pdf(session: Session, member_id: int, *, options: PrintOptions | None = None) -> bytes:
    """The passbook page as PDF bytes (the member page prints it)."""
    from app.reports.pdf import render_pdf
    from app.services.fund import working_date

    day = working_date(session)
    doc = render_passbook(build_passbook(session, member_id, as_of=day),
                          options or PrintOptions(printed_on=day))
    return render_pdf(doc.flowables, doc.frame)
