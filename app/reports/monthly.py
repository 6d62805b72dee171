"""The monthly statement for the notice board (รายงานสถานะการเงินประจำเดือน).

One A4 page that lets every member check the fund: money brought forward in cash and
in each bank, the month's receipts and payments by category, money carried between
cash and the banks, money carried forward (opening + receipts − payments = closing,
printed), loans outstanding, members' savings and shares, and the signatures of the
bookkeeper, the chair and the auditor. A month still open says so in a red box.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from sqlalchemy.orm import Session

from app.i18n import get_language
from app.i18n import gettext as _
from app.models.fund import PERIOD_CLOSED
from app.reports.layout import GREY, Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.thai_text import BOLD, TextStyle
from app.services.balances import account_balances
from app.services.cashflow import CashFlow, cash_flow
from app.services.fund import FundInfo, fund_info
from app.services.periods import period_state
from app.thai import format_date, format_month

LOAN_ACCOUNTS = ("13010", "13020", "13030")
SAVINGS, SHARES = "21010", "32010"


@dataclass(frozen=True)
class Line:
    """A labelled amount: an account (code and name) or a total."""

    code: str
    name: str
    satang: int


@dataclass(frozen=True)
class TransferLine:
    from_name: str
    to_name: str
    count: int
    satang: int


@dataclass(frozen=True)
class MonthlyStatement:
    fund: FundInfo
    start: dt.date
    end: dt.date
    closed: bool
    flow: CashFlow
    money_names: dict[str, str]          # money account code -> name as printed
    receipts: tuple[Line, ...]
    payments: tuple[Line, ...]
    transfers: tuple[TransferLine, ...]  # by (from, to) account
    loans: tuple[Line, ...]              # 13010/13020/13030 outstanding at `end`
    savings_satang: int                  # 21010 at `end`
    shares_satang: int                   # 32010 at `end`
    members: int | None = None           # from the member registry, when it exists
    overdue_loans: int | None = None     # from the loan register, when it exists
    overdue_satang: int | None = None

    @property
    def loans_satang(self) -> int:
        return sum(x.satang for x in self.loans)


def _name(th: str, en: str) -> str:
    return en if get_language() == "en" and en else th


def build_monthly(session: Session, *, start: dt.date, end: dt.date) -> MonthlyStatement:
    """The statement's figures, all from the ledger, for [start, end] (normally a month)."""
    flow = cash_flow(session, start=start, end=end)
    balances = {b.code: b for b in account_balances(session, as_of=end, include_empty=True)}
    names = {a.code: _name(a.name_th, a.name_en) for a in flow.accounts}
    transfers: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for t in flow.transfers:
        pair = transfers[(t.from_code, t.to_code)]
        pair[0] += 1
        pair[1] += t.satang
    loans = []
    for code in LOAN_ACCOUNTS:
        b = balances.get(code)
        if b is not None:
            loans.append(Line(code, _name(b.name_th, b.name_en), b.balance_satang))

    def total(code: str) -> int:
        return balances[code].balance_satang if code in balances else 0

    return MonthlyStatement(
        fund=fund_info(session), start=start, end=end,
        closed=period_state(session, end) == PERIOD_CLOSED, flow=flow, money_names=names,
        receipts=tuple(Line(c.code, _name(c.name_th, c.name_en), c.satang) for c in flow.receipts),
        payments=tuple(Line(c.code, _name(c.name_th, c.name_en), c.satang) for c in flow.payments),
        transfers=tuple(TransferLine(names[f], names[t], n, s)
                        for (f, t), (n, s) in sorted(transfers.items())),
        loans=tuple(loans), savings_satang=total(SAVINGS), shares_satang=total(SHARES))


def monthly_title(data: MonthlyStatement) -> str:
    return _("Monthly financial statement for {month}").format(
        month=format_month(data.end.year, data.end.month))


def render_monthly(data: MonthlyStatement, options: PrintOptions) -> Doc:
    """Lay the statement out on (normally) one A4 page."""
    doc = new_doc(data.fund, monthly_title(data), options)
    doc.heading(monthly_title(data), data.fund,
                _("As of {date}").format(date=format_date(data.end, "long")))
    if not data.closed:
        doc.banner(_("Month not yet closed: figures may still change"))
    w = page_width()
    _receipts_and_payments(doc, data, w)
    _by_account(doc, data, w)
    _register(doc, data, w)
    doc.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
    return doc


def _receipts_and_payments(doc: Doc, data: MonthlyStatement, w: float) -> None:
    """Receipts beside payments, as the paper statement has them; both sides total alike:
    brought forward + receipts = payments + carried forward."""
    flow = data.flow
    none = [Line("", _("None"), 0)]
    left = [(_("Brought forward (cash and banks)"), doc.money(flow.opening), True)]
    left += [(x.name, doc.money(x.satang), False) for x in data.receipts or none]
    left.append((_("Total receipts"), doc.money(flow.total_receipts), True))
    right = [(x.name, doc.money(x.satang), False) for x in data.payments or none]
    right.append((_("Total payments"), doc.money(flow.total_payments), True))
    right.append((_("Carried forward (cash and banks)"), doc.money(flow.closing), True))
    rows = _side_by_side(left, right)
    rows.append(Row((_("Total"), doc.money(flow.opening + flow.total_receipts),
                     _("Total"), doc.money(flow.total_payments + flow.closing)),
                    bold=True, shade=True, rule=True, double=True))
    half = w / 2
    doc.add(doc.grid((_("Receipts"), _("Baht"), _("Payments"), _("Baht")), rows,
                     (half - 80, 80, half - 80, 80), "LRLR", size=12))
    doc.space(4)
    doc.text(_("Brought forward {opening} + receipts {receipts} − payments {payments} "
               "= carried forward {closing} baht").format(
        opening=doc.money(flow.opening), receipts=doc.money(flow.total_receipts),
        payments=doc.money(flow.total_payments), closing=doc.money(flow.closing)),
        TextStyle(font=BOLD, size=11.5, leading=16, align=TA_CENTER))


def _by_account(doc: Doc, data: MonthlyStatement, w: float) -> None:
    """Cash and each bank: brought forward, the change, carried forward; then transfers."""
    flow = data.flow
    doc.section(_("Cash and bank accounts"))
    rows = [Row((data.money_names[a.code], doc.money(a.opening),
                 doc.money(a.closing - a.opening, brackets=True), doc.money(a.closing)))
            for a in flow.accounts]
    rows.append(Row((_("Total"), doc.money(flow.opening),
                     doc.money(flow.closing - flow.opening, brackets=True),
                     doc.money(flow.closing)), bold=True, shade=True, rule=True))
    doc.add(doc.grid((_("Account"), _("Brought forward"), _("Increase (decrease)"),
                      _("Carried forward")), rows, (w - 3 * 82, 82, 82, 82), "LRRR",
                     size=12))
    for t in data.transfers:
        doc.text(_("Moved from {source} to {target}: {count} times, {amount} baht").format(
            source=t.from_name, target=t.to_name, count=t.count, amount=doc.money(t.satang)),
            TextStyle(size=12, leading=16, color=GREY))


def _register(doc: Doc, data: MonthlyStatement, w: float) -> None:
    """Loans outstanding beside savings and shares (and members, overdue loans when the
    registers that know them exist)."""
    doc.section(_("Loans, savings and shares as of {date}").format(
        date=format_date(data.end, "long")))
    left = [(x.name, doc.money(x.satang), False) for x in data.loans]
    left.append((_("Total loans outstanding"), doc.money(data.loans_satang), True))
    right = []
    if data.overdue_loans is not None and data.overdue_satang is not None:
        right.append((_("Overdue loans: {count} contracts").format(count=data.overdue_loans),
                      doc.money(data.overdue_satang), False))
    right.append((_("Members' savings (sajja)"), doc.money(data.savings_satang), False))
    right.append((_("Members' shares"), doc.money(data.shares_satang), False))
    if data.members is not None:
        right.append((_("Members"), _("{count} persons").format(count=data.members), False))
    half = w / 2
    doc.add(doc.grid(None, _side_by_side(left, right), (half - 80, 80, half - 80, 80), "LRLR",
                     size=12))


def _side_by_side(left: list[tuple[str, str, bool]],
                  right: list[tuple[str, str, bool]]) -> list[Row]:
    """Rows of two (label, amount, bold) lists printed beside each other."""
    rows = []
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", "", False)
        b = right[i] if i < len(right) else ("", "", False)
        strong = tuple(j for j, on in ((0, a[2]), (1, a[2]), (2, b[2]), (3, b[2])) if on)
        rows.append(Row((a[0], a[1], b[0], b[1]), strong=strong))
    return rows
