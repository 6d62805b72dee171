"""The balance sheet (งบแสดงฐานะการเงิน) and the income statement (งบรายได้-ค่าใช้จ่าย).

No year-end closing entry exists yet, so income and expense accounts still hold every
year's figures. The balance sheet therefore shows, inside equity, the surplus of income
over expenses of earlier fiscal years (accumulated) and of this fiscal year so far,
which makes assets = liabilities + equity exactly. The income statement shows the month
and the fiscal year to date, each beside the same period of the year before.
"""

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
from app.services.balances import AccountBalance, account_balances
from app.services.fund import FundInfo, fund_info
from app.services.periods import fiscal_year_bounds, month_end, period_state
from app.thai import format_date


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    satang: int  # on the account's normal side


@dataclass(frozen=True)
class BalanceSheet:
    fund: FundInfo
    as_of: dt.date
    fiscal_start: dt.date
    assets: tuple[Line, ...]
    liabilities: tuple[Line, ...]
    equity: tuple[Line, ...]
    prior_surplus_satang: int    # income − expenses of earlier fiscal years
    current_surplus_satang: int  # income − expenses from fiscal_start to as_of
    closed: bool = True          # the month of as_of is closed

    @property
    def total_assets(self) -> int:
        return sum(x.satang for x in self.assets)

    @property
    def total_liabilities(self) -> int:
        return sum(x.satang for x in self.liabilities)

    @property
    def total_equity(self) -> int:
        return (sum(x.satang for x in self.equity) + self.prior_surplus_satang
                + self.current_surplus_satang)


def _name(b: AccountBalance) -> str:
    return b.name_en if get_language() == "en" and b.name_en else b.name_th


def _surplus(balances: list[AccountBalance]) -> int:
    return (sum(b.balance_satang for b in balances if b.group == 4)
            - sum(b.balance_satang for b in balances if b.group == 5))


def build_balance_sheet(session: Session, *, as_of: dt.date) -> BalanceSheet:
    """Every balance-sheet account as of the date, and the surplus split by fiscal year."""
    info = fund_info(session)
    fy_start, _end = fiscal_year_bounds(as_of, info.fiscal_start_month)
    now = account_balances(session, as_of=as_of)
    before = account_balances(session, as_of=fy_start - dt.timedelta(days=1))
    prior = _surplus(before)

    def lines(group: int) -> tuple[Line, ...]:
        return tuple(Line(b.code, _name(b), b.balance_satang) for b in now
                     if b.group == group and b.balance_satang)

    return BalanceSheet(info, as_of, fy_start, lines(1), lines(2), lines(3), prior,
                        _surplus(now) - prior, _closed(session, as_of))


def _closed(session: Session, day: dt.date) -> bool:
    return period_state(session, day) == PERIOD_CLOSED


def balance_sheet_title() -> str:
    return _("Balance sheet")


def render_balance_sheet(data: BalanceSheet, options: PrintOptions) -> Doc:
    doc = new_doc(data.fund, balance_sheet_title(), options)
    doc.heading(balance_sheet_title(), data.fund,
                _("As of {date}").format(date=format_date(data.as_of, "long")))
    if not data.closed:
        doc.banner(_("Month not yet closed: figures may still change"))
    w = page_width()
    rows = [Row((_("Assets"),), span=True)]
    rows += [Row((x.code, x.name, doc.money(x.satang, brackets=True))) for x in data.assets]
    rows.append(Row(("", _("Total assets"), doc.money(data.total_assets, brackets=True)),
                    bold=True, shade=True, rule=True, double=True))
    rows.append(Row((_("Liabilities"),), span=True))
    rows += [Row((x.code, x.name, doc.money(x.satang, brackets=True)))
             for x in data.liabilities]
    rows.append(Row(("", _("Total liabilities"), doc.money(data.total_liabilities,
                                                          brackets=True)), bold=True, rule=True))
    rows.append(Row((_("Equity"),), span=True))
    rows += [Row((x.code, x.name, doc.money(x.satang, brackets=True))) for x in data.equity]
    rows.append(Row(("", _("Accumulated surplus of earlier fiscal years"),
                     doc.money(data.prior_surplus_satang, brackets=True))))
    rows.append(Row(("", _("Surplus of this fiscal year from {date}").format(
        date=format_date(data.fiscal_start)), doc.money(data.current_surplus_satang,
                                                         brackets=True))))
    rows.append(Row(("", _("Total equity"), doc.money(data.total_equity, brackets=True)),
                    bold=True, rule=True))
    rows.append(Row(("", _("Total liabilities and equity"),
                     doc.money(data.total_liabilities + data.total_equity, brackets=True)),
                    bold=True, shade=True, rule=True, double=True))
    doc.add(doc.grid((_("Code"), _("Item"), _("Baht")), rows, (60, w - 180, 120), "LLR"))
    doc.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
    return doc


def balance_sheet_table(data: BalanceSheet) -> TableReport:
    rows: list[tuple[object, ...]] = []
    for title, lines in ((_("Assets"), data.assets), (_("Liabilities"), data.liabilities),
                         (_("Equity"), data.equity)):
        rows += [(title, x.code, x.name, x.satang) for x in lines]
    rows.append((_("Equity"), "", _("Accumulated surplus of earlier fiscal years"),
                 data.prior_surplus_satang))
    rows.append((_("Equity"), "", _("Surplus of this fiscal year from {date}").format(
        date=format_date(data.fiscal_start)), data.current_surplus_satang))
    rows.append((_("Total"), "", _("Total assets"), data.total_assets))
    rows.append((_("Total"), "", _("Total liabilities and equity"),
                 data.total_liabilities + data.total_equity))
    return TableReport(title=balance_sheet_title(),
                       subtitle=_("As of {date}").format(date=format_date(data.as_of, "long")),
                       columns=(Column(_("Section")), Column(_("Account code")),
                                Column(_("Account name")), Column(_("Baht"), "money")),
                       rows=tuple(rows))


# ---------------------------------------------------------------- income statement

@dataclass(frozen=True)
class IncomeLine:
    code: str
    name: str
    amounts: tuple[int, int, int, int]  # month, same month last year, year to date, last year


@dataclass(frozen=True)
class IncomeStatement:
    fund: FundInfo
    periods: tuple[tuple[dt.date, dt.date], ...]  # the four columns' date ranges
    income: tuple[IncomeLine, ...]
    expenses: tuple[IncomeLine, ...]
    closed: bool = True  # the month of the period's end is closed

    def total(self, lines: tuple[IncomeLine, ...]) -> tuple[int, ...]:
        return tuple(sum(x.amounts[i] for x in lines) for i in range(4))

    @property
    def surplus(self) -> tuple[int, ...]:
        """Income − expenses for each column."""
        return tuple(a - b for a, b in zip(self.total(self.income), self.total(self.expenses),
                                           strict=True))


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier; a month's last day stays its month's last day."""
    if day == month_end(day.year, day.month):
        return month_end(day.year - 1, day.month)
    return day.replace(year=day.year - 1)


def build_income_statement(session: Session, *, start: dt.date, end: dt.date) -> IncomeStatement:
    """Income and expenses of [start, end], of the fiscal year to `end`, and a year earlier."""
    info = fund_info(session)
    fy_start, _end = fiscal_year_bounds(end, info.fiscal_start_month)
    periods = ((start, end), (year_before(start), year_before(end)), (fy_start, end),
               (year_before(fy_start), year_before(end)))
    columns = [{b.code: b for b in account_balances(session, as_of=hi, start=lo)}
               for lo, hi in periods]
    codes = sorted({code for col in columns for code, b in col.items() if b.group in (4, 5)})
    lines: dict[int, list[IncomeLine]] = {4: [], 5: []}
    for code in codes:
        first = next(col[code] for col in columns if code in col)
        amounts = tuple(col[code].balance_satang if code in col else 0 for col in columns)
        if any(amounts):
            lines[first.group].append(IncomeLine(code, _name(first), amounts))  # type: ignore[arg-type]
    return IncomeStatement(info, periods, tuple(lines[4]), tuple(lines[5]),
                           _closed(session, end))


def income_title() -> str:
    return _("Income statement")


def _column_heads(data: IncomeStatement) -> tuple[str, ...]:
    (m0, m1), (p0, p1), (y0, y1), (q0, q1) = data.periods
    span = _("{start} – {end}")
    return tuple(span.format(start=format_date(a), end=format_date(b))
                 for a, b in ((m0, m1), (p0, p1), (y0, y1), (q0, q1)))


def render_income_statement(data: IncomeStatement, options: PrintOptions) -> Doc:
    doc = new_doc(data.fund, income_title(), options)
    doc.heading(income_title(), data.fund, _("For the period ended {date}").format(
        date=format_date(data.periods[0][1], "long")))
    if not data.closed:
        doc.banner(_("Month not yet closed: figures may still change"))
    w = page_width()
    heads = _column_heads(data)
    same = _("Same period last year")
    header = (_("Item"), f"{_('This period')}\n{heads[0]}", f"{same}\n{heads[1]}",
              f"{_('Fiscal year to date')}\n{heads[2]}", f"{same}\n{heads[3]}")

    def money(values: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(doc.money(v, dash_zero=True, brackets=True) for v in values)

    rows = [Row((_("Income"),), span=True)]
    rows += [Row((x.name, *money(x.amounts))) for x in data.income]
    rows.append(Row((_("Total income"), *money(data.total(data.income))), bold=True, rule=True))
    rows.append(Row((_("Expenses"),), span=True))
    rows += [Row((x.name, *money(x.amounts))) for x in data.expenses]
    rows.append(Row((_("Total expenses"), *money(data.total(data.expenses))), bold=True,
                    rule=True))
    rows.append(Row((_("Surplus (deficit) of income over expenses"), *money(data.surplus)),
                    bold=True, shade=True, rule=True, double=True))
    doc.add(doc.grid(header, rows, (w - 4 * 80, 80, 80, 80, 80), "LRRRR", size=12))
    doc.signatures((_("Preparer / treasurer"), _("Chair of the committee"), _("Auditor")))
    return doc


def income_statement_table(data: IncomeStatement) -> TableReport:
    heads = _column_heads(data)
    rows: list[tuple[object, ...]] = []
    for x in data.income + data.expenses:
        rows.append((x.code, x.name, *x.amounts))
    rows.append(("", _("Total income"), *data.total(data.income)))
    rows.append(("", _("Total expenses"), *data.total(data.expenses)))
    totals = ("", _("Surplus (deficit) of income over expenses"), *data.surplus)
    return TableReport(
        title=income_title(), subtitle=heads[0],
        columns=(Column(_("Account code")), Column(_("Account name")),
                 *(Column(h, "money") for h in heads)),
        rows=tuple(rows), totals=totals)
