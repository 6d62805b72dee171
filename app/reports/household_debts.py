"""Prints of one household, one contract (๑ ครัวเรือน ๑ สัญญา).

- The consolidation table, laid out as the table of seed 004 (บ้านหนองฮะ): ลำดับที่,
  the debtor, house no., the groups owed, the debt to all groups, the new lender and the
  amount of the new contract, with a totals row. Landscape A4.
- One household's position: every member's loans in this fund (principal, interest
  accrued, fine) and debts to other groups, with the household's totals.

Every figure comes from app.services.household_debts (the ledger and the debts typed in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import KeepTogether
from sqlalchemy.orm import Session

from app.i18n import gettext as _
from app.reports.layout import Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions, write_pdf
from app.reports.tables import Column, TableReport
from app.reports.thai_text import TextStyle
from app.services.fund import FundInfo, fund_info
from app.services.household_debts import (
    ConsolidationRow,
    HouseholdPosition,
    consolidation_rows,
    household_position,
)
from app.thai import format_date

NOTE = TextStyle(size=12, leading=16)


@dataclass(frozen=True)
class ConsolidationReport:
    fund: FundInfo
    as_of: dt.date
    rows: tuple[ConsolidationRow, ...]

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.rows) // 14

    @property
    def total_debt_satang(self) -> int:
        return sum(r.total_debt_satang for r in self.rows)

    @property
    def amount_satang(self) -> int:
        return sum(r.amount_satang for r in self.rows)


def build_consolidation(session: Session, *, as_of: dt.date) -> ConsolidationReport:
    return ConsolidationReport(fund_info(session), as_of,
                               tuple(consolidation_rows(session, as_of=as_of)))


def _title() -> str:
    return _("Debtors whose debts became one household, one contract")


def _subtitle(data: ConsolidationReport) -> str:
    return _("Contracts made up to {date}").format(date=format_date(data.as_of, "long"))


def _headers() -> tuple[str, ...]:
    return (_("Seq. no."), _("Debtor (name and surname)"), _("House no."),
            _("Groups, organisations and funds owed"),
            _("Debt outstanding to all groups (baht)"), _("New lender"),
            _("Amount borrowed from the new lender (baht)"))


def consolidation_table(data: ConsolidationReport) -> TableReport:
    """The same table for CSV/XLSX (the new contract's number added at the end)."""
    cols = tuple(Column(h, "money" if i in (4, 6) else "text")
                 for i, h in enumerate(_headers()))
    return TableReport(
        title=_title(), subtitle=_subtitle(data),
        columns=(*cols, Column(_("Loan no."))),
        rows=tuple((i, r.borrower, r.house_no, r.groups_text, r.total_debt_satang, r.lender,
                    r.amount_satang, r.loan_no) for i, r in enumerate(data.rows, 1)),
        totals=("", _("Total"), "", "", data.total_debt_satang, "", data.amount_satang, ""),
        notes=(_note(),))


def _note() -> str:
    return _("Debt to all groups: the new contract (principal and interest accrued of the "
             "loans it replaced) plus the debts to other groups still owed on its day.")


def render_consolidation(data: ConsolidationReport, options: PrintOptions) -> Doc:
    doc = new_doc(data.fund, _title(), options, landscape_page=True)
    doc.heading(_title(), data.fund, _subtitle(data))
    if not data.rows:
        doc.text(_("No household has made its debts one contract yet."))
        return doc
    rows = [Row((str(i), r.borrower, r.house_no, r.groups_text, doc.money(r.total_debt_satang),
                 f"{r.lender}\n{_('Contract {no}').format(no=r.loan_no)}",
                 doc.money(r.amount_satang)))
            for i, r in enumerate(data.rows, 1)]
    rows.append(Row(("", _("Total"), "", "", doc.money(data.total_debt_satang), "",
                     doc.money(data.amount_satang)), bold=True, shade=True, rule=True,
                    double=True))
    w = page_width(landscape_page=True)
    # wide enough for the fund's name on one line in "groups owed" and "new lender"
    widths = (50, 145, 60, 0, 92, 145, 92)
    full = tuple(w - sum(widths) if x == 0 else x for x in widths)
    doc.add(doc.grid(_headers(), rows, full, "CLCLRLR", size=12))
    _keep_together(doc, lambda: (doc.space(4), doc.text(_note(), NOTE), doc.signatures(
        (_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))))
    return doc


def _keep_together(doc: Doc, add: Callable[[], object]) -> None:
    """What `add` puts on the page moves to the next page as one (no signatures alone)."""
    start = len(doc.flowables)
    add()
    tail = doc.flowables[start:]
    del doc.flowables[start:]
    doc.add(KeepTogether(tail))


def build_consolidation_pdf(session: Session, *, as_of: dt.date, out: Path | str,
                            options: PrintOptions = PrintOptions()) -> Path:
    """Build, lay out and write the consolidation table; returns the path written."""
    doc = render_consolidation(build_consolidation(session, as_of=as_of), options)
    return write_pdf(doc.flowables, doc.frame, out)


# ------------------------------------------------------------------ one household

@dataclass(frozen=True)
class HouseholdReport:
    fund: FundInfo
    position: HouseholdPosition

    @property
    def page_estimate(self) -> int:
        return 1


def build_household(session: Session, *, household_id: int, as_of: dt.date) -> HouseholdReport:
    return HouseholdReport(fund_info(session),
                           household_position(session, household_id=household_id, as_of=as_of))


def _household_rows(doc: Doc, data: HouseholdReport) -> list[Row]:
    p, rows = data.position, []
    for m in p.members:
        name = f"{m.name} ({m.member_no})"
        for x in m.loans:
            rows.append(Row((name, data.fund.name, x.loan_no,
                             doc.money(x.principal_satang), doc.money(x.interest_satang,
                                                                      dash_zero=True),
                             doc.money(x.fine_satang, dash_zero=True),
                             doc.money(x.total_satang))))
            name = ""
        for e in m.external:
            known = _("Recorded {date}").format(date=format_date(e.as_of))
            rows.append(Row((name, e.creditor, f"{known}\n{e.note}" if e.note else known,
                             "-", "-", "-", doc.money(e.amount_satang))))
            name = ""
        if not m.loans and not m.external:
            rows.append(Row((name, _("No debts"), "", "", "", "", doc.money(0, dash_zero=True)),
                            muted=True))
    for label, satang in ((_("Owed to this fund"), p.fund_satang),
                          (_("Owed to other groups"), p.external_satang)):
        rows.append(Row((label, "", "", "", "", "", doc.money(satang)), bold=True, rule=True))
    rows.append(Row((_("All debts of the household"), "", "", "", "", "",
                     doc.money(p.total_satang)), bold=True, shade=True, double=True))
    return rows


def render_household(data: HouseholdReport, options: PrintOptions) -> Doc:
    p, title = data.position, _("Debts of a household")
    doc = new_doc(data.fund, title, options, landscape_page=True)
    house = _("House no. {house_no}, village no. {moo}").format(house_no=p.house_no,
                                                                moo=p.moo or "-")
    doc.heading(title, data.fund, house,
                _("As of {date}").format(date=format_date(p.as_of, "long")))
    w = page_width(landscape_page=True)
    widths = (130, 0, 130, 80, 80, 60, 85)
    full = tuple(w - sum(widths) if x == 0 else x for x in widths)
    doc.add(doc.grid((_("Member"), _("Owed to"), _("Contract or record"), _("Principal (baht)"),
                      _("Interest accrued (baht)"), _("Fine (baht)"), _("Total (baht)")),
                     _household_rows(doc, data), full, "LLLRRRR", size=13))
    doc.signatures((_("Preparer / treasurer"), _("Head of the household"),
                    _("Chair of the committee")))
    return doc


def build_household_pdf(session: Session, *, household_id: int, as_of: dt.date,
                        out: Path | str, options: PrintOptions = PrintOptions()) -> Path:
    doc = render_household(build_household(session, household_id=household_id, as_of=as_of),
                           options)
    return write_pdf(doc.flowables, doc.frame, out)
