"""The consolidated tambon report (รายงานรวมกองทุนหมู่บ้าน): one row per village + totals.

`build_consolidated` takes the figures from the network book (app.coordinator.dashboard);
`consolidated_table` is the CSV/XLSX table (amounts in baht, dates ISO);
`render_consolidated` the printed page: Thai, Buddhist era, A4 landscape, through the
shared layout (Grid, ThaiText, PageFrame). `write_consolidated` picks by the suffix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.coordinator.dashboard import VillageRow, rate, villages
from app.coordinator.db import NetworkBook
from app.errors import InvalidInput
from app.i18n import gettext as _
from app.reports.layout import SUBTITLE, TITLE, Doc, Row, page_width
from app.reports.pdf import PageFrame, PrintOptions, write_pdf
from app.reports.tables import Column, TableReport, write_csv, write_xlsx
from app.thai import format_date, format_month

FORMATS = ("pdf", "csv", "xlsx")


@dataclass(frozen=True)
class Totals:
    members: int | None
    capital: int
    loans_outstanding: int
    overdue: int | None
    cash_and_bank: int
    savings_total: int

    @property
    def overdue_rate(self) -> Decimal | None:
        return rate(self.overdue, self.loans_outstanding)


@dataclass(frozen=True)
class ConsolidatedReport:
    rows: tuple[VillageRow, ...]
    totals: Totals
    month: tuple[int, int] | None
    as_of: dt.date | None
    area: str


def build_consolidated(book: NetworkBook, *, month: tuple[int, int] | None = None) -> ConsolidatedReport:
    rows = tuple(villages(book, month=month, with_months=False))
    members = [r.members for r in rows]
    overdue = [r.overdue for r in rows if r.overdue is not None]
    totals = Totals(
        sum(members) if rows and None not in members else None,  # type: ignore[arg-type]
        sum(r.capital for r in rows), sum(r.loans_outstanding for r in rows),
        sum(overdue) if overdue else None, sum(r.cash_and_bank for r in rows),
        sum(r.savings_total for r in rows))
    as_of = max((r.as_of for r in rows), default=None)
    return ConsolidatedReport(rows, totals, month, as_of, _area(rows))


def _area(rows: tuple[VillageRow, ...]) -> str:
    places = {(r.tambon, r.amphoe, r.province) for r in rows}
    if len(places) == 1:
        t, a, p = places.pop()
        return _("Tambon {tambon}, Amphoe {amphoe}, {province} Province").format(
            tambon=t, amphoe=a, province=p)
    amphoes = {(r.amphoe, r.province) for r in rows}
    if len(amphoes) == 1:
        a, p = amphoes.pop()
        return _("Amphoe {amphoe}, {province} Province").format(amphoe=a, province=p)
    return _("{count} village funds").format(count=len(rows))


def _when(rep: ConsolidatedReport) -> str:
    if rep.month:
        return _("At the end of {month}").format(month=format_month(*rep.month))
    if rep.as_of:
        return _("Latest submissions, figures up to {date}").format(
            date=format_date(rep.as_of, "long"))
    return _("No backups have been imported yet.")


def _rate_text(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def consolidated_table(rep: ConsolidatedReport) -> TableReport:
    """The table written as CSV/XLSX: amounts in baht, dates ISO, one row per village."""
    cols = (Column(_("Fund code")), Column(_("Village fund")), Column(_("Village no.")),
            Column(_("Tambon")), Column(_("Members")), Column(_("Government capital"), "money"),
            Column(_("Government top-up"), "money"), Column(_("Members' shares"), "money"),
            Column(_("Capital"), "money"), Column(_("Loans outstanding"), "money"),
            Column(_("Overdue"), "money"), Column(_("Overdue rate (%)")),
            Column(_("Cash and bank"), "money"), Column(_("Savings"), "money"),
            Column(_("Last entry")), Column(_("Last backup")), Column(_("Status")))
    rows = tuple((r.code, r.name, r.village_no, r.tambon, r.members, r.capital_government,
                  r.capital_top_up, r.capital_shares, r.capital, r.loans_outstanding, r.overdue,
                  _rate_text(r.overdue_rate), r.cash_and_bank, r.savings_total,
                  r.last_entry_date.isoformat() if r.last_entry_date else "",
                  r.last_backup_date.isoformat(), _status(r)) for r in rep.rows)
    t = rep.totals
    totals = ("", _("Total"), "", "", t.members, sum(r.capital_government for r in rep.rows),
              sum(r.capital_top_up for r in rep.rows), sum(r.capital_shares for r in rep.rows),
              t.capital, t.loans_outstanding, t.overdue, _rate_text(t.overdue_rate),
              t.cash_and_bank, t.savings_total, "", "", "")
    return TableReport(_("Consolidated report of village funds"), f"{rep.area} — {_when(rep)}",
                       cols, rows, totals)


def _status(r: VillageRow) -> str:
    return _("Flagged: {reason}").format(reason=r.reason) if r.status == "flagged" else _("Sound")


def render_consolidated(rep: ConsolidatedReport, options: PrintOptions) -> Doc:
    """A4 landscape: title, area, date, then the villages' table with a totals row."""
    title = _("Consolidated report of village funds")
    doc = Doc(options, PageFrame(fund_line=rep.area, title=title, options=options, landscape=True))
    doc.text(title, TITLE)
    doc.text(rep.area, SUBTITLE)
    doc.text(_when(rep), SUBTITLE)
    doc.text(_("Amounts in baht"), SUBTITLE)
    doc.space(6)
    money = doc.money
    flagged = []
    rows = []
    for i, r in enumerate(rep.rows, start=1):
        mark = ""
        if r.status == "flagged":
            flagged.append(r)
            mark = " *"
        rows.append(Row((str(i), f"{r.name}{mark}", _opt(r.members), money(r.capital),
                         money(r.loans_outstanding),
                         "-" if r.overdue is None else money(r.overdue), _rate_text(r.overdue_rate),
                         money(r.cash_and_bank),
                         format_date(r.last_entry_date) if r.last_entry_date else "-",
                         format_date(r.last_backup_date))))
    t = rep.totals
    rows.append(Row(("", _("Total {count} funds").format(count=len(rep.rows)), _opt(t.members),
                     money(t.capital), money(t.loans_outstanding),
                     "-" if t.overdue is None else money(t.overdue), _rate_text(t.overdue_rate),
                     money(t.cash_and_bank), "", ""),
                    bold=True, shade=True, rule=True, double=True))
    fixed = (24, 46, 80, 78, 66, 56, 88, 70, 72)
    w = page_width(True)
    widths = (fixed[0], w - sum(fixed), *fixed[1:])
    head = (_("No."), _("Village fund"), _("Members"), _("Capital"), _("Loans outstanding"),
            _("Overdue"), _("Overdue rate (%)"), _("Cash and bank"), _("Last entry"),
            _("Last backup"))
    doc.add(doc.grid(head, rows, widths, "RLRRRRRRCC", size=11.5))
    doc.space(8)
    for r in flagged:
        doc.text(_("* {fund}: flagged: {reason}").format(fund=r.name, reason=r.reason))
    if any(r.overdue is None for r in rep.rows):
        doc.text(_("Overdue: \"-\" where the fund has not reported it yet."))
    doc.signatures((_("Tambon coordinator"),), columns=1)
    return doc


def _opt(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def write_consolidated(book: NetworkBook, out: Path | str, *, month: tuple[int, int] | None = None,
                       options: PrintOptions | None = None) -> Path:
    """Write the report as .pdf, .csv or .xlsx (by the suffix); returns the path."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput("The consolidated report can be written as .pdf, .csv or .xlsx.")
    rep = build_consolidated(book, month=month)
    if fmt == "pdf":
        doc = render_consolidated(rep, options or PrintOptions(printed_on=dt.date.today()))
        return write_pdf(doc.flowables, doc.frame, out)
    table = consolidated_table(rep)
    if fmt == "csv":
        write_csv(table, out)
    else:
        write_xlsx(table, out, fund_line=rep.area)
    return out
