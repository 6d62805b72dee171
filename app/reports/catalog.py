"""The catalog of reports: what can be printed, and the one entry point that makes any of them.

Used by the command line (`kongtun report NAME ...`) and by the Reports screen. A report
is built from services (plain data), then laid out (PDF) or tabulated (CSV/XLSX), then
written atomically. `progress(done, total)` is called between stages and after every
page, the last time (done == total) just before the file is written; if it raises (the
user pressed cancel), the exception goes through and nothing is written.

    make_report(session, "monthly", fmt="pdf", out=Path("2568-06.pdf"), month=(2025, 6),
                options=PrintOptions(thai_digits=True, printed_on=working_date(session)))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import InvalidInput, NoFiscalYear
from app.reports.pdf import PrintOptions

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReportSpec:
    """One report the user can pick."""

    name: str                 # CLI name: "monthly", "trial-balance", ...
    title: str                # English message id; gettext() for display
    period: str               # "month" | "as_of" | "entry": what the user picks
    formats: tuple[str, ...]  # the first one is the default ("pdf")
    member: bool = False      # takes a member no. (`member=`; none: every member concerned)
    loan: bool = False        # takes a loan no. (`loan=`; none: every loan open on the date)


REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec("monthly", "Monthly financial statement", "month", ("pdf",)),
    ReportSpec("trial-balance", "Trial balance", "as_of", ("pdf", "csv", "xlsx")),
    ReportSpec("balance-sheet", "Balance sheet", "as_of", ("pdf", "csv", "xlsx")),
    ReportSpec("income", "Income statement", "month", ("pdf", "csv", "xlsx")),
    ReportSpec("cashbook", "Cash book", "month", ("pdf", "csv", "xlsx")),
    ReportSpec("voucher", "Voucher", "entry", ("pdf",)),
    ReportSpec("receipt", "Receipt form", "entry", ("pdf",)),
    ReportSpec("members", "Member register", "as_of", ("pdf", "csv", "xlsx")),
    ReportSpec("share-register", "Share register", "as_of", ("pdf", "csv", "xlsx")),
    ReportSpec("passbook", "Savings passbook", "as_of", ("pdf", "csv", "xlsx"), member=True),
    ReportSpec("collection-sheet", "Savings collection sheet", "month", ("pdf", "csv", "xlsx")),
    ReportSpec("loans", "Loan register", "as_of", ("pdf", "csv", "xlsx")),
    ReportSpec("arrears", "Loans in arrears", "as_of", ("pdf", "csv", "xlsx")),
    ReportSpec("loan-statement", "Member loan statement", "as_of", ("pdf", "csv", "xlsx"),
               member=True),
    ReportSpec("loan-schedule", "Repayment schedule", "as_of", ("pdf", "csv", "xlsx"),
               loan=True),
    ReportSpec("loan-contract", "Village fund loan contract", "as_of", ("pdf",), loan=True),
    ReportSpec("guarantee-contract", "Loan guarantee contract", "as_of", ("pdf",), loan=True),
    ReportSpec("defaulters-notice", "Defaulters' notice", "as_of", ("pdf",)),
    ReportSpec("household-debts", "Debtors whose debts became one household, one contract",
               "as_of", ("pdf", "csv", "xlsx")),
)


def report_spec(name: str) -> ReportSpec:
    """The spec of a report by its CLI name (InvalidInput when unknown)."""
    for spec in REPORTS:
        if spec.name == name:
            return spec
    raise InvalidInput("There is no report called {name}.", name=name)


@dataclass(frozen=True)
class Span:
    """The dates a report covers: `end` is its "as of" date; `start` the first day shown."""

    start: dt.date
    end: dt.date


def report_span(session: Session, *, month: tuple[int, int] | None = None,
                to_month: tuple[int, int] | None = None,
                as_of: dt.date | None = None) -> Span:
    """Dates from a month (its first to last day), a range of months, or an as-of date
    (the first of its month to that date). Every month must lie in a fiscal year."""
    from app.services.periods import month_end, period_state
    from app.thai import format_date, format_month

    if month is not None:
        start, end = dt.date(month[0], month[1], 1), month_end(*month)
        if to_month is not None:
            end = month_end(*to_month)
            if end < start:
                raise InvalidInput("The last month comes before the first month.")
    elif as_of is not None:
        start, end = as_of.replace(day=1), as_of
    else:
        raise InvalidInput("Please choose the month or the date of the report.")
    for day in (start, end):
        if period_state(session, day) is None:
            shown = format_date(as_of, "long") if as_of else format_month(day.year, day.month)
            raise NoFiscalYear(date=shown)
    return Span(start, end)


def make_report(session: Session, name: str, *, fmt: str, out: Path | str,
                month: tuple[int, int] | None = None, as_of: dt.date | None = None,
                entry: str | None = None, options: PrintOptions = PrintOptions(),
                progress: Progress | None = None,
                to_month: tuple[int, int] | None = None, member: str | None = None,
                loan: str | None = None) -> Path:
    """Build, lay out and write one report; returns the path written.

    month: (Gregorian year, month); to_month: the last month of a range (the cash book
    of several months); as_of: a date (the report covers the 1st of its month to that
    date; balances are as of it); entry: a voucher number such as RV2568/0001;
    member: a member no. for the reports that take one (the passbook, none: every active
    member; the loan statement, none: every member with a loan), refused by the others; loan: a loan no. such as 2568/0001 for the reports that
    take one (schedule, contracts; none: every loan open on the date), refused by the others.
    """
    spec = report_spec(name)
    fmt = fmt.lower().lstrip(".")
    if fmt not in spec.formats:
        raise InvalidInput("The report {name} can be written as {formats}.", name=name,
                           formats=", ".join(f".{f}" for f in spec.formats))
    if member and not spec.member:
        raise InvalidInput("The report {name} is not made for one member.", name=name)
    if loan and not spec.loan:
        raise InvalidInput("The report {name} is not made for one loan.", name=name)
    step = progress or (lambda done, total: None)
    step(0, 4)
    if spec.member:
        span = report_span(session, month=month, to_month=to_month, as_of=as_of)
        data = _BUILD[name](session, span, (member or "").strip() or None)
    elif spec.loan:
        span = report_span(session, month=month, to_month=to_month, as_of=as_of)
        data = _BUILD[name](session, span, (loan or "").strip() or None)
    elif spec.period == "entry":
        if not (entry or "").strip():
            raise InvalidInput("Please give the voucher number, e.g. RV2568/0001.")
        data = _BUILD[name](session, entry.strip())  # type: ignore[union-attr]
    else:
        span = report_span(session, month=month, to_month=to_month, as_of=as_of)
        data = _BUILD[name](session, span)
    step(1, 4)
    out = Path(out)
    if fmt == "pdf":
        return _write_pdf(name, data, out, options, step)
    from app.reports.layout import fund_line
    from app.reports.tables import write_csv, write_xlsx
    from app.services.fund import fund_info

    table, heading = _TABLE[name](data), fund_line(fund_info(session))
    step(4, 4)  # the last call: once the file is being written, there is no going back
    if fmt == "csv":
        write_csv(table, out)
    else:
        write_xlsx(table, out, fund_line=heading)
    return out


def _write_pdf(name: str, data: object, out: Path, options: PrintOptions,
               step: Progress) -> Path:
    from app.reports.pdf import render_pdf
    from app.reports.tables import _atomic

    doc = _RENDER[name](data, options)
    estimate = max(1, getattr(data, "page_estimate", 1))

    pages = [0]

    def on_page(page: int) -> None:
        # Pages are laid out one by one; the total is a guess until the last one.
        pages[0] = page
        step(1 + page, max(2 + estimate, 3 + page))

    pdf = render_pdf(doc.flowables, doc.frame, on_page=on_page)
    step(2 + pages[0], 2 + pages[0])  # the last call, before anything is written
    _atomic(out, lambda tmp: tmp.write_bytes(pdf))
    return out


# ------------------------------------------------------------------ the reports' parts

def _monthly(session: Session, span: Span) -> object:
    from app.reports.monthly import build_monthly

    return build_monthly(session, start=span.start, end=span.end)


def _trial_balance(session: Session, span: Span) -> object:
    from app.reports.trial_balance import build_trial_balance_data

    return build_trial_balance_data(session, as_of=span.end)


def _balance_sheet(session: Session, span: Span) -> object:
    from app.reports.statements import build_balance_sheet

    return build_balance_sheet(session, as_of=span.end)


def _income(session: Session, span: Span) -> object:
    from app.reports.statements import build_income_statement

    return build_income_statement(session, start=span.start, end=span.end)


def _cashbook(session: Session, span: Span) -> object:
    from app.reports.cashbook import build_cash_book

    return build_cash_book(session, start=span.start, end=span.end)


def _voucher(session: Session, voucher_no: str) -> object:
    from app.reports.voucher import build_voucher

    return build_voucher(session, voucher_no)


def _load(module: str):  # noqa: ANN202 - a report module, imported when first used
    import importlib

    return importlib.import_module(f"app.reports.{module}")


def _render(module: str, function: str) -> Callable:
    def render(data: object, options: PrintOptions):  # noqa: ANN202
        import importlib

        return getattr(importlib.import_module(f"app.reports.{module}"), function)(data, options)
    return render


def _tabulate(module: str, function: str) -> Callable:
    def table(data: object):  # noqa: ANN202
        import importlib

        return getattr(importlib.import_module(f"app.reports.{module}"), function)(data)
    return table


_BUILD: dict[str, Callable] = {
    "monthly": _monthly, "trial-balance": _trial_balance, "balance-sheet": _balance_sheet,
    "income": _income, "cashbook": _cashbook, "voucher": _voucher,
    "receipt": lambda session, voucher_no: _load("receipt").build_receipt(session, voucher_no)}
_RENDER: dict[str, Callable] = {
    "monthly": _render("monthly", "render_monthly"),
    "trial-balance": _render("trial_balance", "render_trial_balance"),
    "balance-sheet": _render("statements", "render_balance_sheet"),
    "income": _render("statements", "render_income_statement"),
    "cashbook": _render("cashbook", "render_cash_book"),
    "voucher": _render("voucher", "render_voucher"),
    "receipt": _render("receipt", "render_receipt")}
_TABLE: dict[str, Callable] = {
    "trial-balance": _tabulate("trial_balance", "trial_balance_table"),
    "balance-sheet": _tabulate("statements", "balance_sheet_table"),
    "income": _tabulate("statements", "income_statement_table"),
    "cashbook": _tabulate("cashbook", "cash_book_table")}

# The registry prints (member list, share register): the same data, two layouts.
_BUILD.update(dict.fromkeys(("members", "share-register"), lambda session, span: _load(
    "members").build_member_list(session, as_of=span.end)))
_RENDER.update({"members": _render("members", "render_member_list"),
                "share-register": _render("members", "render_share_register")})
_TABLE.update({"members": _tabulate("members", "member_list_table"),
               "share-register": _tabulate("members", "share_register_table")})

_BUILD["passbook"] = lambda session, span, member: _load("members").build_passbooks(
    session, as_of=span.end, member_no=member)
_RENDER["passbook"] = _render("members", "render_passbooks")
_TABLE["passbook"] = _tabulate("members", "passbook_table")
_BUILD["collection-sheet"] = lambda session, span: _load("members").build_collection_sheet(
    session, start=span.start, end=span.end)
_RENDER["collection-sheet"] = _render("members", "render_collection_sheet")
_TABLE["collection-sheet"] = _tabulate("members", "collection_sheet_table")

# The loan book (register, arrears), a member's loans, a loan's schedule and its forms.
_BUILD["loans"] = lambda session, span: _load("loan_book").build_loan_register(
    session, as_of=span.end)
_BUILD["arrears"] = lambda session, span: _load("loan_book").build_arrears(session,
                                                                            as_of=span.end)
_BUILD["loan-statement"] = lambda session, span, member: _load(
    "loan_statement").build_loan_statements(session, start=span.start, as_of=span.end,
                                            member_no=member)
_BUILD["loan-schedule"] = lambda session, span, loan: _load(
    "loan_statement").build_loan_schedules(session, as_of=span.end, loan_no=loan)
_BUILD["loan-contract"] = lambda session, span, loan: _load("loan_contract").build_contracts(
    session, as_of=span.end, loan_no=loan)
_BUILD["guarantee-contract"] = lambda session, span, loan: _load(
    "loan_contract").build_contracts(session, as_of=span.end, loan_no=loan, guarantee=True)
_RENDER.update({
    "loans": _render("loan_book", "render_loan_register"),
    "arrears": _render("loan_book", "render_arrears"),
    "loan-statement": _render("loan_statement", "render_loan_statements"),
    "loan-schedule": _render("loan_statement", "render_loan_schedules"),
    "loan-contract": _render("loan_contract", "render_contracts"),
    "guarantee-contract": _render("loan_contract", "render_guarantees")})
_TABLE.update({
    "loans": _tabulate("loan_book", "register_table"),
    "arrears": _tabulate("loan_book", "arrears_table"),
    "loan-statement": _tabulate("loan_statement", "loan_statement_table"),
    "loan-schedule": _tabulate("loan_statement", "loan_schedule_table")})

# Follow-up and one household, one contract. (A single follow-up letter is printed from
# the follow-up screen, which knows the letter it has just recorded.)
_BUILD["defaulters-notice"] = lambda session, span: _load("loan_letters").build_notice(
    session, as_of=span.end)
_RENDER["defaulters-notice"] = _render("loan_letters", "render_notice")
_BUILD["household-debts"] = lambda session, span: _load("household_debts").build_consolidation(
    session, as_of=span.end)
_RENDER["household-debts"] = _render("household_debts", "render_consolidation")
_TABLE["household-debts"] = _tabulate("household_debts", "consolidation_table")


__all__ = ["REPORTS", "PrintOptions", "ReportSpec", "Span", "make_report", "report_span",
           "report_spec"]
