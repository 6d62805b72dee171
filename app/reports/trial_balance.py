"""Trial balance (งบทดลอง): as a table (CSV/XLSX) and as a printed page, from
app.services.balances only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.i18n import get_language
from app.i18n import gettext as _
from app.models.fund import PERIOD_CLOSED
from app.reports.layout import Doc, Row, new_doc, page_width
from app.reports.pdf import PrintOptions
from app.reports.tables import Column, TableReport
from app.services.balances import TrialBalance, trial_balance
from app.services.chart import GROUP_NAMES_EN, GROUP_NAMES_TH
from app.services.fund import FundInfo, fund_info
from app.services.periods import period_state
from app.thai import format_date


@dataclass(frozen=True)
class TrialBalanceReport:
    fund: FundInfo
    tb: TrialBalance
    closed: bool  # the month of the date is closed

    @property
    def page_estimate(self) -> int:
        return 1 + len(self.tb.rows) // 40


def build_trial_balance_data(session: Session, *, as_of: dt.date) -> TrialBalanceReport:
    return TrialBalanceReport(fund_info(session), trial_balance(session, as_of=as_of),
                              period_state(session, as_of) == PERIOD_CLOSED)


def trial_balance_table(data: TrialBalanceReport) -> TableReport:
    tb = data.tb
    english = get_language() == "en"
    rows = tuple((r.code, r.name_en if english and r.name_en else r.name_th,
                  r.debit_satang, r.credit_satang) for r in tb.rows)
    return TableReport(
        title=_("Trial balance"),
        subtitle=_("As of {date}").format(date=format_date(tb.as_of, "long")),
        columns=(Column(_("Account code")), Column(_("Account name")),
                 Column(_("Debit"), "money"), Column(_("Credit"), "money")),
        rows=rows,
        totals=("", _("Total"), tb.total_debit_satang, tb.total_credit_satang),
    )


def build_trial_balance(session: Session, *, as_of: dt.date) -> TableReport:
    """The trial balance as a table (what `kongtun report trial-balance FILE.csv` writes)."""
    return trial_balance_table(build_trial_balance_data(session, as_of=as_of))


def render_trial_balance(data: TrialBalanceReport, options: PrintOptions) -> Doc:
    tb = data.tb
    title = _("Trial balance")
    doc = new_doc(data.fund, title, options)
    doc.heading(title, data.fund, _("As of {date}").format(date=format_date(tb.as_of, "long")))
    if not data.closed:
        doc.banner(_("Month not yet closed: figures may still change"))
    english = get_language() == "en"
    groups = GROUP_NAMES_EN if english else GROUP_NAMES_TH
    rows, group = [], None
    for r in tb.rows:
        if r.group != group:
            group = r.group
            rows.append(Row((groups.get(group, str(group)),), span=True))
        rows.append(Row((r.code, r.name_en if english and r.name_en else r.name_th,
                         doc.money(r.debit_satang) if r.debit_satang else "",
                         doc.money(r.credit_satang) if r.credit_satang else "")))
    rows.append(Row(("", _("Total"), doc.money(tb.total_debit_satang),
                     doc.money(tb.total_credit_satang)), bold=True, shade=True, rule=True,
                    double=True))
    w = page_width()
    doc.add(doc.grid((_("Account code"), _("Account name"), _("Debit"), _("Credit")), rows,
                     (70, w - 70 - 2 * 105, 105, 105), "LLRR"))
    doc.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
    return doc
