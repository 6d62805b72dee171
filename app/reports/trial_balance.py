"""Trial balance (งบทดลอง) as a table, built from app.services.balances only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.i18n import get_language
from app.i18n import gettext as _
from app.reports.tables import Column, TableReport
from app.services.balances import trial_balance
from app.thai import format_date


def build_trial_balance(session: Session, *, as_of: dt.date) -> TableReport:
    tb = trial_balance(session, as_of=as_of)
    english = get_language() == "en"
    rows = tuple((r.code, r.name_en if english and r.name_en else r.name_th,
                  r.debit_satang, r.credit_satang) for r in tb.rows)
    return TableReport(
        title=_("Trial balance"),
        subtitle=_("As of {date}").format(date=format_date(as_of, "long")),
        columns=(Column(_("Account code")), Column(_("Account name")),
                 Column(_("Debit"), "money"), Column(_("Credit"), "money")),
        rows=rows,
        totals=("", _("Total"), tb.total_debit_satang, tb.total_credit_satang),
    )
