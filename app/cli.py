"""The command line: `kongtun` / `python -m app` (a stable contract, see ARCHITECTURE.md).

    kongtun [--fund PATH]                  open the app on the fund
    kongtun --fund PATH init --name .. --code .. --village-no .. --village ..
                        --tambon .. --amphoe .. --province .. [--fiscal-start-month 1]
    kongtun demo PATH [--members N] [--years Y] [--seed S]
    kongtun --fund PATH check
    kongtun --fund PATH report NAME [--month YYYY-MM | --as-of YYYY-MM-DD] --out FILE
                        [--entry VOUCHER_NO] [--member NO] [--loan NO] [--thai-digits]
    kongtun --fund PATH export ledger --out FILE.journal
    kongtun --fund PATH backup create --out FILE [--passphrase-file F]
    kongtun backup verify FILE [--passphrase-file F]
    kongtun backup restore FILE --fund PATH [--passphrase-file F]
    kongtun --fund PATH export members --out FILE.csv|.xlsx
    kongtun --fund PATH import members FILE.csv|.xlsx [--dry-run] [--opening-account 11040]
    kongtun coordinator --network PATH_OR_URL import FILE... [--passphrase-file F]
    kongtun coordinator --network PATH_OR_URL report [--month YYYY-MM] --out FILE

Exit 0 on success, 1 when a check finds problems, 2 on bad usage or bad input with
one clear line on stderr (Thai by default, English with --lang en). A year above
2400 is read as Buddhist era (2568-06 = June 2025).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from app import i18n
from app.errors import InvalidInput, KongtunError
from app.i18n import gettext as _

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# Report names (app.reports.catalog.REPORTS), listed here so that --help needs no ReportLab.
REPORTS = ("monthly", "trial-balance", "balance-sheet", "income", "cashbook", "voucher", "receipt",
           "members", "share-register", "passbook", "collection-sheet", "loans", "arrears",
           "loan-statement", "loan-schedule", "loan-contract", "guarantee-contract",
           "defaulters-notice", "household-debts")


class UsageError(Exception):
    """Bad usage of the command line (shown as one line, exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, instead of argparse's usage dump
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kongtun", description="Kongtun: bookkeeping for Thai village funds")
    p.add_argument("--fund", type=Path, help="the fund file (*.kongtun)")
    p.add_argument("--lang", choices=i18n.LANGUAGES, help="language of messages (th, en)")
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help="create a new fund file")
    for flag in ("--name", "--code", "--village-no", "--village", "--tambon", "--amphoe",
                 "--province"):
        init.add_argument(flag, required=True)
    init.add_argument("--fiscal-start-month", type=int, default=1)

    demo = sub.add_parser("demo", help="create a realistic demo fund")
    demo.add_argument("path", type=Path)
    demo.add_argument("--members", type=int, default=200)
    demo.add_argument("--years", type=int, default=3)
    demo.add_argument("--seed", type=int, default=7)

    sub.add_parser("check", help="check the fund's integrity; exit 1 on any problem")

    report = sub.add_parser("report", help="write a report")
    report.add_argument("name", choices=REPORTS)
    when = report.add_mutually_exclusive_group()
    when.add_argument("--month", help="YYYY-MM (BE or CE)")
    when.add_argument("--as-of", help="YYYY-MM-DD (BE or CE)")
    report.add_argument("--entry", help="the voucher number, e.g. RV2568/0001 (voucher only)")
    report.add_argument("--member", help="the member no. (passbook, loan-statement; none: every "
                        "member concerned)")
    report.add_argument("--loan", help="the loan no., e.g. 2568/0001 (loan-schedule, "
                        "loan-contract, guarantee-contract; none: every loan open on the date)")
    report.add_argument("--out", type=Path, required=True)
    report.add_argument("--thai-digits", action="store_true", help="print ๐–๙ instead of 0–9")

    export = sub.add_parser("export", help="export data")
    export.add_argument("what", choices=("ledger", "members"))
    export.add_argument("--out", type=Path, required=True)

    imp = sub.add_parser("import", help="import data")
    imp.add_argument("what", choices=("members",))
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    imp.add_argument("--opening-account", default="11040",
                     help="the money account debited for opening balances (default 11040)")
    _backup_parser(sub)
    _coordinator_parser(sub)
    return p


def _backup_parser(sub: argparse._SubParsersAction) -> None:
    """`backup create|verify|restore` (--fund may also follow the subcommand)."""
    backup = sub.add_parser("backup", help="backup files: create, verify, restore")
    actions = backup.add_subparsers(dest="backup_action", required=True)
    create = actions.add_parser("create", help="write a backup file of the fund")
    create.add_argument("--out", type=Path, required=True)
    verify = actions.add_parser("verify", help="check a backup file; exit 1 when it is bad")
    verify.add_argument("file", type=Path)
    restore = actions.add_parser("restore", help="replace the fund file with a backup")
    restore.add_argument("file", type=Path)
    for action in (create, verify, restore):
        action.add_argument("--passphrase-file", type=Path)
        action.add_argument("--fund", type=Path, dest="backup_fund", default=None)


def _coordinator_parser(sub: argparse._SubParsersAction) -> None:
    """`coordinator --network PATH_OR_URL import FILE... | report [--month] --out FILE`."""
    coord = sub.add_parser("coordinator", help="the tambon coordinator's network book")
    coord.add_argument("--network", required=True, help="a SQLite file or a postgresql:// URL")
    actions = coord.add_subparsers(dest="coordinator_action", required=True)
    imp = actions.add_parser("import", help="verify and import funds' backup files")
    imp.add_argument("files", type=Path, nargs="+")
    imp.add_argument("--passphrase-file", type=Path)
    rep = actions.add_parser("report", help="the consolidated report (.pdf, .csv, .xlsx)")
    rep.add_argument("--month", help="YYYY-MM (BE or CE)")
    rep.add_argument("--out", type=Path, required=True)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _early_language(argv)
    try:
        args = build_parser().parse_args(argv)
        if args.lang:
            i18n.set_language(args.lang)
        return _dispatch(args)
    except UsageError as e:
        return _fail(f"{_('Bad usage')}: {e}")
    except KongtunError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        return _fail(_("Interrupted."))


def _early_language(argv: list[str]) -> None:
    """Honour --lang before parsing, so even usage errors speak the chosen language."""
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv) and argv[i + 1] in i18n.LANGUAGES:
            i18n.set_language(argv[i + 1])
        elif a.startswith("--lang=") and a.split("=", 1)[1] in i18n.LANGUAGES:
            i18n.set_language(a.split("=", 1)[1])


def _fail(message: str) -> int:
    print(f"kongtun: {message}", file=sys.stderr)
    return EXIT_USAGE


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        from app import config
        from app.early_check import EarlyCheck

        # The fund's quick check runs while Qt loads (app.early_check says why).
        fund = args.fund if args.fund is not None else config.load_config().last_fund_path()
        early = EarlyCheck(fund) if fund is not None else None
        from app.ui.main import run_gui

        return run_gui(args.fund, args.lang, early=early)
    if args.command == "demo":
        return _demo(args)
    if args.command == "backup":
        return _backup(args)
    if args.command == "coordinator":
        from app.coordinator.cli import run_coordinator

        return run_coordinator(args, _passphrase)
    if args.fund is None:
        raise UsageError(_("--fund PATH is required for this command."))
    handler = {"init": _init, "check": _check, "report": _report, "export": _export,
               "import": _import}
    return handler[args.command](args)


def _init(args: argparse.Namespace) -> int:
    from app.services.fund import NewFund, create_fund

    new = NewFund(name=args.name, code=args.code, village_no=args.village_no,
                  village=args.village, tambon=args.tambon, amphoe=args.amphoe,
                  province=args.province, fiscal_start_month=args.fiscal_start_month)
    create_fund(args.fund, new).close()
    print(_("Created the fund file {path}.").format(path=args.fund))
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from app.services.demo import build_demo

    if args.members < 1 or args.years < 1:
        raise InvalidInput("The number of members and years must be at least 1.")
    summary = build_demo(args.path, members=args.members, years=args.years, seed=args.seed)
    print(_("Created the demo fund {path}: {entries} entries.").format(
        path=args.path, entries=summary.entries))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from app.db import open_fund
    from app.services.check import check_fund
    from app.services.journal import entry_count

    with open_fund(args.fund, lock=False, migrate=False) as db:
        problems = check_fund(db)
        with db.read() as s:
            n = entry_count(s)
    for p in problems:
        print(f"{p.code}: {p.message}")
    if problems:
        print(_("{count} problems found.").format(count=len(problems)), file=sys.stderr)
        return EXIT_PROBLEMS
    print(_("All checks passed: {entries} entries, balanced, vouchers without gaps, "
            "hash chain intact.").format(entries=n))
    return EXIT_OK


def report_date(month: str | None, as_of: str | None, default: dt.date) -> dt.date:
    """The 'as of' date of a report from --month (its last day) or --as-of."""
    from app.services.periods import month_end
    from app.thai import parse_date, parse_month

    if month:
        y, m = parse_month(month)
        return month_end(y, m)
    if as_of:
        return parse_date(as_of)
    return default


def _report(args: argparse.Namespace) -> int:
    """Write a report: PDF for every report, CSV/XLSX for the tabular ones.

    A printed (PDF) report names its period: --month or --as-of (--entry for a voucher).
    Tables without a period are as of the working date, as before.
    """
    from app.db import open_fund
    from app.reports.catalog import make_report, report_spec
    from app.reports.pdf import PrintOptions
    from app.services.fund import working_date
    from app.thai import parse_date, parse_month

    spec = report_spec(args.name)
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in spec.formats:
        raise UsageError(_("The report {name} can be written as {formats}.").format(
            name=args.name, formats=", ".join(f".{f}" for f in spec.formats)))
    if spec.period == "entry":
        if not args.entry or args.month or args.as_of:
            raise UsageError(_("The voucher report needs --entry VOUCHER_NO (and no date)."))
    elif args.entry:
        raise UsageError(_("--entry is only for the voucher report."))
    elif args.member and not spec.member:
        raise UsageError(_("--member is only for the passbook and the member loan statement."))
    elif args.loan and not spec.loan:
        raise UsageError(_("--loan is only for the loan schedule and the loan and guarantee "
                           "contracts."))
    elif fmt == "pdf" and not (args.month or args.as_of or spec.member or spec.loan):
        raise UsageError(_("A printed report needs --month YYYY-MM or --as-of YYYY-MM-DD."))
    month = parse_month(args.month) if args.month else None
    as_of = parse_date(args.as_of) if args.as_of else None
    with open_fund(args.fund, lock=False, migrate=False) as db, db.read() as s:
        today = working_date(s)
        if spec.period != "entry" and month is None and as_of is None:
            as_of = today
        options = PrintOptions(thai_digits=args.thai_digits, printed_on=today)
        make_report(s, args.name, fmt=fmt, out=args.out, month=month, as_of=as_of,
                    entry=args.entry, options=options,
                    **({"member": args.member} if spec.member else {}),
                    **({"loan": args.loan} if spec.loan else {}))
    print(_("Wrote {path}.").format(path=args.out))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from app.db import open_fund
    from app.services.export import export_ledger, export_members

    if args.what == "members":
        with open_fund(args.fund, lock=False, migrate=False) as db, db.read() as s:
            n = export_members(s, args.out)
        print(_("Exported {count} members to {path}.").format(count=n, path=args.out))
        return EXIT_OK
    with open_fund(args.fund, lock=False, migrate=False) as db, db.read() as s:
        n = export_ledger(s, args.out)
    print(_("Exported {entries} entries to {path}.").format(entries=n, path=args.out))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """Import a registry: every bad row listed on stdout; the good ones added (not --dry-run).

    Exit 0 when every row was good (or already registered), 1 when some rows were refused
    (the good ones are still imported; the last line on stderr says how many), 2 when the
    file itself cannot be used (nothing is changed then).
    """
    from app.db import open_fund
    from app.services.fund import DEFAULT_USER, working_date
    from app.services.member_import import check_opening_account, import_members, preview

    if not args.file.exists():
        raise InvalidInput("There is no file {path}.", path=str(args.file))
    with open_fund(args.fund) as db, (db.read() if args.dry_run else db.write()) as s:
        day = working_date(s)
        check_opening_account(s, args.opening_account)
        pre = preview(s, args.file, default_join=day)
        for r in pre.bad:
            print(_("Row {row}: {problems}").format(row=r.row_no, problems="; ".join(r.problems)))
        if args.dry_run:
            print(_("{good} rows can be imported, {bad} have problems, {existing} are already "
                    "registered. Nothing was changed (--dry-run).").format(
                good=len(pre.good), bad=len(pre.bad), existing=len(pre.existing)))
        else:
            result = import_members(s, pre, user=DEFAULT_USER, opening_date=day,
                                    opening_account=args.opening_account)
            print(_("Imported {added} members; {existing} already registered, {bad} rows "
                    "refused.").format(added=result.added, existing=result.skipped_existing,
                                       bad=result.refused))
    if pre.bad:
        print(_("{count} rows have problems (listed above).").format(count=len(pre.bad)),
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    """backup create|verify|restore; verify exits 1 when the file is bad."""
    from app.services import backup, backup_format, restore
    from app.thai import format_date

    fund = args.backup_fund or args.fund
    phrase = _passphrase(args.passphrase_file)
    if args.backup_action == "verify":
        try:
            info = backup.verify_backup(args.file, passphrase=phrase)
        except backup_format.BackupInvalid as e:
            print(f"kongtun: {e}", file=sys.stderr)
            return EXIT_PROBLEMS
        f = info.facts
        print(_("The backup file is sound: {fund}, {entries} entries up to {date}, "
                "last voucher {voucher}.").format(
            fund=f.name, entries=f.entry_count, voucher=f.last_voucher or "-",
            date=format_date(f.last_entry_date) if f.last_entry_date else "-"))
        return EXIT_OK
    if fund is None:
        raise UsageError(_("--fund PATH is required for this command."))
    if args.backup_action == "create":
        from app.db import open_fund

        with open_fund(fund, lock=False, migrate=False) as db:
            info = backup.create_backup(db, args.out, passphrase=phrase)
        print(_("Wrote and verified the backup file {path}.").format(path=info.path))
        return EXIT_OK
    result = restore.restore_backup(args.file, fund, passphrase=phrase)
    for text in result.preview.warning_texts():
        print(text, file=sys.stderr)
    print(_("Restored {fund} from {path}.").format(fund=fund, path=args.file))
    if result.kept is not None:
        print(_("The previous file was kept as {path}.").format(path=result.kept))
    return EXIT_OK


def _passphrase(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("The passphrase file {path} cannot be read.", path=str(path)) from None
    if not text:
        raise InvalidInput("The passphrase file {path} is empty.", path=str(path))
    return text


if __name__ == "__main__":
    sys.exit(main())
